/**
 * Migrations against real databases: a temporary SQLite file always, and a
 * freshly created temporary PostgreSQL database when TEST_POSTGRES_URL is set.
 * Every test passes explicit URLs and folders, so DATABASE_URL is not used.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, test } from "vitest";
import {
  MIGRATIONS_DIR,
  MigrationFailedError,
  SCHEMA_PATH,
  checkMigrations,
  computeChecksum,
  createMigration,
  deployMigrations,
  migrationStatus,
  type Engine,
} from "./lib/migrate.ts";
import { readMigrationsFolder, toEngineMigrationList } from "./lib/migrations-dir.ts";
import { withSchemaEngine } from "./lib/schema-engine.ts";
import { toPostgresSchema } from "./lib/schema-transform.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const PG_BASE = process.env.TEST_POSTGRES_URL;
const quiet = () => {};

const tmpRoot = mkdtempSync(path.join(os.tmpdir(), "migrate-test-"));
const pgDatabases: string[] = [];
afterAll(async () => {
  rmSync(tmpRoot, { recursive: true, force: true });
  if (PG_BASE && pgDatabases.length > 0) {
    await withPg(PG_BASE, async (c) => {
      for (const db of pgDatabases) await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    });
  }
});

let counter = 0;
function tmpPath(name: string): string {
  return path.join(tmpRoot, `${++counter}-${name}`);
}

async function withPg<R>(url: string, fn: (c: pg.Client) => Promise<R>): Promise<R> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A new, empty PostgreSQL database (dropped after the file's tests). */
async function freshPgDatabase(): Promise<string> {
  const name = `migrate_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await withPg(PG_BASE!, (c) => c.query(`CREATE DATABASE "${name}"`));
  pgDatabases.push(name);
  const u = new URL(PG_BASE!);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Model names declared in a schema file, e.g. ["Authority", "User", ...]. */
function modelNames(schema: string): string[] {
  return [...schema.matchAll(/^model\s+(\w+)\s*\{/gm)].map((m) => m[1]!);
}

const committedModels = modelNames(readFileSync(SCHEMA_PATH, "utf8"));
const committedMigrations = (engine: Engine) => readMigrationsFolder(MIGRATIONS_DIR[engine]).then((f) => f.migrations);

/** A private copy of an engine's committed migrations folder. */
function copyMigrations(engine: Engine): string {
  const dir = tmpPath(`${engine}-migrations`);
  cpSync(MIGRATIONS_DIR[engine], dir, { recursive: true });
  return dir;
}

/** A copy of prisma/schema.prisma with one more model. */
function schemaWithExtraModel(): string {
  const file = tmpPath("schema.prisma");
  writeFileSync(
    file,
    readFileSync(SCHEMA_PATH, "utf8") +
      "\nmodel TestOnlyWidget {\n  id        String   @id @default(cuid())\n  label     String\n  createdAt DateTime @default(now())\n}\n",
  );
  return file;
}

type Db = {
  engine: Engine;
  tables(): Promise<string[]>;
  rows(): Promise<Array<Record<string, unknown>>>;
  exec(sql: string): Promise<void>;
};

function sqliteDb(file: string): Db {
  const open = () => new Database(file);
  return {
    engine: "sqlite",
    async tables() {
      const d = open();
      try {
        return (d.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map(
          (r) => r.name,
        );
      } finally {
        d.close();
      }
    },
    async rows() {
      const d = open();
      try {
        return d.prepare("SELECT * FROM _prisma_migrations ORDER BY migration_name").all() as Array<
          Record<string, unknown>
        >;
      } finally {
        d.close();
      }
    },
    async exec(sql) {
      const d = open();
      try {
        d.exec(sql);
      } finally {
        d.close();
      }
    },
  };
}

function postgresDb(url: string, schema = "public"): Db {
  return {
    engine: "postgres",
    tables: () =>
      withPg(url, async (c) =>
        (
          await c.query<{ table_name: string }>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = $1",
            [schema],
          )
        ).rows.map((r) => r.table_name),
      ),
    rows: () =>
      withPg(
        url,
        async (c) => (await c.query(`SELECT * FROM "${schema}"._prisma_migrations ORDER BY migration_name`)).rows,
      ),
    exec: (sql) =>
      withPg(url, async (c) => {
        await c.query(`SET search_path TO "${schema}"`);
        await c.query(sql);
      }),
  };
}

/** The engines to run the database tests on, each with a way to get a fresh, empty database. */
const engines: Array<{ engine: Engine; fresh: () => Promise<{ url: string; db: Db }> }> = [
  {
    engine: "sqlite",
    fresh: async () => {
      const file = tmpPath("app.db");
      return { url: `file:${file}`, db: sqliteDb(file) };
    },
  },
];
if (PG_BASE) {
  engines.push({
    engine: "postgres",
    fresh: async () => {
      const url = await freshPgDatabase();
      return { url, db: postgresDb(url) };
    },
  });
}

describe.each(engines)("$engine", ({ engine, fresh }) => {
  test("deploy to an empty database creates every model's table and records each migration like prisma migrate deploy", async () => {
    const { url, db } = await fresh();
    const migrations = await committedMigrations(engine);
    expect(migrations.length).toBeGreaterThan(0);

    const before = Date.now();
    const { applied } = await deployMigrations({ url, log: quiet });

    expect(applied).toEqual(migrations.map((m) => m.name));
    const tables = await db.tables();
    for (const model of committedModels) expect(tables).toContain(model);
    expect(tables).toContain("_prisma_migrations");

    const rows = await db.rows();
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      const file = readFileSync(migrations[i]!.file);
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.checksum).toBe(computeChecksum(file.toString("utf8")));
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(Number(row.applied_steps_count)).toBe(1);
      const started = new Date(row.started_at as number | Date).getTime();
      const finished = new Date(row.finished_at as number | Date).getTime();
      expect(started).toBeGreaterThanOrEqual(before - 1000);
      expect(finished).toBeGreaterThanOrEqual(started);
      if (engine === "sqlite") expect(typeof row.finished_at).toBe("number"); // ms, as Prisma's native engine writes
    }
  });

  test("deploying twice applies nothing the second time and status reports up to date", async () => {
    const { url, db } = await fresh();
    const before = await migrationStatus({ url });
    expect(before.upToDate).toBe(false);
    expect(before.pending).toEqual((await committedMigrations(engine)).map((m) => m.name));
    expect(before.applied).toEqual([]);

    await deployMigrations({ url, log: quiet });
    const rowsAfterFirst = await db.rows();
    expect(await deployMigrations({ url, log: quiet })).toEqual({ applied: [] });
    expect(await db.rows()).toEqual(rowsAfterFirst);

    const after = await migrationStatus({ url });
    expect(after).toMatchObject({ upToDate: true, pending: [], failed: [], edited: [], databaseExists: true });
    expect(after.applied).toEqual(before.pending);
  });

  test("Prisma's own schema engine reads the recorded history as clean and the database as matching the schema", async () => {
    const { url } = await fresh();
    await deployMigrations({ url, log: quiet });
    const folder = await readMigrationsFolder(MIGRATIONS_DIR[engine]);
    const source = await readFile(SCHEMA_PATH, "utf8");
    const schema = { path: "schema.prisma", content: engine === "sqlite" ? source : toPostgresSchema(source) };
    const session =
      engine === "sqlite"
        ? { engine, schema, sqliteFile: url.slice("file:".length) }
        : { engine, schema, postgresUrl: url };
    const filters = { externalTables: [], externalEnums: [] };
    const [diagnosis, drift] = await withSchemaEngine(session, async (e) => [
      await e.diagnoseMigrationHistory({
        migrationsList: toEngineMigrationList(folder, engine),
        optInToShadowDatabase: false,
        filters,
      }),
      await e.diff({
        // "schemaDatasource" = the live database behind the engine's main connection.
        from: { tag: "schemaDatasource", files: [schema], configDir: ROOT },
        to: { tag: "schemaDatamodel", files: [schema] },
        script: true,
        exitCode: true,
        filters,
      }),
    ]);
    expect(diagnosis).toEqual({
      editedMigrationNames: [],
      failedMigrationNames: [],
      hasMigrationsTable: true,
      history: null,
    });
    expect(drift).toMatchObject({ exitCode: 0 });
  });

  test("deploy refuses when an applied migration.sql was edited, and status reports it", async () => {
    const { url } = await fresh();
    const dir = copyMigrations(engine);
    await deployMigrations({ url, migrationsDir: dir, log: quiet });
    const first = (await readMigrationsFolder(dir)).migrations[0]!;
    writeFileSync(first.file, `${first.script}\n-- edited after being applied\n`);

    await expect(deployMigrations({ url, migrationsDir: dir, log: quiet })).rejects.toThrow(
      new RegExp(`Refusing to deploy: .*edited.*${first.name}`, "s"),
    );
    expect(await migrationStatus({ url, migrationsDir: dir })).toMatchObject({ upToDate: false, edited: [first.name] });
  });

  test("a line-ending-only change (git autocrlf) is not an edit", async () => {
    const { url } = await fresh();
    const dir = copyMigrations(engine);
    await deployMigrations({ url, migrationsDir: dir, log: quiet });
    const first = (await readMigrationsFolder(dir)).migrations[0]!;
    writeFileSync(first.file, first.script.replace(/\n/g, "\r\n"));
    expect(await deployMigrations({ url, migrationsDir: dir, log: quiet })).toEqual({ applied: [] });
  });

  test("deploy refuses when a failed migration is recorded", async () => {
    const { url, db } = await fresh();
    await deployMigrations({ url, log: quiet });
    await db.exec(
      "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) " +
        "VALUES ('00000000-0000-4000-8000-000000000000', 'abc', '29990101000000_broken', " +
        (engine === "sqlite" ? "1700000000000" : "now()") +
        ", 0)",
    );
    await expect(deployMigrations({ url, log: quiet })).rejects.toThrow(/failed migration\(s\): 29990101000000_broken/);
    expect(await migrationStatus({ url })).toMatchObject({ upToDate: false, failed: ["29990101000000_broken"] });
  });

  test("a failing migration is rolled back whole and leaves no row, earlier ones stay applied", async () => {
    const { url, db } = await fresh();
    const dir = copyMigrations(engine);
    const bad = "29990101000000_bad";
    cpSync(path.join(dir, (await readMigrationsFolder(dir)).migrations[0]!.name), path.join(dir, bad), {
      recursive: true,
    });
    writeFileSync(
      path.join(dir, bad, "migration.sql"),
      'CREATE TABLE "HalfDone" ("id" INTEGER NOT NULL PRIMARY KEY);\nINSERT INTO "NoSuchTable" VALUES (1);\n',
    );

    const err = await deployMigrations({ url, migrationsDir: dir, log: quiet }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationFailedError);
    expect((err as Error).message).toMatch(/29990101000000_bad failed and was rolled back[\s\S]*NoSuchTable/);

    const tables = await db.tables();
    expect(tables).not.toContain("HalfDone");
    expect(tables).toContain("Authority");
    expect((await db.rows()).map((r) => r.migration_name)).not.toContain(bad);
    expect(await migrationStatus({ url, migrationsDir: dir })).toMatchObject({ pending: [bad], failed: [] });
  });

  test("deploy refuses a database that has tables but no migration history", async () => {
    const { url, db } = await fresh();
    if (engine === "sqlite") {
      // create the file with a stray table
      new Database(url.slice("file:".length)).exec('CREATE TABLE "Stray" ("id" INTEGER)').close();
    } else {
      await db.exec('CREATE TABLE "Stray" ("id" INTEGER)');
    }
    await expect(deployMigrations({ url, log: quiet })).rejects.toThrow(
      /not empty but has no migration history.*Stray/,
    );
  });

  test("a new migration created from a changed schema deploys on top of the committed ones", async () => {
    const { url, db } = await fresh();
    await deployMigrations({ url, log: quiet });
    const dir = copyMigrations(engine);
    const schemaPath = schemaWithExtraModel();

    const created = await createMigration({
      name: "Add test widget!",
      schemaPath,
      engines: [engine],
      migrationsDirs: { [engine]: dir },
      postgresUrl: engine === "postgres" ? url : undefined,
      now: new Date("2999-01-02T03:04:05Z"),
    });
    expect(created.name).toBe("29990102030405_add_test_widget");
    expect(created.created).toEqual([{ engine, file: path.join(dir, created.name, "migration.sql") }]);
    expect(readFileSync(created.created[0]!.file, "utf8")).toMatch(/CREATE TABLE "TestOnlyWidget"/);

    const check = await checkMigrations({
      schemaPath,
      engines: [engine],
      migrationsDirs: { [engine]: dir },
      postgresUrl: engine === "postgres" ? url : undefined,
    });
    expect(check.ok).toBe(true);

    expect(await deployMigrations({ url, migrationsDir: dir, log: quiet })).toEqual({ applied: [created.name] });
    expect(await db.tables()).toContain("TestOnlyWidget");
  });
});

describe("check", () => {
  const pgUrl = PG_BASE;
  const engineList: Engine[] = pgUrl ? ["sqlite", "postgres"] : ["sqlite"];

  test("passes on the committed schema and migrations", async () => {
    const result = await checkMigrations({ engines: engineList, postgresUrl: pgUrl });
    expect(result.message).not.toMatch(/ahead/);
    expect(result.ok).toBe(true);
    expect(result.results.map((r) => [r.engine, r.skipped])).toEqual(engineList.map((e) => [e, false]));
  });

  test("fails, naming the change, for a schema with an added model", async () => {
    const result = await checkMigrations({
      schemaPath: schemaWithExtraModel(),
      engines: engineList,
      postgresUrl: pgUrl,
    });
    expect(result.ok).toBe(false);
    for (const e of engineList) {
      expect(result.message).toMatch(new RegExp(`${e}: the schema is ahead of`));
    }
    expect(result.message).toMatch(/CREATE TABLE "TestOnlyWidget"/);
  });

  test("skips PostgreSQL with a note when no server is known", async () => {
    const saved = { d: process.env.DATABASE_URL, t: process.env.TEST_POSTGRES_URL };
    process.env.DATABASE_URL = "file:./unused.db";
    delete process.env.TEST_POSTGRES_URL;
    try {
      const result = await checkMigrations();
      expect(result.ok).toBe(true);
      expect(result.message).toMatch(/postgres: skipped \(no PostgreSQL server: set TEST_POSTGRES_URL/);
    } finally {
      process.env.DATABASE_URL = saved.d;
      if (saved.t !== undefined) process.env.TEST_POSTGRES_URL = saved.t;
    }
  });
});

test("create refuses, before writing anything, when PostgreSQL is wanted but no server is known", async () => {
  const saved = { d: process.env.DATABASE_URL, t: process.env.TEST_POSTGRES_URL };
  process.env.DATABASE_URL = "file:./unused.db";
  delete process.env.TEST_POSTGRES_URL;
  const dirs = { sqlite: tmpPath("sqlite-empty"), postgres: tmpPath("postgres-empty") };
  try {
    await expect(
      createMigration({ name: "x", schemaPath: schemaWithExtraModel(), migrationsDirs: dirs }),
    ).rejects.toThrow(/no PostgreSQL server.*--engine sqlite/s);
    expect(existsSync(dirs.sqlite)).toBe(false);
  } finally {
    process.env.DATABASE_URL = saved.d;
    if (saved.t !== undefined) process.env.TEST_POSTGRES_URL = saved.t;
  }
});

describe("both engines' migration folders", () => {
  test("hold the same migration names, so the engines stay in step", async () => {
    const sqlite = (await committedMigrations("sqlite")).map((m) => m.name);
    const postgres = (await committedMigrations("postgres")).map((m) => m.name);
    expect(postgres).toEqual(sqlite);
  });
});

describe.runIf(PG_BASE)("postgres ?schema=NAME", () => {
  test("deploys into the named schema and status reads it there", async () => {
    const base = await freshPgDatabase();
    const url = `${base}?schema=tenant_a`;
    expect((await deployMigrations({ url, log: quiet })).applied.length).toBeGreaterThan(0);
    const db = postgresDb(base, "tenant_a");
    expect(await db.tables()).toContain("Authority");
    expect(await postgresDb(base, "public").tables()).toEqual([]);
    expect(await migrationStatus({ url })).toMatchObject({ upToDate: true });
    expect(await migrationStatus({ url: base })).toMatchObject({ upToDate: false, applied: [] });
  });
});

describe("CLI", () => {
  const run = promisify(execFile);
  const cli = (args: string[], env: Record<string, string>) =>
    run(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/db.ts"), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      timeout: 30_000,
    }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  test("status exits 1 while migrations are pending and 0 after deploy; the file is created by deploy only", async () => {
    const file = tmpPath("cli/sub/app.db");
    const env = { DATABASE_URL: `file:${file}` };
    const pending = await cli(["status"], env);
    expect(pending.code).toBe(1);
    expect(pending.stdout).toMatch(/pending {2}\d{14}_init/);
    expect(existsSync(file)).toBe(false);

    const deploy = await cli(["deploy"], env);
    expect(deploy.stderr).toBe("");
    expect(deploy.code).toBe(0);
    expect(deploy.stdout).toMatch(/Applied migration \d{14}_init/);

    const ok = await cli(["status"], env);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.stdout).toMatch(/Database schema is up to date/);
  });

  test("usage errors exit 2", async () => {
    expect((await cli(["frobnicate"], {})).code).toBe(2);
    expect((await cli(["create"], {})).code).toBe(2);
  });
});
