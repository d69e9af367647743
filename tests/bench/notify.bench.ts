/**
 * Reminders benchmark (npm run bench:notify): one authority of 10,000 open
 * actions owned by 500 users, each action due exactly one reminder today
 * (a third due soon, a third overdue, a third not updated for the chaser's
 * days), on a throw-away database (SQLite by default; PostgreSQL with
 * --engine postgres and TEST_POSTGRES_URL). The delivery workers run, as on
 * the server, while the daily reminders run (runReminders) plans and queues,
 * and the emails go over SMTP to the test SMTP server (tests/helpers/smtp.ts)
 * in a process of its own.
 *
 * Prints:
 *  - planning: the pure planner over the 10k actions in memory, and the whole
 *    run (load, plan and queue through the outbox);
 *  - enqueue → delivered, per email: from its delivery row being written (in
 *    the run's transaction) to the mail server accepting it, p50 and p95;
 *  - messages per second, from the run's start to the last delivery;
 *  - duplicates: emails the SMTP server got twice (by Message-ID), and
 *    notifications created by the same day's run forced a second time.
 * Goals: 10k reminders planned in ≤ 5 s; delivery p95 ≤ 2 s; 0 duplicates.
 * The figures are printed with met / missed; --check exits 1 when a goal is missed.
 *
 *   npm run bench:notify
 *   npm run bench:notify -- --actions 10000 --users 500 --concurrency 8 --smtp-connections 16
 *   TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench:notify -- --engine postgres
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { deployMigrations } from "../../scripts/lib/migrate";
import { createTempDatabase, dropTempDatabase } from "../../scripts/lib/pg-temp-db.mjs";
import { ROOT, flag, opt } from "./harness";

const ACTIONS = Number(opt("--actions", "10000"));
const USERS = Number(opt("--users", "500"));
const CONCURRENCY = Number(opt("--concurrency", "8"));
/** SMTP_CONNECTIONS for the run (the service's default is 4). */
const SMTP_CONNECTIONS = Number(opt("--smtp-connections", "16"));
const ENGINE = opt("--engine", "sqlite") as "sqlite" | "postgres";
const CHECK = flag("--check");
const GOALS = { planMs: 5000, p95Ms: 2000, duplicates: 0 };

// 07:00 in London on Friday 4 December 2026, the morning the reminders run.
const NOW = new Date("2026-12-04T07:00:00.000Z");
const DAY = 86_400_000;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const verdict = (ok: boolean) => (ok ? "met" : "missed");

async function startSink(): Promise<{
  url: string;
  report(): Promise<{ received: number; unique: number }>;
  stop(): void;
}> {
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "tests/bench/smtp-sink.ts")], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => JSON.parse(String((await lines.next()).value)) as Record<string, number | string>;
  const { url } = (await next()) as { url: string };
  return {
    url,
    async report() {
      child.stdin!.write("report\n");
      return (await next()) as { received: number; unique: number };
    },
    stop: () => child.kill("SIGTERM"),
  };
}

