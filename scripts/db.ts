/**
 * Migrations CLI (offline replacement for `prisma migrate ...`).
 *
 *   tsx scripts/db.ts create <name> [--engine sqlite|postgres]
 *   tsx scripts/db.ts deploy
 *   tsx scripts/db.ts status
 *   tsx scripts/db.ts check [--engine sqlite|postgres]
 *
 * DATABASE_URL picks the database for deploy / status: unset or file:... is
 * SQLite (default file:./data/app.db), postgres(ql)://... is PostgreSQL.
 * create / check work on both engines' migration folders; their PostgreSQL
 * half needs a server: DATABASE_URL if postgres, else TEST_POSTGRES_URL
 * (check skips it with a note when neither is set; create fails).
 *
 * Exit codes: 0 ok; 1 error, pending migrations (status) or schema ahead of
 * migrations (check); 2 usage.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  ENGINES,
  checkMigrations,
  createMigration,
  deployMigrations,
  migrationStatus,
  type Engine,
} from "./lib/migrate.ts";

const USAGE = `Usage: tsx scripts/db.ts <command>
  create <name> [--engine sqlite|postgres]  new migration from the schema diff (both engines by default)
  deploy                                    apply pending migrations to DATABASE_URL
  status                                    list applied / pending migrations (exit 1 if any pending)
  check [--engine sqlite|postgres]          exit 1 if prisma/schema.prisma is ahead of the migrations`;

class UsageError extends Error {}

function parseEngines(args: string[]): { engines: readonly Engine[]; rest: string[] } {
  const rest: string[] = [];
  let engines: readonly Engine[] = ENGINES;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^--engine(?:=(.*))?$/.exec(a);
    if (!m) {
      rest.push(a);
      continue;
    }
    const v = m[1] ?? args[++i];
    if (v !== "sqlite" && v !== "postgres") throw new UsageError(`--engine must be sqlite or postgres, got ${v}`);
    engines = [v];
  }
  return { engines, rest };
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const started = performance.now();
  const done = (code: number) => {
    if (process.env.DB_TIMING) console.error(`(${command} took ${Math.round(performance.now() - started)} ms)`);
    return code;
  };
  switch (command) {
    case "create": {
      const { engines, rest } = parseEngines(args);
      if (rest.length !== 1 || rest[0]!.startsWith("-")) throw new UsageError("create needs exactly one name");
      const result = await createMigration({ name: rest[0]!, engines });
      for (const c of result.created) console.log(`${c.engine}: created ${path.relative(process.cwd(), c.file)}`);
      for (const e of result.unchanged) console.log(`${e}: no changes, no migration created`);
      if (result.created.length === 0) console.log("no changes");
      return done(0);
    }
    case "deploy": {
      if (args.length > 0) throw new UsageError("deploy takes no arguments");
      await deployMigrations();
      return done(0);
    }
    case "status": {
      if (args.length > 0) throw new UsageError("status takes no arguments");
      const s = await migrationStatus();
      console.log(`${s.engine} ${s.database}${s.databaseExists ? "" : " (does not exist yet)"}`);
      console.log(`migrations: ${path.relative(process.cwd(), s.migrationsDir)}`);
      for (const n of s.applied)
        console.log(`  applied  ${n}${s.edited.includes(n) ? "  (EDITED since applied)" : ""}`);
      for (const n of s.failed) console.log(`  FAILED   ${n}`);
      for (const n of s.pending) console.log(`  pending  ${n}`);
      for (const n of s.notOnDisk) console.log(`  applied, not on disk  ${n}`);
      if (s.upToDate) {
        console.log("Database schema is up to date.");
        return done(0);
      }
      const problems = [
        s.pending.length && `${s.pending.length} pending (run \`npm run db:migrate:deploy\`)`,
        s.failed.length && `${s.failed.length} failed`,
        s.edited.length && `${s.edited.length} edited after being applied`,
      ].filter(Boolean);
      console.error(`Not up to date: ${problems.join(", ")}.`);
      return done(1);
    }
    case "check": {
      const { engines, rest } = parseEngines(args);
      if (rest.length > 0) throw new UsageError(`unexpected argument ${rest[0]}`);
      const result = await checkMigrations({ engines });
      if (result.ok) {
        console.log(result.message);
        return done(0);
      }
      console.error(result.message);
      console.error("Migration check failed: the schema has changes that no migration contains.");
      return done(1);
    }
    case undefined:
    case "-h":
    case "--help":
    case "help":
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Everything closes its handles, so Node exits by itself; this unref'd timer
  // only forces the exit if some driver ever keeps the event loop alive.
  const forceExit = () => setTimeout(() => process.exit(), 5000).unref();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      forceExit();
    },
    (err: unknown) => {
      if (err instanceof UsageError) {
        console.error(`${err.message}\n\n${USAGE}`);
        process.exitCode = 2;
        return;
      }
      console.error(err instanceof Error ? err.message : err);
      if (process.env.DEBUG_MIGRATE && err instanceof Error) console.error(err.stack);
      process.exitCode = 1;
      forceExit();
    },
  );
}
