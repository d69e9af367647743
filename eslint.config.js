import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import prettier from "eslint-config-prettier";

export default tseslint.config(
  {
    ignores: [
      "build/",
      "node_modules/",
      "app/generated/",
      ".react-router/",
      "data/",
      "tests/.tmp/",
      "test-results/",
      "playwright-report/",
      "tests/fixtures/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    // Command-line scripts and the logger talk to the terminal.
    files: ["scripts/**", "prisma/seed.ts", "app/utils/logger.server.ts", "tests/**"],
    rules: { "no-console": "off" },
  },
  // Layout is Prettier's job (`npm run format`); turn off the rules that would fight it.
  prettier,
);
