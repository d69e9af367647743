import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

// Unit and integration tests run against a real database (SQLite by default,
// PostgreSQL when TEST_DB=postgres and TEST_POSTGRES_URL is set). The React
// Router Vite plugin is deliberately not loaded here.
export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  test: {
    environment: "node",
    pool: "forks",
    include: ["app/**/*.test.ts", "scripts/**/*.test.ts", "prisma/**/*.test.ts"],
    globalSetup: ["./tests/setup/global-setup.ts"],
    setupFiles: ["./tests/setup/per-file.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
