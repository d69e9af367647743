/**
 * Applies migration folders and reads `_prisma_migrations`, the way
 * `prisma migrate deploy` / `prisma migrate status` do, without the schema
 * engine (plain better-sqlite3 and pg).
 *
 * Rows are recorded exactly as the schema engine records them: the same table
 * DDL, id = uuid v4, checksum = sha256 hex of migration.sql, started_at when the
 * migration starts, applied_steps_count incremented and finished_at set when it
 * succeeds, logs null. Timestamps are integer milliseconds on SQLite (as
 * Prisma's native engine writes DateTime there) and timestamptz on PostgreSQL.
 *
 * Unlike Prisma, each migration runs in a transaction together with its
 * `_prisma_migrations` row, on both engines (both have transactional DDL). A
 * failing migration is rolled back entirely and leaves no row, so there is no
 * half-applied state to resolve by hand: fix the SQL and deploy again.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { Engine, LocalMigration } from "./migrations-dir.ts";
import { pgClientConfig, type DbTarget } from "./db-url.ts";

export const MIGRATIONS_TABLE = "_prisma_migrations";

/** Same DDL as Prisma's schema engine (sql-schema-connector, create_migrations_table). */
const CREATE_TABLE: Record<Engine, string> = {
  sqlite: `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);`,
  postgres: `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`,
};

const SELECT_ROWS = `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
FROM _prisma_migrations ORDER BY started_at ASC`;

/** The key Prisma's engine uses for its advisory lock, so we also exclude a concurrent `prisma migrate`. */
const PG_ADVISORY_LOCK_KEY = 72707369;
const PG_LOCK_TIMEOUT_MS = 10_000;

export type MigrationRow = {
  id: string;
  checksum: string;
  finishedAt: Date | null;
  migrationName: string;
  logs: string | null;
  rolledBackAt: Date | null;
  startedAt: Date;
  appliedStepsCount: number;
};

/** What the runner needs from a database. One implementation per engine. */
export interface MigrationDb {
  readonly engine: Engine;
  /** Whether the database (file / database) exists at all. */
  readonly exists: boolean;
  hasMigrationsTable(): Promise<boolean>;
  /** Tables other than _prisma_migrations in the target schema. */
  userTables(): Promise<string[]>;
  readRows(): Promise<MigrationRow[]>;
  /** Serialise concurrent deploys. */
  lock(): Promise<void>;
  /**
   * Applies one migration and records it, in one transaction. Returns false
   * (and does nothing) if it turns out to be applied already.
   */
  applyInTransaction(m: LocalMigration, opts: { createTable: boolean }): Promise<boolean>;
  close(): Promise<void>;
}

export class MigrationFailedError extends Error {
  constructor(
    readonly migrationName: string,
    cause: unknown,
  ) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(
      `Migration ${migrationName} failed and was rolled back (nothing from it was applied).\n` +
        `Database error: ${detail}`,
      { cause },
    );
    this.name = "MigrationFailedError";
  }
}

function toDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  if (typeof v === "number" || typeof v === "bigint") return new Date(Number(v));
  if (typeof v === "string") {
    // current_timestamp writes "YYYY-MM-DD HH:MM:SS" (UTC, no zone).
    const s = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(v) ? `${v.replace(" ", "T")}Z` : v;
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

function toRow(r: Record<string, unknown>): MigrationRow {
  return {
    id: String(r.id),
    checksum: String(r.checksum),
    finishedAt: toDate(r.finished_at),
    migrationName: String(r.migration_name),
    logs: r.logs === null || r.logs === undefined ? null : String(r.logs),
    rolledBackAt: toDate(r.rolled_back_at),
    startedAt: toDate(r.started_at) ?? new Date(0),
    appliedStepsCount: Number(r.applied_steps_count),
  };
}

// ---------- SQLite ----------

class SqliteMigrationDb implements MigrationDb {
  readonly engine = "sqlite" as const;
  readonly exists: boolean;
  private readonly db: Database.Database | null;

  constructor(file: string, opts: { create: boolean }) {
    this.exists = existsSync(file);
    if (!this.exists && !opts.create) {
      this.db = null;
      return;
    }
    if (opts.create) mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file, { fileMustExist: !opts.create, timeout: 10_000 });
  }

  private get conn(): Database.Database {
    if (!this.db) throw new Error("database file does not exist");
    return this.db;
  }

  async hasMigrationsTable() {
    if (!this.db) return false;
    return !!this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(MIGRATIONS_TABLE);
  }

  async userTables() {
    if (!this.db) return [];
    const rows = this.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> ?")
      .all(MIGRATIONS_TABLE) as Array<{ name: string }>;
    return rows.map((r) => r.name);
  }

  async readRows() {
    if (!this.db || !(await this.hasMigrationsTable())) return [];
    return (this.db.prepare(SELECT_ROWS).all() as Array<Record<string, unknown>>).map(toRow);
  }

  async lock() {
    // BEGIN IMMEDIATE per migration (below) takes SQLite's write lock.
  }

  async applyInTransaction(m: LocalMigration, opts: { createTable: boolean }) {
    const db = this.conn;
    // Prisma's SQLite "redefine table" migrations switch foreign keys off around
    // DROP TABLE; that PRAGMA is a no-op inside a transaction, so switch them
    // off here, outside it, and check the result before committing.
    db.pragma("foreign_keys = OFF");
    try {
      db.exec("BEGIN IMMEDIATE");
      try {
        if (opts.createTable && !(await this.hasMigrationsTable())) db.exec(CREATE_TABLE.sqlite);
        const done = db
          .prepare(
            "SELECT 1 FROM _prisma_migrations WHERE migration_name = ? AND finished_at IS NOT NULL AND rolled_back_at IS NULL",
          )
          .get(m.name);
        if (done) {
          db.exec("ROLLBACK");
          return false;
        }
        const id = randomUUID();
        db.prepare("INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name) VALUES (?, ?, ?, ?)").run(
          id,
          m.checksum,
          Date.now(),
          m.name,
        );
        try {
          db.exec(m.script);
          const violations = db.pragma("foreign_key_check") as Array<{ table: string; parent: string }>;
          if (violations.length > 0) {
            const v = violations[0]!;
            throw new Error(
              `foreign key check failed after the migration: ${violations.length} row(s), e.g. in "${v.table}" referencing "${v.parent}"`,
            );
          }
        } catch (e) {
          throw new MigrationFailedError(m.name, e);
        }
        db.prepare("UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1 WHERE id = ?").run(id);
        db.prepare("UPDATE _prisma_migrations SET finished_at = ? WHERE id = ?").run(Date.now(), id);
        db.exec("COMMIT");
        return true;
      } catch (e) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw e;
      }
    } finally {
      db.pragma("foreign_keys = ON");
    }
  }

  async close() {
    this.db?.close();
  }
}

