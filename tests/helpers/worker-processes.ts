/**
 * Worker processes for the runner's crash tests (app/modules/jobs/*.test.ts):
 * `npm run worker`'s script as a real process, sending to a real SMTP server,
 * on the suite's real database; emails queued for one person; and what the
 * server received. `stopWorkers()` after each test.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { queueNotifications } from "../../app/modules/notify/outbox.server";
import { getDb } from "../../app/utils/db.server";
import type { SmtpSink } from "./smtp";
import { createWorld } from "./world";

const children = new Set<ChildProcess>();
// A test run that ends early (a failure, a timeout) leaves no worker behind.
process.once("exit", () => stopWorkers());

/** Kills every worker the test started. */
export function stopWorkers() {
  for (const c of children) c.kill("SIGKILL");
  children.clear();
}

export function startWorker(smtpUrl: string, extra: Record<string, string> = {}): ChildProcess {
  // Node itself with tsx's loader, not the tsx command: that runs the script in a child process of its own,
  // which a SIGKILL of the command leaves running (the kill -9 test would kill only the wrapper).
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("scripts/worker.ts")], {
    env: {
      ...process.env,
      SMTP_URL: smtpUrl,
      JOBS_POLL_SECONDS: "0.2",
      STORAGE_SWEEP: "off",
      REMINDERS: "off",
      ...extra,
      LOG_LEVEL: process.env.CRASH_DEBUG ? "info" : "silent",
    },
    stdio: ["ignore", process.env.CRASH_DEBUG ? "inherit" : "ignore", "inherit"],
  });
  children.add(child);
  return child;
}

export const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode ? resolve() : child.once("exit", () => resolve()),
  );

export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 60_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `count` email deliveries queued for one person, in one committed transaction. */
export async function queueEmails(count: number) {
  const w = await createWorld();
  const owner = await w.member("action_owner");
  await getDb().$transaction((tx) =>
    queueNotifications(
      tx,
      Array.from({ length: count }, (_, i) => ({
        authorityId: w.authority.id,
        userId: owner.id,
        kind: "due_soon" as const,
        eventKey: `crash-test:${i}`,
        title: `Due soon: action ${i}`,
        link: `/a/${w.authority.slug}/actions`,
      })),
    ),
  );
  const ids = (
    await getDb().notificationDelivery.findMany({ where: { address: owner.email }, select: { id: true } })
  ).map((d) => d.id);
  const sentCount = () => getDb().notificationDelivery.count({ where: { id: { in: ids }, status: "sent" } });
  const allSent = async () => (await sentCount()) === ids.length;
  return { ids, allSent, sentCount };
}

export function receivedOnce(sink: SmtpSink, ids: string[]) {
  const counts = new Map<string, number>();
  for (const m of sink.messages) counts.set(m.messageId ?? "", (counts.get(m.messageId ?? "") ?? 0) + 1);
  return {
    missing: ids.filter((id) => !counts.has(`<${id}@improvement-board>`)).length,
    duplicates: [...counts.values()].filter((c) => c > 1).length,
    total: sink.messages.length,
  };
}
