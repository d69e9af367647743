/**
 * The runner survives its process being killed (kill -9) mid-delivery: every
 * queued message is sent exactly once. Real processes (`npm run worker`'s
 * script), a real SMTP server, the suite's real database.
 */
import type { ChildProcess } from "node:child_process";
import { afterEach, expect, test } from "vitest";
import { startSmtpSink, type SmtpSink } from "../../../tests/helpers/smtp";
import {
  exited,
  queueEmails,
  receivedOnce,
  startWorker,
  stopWorkers,
  until,
} from "../../../tests/helpers/worker-processes";

// A short lease, so the job the dead worker held is taken again within seconds, not minutes. This process
// queues the emails, and on PostgreSQL a job's lease is fixed when it is queued (pg-boss's expire_in), so it
// uses the short lease too (nothing has read the environment yet: env() reads it once, when first called).
const lease = { JOBS_LEASE_SECONDS: "5", JOBS_MAINTENANCE_SECONDS: "1" };
Object.assign(process.env, lease);

let smtp: SmtpSink | null = null;
afterEach(async () => {
  stopWorkers();
  await smtp?.close();
  smtp = null;
});

test("kill -9 mid-delivery, restart: every queued message is sent exactly once", { timeout: 120_000 }, async () => {
  let worker: ChildProcess | null = null;
  /** first worker → killing it (at the fifth message) → dead → the second worker. */
  let phase: "first" | "killing" | "dead" | "second" = "first";
  smtp = await startSmtpSink({
    // The fifth message arrives: once the four accepted before it are marked sent, the worker dies before
    // the server accepts it. Messages sent alongside it wait for the kill, and none of them is accepted:
    // the instant after acceptance and before the mark (which the ADR names) is not what this tests.
    beforeAccept: async (received) => {
      if (phase === "second" || (phase === "first" && received < 5)) return true;
      if (phase === "first") {
        phase = "killing";
        await until(async () => (await sentCount()) === 4);
        worker!.kill("SIGKILL");
        await exited(worker!);
        phase = "dead";
        return false;
      }
      // Sent by the first worker (the second's arrive in phase "second"): never accepted, even if the test has
      // started the second worker by the time the kill is over.
      await until(() => phase !== "killing");
      return false;
    },
  });
  const { ids, allSent, sentCount } = await queueEmails(20);
  worker = startWorker(smtp.url, lease);
  await until(() => phase === "dead");
  expect(await allSent()).toBe(false);
  phase = "second";
  worker = startWorker(smtp.url, lease);
  await until(allSent);
  expect(receivedOnce(smtp, ids)).toEqual({ missing: 0, duplicates: 0, total: 20 });
});
