/**
 * The end-to-end tests' own connection to a server's database, so that each
 * test can create the data it needs (prisma/factories.ts, as the demo seed
 * does) and delete it afterwards. The URL follows scripts/e2e-server.mjs:
 * E2E_DATABASE_URL (PostgreSQL) or the SQLite file tests/.tmp/e2e.db.
 */
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../../app/generated/prisma-sqlite/client";
import { PrismaClient as PostgresClient } from "../../app/generated/prisma-postgres/client";
import type { Db } from "../../app/utils/db.server";

export type { Db };

/** The database the Playwright web server (scripts/e2e-server.mjs) serves. */
export function e2eDatabaseUrl(): string {
  return process.env.E2E_DATABASE_URL || `file:${path.resolve("tests/.tmp/e2e.db")}`;
}

export function openDb(url: string): Db {
  if (/^postgres(ql)?:\/\//.test(url)) {
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db;
  }
  // The server writes to the same file: wait for its locks rather than fail.
  return new SqliteClient({ adapter: new PrismaBetterSqlite3({ url, timeout: 10_000 }) });
}
