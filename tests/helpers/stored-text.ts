/**
 * For "this secret is never stored": the tables of the test database (the
 * app's, and on PostgreSQL the job queue's pg-boss schema) that hold a row
 * whose text contains `needle`, by name (a pg-boss table with its schema).
 * Works on both engines; every column is searched as text.
 */
import { getDb } from "../../app/utils/db.server";
import { env, isPostgresUrl } from "../../app/utils/env.server";

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function tablesContaining(needle: string): Promise<string[]> {
  const db = getDb();
  const pattern = `%${needle}%`;
  const found: string[] = [];
  if (isPostgresUrl(env().DATABASE_URL)) {
    const tables = await db.$queryRawUnsafe<{ table_schema: string; table_name: string }[]>(
      `SELECT table_schema, table_name FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND table_schema IN ('public', $1)`,
      env().JOBS_SCHEMA,
    );
    for (const t of tables) {
      const name = `${quote(t.table_schema)}.${quote(t.table_name)}`;
      const [row] = await db.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM ${name} AS t WHERE t::text LIKE $1`,
        pattern,
      );
      if (row!.n > 0) found.push(t.table_schema === "public" ? t.table_name : `${t.table_schema}.${t.table_name}`);
    }
    return found;
  }
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
  );
  for (const { name } of tables) {
    const columns = await db.$queryRawUnsafe<{ name: string }[]>(`PRAGMA table_info(${quote(name)})`);
    const where = columns.map((c) => `CAST(${quote(c.name)} AS TEXT) LIKE ?`).join(" OR ");
    const [row] = await db.$queryRawUnsafe<{ n: number | bigint }[]>(
      `SELECT count(*) AS n FROM ${quote(name)} WHERE ${where}`,
      ...columns.map(() => pattern),
    );
    if (Number(row!.n) > 0) found.push(name);
  }
  return found;
}
