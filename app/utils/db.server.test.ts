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

test("a write made while another request's transaction is open is kept when that transaction rolls back", async () => {
  const db = getDb();
  const tag = Math.random().toString(36).slice(2, 8);
  let inside!: () => void;
  const opened = new Promise<void>((resolve) => (inside = resolve));
  const rolledBack = db
    .$transaction(async (tx) => {
      await tx.user.create({ data: { email: `in-tx-${tag}@example.gov.uk`, name: "In the transaction" } });
      inside();
      await new Promise((r) => setTimeout(r, 200));
      throw new Error("a conflicting edit");
    })
    .catch((error: Error) => error.message);
  await opened;
  // Another request's write, while the transaction is open.
  await db.user.create({ data: { email: `outside-${tag}@example.gov.uk`, name: "Another request" } });
  expect(await rolledBack).toBe("a conflicting edit");
  const emails = (await db.user.findMany({ where: { email: { contains: tag } }, select: { email: true } })).map(
    (u) => u.email,
  );
  expect(emails).toEqual([`outside-${tag}@example.gov.uk`]);
});