async function main() {
  const runId = Math.random().toString(36).slice(2, 8);
  let databaseUrl: string;
  let cleanUp: () => Promise<void>;
  if (ENGINE === "postgres") {
    const base = process.env.TEST_POSTGRES_URL;
    if (!base) throw new Error("--engine postgres needs TEST_POSTGRES_URL");
    databaseUrl = await createTempDatabase(base, "bench_notify");
    cleanUp = () => dropTempDatabase(base, databaseUrl);
  } else {
    const dir = path.join(ROOT, "tests/.tmp/bench-notify");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `notify-${runId}.db`);
    databaseUrl = `file:${file}`;
    cleanUp = async () => {
      for (const s of ["", "-wal", "-shm", "-journal"]) rmSync(file + s, { force: true });
    };
  }
  const sink = await startSink();
  try {
    await deployMigrations({ url: databaseUrl, log: () => {} });
    Object.assign(process.env, {
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
      JOBS_SCHEMA: `pgboss_bench_${runId}`,
      APP_ORIGIN: "https://improvement-board.example.gov.uk",
    });
    // App modules read the environment when first used: load them after it is set.
    const { getDb, disconnectDb } = await import("../../app/utils/db.server");
    const { startJobWorkers, stopJobQueue } = await import("../../app/modules/jobs/runner.server");
    const { deliverEmail } = await import("../../app/modules/notify/deliver.server");
    const { setMailTransport, smtpTransport } = await import("../../app/modules/notify/mailer.server");
    const { planReminders, parseReminderDays } = await import("../../app/modules/notify/reminders");
    const { runReminders, REMINDER_ACTION_SELECT } = await import("../../app/modules/notify/reminders.server");
    const db = getDb();

    // ── The plan ────────────────────────────────────────────────────────
    const t0 = performance.now();
    const authority = await db.authority.create({
      data: { name: "Bench Borough Council", slug: `bench-${runId}`, onsCode: `B${runId}` },
    });
    const userIds = Array.from({ length: USERS }, (_, i) => `bench-u${i}-${runId}`);
    for (let i = 0; i < USERS; i += 250) {
      const ids = userIds.slice(i, i + 250);
      await db.user.createMany({
        data: ids.map((id, j) => ({
          id,
          email: `owner${i + j}.${runId}@bench.example.gov.uk`,
          name: `Owner ${i + j}`,
        })),
      });
      await db.membership.createMany({
        data: ids.map((userId) => ({ userId, authorityId: authority.id, role: "action_owner" })),
      });
    }
    const inspection = await db.inspection.create({
      data: {
        authorityId: authority.id,
        type: "ilacs_standard",
        title: "Inspection of children's social care services",
      },
    });
    const recs = 100;
    await db.recommendation.createMany({
      data: Array.from({ length: recs }, (_, i) => ({
        id: `bench-r${i}-${runId}`,
        authorityId: authority.id,
        inspectionId: inspection.id,
        reference: `R${i + 1}`,
        text: `Improvement item ${i + 1}.`,
        kind: "improvement_item",
        position: i,
      })),
    });
    const today = Date.UTC(2026, 11, 4);
    const rows = Array.from({ length: ACTIONS }, (_, i) => {
      const kind = i % 3;
      return {
        authorityId: authority.id,
        recommendationId: `bench-r${i % recs}-${runId}`,
        title: `Action ${i + 1}: strengthen management oversight of plans`,
        ownerId: userIds[i % USERS]!,
        status: "in_progress",
        position: i,
        // due soon (7 days), overdue (since yesterday), or no due date and quiet for 30 days.
        dueDate: kind === 0 ? new Date(today + 7 * DAY) : kind === 1 ? new Date(today - 1 * DAY) : null,
        lastUpdateAt: kind === 2 ? new Date(today - 30 * DAY) : new Date(today - 2 * DAY),
        createdAt: new Date(today - 90 * DAY),
      };
    });
    for (let i = 0; i < rows.length; i += 500) await db.action.createMany({ data: rows.slice(i, i + 500) });
    console.log(
      `Reminders benchmark — ${ENGINE}, ${ACTIONS} actions, ${USERS} users, ${CONCURRENCY} delivery jobs at a time, ${SMTP_CONNECTIONS} SMTP connections, Node ${process.version}; seeded in ${fmt(performance.now() - t0)}\n`,
    );

    // ── Planning alone (pure, in memory) ────────────────────────────────
    const loaded = await db.action.findMany({
      where: { authorityId: authority.id },
      select: REMINDER_ACTION_SELECT,
    });
    const settings = { reminderDays: parseReminderDays(authority.reminderDays), chaserDays: 30, meetingChaserDays: 7 };
    const planTimes: number[] = [];
    let planned = 0;
    for (let run = 0; run < 5; run++) {
      const s = performance.now();
      planned = planReminders({ settings, actions: loaded, inspections: [], now: NOW }).length;
      planTimes.push(performance.now() - s);
    }
    const pureMs = [...planTimes].sort((a, b) => a - b)[2]!;
    console.error(`  pure planner: ${fmt(pureMs)} for ${planned} reminders`);

    // ── The run, with the delivery workers going ────────────────────────
    setMailTransport(
      smtpTransport(sink.url, "improvement-board@bench.example.gov.uk", { maxConnections: SMTP_CONNECTIONS }),
    );
    await startJobWorkers([{ queue: "notify-deliver", handler: deliverEmail, concurrency: CONCURRENCY }], []);
    const runStart = Date.now();
    const r0 = performance.now();
    const result = await runReminders({ now: NOW });
    const runMs = performance.now() - r0;
    console.error(`  runReminders: ${fmt(runMs)}, ${result.created} notifications; waiting for delivery…`);
    const total = await db.notificationDelivery.count({ where: { authorityId: authority.id } });
    const deadline = Date.now() + 10 * 60_000;
    let sent = 0;
    while (Date.now() < deadline) {
      sent = await db.notificationDelivery.count({
        where: { authorityId: authority.id, status: { in: ["sent", "failed"] } },
      });
      if (sent >= total) break;
      await new Promise((r) => setTimeout(r, 500));
      if (Math.random() < 0.1) console.error(`  delivered ${sent} / ${total}`);
    }
    const deliveries = await db.notificationDelivery.findMany({
      where: { authorityId: authority.id },
      select: { createdAt: true, sentAt: true, status: true },
    });
    const lastSent = Math.max(...deliveries.map((d) => d.sentAt?.getTime() ?? 0));
    const latencies = deliveries
      .filter((d) => d.sentAt)
      .map((d) => d.sentAt!.getTime() - d.createdAt.getTime())
      .sort((a, b) => a - b);
    const failed = deliveries.filter((d) => d.status === "failed").length;
    const perSecond = latencies.length / ((lastSent - runStart) / 1000);

    // ── Duplicates: the same day forced again, and what the mail server got ─
    await db.scheduledRun.deleteMany({ where: { name: { startsWith: "reminders" } } });
    const again = await runReminders({ now: NOW });
    await new Promise((r) => setTimeout(r, 1500));
    const arrived = await sink.report();
    const duplicates = arrived.received - arrived.unique + again.created;
    await stopJobQueue();

    const p50 = quantile(latencies, 0.5);
    const p95 = quantile(latencies, 0.95);
    const lines = [
      `| measure | value | goal |`,
      `| --- | --- | --- |`,
      `| reminders planned | ${planned} (run: ${result.planned} planned, ${result.created} notifications, ${total} emails) | ${ACTIONS} |`,
      `| plan, pure planner (median of 5) | ${fmt(pureMs)} | ≤ 5 s: ${verdict(pureMs <= GOALS.planMs)} |`,
      `| plan + queue, runReminders (load, plan, outbox) | ${fmt(runMs)} | ≤ 5 s: ${verdict(runMs <= GOALS.planMs)} |`,
      `| enqueue → delivered p50 | ${fmt(p50)} | |`,
      `| enqueue → delivered p95 | ${fmt(p95)} | ≤ 2 s: ${verdict(p95 <= GOALS.p95Ms)} |`,
      `| enqueue → delivered max | ${fmt(latencies.at(-1) ?? NaN)} | |`,
      `| messages per second (run start → last delivery) | ${perSecond.toFixed(0)} | |`,
      `| delivered / failed / arrived at SMTP | ${latencies.length} / ${failed} / ${arrived.received} | all ${total} |`,
      `| duplicates (SMTP by Message-ID + forced rerun) | ${duplicates} | 0: ${verdict(duplicates === 0)} |`,
    ];
    console.log(lines.join("\n"));
    const missed =
      runMs > GOALS.planMs || p95 > GOALS.p95Ms || duplicates !== 0 || latencies.length !== total || total !== ACTIONS;
    console.log(missed ? "\nGoals: missed (see above)." : "\nGoals: all met.");
    if (ENGINE === "postgres") await db.$executeRawUnsafe(`DROP SCHEMA IF EXISTS "pgboss_bench_${runId}" CASCADE`);
    await disconnectDb();
    if (CHECK && missed) process.exitCode = 1;
  } finally {
    sink.stop();
    await cleanUp();
  }
}

await main();
