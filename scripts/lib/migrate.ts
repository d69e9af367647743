/**
 * Database migrations for SQLite and PostgreSQL without the Prisma CLI's
 * native schema engine (which cannot be downloaded offline).
 *
 *   deployMigrations   apply pending migrations (what `prisma migrate deploy` does)
 *   migrationStatus    applied / pending / failed / edited (what `prisma migrate status` shows)
 *   createMigration    write a new migration folder for each engine from the schema diff
 *   checkMigrations    fail when prisma/schema.prisma is ahead of the migrations
 *
 * The engine is chosen by the URL (see db-url.ts). SQLite migrations live in
 * prisma/migrations, PostgreSQL ones in prisma/postgres/migrations; the
 * PostgreSQL datamodel is derived from prisma/schema.prisma in memory.
 *
 * deploy and status use plain better-sqlite3 / pg (fast, no wasm). create and
 * check use Prisma's wasm schema engine (schema-engine.ts), about a second each.
 * Nothing here calls process.exit or leaves handles open.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { MIGRATIONS_DIR, SCHEMA_PATH, postgresUrlForDiff, redactUrl, resolveTarget, type DbTarget } from "./db-url.ts";
import {
  assertLockfileMatches,
  checksumMatches,
  nextMigrationName,
  readMigrationsFolder,
  slugifyMigrationName,
  writeMigration,
  type Engine,
  type MigrationsFolder,
} from "./migrations-dir.ts";
import { openMigrationDb, type MigrationRow } from "./migration-runner.ts";
import { diffMigrationsToSchema } from "./schema-engine.ts";
import { toPostgresSchema } from "./schema-transform.ts";

export { DEFAULT_SQLITE_URL, MIGRATIONS_DIR, SCHEMA_PATH, resolveTarget, postgresUrlForDiff } from "./db-url.ts";
export type { DbTarget } from "./db-url.ts";
export { computeChecksum, type Engine } from "./migrations-dir.ts";
export { MigrationFailedError, type MigrationRow } from "./migration-runner.ts";

export const ENGINES: readonly Engine[] = ["sqlite", "postgres"];

type Log = (message: string) => void;

export type DeployOptions = {
  /** Database URL; defaults to DATABASE_URL, then file:./data/app.db. */
  url?: string;
  /** Overrides the migrations folder chosen by engine (tests). */
  migrationsDir?: string;
  /** Progress messages; defaults to console.log. Pass `() => {}` for silence. */
  log?: Log;
};

export type MigrationStatus = {
  engine: Engine;
  /** File path (SQLite) or URL with the password hidden (PostgreSQL). */
  database: string;
  migrationsDir: string;
  databaseExists: boolean;
  /** On disk and applied, in order. */
  applied: string[];
  /** On disk, not applied yet, in order. */
  pending: string[];
  /** Recorded as started but neither finished nor rolled back. */
  failed: string[];
  /** Applied, but migration.sql has changed since (checksum differs). */
  edited: string[];
  /** Applied in the database, but no folder on disk (e.g. older code deployed). */
  notOnDisk: string[];
  /** No pending, failed or edited migrations. */
  upToDate: boolean;
};

function describeTarget(t: DbTarget): string {
  return t.engine === "sqlite" ? path.relative(process.cwd(), t.file) || t.file : redactUrl(t.url);
}

function analyse(folder: MigrationsFolder, rows: MigrationRow[]) {
  const live = rows.filter((r) => r.rolledBackAt === null);
  const failed = live.filter((r) => r.finishedAt === null).map((r) => r.migrationName);
  const finished = new Map(live.filter((r) => r.finishedAt !== null).map((r) => [r.migrationName, r]));
  const onDisk = new Set(folder.migrations.map((m) => m.name));
  const applied: string[] = [];
  const pending: string[] = [];
  const edited: string[] = [];
  for (const m of folder.migrations) {
    const row = finished.get(m.name);
    if (!row) {
      if (!failed.includes(m.name)) pending.push(m.name);
      continue;
    }
    applied.push(m.name);
    if (!checksumMatches(m.script, row.checksum)) edited.push(m.name);
  }
  const notOnDisk = [...finished.keys()].filter((n) => !onDisk.has(n));
  return { applied, pending, failed, edited, notOnDisk };
}

