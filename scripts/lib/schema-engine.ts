/**
 * Prisma's schema engine, compiled to wasm (@prisma/schema-engine-wasm),
 * driven through driver adapters. Works offline, unlike the Prisma CLI, which
 * downloads a native engine. Used for `diff` (create / check); deploy and
 * status do not need the engine (see migration-runner.ts).
 *
 * Workarounds for known problems (see /work/shared/notes/toolchain.md):
 *  - wasm loaded by hand, without --experimental-wasm-modules;
 *  - the engine's 10 s timer is unref'd so it never holds the process open;
 *  - SQLite: arg-less executeRaw (a whole migration.sql during shadow replay)
 *    goes to executeScript, because better-sqlite3 rejects multi-statement SQL;
 *  - Postgres: "char" (OID 18) columns relabelled as text; executeScript
 *    runs `client.query(script)` instead of splitting on every ";";
 *  - Postgres shadow databases are our own: created with a random name and
 *    dropped afterwards (adapter-pg's would reuse the real database);
 *  - every adapter the engine opens is disposed when we are done.
 */
import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type Transaction,
} from "@prisma/driver-adapter-utils";
import type * as WasmBg from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { MigrationsFolder, Engine } from "./migrations-dir.ts";
import { toEngineMigrationList } from "./migrations-dir.ts";
import { pgClientConfig } from "./db-url.ts";

type Bg = typeof WasmBg;
let wasmPromise: Promise<Bg> | null = null;

/** Loads and instantiates the wasm module once per process. */
function loadWasm(): Promise<Bg> {
  wasmPromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm")), "schema_engine_bg.wasm");
    const bg = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as Bg;
    const mod = await WebAssembly.compile(await readFile(wasmPath));
    const imports: Record<string, unknown> = { ...bg };
    for (const [name, fn] of Object.entries(bg)) {
      // The engine arms a 10 s timer and never clears it; do not let it keep Node alive.
      if (name.startsWith("__wbg_setTimeout_") && typeof fn === "function") {
        imports[name] = (...args: unknown[]) => {
          const timer = (fn as (...a: unknown[]) => unknown)(...args);
          (timer as { unref?: () => void } | null)?.unref?.();
          return timer;
        };
      }
    }
    const instance = await WebAssembly.instantiate(mod, {
      "./schema_engine_bg.js": imports as WebAssembly.ModuleImports,
    });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  })();
  return wasmPromise;
}

/** Adapters opened for one engine session, so that we can close them all. */
class AdapterTracker {
  private readonly closers: Array<() => Promise<void>> = [];
  /** The last error an adapter threw; the engine's own message often hides it. */
  lastError: unknown = null;

  /**
   * The adapter with a `dispose` that runs once, then `onDisposed`; tracked,
   * since the engine disposes some adapters itself (shadow ones) and we dispose the rest.
   */
  adopt(adapter: SqlDriverAdapter, onDisposed?: () => Promise<void>): SqlDriverAdapter {
    const close = once(async () => {
      try {
        await adapter.dispose();
      } finally {
        await onDisposed?.();
      }
    });
    this.closers.push(close);
    return { ...adapter, dispose: close };
  }

  async disposeAll() {
    const errors: unknown[] = [];
    for (const close of this.closers.splice(0).reverse()) {
      await close().catch((e: unknown) => errors.push(e));
    }
    if (errors.length > 0) throw errors[0];
  }

  /** Wraps an adapter method so its errors are remembered. */
  capture<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      try {
        return await fn(...args);
      } catch (e) {
        this.lastError = e;
        throw e;
      }
    };
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | null = null;
  return () => (p ??= fn());
}

function describeError(e: unknown): string {
  if (e && typeof e === "object" && "cause" in e && e.cause && typeof e.cause === "object") {
    const c = e.cause as { message?: string; originalMessage?: string; kind?: string };
    return c.originalMessage ?? c.message ?? c.kind ?? String(e);
  }
  return e instanceof Error ? e.message : String(e);
}

// ---------- SQLite ----------

function wrapSqliteAdapter(inner: SqlDriverAdapter, t: AdapterTracker): SqlDriverAdapter {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: t.capture((q: SqlQuery) => inner.queryRaw(q)),
    // Shadow replay sends each whole migration.sql here, with no args.
    executeRaw: t.capture((q: SqlQuery) =>
      q.args.length === 0 ? inner.executeScript(q.sql).then(() => 0) : inner.executeRaw(q),
    ),
    executeScript: t.capture((s: string) => inner.executeScript(s)),
    startTransaction: t.capture((l?: Parameters<SqlDriverAdapter["startTransaction"]>[0]) => inner.startTransaction(l)),
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => inner.dispose(),
  };
}

/** `mainFile` defaults to an in-memory database: diffs never touch the real one. */
function sqliteFactory(t: AdapterTracker, mainFile = ":memory:"): SqlMigrationAwareDriverAdapterFactory {
  const open = async (file: string) =>
    t.adopt(wrapSqliteAdapter(await new PrismaBetterSqlite3({ url: file }).connect(), t));
  return {
    provider: "sqlite",
    adapterName: "@prisma/adapter-better-sqlite3",
    connect: () => open(mainFile),
    connectToShadowDb: () => open(":memory:"),
  };
}

// ---------- PostgreSQL ----------

