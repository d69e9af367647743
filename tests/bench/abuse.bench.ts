/**
 * Abuse benchmark (npm run bench:abuse, issue 12): every scenario in
 * tests/bench/abuse/*.ts (each exports `scenario: AbuseScenario`) is run
 * against the production server (`node scripts/serve.mjs`, the existing
 * build: nothing is built here) on port 3297 with a fresh SQLite demo
 * database. The server is restarted for each scenario. For each it prints
 * the server's peak RSS growth (sampled from /proc/<pid>/status every 50 ms;
 * counted from the peak of an 8 s "before" phase under the same normal load,
 * after a 10 s warm-up, so that the heap growth the normal load causes by
 * itself is not charged to the attack) and the p50/p95 of a normal signed-in
 * user (owner@leeds.demo) loading the action list before and during the attack, with met/missed against the
 * scenario's maxRssGrowthMb and against "p95 during ≤ 3 × p95 before, or ≤ 1 s".
 *
 *   npx react-router build     # once, if build/ is missing
 *   npm run bench:abuse
 *   npm run bench:abuse -- --only bodies --check   # --check: exit 1 when a goal is missed
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { rssMb, sampleRss } from "./hostile-body";
import { quantile } from "./http";
import { ARGV, ROOT, arg, flag } from "./harness";
import { installSignalHandlers, onCleanup, runCleanups, trackChild } from "./server";
import type { AbuseContext, AbuseScenario } from "./abuse/types";

const PORT = 3297;
const ORIGIN = `http://localhost:${PORT}`;
const PASSWORD = "Kestrel-Lantern-Ledger-2026";
const NORMAL_USER = "owner@leeds.demo";
const NORMAL_PAGE = "/a/leeds/actions";
const CHECK = flag("--check");
const WARM_UP_MS = 10_000;
const BEFORE_MS = 8_000;
/** Pause between the normal user's pages: a busy person (5 pages a second), not a load test. */
const THINK_MS = 200;
const ONLY = arg(ARGV, "--only")?.split(",") ?? null;

function get(pathname: string, cookie: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.get(
      `${ORIGIN}${pathname}`,
      { headers: { cookie, accept: "text/html" }, timeout: 60_000 },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve({ status: 0, ms: performance.now() - started }));
  });
}

async function signIn(email: string): Promise<string> {
  const res = await fetch(`${ORIGIN}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
    body: new URLSearchParams({ email, password: PASSWORD }).toString(),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  if (!cookie.includes("=")) throw new Error(`could not sign in as ${email} (status ${res.status})`);
  return cookie;
}

async function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; stop: () => Promise<void> }> {
  if ((await get("/healthz", "")).status !== 0)
    throw new Error(`port ${PORT} is already in use (another bench:abuse run?)`);
  const child = spawn(process.execPath, ["scripts/serve.mjs"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  trackChild(child);
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const stop = onCleanup(`server on port ${PORT}`, async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(t);
    }
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} (is port ${PORT} free?)`);
    if ((await get("/healthz", "")).status === 200 && child.exitCode === null) return { child, stop };
    if (Date.now() > deadline) throw new Error("the server did not answer /healthz within 60 s");
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function loadScenarios(): Promise<{ file: string; scenario: AbuseScenario }[]> {
  const dir = path.join(ROOT, "tests/bench/abuse");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && f !== "types.ts" && !f.endsWith(".d.ts"))
    .sort();
  const out: { file: string; scenario: AbuseScenario }[] = [];
  for (const f of files) {
    if (ONLY && !ONLY.some((o) => f.startsWith(o))) continue;
    const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { scenario?: AbuseScenario };
    if (!mod.scenario) console.warn(`  (skipped ${f}: it exports no \`scenario\`)`);
    else out.push({ file: f, scenario: mod.scenario });
  }
  return out;
}

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: quantile(s, 0.5), p95: quantile(s, 0.95) };
};

type Row = {
  name: string;
  baseMb: number;
  growthMb: number;
  maxMb: number;
  before: ReturnType<typeof stats>;
  during: ReturnType<typeof stats>;
  errors: number;
  error: string | null;
  seconds: number;
};

