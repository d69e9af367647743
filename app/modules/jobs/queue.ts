/**
 * The job runner's contract, shared by its two engines (ADR 021):
 *  - PostgreSQL: pg-boss (several app servers on one database, SKIP LOCKED);
 *  - SQLite, the embedded default: the same contract in the one process.
 *
 * A job is sent inside the caller's transaction (the outbox): it exists if
 * and only if the change that caused it committed. Delivery is at least
 * once; handlers are idempotent (a notification's delivery row says whether
 * it was sent), so nobody gets the same message twice.
 */
import type { Tx } from "~/modules/action/apply.server";

/** Every queue the app uses. Queue names are also pg-boss queue names. */
export const QUEUES = [
  "notify-deliver",
  "notify-digest",
  "reminders",
  "storage-sweep",
  "password-reset",
  "meeting-digest",
  "long-jobs",
] as const;
export type QueueName = (typeof QUEUES)[number];

/** A job's options as an engine writes them (the defaults filled in). */
export type JobOptions = {
  startAfter?: Date;
  /** Attempts after the first; default 5. */
  retryLimit: number;
  /** Seconds before the first retry; each later retry waits twice as long. Default 10. */
  retryDelaySeconds: number;
};

/** A job's options as its sender gives them: those left out take their defaults. */
export type SendOptions = Partial<JobOptions>;

export type JobContext = {
  id: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** No retry follows if this attempt fails. */
  lastAttempt: boolean;
};

export type JobHandler = (data: Record<string, unknown>, context: JobContext) => Promise<void>;

/** A cron expression (five fields) read in Europe/London time. */
export type Schedule = { queue: QueueName; cron: string };

export interface JobQueue {
  readonly engine: "postgres" | "sqlite";
  /** Adds a job; with `tx`, in the caller's transaction. */
  send(tx: Tx | null, queue: QueueName, data: Record<string, unknown>, options?: SendOptions): Promise<void>;
  /** Adds many jobs to one queue in one statement; with `tx`, in the caller's transaction. */
  sendMany(tx: Tx | null, queue: QueueName, data: Record<string, unknown>[], options?: SendOptions): Promise<void>;
  /** Starts taking jobs from the queue; `concurrency` jobs at a time in this process. */
  work(queue: QueueName, handler: JobHandler, options?: { concurrency?: number }): Promise<void>;
  /** Sends a job to the queue at each cron time, once however many servers run. */
  schedule(schedule: Schedule): Promise<void>;
  /** Jobs not yet completed or failed, for tests, benchmarks and the health page. */
  pending(queue: QueueName): Promise<number>;
  /** Stops taking jobs and waits for running ones (up to `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

export const DEFAULT_RETRY_LIMIT = 5;
export const DEFAULT_RETRY_DELAY_SECONDS = 10;

/** A job running longer than this is taken to have died with its worker and is run again. */
export const JOB_LEASE_SECONDS = 5 * 60;

/** Seconds to wait before retry number `retry` (1-based): 10, 20, 40, 80 … */
export function retryDelaySeconds(retry: number, base = DEFAULT_RETRY_DELAY_SECONDS): number {
  return base * 2 ** Math.max(0, retry - 1);
}

/** What an engine writes for itself: a queue less its sending, and `insert`, which adds a batch of jobs (never empty). */
type Engine = Omit<JobQueue, "send" | "sendMany"> & {
  insert(tx: Tx | null, queue: QueueName, data: Record<string, unknown>[], options: JobOptions): Promise<void>;
};

/** The queue of an engine: `send` and `sendMany` are the same for both engines, said here once. */
export function queueOf({ insert, ...engine }: Engine): JobQueue {
  const sendMany: JobQueue["sendMany"] = async (tx, queue, data, o = {}) => {
    if (data.length === 0) return;
    await insert(tx, queue, data, {
      startAfter: o.startAfter,
      retryLimit: o.retryLimit ?? DEFAULT_RETRY_LIMIT,
      retryDelaySeconds: o.retryDelaySeconds ?? DEFAULT_RETRY_DELAY_SECONDS,
    });
  };
  return { ...engine, send: (tx, queue, data, o) => sendMany(tx, queue, [data], o), sendMany };
}