type PgResultLike = { fields: Array<{ dataTypeID: number }> };
type WithPerformIO = { performIO: (q: SqlQuery) => Promise<PgResultLike> };

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/** adapter-pg cannot decode "char" (OID 18), which the engine reads from pg_catalog. */
function relabelCharColumns<T extends object>(queryable: T): T {
  const q = queryable as unknown as WithPerformIO;
  const original = q.performIO.bind(queryable);
  q.performIO = async (query) => {
    const result = await original(query);
    for (const f of result.fields) if (f.dataTypeID === PG_CHAR_OID) f.dataTypeID = PG_TEXT_OID;
    return result;
  };
  return queryable;
}

function wrapPgAdapter(inner: SqlDriverAdapter, pool: pg.Pool, t: AdapterTracker): SqlDriverAdapter {
  relabelCharColumns(inner);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: t.capture((q: SqlQuery) => inner.queryRaw(q)),
    executeRaw: t.capture((q: SqlQuery) => inner.executeRaw(q)),
    // A plain query with no parameters uses the simple protocol, which runs a
    // multi-statement script as written ($$ bodies and ';' in strings included).
    executeScript: t.capture(async (script: string) => {
      await pool.query(script);
    }),
    startTransaction: t.capture(async (l?: Parameters<SqlDriverAdapter["startTransaction"]>[0]) =>
      relabelCharColumns<Transaction>(await inner.startTransaction(l)),
    ),
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => inner.dispose(),
  };
}

function pgFactory(url: string, t: AdapterTracker): SqlMigrationAwareDriverAdapterFactory {
  const mainConfig = pgClientConfig(url);
  const open = async (config: pg.PoolConfig, onClose?: () => Promise<void>) => {
    const pool = new pg.Pool({ ...config, max: 2 });
    const base = new PrismaPg(pool, { disposeExternalPool: true });
    // Disposing it closes the pool, then (`onClose`) drops the shadow database.
    return t.adopt(wrapPgAdapter(await base.connect(), pool, t), onClose);
  };
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => open(mainConfig),
    connectToShadowDb: async () => {
      const name = `prisma_shadow_tmp_${randomBytes(6).toString("hex")}`;
      await withPgClient(mainConfig, (c) => c.query(`CREATE DATABASE "${name}"`));
      return open(pgClientConfig(url, { database: name }), async () => {
        await withPgClient(mainConfig, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      });
    },
  };
}

export async function withPgClient<R>(config: pg.ClientConfig, fn: (c: pg.Client) => Promise<R>): Promise<R> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// ---------- diff ----------

export type SchemaEngineInstance = WasmBg.SchemaEngine;

export type EngineSession = {
  engine: Engine;
  /** Schema text for this engine (the postgres one is derived from the SQLite source). */
  schema: { path: string; content: string };
  /**
   * SQLite: the database file the engine's main connection opens (default: in memory).
   * PostgreSQL: required; the engine connects to it, and shadow databases are created beside it.
   */
  sqliteFile?: string;
  postgresUrl?: string;
};

/**
 * Runs `fn` with a wasm schema engine connected through driver adapters, then
 * frees the engine and closes every adapter (and shadow database) it opened.
 * Errors carry the underlying database error when there is one.
 */
export async function withSchemaEngine<R>(
  session: EngineSession,
  fn: (engine: SchemaEngineInstance) => Promise<R>,
): Promise<R> {
  const bg = await loadWasm();
  const tracker = new AdapterTracker();
  let factory: SqlMigrationAwareDriverAdapterFactory;
  if (session.engine === "sqlite") {
    factory = sqliteFactory(tracker, session.sqliteFile);
  } else {
    if (!session.postgresUrl) throw new Error("The schema engine needs a PostgreSQL URL for PostgreSQL work.");
    factory = pgFactory(session.postgresUrl, tracker);
  }
  const logs: string[] = [];
  let engine: SchemaEngineInstance | null = null;
  try {
    engine = await bg.SchemaEngine.new(
      { datamodels: [[session.schema.path, session.schema.content]] },
      (line: string) => {
        if (logs.length < 200) logs.push(line);
      },
      bindMigrationAwareSqlAdapterFactory(factory),
    );
    return await fn(engine);
  } catch (e) {
    const detail = tracker.lastError ? `\nDatabase error: ${describeError(tracker.lastError)}` : "";
    const msg = e instanceof Error ? e.message : typeof e === "string" ? e : JSON.stringify(e);
    if (process.env.DEBUG_MIGRATE) console.error(logs.join("\n"));
    throw new Error(`Schema engine (${session.engine}) failed: ${msg}${detail}`, { cause: e });
  } finally {
    try {
      engine?.free();
    } finally {
      await tracker.disposeAll();
    }
  }
}

export type DiffInput = Omit<EngineSession, "sqliteFile"> & { migrations: MigrationsFolder };

export type DiffOutput = { empty: boolean; script: string };

/** Diff from the migration history (replayed on a shadow database) to the schema datamodel. */
export async function diffMigrationsToSchema(input: DiffInput): Promise<DiffOutput> {
  return withSchemaEngine(input, async (engine) => {
    const result = await engine.diff({
      from: { tag: "migrations", ...toEngineMigrationList(input.migrations, input.engine) },
      to: { tag: "schemaDatamodel", files: [{ path: input.schema.path, content: input.schema.content }] },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    return { empty: result.exitCode !== 2, script: result.stdout ?? "" };
  });
}
