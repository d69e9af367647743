/**
 * Runs once per `vitest run`. Prepares a real, migrated database:
 *  - SQLite (default): a template file that each test file copies (per-file.ts);
 *  - PostgreSQL (TEST_DB=postgres): a fresh database created from
 *    TEST_POSTGRES_URL, dropped afterwards. Test files share it and never
 *    assume it is empty (every test makes its own authority).
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { deployMigrations } from "../../scripts/lib/migrate";
import { createTempDatabase, dropTempDatabase } from "../../scripts/lib/pg-temp-db.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    testEngine: "sqlite" | "postgres";
    sqliteTemplate: string;
    postgresUrl: string;
  }
}

const TMP = path.resolve("tests/.tmp");

export default async function setup(project: TestProject) {
  const engine = process.env.TEST_DB === "postgres" ? "postgres" : "sqlite";
  project.provide("testEngine", engine);
  mkdirSync(TMP, { recursive: true });

  if (engine === "sqlite") {
    const template = path.join(TMP, `template-${process.pid}.db`);
    rmSync(template, { force: true });
    await deployMigrations({ url: `file:${template}`, log: () => {} });
    project.provide("sqliteTemplate", template);
    project.provide("postgresUrl", "");
    return () => rmSync(template, { force: true });
  }

  const base = process.env.TEST_POSTGRES_URL;
  if (!base)
    throw new Error("TEST_DB=postgres needs TEST_POSTGRES_URL, e.g. postgresql://postgres@127.0.0.1:5432/postgres");
  const url = await createTempDatabase(base, "ib_test");
  await deployMigrations({ url, log: () => {} });
  project.provide("sqliteTemplate", "");
  project.provide("postgresUrl", url);
  return () => dropTempDatabase(base, url);
}
