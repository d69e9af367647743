/**
 * Plain-driver access to either engine for backup and restore: introspection,
 * streamed reads in neutral values (format.ts), batched inserts. Prisma is not
 * used here because the archive covers every table whatever the generated
 * client knows, and because reads must stream inside one snapshot.
 *
 * Identifiers come from the database's own catalogue, never from user input,
 * and are quoted; values always travel as parameters.
 */
import Database from "better-sqlite3";
import pg from "pg";
import { pgConnectionString, type DbTarget } from "../db-url.ts";
import {
  SKIPPED_TABLES,
  normaliseDateTime,
  postgresNeutralType,
  sqliteNeutralType,
  type ColumnSpec,
  type NeutralValue,
} from "./format.ts";

export type TableInfo = {
  name: string;
  columns: (ColumnSpec & { serial: boolean })[];
  primaryKey: string[];
  foreignKeys: { column: string; references: string }[];
};

export interface DataConnection {
  readonly engine: "sqlite" | "postgres";
  /** Application tables (not _prisma_migrations), sorted by name. */
  tables(): Promise<TableInfo[]>;
  /** Finished, not rolled back migrations, by name. */
  appliedMigrations(): Promise<string[]>;
  /** Rows of `columns`, in primary-key order, as neutral values. */
  readRows(table: string, columns: ColumnSpec[], primaryKey: string[]): AsyncIterable<NeutralValue[]>;
  nonEmptyTables(): Promise<string[]>;
  /** A read-only transaction in which every read sees one consistent state (PostgreSQL: REPEATABLE READ READ ONLY). */
  beginSnapshot(): Promise<void>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  insert(table: string, columns: ColumnSpec[], rows: NeutralValue[][]): Promise<void>;
  update(
    table: string,
    key: { columns: ColumnSpec[]; values: NeutralValue[] },
    column: ColumnSpec,
    value: NeutralValue,
  ): Promise<void>;
  /** PostgreSQL: moves serial / identity sequences past the restored values. SQLite: nothing to do. */
  resetSequences(tables: TableInfo[]): Promise<void>;
  /** Values changed on the way in: PostgreSQL cannot store NUL characters, so they are removed (counted per value). */
  readonly stripped: { nul: number };
  close(): Promise<void>;
}

export const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

const READ_BATCH = 500;

// ---------------------------------------------------------------- SQLite

function fromSqlite(v: unknown, c: ColumnSpec): NeutralValue {
  if (v === null || v === undefined) return null;
  switch (c.type) {
    case "int":
    case "float":
      return Number(v);
    case "bigint":
    case "decimal":
      return String(v);
    case "boolean":
      return Number(v) !== 0;
    case "datetime":
      return normaliseDateTime(v as string | number | bigint);
    case "bytes":
      return Buffer.isBuffer(v) ? v.toString("base64") : Buffer.from(String(v)).toString("base64");
    default:
      return Buffer.isBuffer(v) ? v.toString("utf8") : String(v);
  }
}

function toSqlite(v: NeutralValue, c: ColumnSpec): unknown {
  if (v === null) return null;
  switch (c.type) {
    // Exactly as Prisma's better-sqlite3 adapter writes a DateTime (timestampFormat "iso8601").
    case "datetime":
      return new Date(v as string).toISOString().replace("Z", "+00:00");
    case "boolean":
      return v ? 1 : 0;
    case "bigint":
      return BigInt(v as string);
    case "decimal":
      return Number(v);
    case "bytes":
      return Buffer.from(v as string, "base64");
    default:
      return v;
  }
}

