import { reactRouter } from "@react-router/dev/vite";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

export default defineConfig({
  plugins: [tailwindcss(), reactRouter()],
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  optimizeDeps: {
    // Server-only native packages: keep Vite's client scanner away from them.
    exclude: [
      "@prisma/client",
      "@prisma/adapter-better-sqlite3",
      "@prisma/adapter-pg",
      "@node-rs/argon2",
      "better-sqlite3",
      "pg",
      "unpdf",
    ],
  },
  ssr: {
    external: ["better-sqlite3", "pg", "@node-rs/argon2"],
  },
});