async function runOne(scenario: AbuseScenario, env: NodeJS.ProcessEnv): Promise<Row> {
  const { child, stop } = await startServer(env);
  const pid = child.pid!;
  try {
    const cookie = await signIn(NORMAL_USER);
    // The normal user's loop: one page at a time, THINK_MS apart, until `until()` says stop.
    let errors = 0;
    const loop = async (out: number[], until: () => boolean) => {
      while (!until()) {
        const r = await get(NORMAL_PAGE, cookie);
        if (r.status === 200) out.push(r.ms);
        else errors++;
        await new Promise((res) => setTimeout(res, THINK_MS));
      }
    };
    const forMs = (ms: number) => {
      const end = Date.now() + ms;
      return () => Date.now() >= end;
    };
    // Warm up, then the "before" phase under the same normal load. The server's heap grows
    // with that load alone, so growth is counted from the peak of the before phase: what is
    // left is the attack's.
    await loop([], forMs(WARM_UP_MS));
    const beforeMs: number[] = [];
    const beforeSampler = sampleRss(pid, 50);
    await loop(beforeMs, forMs(BEFORE_MS));
    const baseMb = Math.max(beforeSampler.stop(), rssMb(pid));
    errors = 0;
    const sampler = sampleRss(pid, 50);
    const duringMs: number[] = [];
    let running = true;
    const normalUser = loop(duringMs, () => !running);
    const ctx: AbuseContext = { origin: ORIGIN, serverPid: pid, signIn, authoritySlug: "leeds" };
    const started = performance.now();
    let error: string | null = null;
    try {
      await scenario.run(ctx);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const seconds = (performance.now() - started) / 1000;
    running = false;
    await normalUser;
    const peak = sampler.stop();
    return {
      name: scenario.name,
      baseMb,
      growthMb: peak - baseMb,
      maxMb: scenario.maxRssGrowthMb,
      before: stats(beforeMs),
      during: stats(duringMs),
      errors,
      error,
      seconds,
    };
  } finally {
    await stop();
  }
}

async function main() {
  installSignalHandlers();
  if (!existsSync(path.join(ROOT, "build/server/index.js"))) {
    console.error("No production build in build/. This benchmark builds nothing: run `npx react-router build` first.");
    process.exit(1);
  }
  const scenarios = await loadScenarios();
  if (scenarios.length === 0) {
    console.error("No scenarios found in tests/bench/abuse/.");
    process.exit(1);
  }
  const work = mkdtempSync(path.join(os.tmpdir(), "ib-abuse-"));
  onCleanup("work dir", () => rmSync(work, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `file:${path.join(work, "app.db")}`,
    FILES_DIR: path.join(work, "files"),
    PORT: String(PORT),
    NODE_ENV: "production",
    COOKIE_SECURE: "false",
    LOG_REQUESTS: "false",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    STORAGE_SWEEP: "off",
  };
  for (const args of [["scripts/db.ts", "deploy"], ["prisma/seed.ts"]]) {
    const r = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), args, { cwd: ROOT, env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`tsx ${args.join(" ")} failed:\n${r.stderr}`);
  }
  console.log(
    `Abuse benchmark: ${scenarios.length} scenario(s), server on port ${PORT}, fresh SQLite demo database; normal user ${NORMAL_USER} loading ${NORMAL_PAGE}.`,
  );
  const rows: Row[] = [];
  for (const { file, scenario } of scenarios) {
    console.log(`\n• ${scenario.name} (${file}): ${scenario.description}`);
    rows.push(await runOne(scenario, env));
  }

  const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} ms` : "–");
  let missed = 0;
  console.log(
    "\n| scenario | RSS before (peak) | peak growth | goal | p50 / p95 before | p50 / p95 during | p95 goal | time | result |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const r of rows) {
    const memOk = r.growthMb <= r.maxMb && r.error === null;
    const p95Ok = r.during.n > 0 && (r.during.p95 <= 3 * r.before.p95 || r.during.p95 <= 1000);
    if (!memOk || !p95Ok) missed++;
    console.log(
      `| ${r.name} | ${r.baseMb.toFixed(0)} MB | +${r.growthMb.toFixed(1)} MB | ≤ ${r.maxMb} MB: ${memOk ? "met" : "missed"} | ${ms(r.before.p50)} / ${ms(r.before.p95)} | ${ms(r.during.p50)} / ${ms(r.during.p95)} (n=${r.during.n}${r.errors ? `, ${r.errors} failed` : ""}) | ≤ 3× or ≤ 1 s: ${p95Ok ? "met" : "missed"} | ${r.seconds.toFixed(1)} s | ${r.error ? `error: ${r.error}` : "ok"} |`,
    );
  }
  await runCleanups();
  if (CHECK && missed > 0) process.exit(1);
}

main().catch(async (e) => {
  console.error(e instanceof Error ? e.message : e);
  await runCleanups();
  process.exit(1);
});
