/**
 * Page benchmark (npm run bench): the production build against synthetic
 * plans of 1k, 10k and 100k actions, on SQLite and (when a server is given)
 * PostgreSQL.
 *
 * For each engine: a throw-away database (a file under tests/.tmp/bench/, or
 * `bench_<id>` created on the PostgreSQL server), filled by generate.ts in a
 * child process, then one production server (scripts/serve.mjs) signed in as
 * each authority's admin. Each page × size is measured two ways:
 *   - service time: one client, requests in sequence (p50 / p95);
 *   - capacity: 20 concurrent clients for a few seconds (requests per second),
 *     as a ratio to the trivial route /healthz of the same server and size.
 * Then the table, the goal checks and a slow-query profile are printed and
 * written to tests/.tmp/bench/results.md. Databases and servers are removed
 * however the run ends (server.ts keeps the clean-up registry).
 *
 *   npm run bench                                   all sizes, every available engine
 *   npm run bench -- --sizes 1k,10k --engines sqlite
 *   TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench
 *
 * Options: --sizes, --engines, --requests (200), --max-seconds (10),
 * --capacity-seconds (5), --concurrency (20), --slow-ms (20: queries at least
 * this slow feed the profile), --keep (keep the databases), --check (exit 1
 * when a goal is missed). SKIP_BUILD=1 skips `react-router build`.
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTempDatabase, dropTempDatabase } from "../../scripts/lib/pg-temp-db.mjs";
import { parseSizes, type AuthorityManifest, type Manifest } from "./generate";
import { ROOT, arg } from "./harness";
import { createClient, measureCapacity, measureServiceTime, type Client } from "./http";
import {
  checkGoals,
  formatGoals,
  formatProfile,
  formatTable,
  profileFromLines,
  type Engine,
  type PageId,
  type QueryProfile,
  type Result,
} from "./report";
import {
  installSignalHandlers,
  onCleanup,
  runCleanups,
  startServer,
  stopping,
  trackChild,
  type RunningServer,
} from "./server";

const TMP = path.join(ROOT, "tests/.tmp/bench");
const ENGINES: Engine[] = ["sqlite", "postgres"];

// ---- options ---------------------------------------------------------------------

function numberArg(argv: string[], name: string, fallback: number): number {
  const v = arg(argv, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not "${v}"`);
  return n;
}

function parseOptions(argv: string[]) {
  const known = new Set([
    "--sizes",
    "--engines",
    "--requests",
    "--max-seconds",
    "--capacity-seconds",
    "--concurrency",
    "--slow-ms",
    "--keep",
    "--check",
  ]);
  for (const a of argv) {
    if (a.startsWith("--") && !known.has(a.split("=")[0]!)) throw new Error(`Unknown option ${a}`);
  }
  const postgresUrl = process.env.BENCH_POSTGRES_URL || process.env.TEST_POSTGRES_URL || undefined;
  const enginesArg = arg(argv, "--engines");
  let engines: Engine[];
  if (enginesArg) {
    const asked = enginesArg
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    for (const e of asked)
      if (!ENGINES.includes(e as Engine)) throw new Error(`Unknown engine "${e}": use ${ENGINES.join(", ")}`);
    engines = ENGINES.filter((e) => asked.includes(e));
    if (engines.includes("postgres") && !postgresUrl)
      throw new Error(
        "--engines postgres needs TEST_POSTGRES_URL or BENCH_POSTGRES_URL (a server URL whose role may CREATE DATABASE)",
      );
  } else {
    engines = postgresUrl ? ["sqlite", "postgres"] : ["sqlite"];
  }
  return {
    sizes: parseSizes(arg(argv, "--sizes")),
    engines,
    postgresUrl,
    requests: numberArg(argv, "--requests", 200),
    maxSeconds: numberArg(argv, "--max-seconds", 10),
    capacitySeconds: numberArg(argv, "--capacity-seconds", 5),
    concurrency: numberArg(argv, "--concurrency", 20),
    slowMs: numberArg(argv, "--slow-ms", 20),
    keep: argv.includes("--keep"),
    check: argv.includes("--check"),
  };
}
type Options = ReturnType<typeof parseOptions>;

// ---- child processes -------------------------------------------------------------------

/** Runs a command to completion with inherited output; rejects on a non-zero exit. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "inherit", "inherit"] });
    trackChild(child);
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(command)} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

const tsx = () => path.join(ROOT, "node_modules/tsx/dist/cli.mjs");

async function build() {
  if (process.env.SKIP_BUILD === "1") {
    console.log("SKIP_BUILD=1: using the existing build/");
  } else {
    console.log("Building (react-router build)…");
    await run(process.execPath, [path.join(ROOT, "node_modules/@react-router/dev/bin.js"), "build"]);
  }
  if (!existsSync(path.join(ROOT, "build/server/index.js")))
    throw new Error("No production build in build/: run `npx react-router build` or drop SKIP_BUILD=1");
}

/**
 * A private copy of build/ for the servers of this run, so that a rebuild in
 * the working tree during the run (someone else's `react-router build`) cannot
 * pull the files from under them. Returns the directory to run serve.mjs in;
 * the copy's imports still resolve to the project's node_modules (it sits
 * inside the project).
 */
