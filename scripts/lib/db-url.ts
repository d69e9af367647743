/**
 * DATABASE_URL -> which engine, which file / server, which migrations folder.
 *
 *   unset or file:...                -> SQLite (default file:./data/app.db, relative
 *                                      to the working directory, as the
 *                                      better-sqlite3 adapter opens it)
 *   postgres:// or postgresql://     -> PostgreSQL; `?schema=NAME` selects a schema
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Engine } from "./migrations-dir.ts";

export const DEFAULT_SQLITE_URL = "file:./data/app.db";

/** Repository root (scripts/lib/../..). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export const SCHEMA_PATH = path.join(ROOT, "prisma", "schema.prisma");

export const MIGRATIONS_DIR: Record<Engine, string> = {
  sqlite: path.join(ROOT, "prisma", "migrations"),
  postgres: path.join(ROOT, "prisma", "postgres", "migrations"),
};

export type DbTarget =
  | { engine: "sqlite"; url: string; /** absolute path of the database file */ file: string }
  | {
      engine: "postgres";
      url: string;
      /** from `?schema=`, else undefined (server default, usually public) */ schema?: string;
    };

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export function resolveTarget(url: string | undefined = process.env.DATABASE_URL): DbTarget {
  const u = url && url.trim() !== "" ? url.trim() : DEFAULT_SQLITE_URL;
  if (u.startsWith("file:")) {
    let p = u.slice("file:".length);
    if (p.startsWith("//")) p = p.slice(2); // file:///abs/path
    p = p.replace(/\?.*$/, ""); // Prisma-style query options do not name the file
    if (!p || p === ":memory:") throw new Error(`DATABASE_URL ${u} does not name a database file.`);
    return { engine: "sqlite", url: u, file: path.resolve(process.cwd(), p) };
  }
  if (isPostgresUrl(u)) {
    const schema = new URL(u).searchParams.get("schema") ?? undefined;
    return { engine: "postgres", url: u, schema: schema || undefined };
  }
  throw new Error(
    `Unsupported DATABASE_URL "${redactUrl(u)}": use file:<path> for SQLite or postgresql://... for PostgreSQL.`,
  );
}

/**
 * A connection string for `pg` with Prisma-only parameters removed, optionally
 * pointing at another database on the same server.
 */
export function pgConnectionString(url: string, opts: { database?: string } = {}): string {
  const u = new URL(url);
  u.searchParams.delete("schema");
  if (opts.database !== undefined) u.pathname = `/${encodeURIComponent(opts.database)}`;
  return u.toString();
}

export function pgClientConfig(url: string, opts: { database?: string } = {}) {
  return { connectionString: pgConnectionString(url, opts) };
}

/** The URL with any password replaced, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:@/]+):[^@/]+@/, "//$1:***@");
  }
}

/**
 * The PostgreSQL server the schema engine may use for diffs (create / check):
 * DATABASE_URL if it is PostgreSQL, else TEST_POSTGRES_URL, else none.
 */
export function postgresUrlForDiff(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.DATABASE_URL && isPostgresUrl(env.DATABASE_URL)) return env.DATABASE_URL;
  if (env.TEST_POSTGRES_URL && isPostgresUrl(env.TEST_POSTGRES_URL)) return env.TEST_POSTGRES_URL;
  return undefined;
}
