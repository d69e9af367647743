/**
 * The embedded engine's settings (ADR 023): write-ahead logging and
 * synchronous = NORMAL on every connection, before its first query.
 */
import { expect, test } from "vitest";
import { getDb } from "./db.server";
import { env, isPostgresUrl } from "./env.server";

test("on SQLite the connection writes ahead (WAL) and syncs at NORMAL; PostgreSQL is left to its own settings", async () => {
  const db = getDb();
  if (isPostgresUrl(env().DATABASE_URL)) {
    expect(await db.$queryRawUnsafe<{ synchronous_commit: string }[]>("SHOW synchronous_commit")).toEqual([
      { synchronous_commit: "on" },
    ]);
    return;
  }
  expect(await db.$queryRawUnsafe("PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }]);
  // 1 is NORMAL (2 is FULL, SQLite's default).
  expect(await db.$queryRawUnsafe("PRAGMA synchronous")).toEqual([{ synchronous: 1n }]);
});
