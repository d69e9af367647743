/**
 * Runs before each test file, in its worker: points DATABASE_URL at a real
 * database (a private copy of the migrated SQLite template, or the run's
 * PostgreSQL database) and makes any console.error a test failure.
 */
import { copyFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeEach, expect, inject, vi } from "vitest";

const engine = inject("testEngine");
let fileDb: string | null = null;
if (engine === "postgres") {
  process.env.DATABASE_URL = inject("postgresUrl");
  // Each file's job queue has its own pg-boss schema, so one file's workers never take another's jobs.
  process.env.JOBS_SCHEMA = `pgboss_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
} else {
  fileDb = path.join(
    path.dirname(inject("sqliteTemplate")),
    `t-${process.pid}-${Math.random().toString(36).slice(2)}.db`,
  );
  copyFileSync(inject("sqliteTemplate"), fileDb);
  process.env.DATABASE_URL = `file:${fileDb}`;
}
process.env.LOG_LEVEL ??= "silent";
process.env.FILES_DIR ??= path.resolve("tests/.tmp/files");

let errors: unknown[][] = [];
beforeEach(() => {
  errors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    errors.push(args);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  expect(errors, "console.error was called during the test").toEqual([]);
});

afterAll(async () => {
  const { stopJobQueue } = await import("~/modules/jobs/runner.server");
  const { disconnectDb, getDb } = await import("~/utils/db.server");
  const started = globalThis.__ibJobs !== undefined;
  await stopJobQueue();
  if (engine === "postgres" && started)
    await getDb().$executeRawUnsafe(`DROP SCHEMA IF EXISTS "${process.env.JOBS_SCHEMA}" CASCADE`);
  await disconnectDb();
  if (fileDb) for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(fileDb + suffix, { force: true });
});