/** Reports applied and pending migrations. Never creates or changes anything. */
export async function migrationStatus(opts: Omit<DeployOptions, "log"> = {}): Promise<MigrationStatus> {
  const target = resolveTarget(opts.url);
  const folder = await readMigrationsFolder(opts.migrationsDir ?? MIGRATIONS_DIR[target.engine]);
  assertLockfileMatches(folder, target.engine);
  const db = await openMigrationDb(target, { create: false });
  try {
    const rows = await db.readRows();
    const a = analyse(folder, rows);
    return {
      engine: target.engine,
      database: describeTarget(target),
      migrationsDir: folder.dir,
      databaseExists: db.exists,
      ...a,
      upToDate: a.pending.length === 0 && a.failed.length === 0 && a.edited.length === 0,
    };
  } finally {
    await db.close();
  }
}

/**
 * Applies pending migrations, one transaction each, recording
 * `_prisma_migrations` rows as `prisma migrate deploy` does. Idempotent.
 *
 * Refuses (throws, applying nothing) when a failed migration is recorded, when
 * an applied migration.sql was edited, when the migration_lock.toml names the
 * other engine, or when the database has tables but no migration history.
 * Creates the SQLite file (and its folder) or the PostgreSQL database/schema if missing.
 */
export async function deployMigrations(opts: DeployOptions = {}): Promise<{ applied: string[] }> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const target = resolveTarget(opts.url);
  const folder = await readMigrationsFolder(opts.migrationsDir ?? MIGRATIONS_DIR[target.engine]);
  assertLockfileMatches(folder, target.engine);
  const db = await openMigrationDb(target, { create: true });
  const where = `${target.engine} ${describeTarget(target)}`;
  try {
    await db.lock();
    const hasTable = await db.hasMigrationsTable();
    if (!hasTable) {
      const tables = await db.userTables();
      if (tables.length > 0) {
        throw new Error(
          `The database (${where}) is not empty but has no migration history ` +
            `(tables: ${tables.slice(0, 5).join(", ")}${tables.length > 5 ? ", ..." : ""}). ` +
            "Refusing to migrate it. Use an empty database, or baseline it first.",
        );
      }
    }
    const a = analyse(folder, await db.readRows());
    if (a.failed.length > 0) {
      throw new Error(
        `Refusing to deploy: the database (${where}) records failed migration(s): ${a.failed.join(", ")}. ` +
          "Inspect the database, fix it by hand, then mark the migration rolled back " +
          "(UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '...').",
      );
    }
    if (a.edited.length > 0) {
      throw new Error(
        `Refusing to deploy: migration(s) already applied to ${where} have been edited since: ` +
          `${a.edited.join(", ")} (checksum of migration.sql differs). ` +
          "Applied migrations must not change; restore the file and put the change in a new migration.",
      );
    }
    if (a.notOnDisk.length > 0) {
      log(`Warning: applied migration(s) not found in ${folder.dir}: ${a.notOnDisk.join(", ")}`);
    }
    const applied: string[] = [];
    const byName = new Map(folder.migrations.map((m) => [m.name, m]));
    for (const name of a.pending) {
      const m = byName.get(name)!;
      if (await db.applyInTransaction(m, { createTable: true })) {
        applied.push(name);
        log(`Applied migration ${name}`);
      }
    }
    log(
      applied.length > 0
        ? `${applied.length} migration(s) applied to ${where}.`
        : `No pending migrations: ${where} is up to date.`,
    );
    return { applied };
  } finally {
    await db.close();
  }
}

// ---------- schema engine: create / check ----------

export type EngineOptions = {
  /** The SQLite source schema; the PostgreSQL one is derived from it. Default prisma/schema.prisma. */
  schemaPath?: string;
  /** Which engines; default both. */
  engines?: readonly Engine[];
  /** Migrations folders per engine (tests). */
  migrationsDirs?: Partial<Record<Engine, string>>;
  /** PostgreSQL server for the postgres diff; default DATABASE_URL if postgres, else TEST_POSTGRES_URL. */
  postgresUrl?: string;
};

async function schemaFor(engine: Engine, schemaPath: string) {
  const source = await readFile(schemaPath, "utf8");
  return engine === "sqlite"
    ? { path: schemaPath, content: source }
    : { path: path.join(path.dirname(schemaPath), "postgres", "schema.prisma"), content: toPostgresSchema(source) };
}

export type DiffForEngine =
  | { engine: Engine; skipped: false; migrationsDir: string; empty: boolean; script: string }
  | { engine: Engine; skipped: true; reason: string };

