/**
 * The job runner on SQLite, the embedded default (ADR 021): the same contract
 * as pg-boss, in the one process that serves the app. Jobs are rows of the
 * Job table, written in the caller's transaction. A worker claims a job by a
 * conditional update (SQLite runs one write at a time, so exactly one claim
 * wins); a claimed job carries a lease, so a job whose process died (kill -9)
 * is taken again when the lease has passed. Retries back off exponentially.
 * Completed jobs are deleted; failed ones stay, with their last error.
 */
import { EventEmitter } from "node:events";
import type { Db } from "~/utils/db.server";
import { errorFields, logger } from "~/utils/logger.server";
import { latestCronTime } from "./cron";
import { JOB_LEASE_SECONDS, queueOf, retryDelaySeconds, type JobHandler, type JobQueue, type QueueName } from "./queue";

export function startEmbeddedQueue(
  db: Db,
  options: { pollMs?: number; leaseSeconds?: number; now?: () => Date } = {},
): JobQueue {
  const pollMs = options.pollMs ?? 1000;
  const leaseSeconds = options.leaseSeconds ?? JOB_LEASE_SECONDS;
  const now = options.now ?? (() => new Date());
  const wake = new EventEmitter();
  wake.setMaxListeners(0);
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let stopped = false;

  async function claim(queue: QueueName) {
    // Another worker of this process may take the candidate first: then look again.
    for (let tries = 0; tries < 10; tries++) {
      const result = await claimOnce(queue);
      if (result !== "lost") return result;
    }
    return null;
  }

  async function claimOnce(queue: QueueName) {
    const at = now();
    const candidate = await db.job.findFirst({
      where: {
        queue,
        OR: [
          { state: "created", startAfter: { lte: at } },
          { state: "active", lockedUntil: { lt: at } },
        ],
      },
      orderBy: { startAfter: "asc" },
    });
    if (!candidate) return null;
    const { count } = await db.job.updateMany({
      where: { id: candidate.id, state: candidate.state, attempts: candidate.attempts },
      data: {
        state: "active",
        attempts: { increment: 1 },
        lockedUntil: new Date(at.getTime() + leaseSeconds * 1000),
      },
    });
    return count === 1 ? { ...candidate, attempts: candidate.attempts + 1 } : ("lost" as const);
  }

  async function runOne(queue: QueueName, handler: JobHandler): Promise<boolean> {
    const job = await claim(queue);
    if (!job) return false;
    const retries = job.attempts - 1;
    try {
      await handler(JSON.parse(job.data) as Record<string, unknown>, {
        id: job.id,
        attempt: job.attempts,
        lastAttempt: retries >= job.retryLimit,
      });
      await db.job.delete({ where: { id: job.id } });
    } catch (error) {
      logger.warn("job failed", { queue, job: job.id, attempt: job.attempts, ...errorFields(error) });
      const finalFailure = retries >= job.retryLimit;
      await db.job.update({
        where: { id: job.id },
        data: finalFailure
          ? { state: "failed", lockedUntil: null, lastError: error instanceof Error ? error.name : "unknown" }
          : {
              state: "created",
              lockedUntil: null,
              startAfter: new Date(now().getTime() + retryDelaySeconds(job.attempts, job.retryDelay) * 1000),
              lastError: error instanceof Error ? error.name : "unknown",
            },
      });
    }
    return true;
  }

  function loop(queue: QueueName, handler: JobHandler) {
    let busy = false;
    const tick = async () => {
      if (busy || stopped) return;
      busy = true;
      const work = (async () => {
        try {
          while (!stopped && (await runOne(queue, handler)));
        } catch (error) {
          logger.error("job runner error", { queue, ...errorFields(error) });
        } finally {
          busy = false;
        }
      })();
      running.add(work);
      await work;
      running.delete(work);
    };
    wake.on(queue, () => void tick());
    const timer = setInterval(() => void tick(), pollMs);
    timer.unref();
    timers.add(timer);
    void tick();
  }

  const embedded: JobQueue = queueOf({
    engine: "sqlite",
    async insert(tx, queue, data, o) {
      await (tx ?? db).job.createMany({
        data: data.map((d) => ({
          queue,
          data: JSON.stringify(d),
          startAfter: o.startAfter ?? now(),
          retryLimit: o.retryLimit,
          retryDelay: o.retryDelaySeconds,
        })),
      });
      // Workers in this process look at once (after the caller's transaction has had time to commit).
      setImmediate(() => wake.emit(queue));
    },
    async work(queue, handler, { concurrency = 1 } = {}) {
      for (let i = 0; i < concurrency; i++) loop(queue, handler);
    },
    async schedule({ queue, cron }) {
      const tick = async () => {
        if (stopped) return;
        const due = latestCronTime(cron, now());
        try {
          // The ScheduledRun key makes each cron time run once, even across restarts.
          await db.scheduledRun.create({ data: { name: `cron:${queue}`, period: due.toISOString() } });
        } catch {
          return; // already sent for this time
        }
        await embedded.send(null, queue, { scheduledFor: due.toISOString() });
      };
      const timer = setInterval(() => void tick(), Math.min(pollMs * 15, 15_000));
      timer.unref();
      timers.add(timer);
      void tick();
    },
    async pending(queue) {
      return db.job.count({ where: { queue, state: { in: ["created", "active"] } } });
    },
    async stop(timeoutMs = 10_000) {
      stopped = true;
      for (const t of timers) clearInterval(t);
      wake.removeAllListeners();
      await Promise.race([Promise.all(running), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    },
  });
  return embedded;
}