function snapshotBuild(): string {
  const dir = path.join(TMP, `run_${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  onCleanup("build copy", () => rmSync(dir, { recursive: true, force: true }));
  cpSync(path.join(ROOT, "build"), path.join(dir, "build"), { recursive: true });
  if (!existsSync(path.join(dir, "build/server/index.js")))
    throw new Error("build/ changed while it was being copied: run again");
  return dir;
}

// ---- databases ------------------------------------------------------------------------

/** A fresh, empty database for one engine; its removal is registered for clean-up. */
async function createDatabase(engine: Engine, opts: Options): Promise<{ url: string; drop: () => Promise<void> }> {
  const id = `${Date.now().toString(36)}_${process.pid}`;
  if (engine === "sqlite") {
    const file = path.join(TMP, `bench_${id}.db`);
    const remove = () => {
      for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    };
    remove();
    const drop = onCleanup(`SQLite file ${path.relative(ROOT, file)}`, () =>
      opts.keep ? console.log(`Kept ${file}`) : remove(),
    );
    return { url: `file:${file}`, drop };
  }
  const server = opts.postgresUrl!;
  const url = await createTempDatabase(server, "bench");
  const name = new URL(url).pathname.slice(1);
  const drop = onCleanup(`PostgreSQL database ${name}`, () =>
    opts.keep ? console.log(`Kept database ${name}`) : dropTempDatabase(server, url),
  );
  return { url, drop };
}

async function generate(url: string, opts: Options): Promise<Manifest> {
  const out = path.join(TMP, `manifest_${process.pid}.json`);
  rmSync(out, { force: true });
  await run(
    process.execPath,
    [tsx(), path.join(ROOT, "tests/bench/generate.ts"), "--url", url, "--sizes", opts.sizes.join(","), "--out", out],
    {
      ...process.env,
      LOG_LEVEL: "silent",
    },
  );
  const manifest = JSON.parse(readFileSync(out, "utf8")) as Manifest;
  rmSync(out, { force: true });
  return manifest;
}

// ---- pages ---------------------------------------------------------------------------

type Page = { page: PageId; label: string; path: () => string };

function pagesFor(a: AuthorityManifest): Page[] {
  const base = `/a/${a.slug}`;
  let next = 0;
  const actionPath = () => `${base}/actions/${a.sampleActionIds[next++ % a.sampleActionIds.length]}`;
  const q = encodeURIComponent(a.searchWord);
  return [
    { page: "trivial", label: "trivial /healthz", path: () => "/healthz" },
    { page: "home", label: "home (my actions)", path: () => base },
    { page: "dashboard", label: "dashboard", path: () => `${base}/dashboard` },
    { page: "list", label: "action list", path: () => `${base}/actions` },
    { page: "filtered", label: "list: in progress + red", path: () => `${base}/actions?status=in_progress&rag=red` },
    { page: "search", label: `list: search "${a.searchWord}"`, path: () => `${base}/actions?q=${q}` },
    { page: "action", label: "action page", path: actionPath },
  ];
}

const fmtMs = (n: number) => `${n.toFixed(1)} ms`;

async function measurePage({
  engine,
  a,
  page,
  client,
  server,
  trivialRps,
  opts,
  profiles,
}: {
  engine: Engine;
  a: AuthorityManifest;
  page: Page;
  client: Client;
  server: RunningServer;
  trivialRps: number | undefined;
  opts: Options;
  profiles: QueryProfile[];
}): Promise<Result> {
  const example = page.path();
  const result: Result = {
    engine,
    size: a.size,
    page: page.page,
    label: page.label,
    path: example,
    state: "ok",
    status: 0,
    kbHtml: 0,
  };
  // Probe: the status, the uncompressed size and (for the cached dashboard) the first, cold request.
  server.takeLines();
  const probe = await client.get(example, { gzip: false });
  result.status = probe.status;
  result.kbHtml = probe.bytes / 1024;
  if (probe.status === 404) return { ...result, state: "missing" };
  if (probe.status !== 200) {
    const note = probe.location ? `→ ${probe.location}` : undefined;
    return { ...result, state: "error", note };
  }
  if (page.page === "dashboard") result.note = `first request ${probe.ms.toFixed(0)} ms (then cached)`;

  let timedLines: string[] = [];
  result.service = await measureServiceTime({
    client,
    path: page.path,
    expectStatus: 200,
    requests: opts.requests,
    warmup: 5,
    maxSeconds: opts.maxSeconds,
    onPhase: (phase) => {
      // Only the sequential, timed requests feed the slow-query profile.
      if (phase === "timed") server.takeLines();
      if (phase === "done") timedLines = server.takeLines();
    },
  });
  profiles.push({
    engine,
    size: a.size,
    label: page.label,
    requests: result.service.n,
    queries: profileFromLines(timedLines),
  });
  result.capacity = await measureCapacity({
    client,
    path: page.path,
    expectStatus: 200,
    concurrency: opts.concurrency,
    seconds: opts.capacitySeconds,
  });
  server.takeLines();
  if (page.page !== "trivial" && trivialRps) result.ratio = result.capacity.rps / trivialRps;
  return result;
}

async function benchEngine(
  engine: Engine,
  opts: Options,
  serverDir: string,
  results: Result[],
  profiles: QueryProfile[],
) {
  const t0 = performance.now();
  console.log(`\n== ${engine}: creating the database and generating ${opts.sizes.join(", ")}`);
  const db = await createDatabase(engine, opts);
  const manifest = await generate(db.url, opts);
  console.log(`   generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

  const server = await startServer({
    databaseUrl: db.url,
    logFile: path.join(TMP, `server-${engine}.log`),
    collect: true,
    cwd: serverDir,
    extraEnv: { SLOW_QUERY_MS: String(opts.slowMs), LOG_LEVEL: "info" },
  });
  try {
    for (const a of manifest.authorities) {
      let trivialRps: number | undefined;
      for (const page of pagesFor(a)) {
        // Fresh sockets for each page: keep-alive sockets left idle since the last capacity run
        // can be closed by the server (5 s keep-alive timeout) just as they are reused.
        const client = createClient({
          port: server.port,
          cookie: `ib_session=${a.sessionToken}`,
          sockets: opts.concurrency,
        });
        let r: Result;
        try {
          r = await measurePage({ engine, a, page, client, server, trivialRps, opts, profiles });
        } finally {
          client.close();
        }
        if (page.page === "trivial") trivialRps = r.capacity?.rps;
        results.push(r);
        const s = r.service;
        console.log(
          `   ${engine} ${a.size.padEnd(4)} ${page.label.padEnd(30)} ` +
            (r.state === "ok" && s
              ? `p50 ${fmtMs(s.p50).padStart(9)}  p95 ${fmtMs(s.p95).padStart(9)}  ${r.capacity!.rps.toFixed(0).padStart(5)} rps` +
                (r.ratio !== undefined ? `  ${(r.ratio * 100).toFixed(0)} % of trivial` : "") +
                (r.capacity!.errors
                  ? `  (${r.capacity!.errors} capacity errors, first: ${r.capacity!.firstError})`
                  : "")
              : `${r.state} (HTTP ${r.status}${r.note ? ` ${r.note}` : ""})`),
        );
      }
    }
  } finally {
    await server.stop();
    await db.drop();
  }
  console.log(`   ${engine} done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

// ---- main ------------------------------------------------------------------------------

async function main() {
  const started = performance.now();
  const opts = parseOptions(process.argv.slice(2));
  installSignalHandlers();
  mkdirSync(TMP, { recursive: true });
  console.log(
    `Page benchmark — Node ${process.version}, ${os.cpus().length} cores; sizes ${opts.sizes.join(", ")}; engines ${opts.engines.join(", ")}` +
      (opts.postgresUrl ? "" : " (set TEST_POSTGRES_URL or BENCH_POSTGRES_URL to add PostgreSQL)"),
  );
  console.log(
    `Service time: 1 client, up to ${opts.requests} requests or ${opts.maxSeconds} s per page; capacity: ${opts.concurrency} clients for ${opts.capacitySeconds} s per page`,
  );
  const load = () =>
    os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(" ");
  const loadAtStart = load();
  console.log(`Load average ${loadAtStart} (other work on the machine skews the figures)`);
  await build();
  const serverDir = snapshotBuild();

  const results: Result[] = [];
  const profiles: QueryProfile[] = [];
  for (const engine of opts.engines) await benchEngine(engine, opts, serverDir, results, profiles);

  const goals = checkGoals(results);
  const minutes = (performance.now() - started) / 60_000;
  const profile = formatProfile(profiles);
  const text = [
    formatTable(results),
    "",
    formatGoals(goals),
    "",
    profile
      ? `Queries of ${opts.slowMs} ms or more during the service-time runs (top 3 per page):\n${profile}`
      : `No query took ${opts.slowMs} ms or more during the service-time runs.`,
  ].join("\n");
  console.log(
    `\n${text}\n\nTotal ${minutes.toFixed(1)} min; load average ${loadAtStart} at the start, ${load()} at the end.`,
  );
  const md = [
    "# Page benchmark",
    "",
    `${new Date().toISOString()} — Node ${process.version}, ${os.cpus().length} cores, ${os.platform()}; sizes ${opts.sizes.join(", ")}; engines ${opts.engines.join(", ")}.`,
    `Service time: 1 client, up to ${opts.requests} requests or ${opts.maxSeconds} s per page. Capacity: ${opts.concurrency} clients for ${opts.capacitySeconds} s per page, as a ratio to /healthz of the same server and size. Total ${minutes.toFixed(1)} min; load average ${loadAtStart} at the start, ${load()} at the end.`,
    "",
    formatTable(results),
    "",
    "```",
    formatGoals(goals),
    "```",
    "",
    profile
      ? `Queries of ${opts.slowMs} ms or more during the service-time runs (top 3 per page):\n\n\`\`\`\n${profile}\n\`\`\``
      : `No query took ${opts.slowMs} ms or more during the service-time runs.`,
    "",
  ].join("\n");
  writeFileSync(path.join(TMP, "results.md"), md);
  console.log(`Written to ${path.relative(process.cwd(), path.join(TMP, "results.md"))}`);
  return opts.check && goals.some((g) => g.verdict === "MISS") ? 1 : 0;
}

main()
  .then(async (code) => {
    await runCleanups();
    process.exit(code);
  })
  .catch(async (e: unknown) => {
    // After Ctrl-C the servers go away under the running measurement: that error is expected, not news.
    if (!stopping()) console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    await runCleanups();
    process.exit(stopping() ? 130 : 1);
  });
