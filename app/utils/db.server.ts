import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "~/generated/prisma-sqlite/client";
import { PrismaClient as PostgresClient } from "~/generated/prisma-postgres/client";
import { env, isPostgresUrl } from "./env.server";
import { logger } from "./logger.server";

/**
 * One Prisma client per process. The two generated clients come from schema
 * files that differ only in provider (see ADR 003), so they share one type:
 * the SQLite client's.
 */
export type Db = SqliteClient;
export { Prisma } from "~/generated/prisma-sqlite/client";

declare global {
  var __ibDb: Db | undefined;
}

function createClient(url: string): Db {
  const slowMs = env().SLOW_QUERY_MS;
  const log = [{ emit: "event", level: "query" }] as const;
  let client: Db;
  if (isPostgresUrl(url)) {
    const adapter = new PrismaPg({ connectionString: url });
    client = new PostgresClient({ adapter, log: [...log] }) as unknown as Db;
  } else {
    client = new SqliteClient({ adapter: sqliteAdapter(url), log: [...log] });
    if (env().NODE_ENV === "production") scheduleSqliteStatistics(client);
  }
  // Slow-query log: duration and statement shape only, never parameters (they may hold personal data).
  (client as unknown as { $on: (e: "query", cb: (ev: { duration: number; query: string }) => void) => void }).$on(
    "query",
    (ev) => {
      if (ev.duration >= slowMs) logger.warn("slow query", { ms: ev.duration, query: ev.query.slice(0, 200) });
    },
  );
  return client;
}

/** Case-insensitive "contains" on both engines (SQLite's LIKE already ignores ASCII case; PostgreSQL needs ILIKE). */
export function containsText(text: string): { contains: string } {
  return isPostgresUrl(env().DATABASE_URL)
    ? ({ contains: text, mode: "insensitive" } as { contains: string })
    : { contains: text };
}

/**
 * SQLite's settings for a server that writes often (ADR 023): write-ahead
 * logging, so that readers do not wait for a writer and a commit appends to
 * one file, and `synchronous = NORMAL`, which SQLite recommends with it. A
 * commit then survives the process being killed (kill -9, a crash) and the
 * file is never corrupted; only a power cut may lose the last commits that
 * the OS had not yet written. SQLite's defaults (a rollback journal, FULL)
 * wait for three fsyncs a commit: 0.74 ms against 0.016 ms here. Set on each
 * connection before its first query.
 */
const SQLITE_PRAGMAS = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";

type AdapterFactory = NonNullable<ConstructorParameters<typeof SqliteClient>[0]["adapter"]>;
type Adapter = Awaited<ReturnType<AdapterFactory["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

function sqliteAdapter(url: string): AdapterFactory {
  const factory = new PrismaBetterSqlite3({ url });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      await adapter.executeScript(SQLITE_PRAGMAS);
      return oneAtATime(adapter);
    },
  };
}

/**
 * The adapter runs everything on one connection, and holds its lock only
 * between a transaction's own statements: a query of another request that
 * came while an interactive transaction was open ran inside it, and was
 * undone, silently, if that transaction rolled back (a conflicting edit, an
 * error). So here a query outside a transaction waits until no transaction is
 * open, and transactions take turns. On PostgreSQL each transaction has a
 * connection of its own from the pool.
 */
function oneAtATime(adapter: Adapter): Adapter {
  let open: Promise<void> | null = null;
  const turn = async () => {
    while (open) await open;
  };
  return new Proxy(adapter, {
    get(target, prop) {
      if (prop === "queryRaw" || prop === "executeRaw")
        return async (query: Parameters<Adapter["queryRaw"]>[0]) => {
          await turn();
          return prop === "queryRaw" ? target.queryRaw(query) : target.executeRaw(query);
        };
      if (prop === "startTransaction")
        return async (isolationLevel?: Parameters<Adapter["startTransaction"]>[0]): Promise<Transaction> => {
          await turn();
          let end!: () => void;
          const ended = new Promise<void>((resolve) => (end = resolve));
          open = ended;
          const finish = () => {
            if (open === ended) open = null;
            end();
          };
          let tx: Transaction;
          try {
            tx = await target.startTransaction(isolationLevel);
          } catch (error) {
            finish();
            throw error;
          }
          return new Proxy(tx, {
            get(t, p) {
              if (p === "commit" || p === "rollback")
                return async () => {
                  try {
                    return await (p === "commit" ? t.commit() : t.rollback());
                  } finally {
                    finish();
                  }
                };
              const value = Reflect.get(t, p, t) as unknown;
              return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(t) : value;
            },
          });
        };
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const SIX_HOURS = 6 * 60 * 60 * 1000;

/**
 * SQLite's planner chooses indexes well only with statistics (sqlite_stat1):
 * without them it may walk the whole authority for one person's actions.
 * PostgreSQL gathers its own (autovacuum). So the production server runs
 * ANALYZE once when there are none, and `PRAGMA optimize` every six hours,
 * as SQLite recommends for long-lived connections. Failures are logged, never fatal.
 */
function scheduleSqliteStatistics(client: Db) {
  const run = async () => {
    try {
      const rows = await client.$queryRawUnsafe<{ n: number | bigint }[]>(
        "SELECT count(*) AS n FROM sqlite_master WHERE name = 'sqlite_stat1'",
      );
      if (Number(rows[0]?.n ?? 0) === 0) await client.$executeRawUnsafe("ANALYZE");
      else await client.$queryRawUnsafe("PRAGMA optimize");
    } catch (error) {
      logger.warn("sqlite statistics not refreshed", { error: error instanceof Error ? error.name : "unknown" });
    }
  };
  setImmediate(() => void run());
  setInterval(() => void run(), SIX_HOURS).unref();
}

export function getDb(): Db {
  globalThis.__ibDb ??= createClient(env().DATABASE_URL);
  return globalThis.__ibDb;
}

/** Database reachability for the health check: one trivial query, no data returned. */
export async function pingDb(): Promise<void> {
  await getDb().authority.count();
}

export async function disconnectDb(): Promise<void> {
  if (globalThis.__ibDb) {
    await globalThis.__ibDb.$disconnect();
    globalThis.__ibDb = undefined;
  }
}
