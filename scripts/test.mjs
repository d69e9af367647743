#!/usr/bin/env node
// `npm test`: everything CI runs, in order, stopping at the first failure.
//  1. a browser is present (else: how to get one, and fail; never skip);
//  2. Prisma clients, schema drift check, migrations-vs-schema check;
//  3. typecheck and lint;
//  4. unit + integration tests on SQLite, then again on PostgreSQL when
//     TEST_POSTGRES_URL is set;
//  5. production build, then Playwright end-to-end tests (with axe) on SQLite,
//     and on a fresh PostgreSQL database when TEST_POSTGRES_URL is set.
// It ends with one line: "Tests: N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { createTempDatabase, dropTempDatabase } from "./lib/pg-temp-db.mjs";

const TMP = path.resolve("tests/.tmp");
mkdirSync(TMP, { recursive: true });
const pgUrl = process.env.TEST_POSTGRES_URL;
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const totals = { passed: 0, failed: 0, skipped: 0 };
const timings = [];

if (!existsSync(chromium)) {
  console.error(`No Chromium at ${chromium}. The end-to-end tests need a real browser and are never skipped.
Install Debian's Chromium (Playwright's own browser download does not work offline):
    sudo apt-get update && sudo apt-get install -y chromium
or point CHROMIUM_PATH at a Chromium or Chrome binary, then run npm test again.`);
  process.exit(1);
}

function step(label, cmd, args, env = {}) {
  const started = Date.now();
  console.log(`\n━━ ${label}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  timings.push([label, (Date.now() - started) / 1000]);
  if (r.status !== 0) throw new StepFailed(label, r.status ?? 1);
}

function countVitest(file) {
  if (!existsSync(file)) return;
  const j = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += j.numPassedTests ?? 0;
  totals.failed += j.numFailedTests ?? 0;
  totals.skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
}

function countPlaywright(file) {
  if (!existsSync(file)) return;
  const s = JSON.parse(readFileSync(file, "utf8")).stats ?? {};
  totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  totals.failed += s.unexpected ?? 0;
  totals.skipped += s.skipped ?? 0;
}

function finish(reason) {
  console.log("\n━━ Summary");
  for (const [label, s] of timings) console.log(`  ${s.toFixed(1).padStart(6)} s  ${label}`);
  if (reason) console.log(`  stopped: ${reason}`);
  console.log(
    `Tests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`,
  );
}

class StepFailed extends Error {
  constructor(label, code) {
    super(`${label} failed`);
    this.code = code;
  }
}

const bin = (name) => `node_modules/.bin/${name}`;

try {
  step("Generate Prisma clients", "npm", ["run", "--silent", "prisma:generate"]);
  step("Schema files in step (SQLite ↔ PostgreSQL)", bin("tsx"), ["scripts/schema-sync.ts", "--check"]);
  step("Migrations match the schema", bin("tsx"), ["scripts/db.ts", "check"]);
  step("Typecheck", bin("react-router"), ["typegen"]);
  step("Typecheck (tsc)", bin("tsc"), []);
  step("Formatting (Prettier)", bin("prettier"), ["--check", ".", "--log-level", "warn"]);
  step("Lint", bin("eslint"), [".", "--max-warnings", "0"]);

  const vitestJson = (name) => path.join(TMP, `vitest-${name}.json`);
  for (const f of ["sqlite", "postgres"]) rmSync(vitestJson(f), { force: true });
  const vitestRun = (engine, label) => {
    try {
      step(
        label,
        bin("vitest"),
        ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson(engine)}`],
        {
          TEST_DB: engine,
        },
      );
    } finally {
      countVitest(vitestJson(engine));
    }
  };
  vitestRun("sqlite", "Unit and integration tests (SQLite)");
  if (pgUrl) {
    vitestRun("postgres", "Unit and integration tests (PostgreSQL)");
  } else {
    console.log("\nTEST_POSTGRES_URL is not set: the PostgreSQL run is left out (CI sets it).");
  }

  step("Production build", bin("react-router"), ["build"]);
  const pwJson = (name) => path.join(TMP, `playwright-${name}.json`);
  rmSync(pwJson("sqlite"), { force: true });
  try {
    step("End-to-end tests in Chromium with axe (SQLite)", bin("playwright"), ["test", "--reporter=list,json"], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson("sqlite"),
    });
  } finally {
    countPlaywright(pwJson("sqlite"));
  }

  if (pgUrl) {
    const url = await createTempDatabase(pgUrl, "ib_e2e");
    rmSync(pwJson("postgres"), { force: true });
    try {
      step("End-to-end tests in Chromium with axe (PostgreSQL)", bin("playwright"), ["test", "--reporter=list,json"], {
        PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson("postgres"),
        E2E_DATABASE_URL: url,
      });
    } finally {
      await dropTempDatabase(pgUrl, url);
      countPlaywright(pwJson("postgres"));
    }
  }
} catch (error) {
  if (!(error instanceof StepFailed)) throw error;
  finish(error.message);
  process.exit(error.code || 1);
}

finish();
process.exit(totals.failed > 0 ? 1 : 0);
