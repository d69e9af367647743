import type { Config } from "tailwindcss";

// Colours follow the GOV.UK Design System palette so that text and tags meet
// WCAG 2.2 AA contrast on white. Tags never rely on colour alone: they always
// carry their text.
export default {
  content: ["./app/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        brand: { DEFAULT: "#1d70b8", dark: "#003078", light: "#d2e2f1" },
        ink: { DEFAULT: "#0b0c0c", muted: "#505a5f" },
        focus: "#ffdd00",
        rule: "#b1b4b6",
        surface: "#f3f2f1",
        rag: {
          red: "#942514",
          "red-bg": "#f4cdc6",
          amber: "#6e3619",
          "amber-bg": "#fcd6c3",
          green: "#005a30",
          "green-bg": "#cce2d8",
        },
        danger: "#d4351c",
        success: "#00703c",
      },
      fontFamily: {
        sans: ['"Helvetica Neue"', "Arial", "Helvetica", "sans-serif"],
        mono: ['"DejaVu Sans Mono"', "ui-monospace", "monospace"],
      },
      maxWidth: { page: "70rem" },
    },
  },
} satisfies Config;
