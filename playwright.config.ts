import { readdirSync } from "node:fs";
import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);
/** Debian's Chromium: Playwright's own browser download does not work offline (ADR 007). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * E2E_ORDER=reverse runs the spec files in reverse alphabetical order (Playwright
 * runs them alphabetically with one worker): one project per file, listed last
 * file first. It shows that no spec relies on another having run before it
 * (issue 13, item 7): `E2E_ORDER=reverse npx playwright test`.
 */
const reverse = process.env.E2E_ORDER === "reverse";
const specFiles = readdirSync("tests/e2e")
  .filter((f) => f.endsWith(".spec.ts"))
  .sort()
  .reverse();

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [["list"]] : [["list"]],
  timeout: 60_000,
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  ...(reverse
    ? { projects: specFiles.map((file) => ({ name: file.replace(/\.spec\.ts$/, ""), testMatch: file })) }
    : {}),
  webServer: {
    // A fresh database for every run, migrated and empty (each test makes its own
    // data: tests/e2e/fixtures.ts), then the production build is served.
    // `npm test` builds before this runs.
    command: "node scripts/e2e-server.mjs",
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: { E2E_PORT: String(PORT) },
  },
});