// ---------- PostgreSQL ----------

class PostgresMigrationDb implements MigrationDb {
  readonly engine = "postgres" as const;
  private locked = false;

  private constructor(
    private readonly client: pg.Client,
    readonly exists: boolean,
  ) {}

  static async open(target: Extract<DbTarget, { engine: "postgres" }>, opts: { create: boolean }) {
    let client = new pg.Client(pgClientConfig(target.url));
    try {
      await client.connect();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== "3D000") throw e; // 3D000: database does not exist
      const name = decodeURIComponent(new URL(target.url).pathname.slice(1));
      if (!opts.create) return new PostgresMigrationDb(client, false);
      // Like `prisma migrate deploy`: create the database if it does not exist.
      const admin = new pg.Client(pgClientConfig(target.url, { database: "postgres" }));
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } finally {
        await admin.end();
      }
      client = new pg.Client(pgClientConfig(target.url));
      await client.connect();
    }
    if (target.schema) {
      const ident = `"${target.schema.replace(/"/g, '""')}"`;
      if (opts.create) await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident}`);
      await client.query(`SET search_path TO ${ident}`);
    }
    return new PostgresMigrationDb(client, true);
  }

  async hasMigrationsTable() {
    if (!this.exists) return false;
    const r = await this.client.query(
      "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1",
      [MIGRATIONS_TABLE],
    );
    return r.rowCount !== null && r.rowCount > 0;
  }

  async userTables() {
    if (!this.exists) return [];
    const r = await this.client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> $1`,
      [MIGRATIONS_TABLE],
    );
    return r.rows.map((x) => x.table_name);
  }

  async readRows() {
    if (!(await this.hasMigrationsTable())) return [];
    const r = await this.client.query<Record<string, unknown>>(SELECT_ROWS);
    return r.rows.map(toRow);
  }

  async lock() {
    const deadline = Date.now() + PG_LOCK_TIMEOUT_MS;
    for (;;) {
      const r = await this.client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [
        PG_ADVISORY_LOCK_KEY,
      ]);
      if (r.rows[0]?.ok) {
        this.locked = true;
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Timed out after ${PG_LOCK_TIMEOUT_MS / 1000}s waiting for the migration lock ` +
            `(pg_advisory_lock(${PG_ADVISORY_LOCK_KEY})): is another deploy running?`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async applyInTransaction(m: LocalMigration, opts: { createTable: boolean }) {
    const c = this.client;
    await c.query("BEGIN");
    try {
      if (opts.createTable && !(await this.hasMigrationsTable())) await c.query(CREATE_TABLE.postgres);
      const done = await c.query(
        "SELECT 1 FROM _prisma_migrations WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL",
        [m.name],
      );
      if (done.rowCount) {
        await c.query("ROLLBACK");
        return false;
      }
      const id = randomUUID();
      await c.query(
        "INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name) VALUES ($1, $2, $3, $4)",
        [id, m.checksum, new Date(), m.name],
      );
      try {
        // No parameters: the simple query protocol runs the whole script as written.
        await c.query(m.script);
      } catch (e) {
        throw new MigrationFailedError(m.name, e);
      }
      await c.query("UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1 WHERE id = $1", [id]);
      await c.query("UPDATE _prisma_migrations SET finished_at = $1 WHERE id = $2", [new Date(), id]);
      await c.query("COMMIT");
      return true;
    } catch (e) {
      await c.query("ROLLBACK").catch(() => {});
      throw e;
    }
  }

  async close() {
    try {
      if (this.locked) await this.client.query("SELECT pg_advisory_unlock($1)", [PG_ADVISORY_LOCK_KEY]);
    } finally {
      await this.client.end();
    }
  }
}

export async function openMigrationDb(target: DbTarget, opts: { create: boolean }): Promise<MigrationDb> {
  return target.engine === "sqlite" ? new SqliteMigrationDb(target.file, opts) : PostgresMigrationDb.open(target, opts);
}
