/**
 * The process's job queue (ADR 021): pg-boss on PostgreSQL, the embedded
 * runner on SQLite, chosen by DATABASE_URL like the Prisma client. Sending
 * needs only the queue; `startJobWorkers` (the server, or `npm run worker`)
 * also takes jobs and runs the schedules.
 */
import { getDb } from "~/utils/db.server";
import { env, isPostgresUrl } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { startEmbeddedQueue } from "./embedded.server";
import { startPgBossQueue } from "./pg-boss.server";
import type { JobHandler, JobQueue, QueueName, Schedule } from "./queue";

declare global {
  var __ibJobs: Promise<JobQueue> | undefined;
}

export function jobQueue(): Promise<JobQueue> {
  globalThis.__ibJobs ??= (async () => {
    const url = env().DATABASE_URL;
    return isPostgresUrl(url)
      ? startPgBossQueue(url, {
          schema: env().JOBS_SCHEMA,
          pollSeconds: env().JOBS_POLL_SECONDS,
          leaseSeconds: env().JOBS_LEASE_SECONDS,
          maintenanceSeconds: env().JOBS_MAINTENANCE_SECONDS,
        })
      : startEmbeddedQueue(getDb(), { pollMs: env().JOBS_POLL_SECONDS * 1000, leaseSeconds: env().JOBS_LEASE_SECONDS });
  })();
  return globalThis.__ibJobs;
}

export type Worker = { queue: QueueName; handler: JobHandler; concurrency?: number };

/** Starts this process's workers and schedules. Returns a function that stops them. */
export async function startJobWorkers(workers: Worker[], schedules: Schedule[]): Promise<() => Promise<void>> {
  const queue = await jobQueue();
  for (const w of workers) await queue.work(w.queue, w.handler, { concurrency: w.concurrency });
  for (const s of schedules) await queue.schedule(s);
  logger.info("job workers started", { engine: queue.engine, workers: workers.length, schedules: schedules.length });
  return () => stopJobQueue();
}

/** Stops the queue (workers finish their current job) and forgets it. */
export async function stopJobQueue(): Promise<void> {
  const q = globalThis.__ibJobs;
  globalThis.__ibJobs = undefined;
  if (q) await (await q).stop();
}