export function openSqlite(file: string, opts: { readonly: boolean }): DataConnection {
  const db = new Database(file, { readonly: opts.readonly, fileMustExist: true });
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 10000");
  return {
    engine: "sqlite",
    async tables() {
      const names = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .pluck()
        .all() as string[];
      return names
        .filter((n) => !SKIPPED_TABLES.has(n))
        .map((name) => {
          const cols = db.prepare(`PRAGMA table_info(${q(name)})`).all() as {
            name: string;
            type: string;
            notnull: number;
            pk: number;
          }[];
          const fks = db.prepare(`PRAGMA foreign_key_list(${q(name)})`).all() as { table: string; from: string }[];
          return {
            name,
            columns: cols.map((c) => ({
              name: c.name,
              type: sqliteNeutralType(c.type),
              nullable: c.notnull === 0 && c.pk === 0,
              serial: false,
            })),
            primaryKey: cols
              .filter((c) => c.pk > 0)
              .sort((a, b) => a.pk - b.pk)
              .map((c) => c.name),
            foreignKeys: fks.map((f) => ({ column: f.from, references: f.table })),
          };
        });
    },
    async appliedMigrations() {
      const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
      if (!has) return [];
      return db
        .prepare(
          "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name",
        )
        .pluck()
        .all() as string[];
    },
    async *readRows(table, columns, primaryKey) {
      const order = (primaryKey.length ? primaryKey : ["rowid"]).map(q).join(", ");
      const stmt = db
        .prepare(`SELECT ${columns.map((c) => q(c.name)).join(", ")} FROM ${q(table)} ORDER BY ${order}`)
        .raw(true)
        .safeIntegers(true);
      for (const row of stmt.iterate() as Iterable<unknown[]>) yield row.map((v, i) => fromSqlite(v, columns[i]!));
    },
    async nonEmptyTables() {
      const out: string[] = [];
      for (const t of await this.tables()) if (db.prepare(`SELECT 1 FROM ${q(t.name)} LIMIT 1`).get()) out.push(t.name);
      return out;
    },
    async beginSnapshot() {
      db.exec("BEGIN DEFERRED");
    },
    async begin() {
      db.exec("BEGIN IMMEDIATE");
    },
    async commit() {
      db.exec("COMMIT");
    },
    async rollback() {
      if (db.inTransaction) db.exec("ROLLBACK");
    },
    async insert(table, columns, rows) {
      const stmt = db.prepare(
        `INSERT INTO ${q(table)} (${columns.map((c) => q(c.name)).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
      );
      for (const row of rows) stmt.run(row.map((v, i) => toSqlite(v, columns[i]!)));
    },
    async update(table, key, column, value) {
      const where = key.columns.map((c) => `${q(c.name)} = ?`).join(" AND ");
      db.prepare(`UPDATE ${q(table)} SET ${q(column.name)} = ? WHERE ${where}`).run(
        toSqlite(value, column),
        ...key.values.map((v, i) => toSqlite(v, key.columns[i]!)),
      );
    },
    async resetSequences() {},
    stripped: { nul: 0 },
    async close() {
      db.close();
    },
  };
}

// ---------------------------------------------------------------- PostgreSQL

function fromPostgres(v: string | null, c: ColumnSpec): NeutralValue {
  if (v === null) return null;
  switch (c.type) {
    case "int":
      return Number(v);
    case "float": {
      const n = Number(v);
      return Number.isFinite(n) ? n : v; // NaN / Infinity have no JSON number
    }
    case "boolean":
      return v === "t" || v === "true";
    case "datetime":
      return normaliseDateTime(v);
    case "bytes":
      return Buffer.from(v.startsWith("\\x") ? v.slice(2) : v, "hex").toString("base64");
    default:
      return v; // string, json, bigint and decimal keep PostgreSQL's exact text
  }
}

/** PostgreSQL text cannot hold NUL (U+0000); SQLite can, and older SQLite data may have it (issue 12, finding 6). */
const NUL = "\u0000";

function toPostgres(v: NeutralValue, c: ColumnSpec, stripped?: { nul: number }): unknown {
  if (v === null) return null;
  if (typeof v === "string" && (c.type === "string" || c.type === "json") && v.includes(NUL)) {
    if (stripped) stripped.nul += 1;
    return v.replaceAll(NUL, "");
  }
  // A datetime goes as its ISO text: a `timestamp` column (what Prisma uses) keeps the UTC wall clock, as Prisma writes it.
  if (c.type === "bytes") return Buffer.from(v as string, "base64");
  if (c.type === "float" || c.type === "int") return typeof v === "number" ? v : String(v);
  return v;
}

/** Every value as PostgreSQL's text output: no driver-side conversion (pg would read `timestamp` as local time). */
const TEXT_TYPES = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

export async function openPostgres(target: Extract<DbTarget, { engine: "postgres" }>): Promise<DataConnection> {
  const client = new pg.Client({ connectionString: pgConnectionString(target.url), types: TEXT_TYPES });
  await client.connect();
  if (target.schema) await client.query(`SET search_path TO ${q(target.schema)}`);
  let cursorSeq = 0;
  const stripped = { nul: 0 };
  const conn: DataConnection = {
    engine: "postgres",
    stripped,
    async tables() {
      const cols = await client.query<{
        t: string;
        c: string;
        udt: string;
        nullable: string;
        dflt: string | null;
        ident: string;
      }>(
        `SELECT c.table_name AS t, c.column_name AS c, c.udt_name AS udt, c.is_nullable AS nullable,
                c.column_default AS dflt, c.is_identity AS ident
           FROM information_schema.columns c
           JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
          WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
          ORDER BY c.table_name, c.ordinal_position`,
      );
      const pks = await client.query<{ t: string; c: string }>(
        `SELECT cl.relname AS t, a.attname AS c
           FROM pg_constraint con
           JOIN pg_class cl ON cl.oid = con.conrelid
           JOIN pg_namespace n ON n.oid = cl.relnamespace
           CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, pos)
           JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
          WHERE con.contype = 'p' AND n.nspname = current_schema()
          ORDER BY cl.relname, k.pos`,
      );
      const fks = await client.query<{ t: string; c: string; ref: string }>(
        `SELECT cl.relname AS t, a.attname AS c, rcl.relname AS ref
           FROM pg_constraint con
           JOIN pg_class cl ON cl.oid = con.conrelid
           JOIN pg_namespace n ON n.oid = cl.relnamespace
           JOIN pg_class rcl ON rcl.oid = con.confrelid
           CROSS JOIN LATERAL unnest(con.conkey) AS k(attnum)
           JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
          WHERE con.contype = 'f' AND n.nspname = current_schema()`,
      );
      const byName = new Map<string, TableInfo>();
      for (const r of cols.rows) {
        if (SKIPPED_TABLES.has(r.t)) continue;
        let t = byName.get(r.t);
        if (!t) byName.set(r.t, (t = { name: r.t, columns: [], primaryKey: [], foreignKeys: [] }));
        t.columns.push({
          name: r.c,
          type: postgresNeutralType(r.udt),
          nullable: r.nullable === "YES",
          serial: r.ident === "YES" || (r.dflt ?? "").startsWith("nextval("),
        });
      }
      for (const r of pks.rows) byName.get(r.t)?.primaryKey.push(r.c);
      for (const r of fks.rows) byName.get(r.t)?.foreignKeys.push({ column: r.c, references: r.ref });
      return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    async appliedMigrations() {
      const has = await client.query(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '_prisma_migrations'",
      );
      if (has.rowCount === 0) return [];
      const r = await client.query<{ n: string }>(
        "SELECT migration_name AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name",
      );
      return r.rows.map((x) => x.n);
    },
    async *readRows(table, columns, primaryKey) {
      // A cursor inside the caller's transaction: one snapshot, READ_BATCH rows in memory at a time.
      const cursor = `ib_backup_${++cursorSeq}`;
      const order = primaryKey.length ? ` ORDER BY ${primaryKey.map(q).join(", ")}` : "";
      await client.query(
        `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${columns.map((c) => q(c.name)).join(", ")} FROM ${q(table)}${order}`,
      );
      try {
        for (;;) {
          const r = await client.query<(string | null)[]>({
            text: `FETCH ${READ_BATCH} FROM ${cursor}`,
            rowMode: "array",
          });
          for (const row of r.rows) yield row.map((v, i) => fromPostgres(v, columns[i]!));
          if (r.rows.length < READ_BATCH) break;
        }
      } finally {
        await client.query(`CLOSE ${cursor}`);
      }
    },
    async nonEmptyTables() {
      const out: string[] = [];
      for (const t of await conn.tables())
        if (((await client.query(`SELECT 1 FROM ${q(t.name)} LIMIT 1`)).rowCount ?? 0) > 0) out.push(t.name);
      return out;
    },
    async beginSnapshot() {
      await client.query("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
    },
    async begin() {
      await client.query("BEGIN");
    },
    async commit() {
      await client.query("COMMIT");
    },
    async rollback() {
      await client.query("ROLLBACK");
    },
    async insert(table, columns, rows) {
      if (rows.length === 0) return;
      const params: unknown[] = [];
      const tuples = rows.map(
        (row) =>
          `(${row.map((v, i) => (params.push(toPostgres(v, columns[i]!, stripped)), `$${params.length}`)).join(", ")})`,
      );
      await client.query(
        `INSERT INTO ${q(table)} (${columns.map((c) => q(c.name)).join(", ")}) VALUES ${tuples.join(", ")}`,
        params,
      );
    },
    async update(table, key, column, value) {
      const where = key.columns.map((c, i) => `${q(c.name)} = $${i + 2}`).join(" AND ");
      await client.query(`UPDATE ${q(table)} SET ${q(column.name)} = $1 WHERE ${where}`, [
        toPostgres(value, column, stripped),
        ...key.values.map((v, i) => toPostgres(v, key.columns[i]!)),
      ]);
    },
    async resetSequences(tables) {
      for (const t of tables) {
        for (const c of t.columns.filter((x) => x.serial)) {
          await client.query(
            `SELECT setval(pg_get_serial_sequence(quote_ident(current_schema()) || '.' || quote_ident($1), $2),
                           COALESCE((SELECT max(${q(c.name)}) FROM ${q(t.name)}), 1),
                           (SELECT max(${q(c.name)}) FROM ${q(t.name)}) IS NOT NULL)`,
            [t.name, c.name],
          );
        }
      }
    },
    async close() {
      await client.end();
    },
  };
  return conn;
}

/**
 * Tables in an order that inserts every NOT NULL foreign key after the row it
 * points at. A nullable foreign key that would point forward (a cycle, such as
 * Action.arisingFromDecisionId -> BoardDecision -> Action, or a self
 * reference) is "deferred": inserted as null, set once every table is loaded.
 */
export function loadOrder(tables: TableInfo[]): { order: TableInfo[]; deferred: Map<string, Set<string>> } {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const placed = new Set<string>();
  const order: TableInfo[] = [];
  const deferred = new Map<string, Set<string>>();
  const remaining = [...tables].sort((a, b) => (a.name < b.name ? -1 : 1));
  const nullable = (t: TableInfo, col: string) => t.columns.find((c) => c.name === col)?.nullable ?? false;
  const ready = (t: TableInfo, strict: boolean) =>
    t.foreignKeys.every(
      (fk) =>
        !byName.has(fk.references) ||
        placed.has(fk.references) ||
        (fk.references === t.name && nullable(t, fk.column)) ||
        (!strict && nullable(t, fk.column)),
    );
  while (remaining.length > 0) {
    let i = remaining.findIndex((t) => ready(t, true));
    if (i < 0) i = remaining.findIndex((t) => ready(t, false));
    if (i < 0)
      throw new Error(
        `Foreign keys that cannot be null form a cycle among: ${remaining.map((t) => t.name).join(", ")}`,
      );
    const t = remaining.splice(i, 1)[0]!;
    const later = t.foreignKeys
      .filter((fk) => byName.has(fk.references) && (!placed.has(fk.references) || fk.references === t.name))
      .map((fk) => fk.column);
    if (later.length) deferred.set(t.name, new Set(later));
    placed.add(t.name);
    order.push(t);
  }
  return { order, deferred };
}
