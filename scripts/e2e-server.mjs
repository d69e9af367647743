#!/usr/bin/env node
// The server Playwright drives: a fresh database (SQLite under tests/.tmp, or
// a fresh PostgreSQL database when E2E_DATABASE_URL is given), migrated but
// without the demo data (each test makes its own: tests/e2e/fixtures.ts), and
// the production build served by scripts/start.mjs without rebuilding.
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

const port = process.env.E2E_PORT ?? "3210";
const url = process.env.E2E_DATABASE_URL;
if (url) {
  process.env.DATABASE_URL = url;
} else {
  const dir = path.resolve("tests/.tmp");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "e2e.db");
  for (const s of ["", "-wal", "-shm", "-journal"]) rmSync(file + s, { force: true });
  process.env.DATABASE_URL = `file:${file}`;
}
process.env.SEED_DEMO = "false";
process.env.PORT = port;
process.env.SKIP_BUILD = "1";
process.env.LOG_REQUESTS ??= "false";
process.env.FILES_DIR ??= path.resolve("tests/.tmp/e2e-files");
process.env.COOKIE_SECURE ??= "false";
process.env.NODE_ENV ??= "production";
await import("./start.mjs");