/** Diff from each engine's migrations to the schema. Postgres is skipped (with a reason) when no server is known. */
export async function diffSchemaToMigrations(opts: EngineOptions = {}): Promise<DiffForEngine[]> {
  const schemaPath = path.resolve(opts.schemaPath ?? SCHEMA_PATH);
  const pgUrl = opts.postgresUrl ?? postgresUrlForDiff();
  const out: DiffForEngine[] = [];
  for (const engine of opts.engines ?? ENGINES) {
    if (engine === "postgres" && !pgUrl) {
      out.push({
        engine,
        skipped: true,
        reason:
          "no PostgreSQL server: set TEST_POSTGRES_URL (or a postgres DATABASE_URL) to diff PostgreSQL migrations",
      });
      continue;
    }
    const dir = path.resolve(opts.migrationsDirs?.[engine] ?? MIGRATIONS_DIR[engine]);
    const migrations = await readMigrationsFolder(dir);
    assertLockfileMatches(migrations, engine);
    const diff = await diffMigrationsToSchema({
      engine,
      schema: await schemaFor(engine, schemaPath),
      migrations,
      postgresUrl: pgUrl,
    });
    out.push({ engine, skipped: false, migrationsDir: dir, ...diff });
  }
  return out;
}

export type CheckResult = { ok: boolean; results: DiffForEngine[]; message: string };

/** Fails (ok: false) when the schema is ahead of the migrations of any engine checked. */
export async function checkMigrations(opts: EngineOptions = {}): Promise<CheckResult> {
  const results = await diffSchemaToMigrations(opts);
  const lines: string[] = [];
  let ok = true;
  for (const r of results) {
    if (r.skipped) {
      lines.push(`${r.engine}: skipped (${r.reason})`);
    } else if (r.empty) {
      lines.push(`${r.engine}: migrations match the schema (${path.relative(process.cwd(), r.migrationsDir)})`);
    } else {
      ok = false;
      lines.push(
        `${r.engine}: the schema is ahead of ${path.relative(process.cwd(), r.migrationsDir)}. ` +
          "Create a migration with `npm run db:migrate:create -- <name>`. It would contain:\n" +
          indent(r.script.trim()),
      );
    }
  }
  return { ok, results, message: lines.join("\n") };
}

function indent(s: string, max = 40): string {
  const all = s.split("\n");
  const shown = all.slice(0, max).map((l) => `    ${l}`);
  if (all.length > max) shown.push(`    ... (${all.length - max} more lines)`);
  return shown.join("\n");
}

export type CreateResult = {
  /** The folder name used for every engine, e.g. 20250101120000_add_meetings. */
  name: string;
  created: Array<{ engine: Engine; file: string }>;
  unchanged: Engine[];
};

/**
 * Creates `<dir>/<timestamp>_<name>/migration.sql` for each engine whose
 * migrations are behind the schema, with the same folder name everywhere.
 * Unlike check, a missing PostgreSQL server is an error here (the folders
 * would fall out of step); pass `engines: ["sqlite"]` to skip PostgreSQL deliberately.
 */
export async function createMigration(opts: EngineOptions & { name: string; now?: Date }): Promise<CreateResult> {
  slugifyMigrationName(opts.name); // fail on a bad name before any work
  if ((opts.engines ?? ENGINES).includes("postgres") && !(opts.postgresUrl ?? postgresUrlForDiff())) {
    throw new Error(
      "Cannot create the PostgreSQL migration: no PostgreSQL server. Set TEST_POSTGRES_URL " +
        "(e.g. postgresql://postgres@127.0.0.1:5432/postgres) or a postgres DATABASE_URL, " +
        "or create for SQLite only with --engine sqlite and the PostgreSQL migration later.",
    );
  }
  const results = await diffSchemaToMigrations(opts);
  const existing: string[] = [];
  for (const engine of opts.engines ?? ENGINES) {
    const dir = opts.migrationsDirs?.[engine] ?? MIGRATIONS_DIR[engine];
    existing.push(...(await readMigrationsFolder(dir)).migrations.map((m) => m.name));
  }
  const name = nextMigrationName(opts.name, opts.now ?? new Date(), existing);
  const created: CreateResult["created"] = [];
  const unchanged: Engine[] = [];
  for (const r of results) {
    if (r.skipped) continue;
    if (r.empty) {
      unchanged.push(r.engine);
      continue;
    }
    const file = await writeMigration(r.migrationsDir, r.engine, name, r.script);
    created.push({ engine: r.engine, file });
  }
  return { name, created, unchanged };
}
