/**
 * The job runner on PostgreSQL: pg-boss 10 (ADR 021). Jobs live in pg-boss's
 * own schema ("pgboss") in the app's database. Workers fetch with
 * FOR UPDATE SKIP LOCKED, so two app servers never take the same job; a job
 * whose worker died is taken again when its lease expires; retries back off
 * exponentially; cron schedules run once per tick across all servers, in
 * Europe/London time.
 *
 * A job sent with a transaction is written through that transaction (pg-boss's
 * `db` option), so it commits or rolls back with the change that caused it.
 */
import PgBoss from "pg-boss";
import type { Tx } from "~/modules/action/apply.server";
import { logger, errorFields } from "~/utils/logger.server";
import {
  DEFAULT_RETRY_DELAY_SECONDS,
  DEFAULT_RETRY_LIMIT,
  JOB_LEASE_SECONDS,
  QUEUES,
  queueOf,
  type JobQueue,
} from "./queue";

/** pg-boss's `db` option over a Prisma transaction: its SQL runs inside it. */
function executorOf(tx: Tx) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      // Prisma binds plain objects as JSON only when they are strings; pg-boss passes job data as an object.
      const bound = values.map((v) =>
        v !== null && typeof v === "object" && !(v instanceof Date) && !Array.isArray(v) ? JSON.stringify(v) : v,
      );
      const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...bound);
      return { rows };
    },
  };
}

export async function startPgBossQueue(
  url: string,
  options: { schema?: string; pollSeconds?: number; leaseSeconds?: number; maintenanceSeconds?: number } = {},
): Promise<JobQueue> {
  const boss = new PgBoss({
    connectionString: url,
    schema: options.schema ?? "pgboss",
    application_name: "improvement-board-jobs",
    max: 4,
    // Archive completed jobs after a day and delete archived ones after a week.
    archiveCompletedAfterSeconds: 24 * 60 * 60,
    deleteAfterDays: 7,
    maintenanceIntervalSeconds: options.maintenanceSeconds ?? 60,
  });
  const leaseSeconds = options.leaseSeconds ?? JOB_LEASE_SECONDS;
  boss.on("error", (error) => logger.error("job queue error", errorFields(error)));
  await boss.start();
  // Each start makes the queues' settings this server's: a changed JOBS_LEASE_SECONDS applies to jobs queued from
  // now on (pg-boss fixes a job's lease, expire_in, when it is queued).
  for (const name of QUEUES) {
    const settings = {
      name,
      retryLimit: DEFAULT_RETRY_LIMIT,
      retryDelay: DEFAULT_RETRY_DELAY_SECONDS,
      retryBackoff: true,
      expireInSeconds: leaseSeconds,
    };
    if (await boss.getQueue(name)) await boss.updateQueue(name, settings);
    else await boss.createQueue(name, settings);
  }
  const pollingIntervalSeconds = options.pollSeconds ?? 1;
  const loops: Promise<void>[] = [];
  let stopping = false;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

  const pgQueue = queueOf({
    engine: "postgres",
    async insert(tx, queue, data, o) {
      await boss.insert(
        data.map((d) => ({
          name: queue,
          data: d,
          startAfter: o.startAfter,
          retryLimit: o.retryLimit,
          retryDelay: o.retryDelaySeconds,
          retryBackoff: true,
          expireInSeconds: leaseSeconds,
        })),
        tx ? { db: executorOf(tx) } : {},
      );
    },
    async work(queue, handler, { concurrency = 1 } = {}) {
      // Our own fetch loop over pg-boss's fetch / complete / fail, rather than boss.work():
      // each job of a batch succeeds or fails on its own, and a worker that found jobs
      // looks again at once instead of waiting for the next poll.
      const loop = async () => {
        while (!stopping) {
          let jobs: PgBoss.JobWithMetadata<Record<string, unknown>>[] = [];
          try {
            jobs = await boss.fetch<Record<string, unknown>>(queue, { batchSize: concurrency, includeMetadata: true });
          } catch (error) {
            logger.error("job fetch failed", { queue, ...errorFields(error) });
          }
          if (jobs.length === 0) {
            await sleep(pollingIntervalSeconds * 1000);
            continue;
          }
          await Promise.all(
            jobs.map(async (job) => {
              try {
                await handler(job.data ?? {}, {
                  id: job.id,
                  attempt: job.retryCount + 1,
                  lastAttempt: job.retryCount >= job.retryLimit,
                });
                await boss.complete(queue, job.id);
              } catch (error) {
                logger.warn("job failed", { queue, job: job.id, attempt: job.retryCount + 1, ...errorFields(error) });
                await boss.fail(queue, job.id, { reason: error instanceof Error ? error.name : "unknown" });
              }
            }),
          );
        }
      };
      const running = loop();
      loops.push(running);
    },
    async schedule({ queue, cron }) {
      await boss.schedule(queue, cron, {}, { tz: "Europe/London" });
    },
    async pending(queue) {
      return boss.getQueueSize(queue, { before: "completed" });
    },
    async stop(timeoutMs = 10_000) {
      stopping = true;
      await Promise.race([Promise.all(loops), sleep(timeoutMs)]);
      await boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
    },
  });
  return pgQueue;
}
