/**
 * The "long-jobs" queue's worker (ADR 021): runs a LongJob by its kind,
 * writing its progress to the row as it goes (at most a few times a second)
 * and, at the end, its file or result. The person who started the job must
 * still belong to the authority with the kind's permission when it runs.
 * A problem worded for the user (an AppError below 500: the pack was
 * deleted, the permission was taken away) fails the job at once; anything
 * else is tried again (LONG_JOB_RETRIES), then fails with a plain message.
 * Runs again after a crash are safe: a finished job is left alone, a job's
 * file is stored only when it is complete, and a kind that may not repeat
 * (an import) found "running" fails saying it stopped part-way.
 */
import type { Actor } from "~/modules/auth/actor";
import { isRole, roleHasPermission } from "~/modules/auth/permissions";
import type { JobContext } from "~/modules/jobs/queue";
import { getDb } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { errorFields, logger } from "~/utils/logger.server";
import {
  LONG_JOB_PERMISSION,
  LONG_JOB_REPEATABLE,
  STOPPED_PART_WAY,
  UNEXPECTED_FAILURE,
  isFinished,
  type LongJobKind,
} from "./kinds";
import { storeLongJobFile } from "./service.server";

/** How a running job reports how far it has got. */
export type Progress = {
  /** Sets how many units there are (e.g. actions in the pack). */
  total(n: number): Promise<void>;
  /** Sets how many are done; written at most every PROGRESS_INTERVAL_MS, and always when all are. */
  done(n: number): Promise<void>;
};

export type LongJobOutcome = {
  file?: { bytes: Uint8Array; fileName: string; contentType: string };
  result?: Record<string, unknown>;
};

export type LongJobRunner = (input: {
  authorityId: string;
  actor: Actor;
  params: Record<string, unknown>;
  progress: Progress;
}) => Promise<LongJobOutcome>;

const PROGRESS_INTERVAL_MS = 250;

function progressOf(id: string): Progress {
  let total = 0;
  let lastWrite = 0;
  return {
    async total(n) {
      total = n;
      await getDb().longJob.update({ where: { id }, data: { total: n } });
    },
    async done(n) {
      const now = Date.now();
      if (n < total && now - lastWrite < PROGRESS_INTERVAL_MS) return;
      lastWrite = now;
      await getDb().longJob.update({ where: { id }, data: { done: n } });
    },
  };
}

async function actorFor(job: { authorityId: string; requestedById: string | null; kind: string }): Promise<Actor> {
  const membership = job.requestedById
    ? await getDb().membership.findFirst({
        where: { userId: job.requestedById, authorityId: job.authorityId },
        select: { role: true },
      })
    : null;
  const permission = LONG_JOB_PERMISSION[job.kind as LongJobKind];
  if (
    !job.requestedById ||
    !membership ||
    !isRole(membership.role) ||
    !permission ||
    !roleHasPermission(membership.role, permission)
  )
    throw new AppError({ status: 403, message: "The person who started this job no longer has access to do it." });
  return { id: job.requestedById, role: membership.role };
}

/** The queue handler, given the runner for each kind. */
export function longJobHandler(runners: Partial<Record<LongJobKind, LongJobRunner>>) {
  return async function runLongJob(data: Record<string, unknown>, context: JobContext): Promise<void> {
    const id = typeof data.longJobId === "string" ? data.longJobId : "";
    const db = getDb();
    const job = await db.longJob.findUnique({ where: { id } });
    if (!job || isFinished(job.state)) return;
    if (job.state === "running" && !LONG_JOB_REPEATABLE[job.kind as LongJobKind]) {
      await db.longJob.update({
        where: { id },
        data: { state: "failed", error: STOPPED_PART_WAY, finishedAt: new Date() },
      });
      return;
    }
    await db.longJob.update({
      where: { id },
      data: { state: "running", done: 0, startedAt: new Date(), error: null },
    });
    try {
      const actor = await actorFor(job);
      const runner = runners[job.kind as LongJobKind];
      if (!runner) throw new AppError({ status: 400, message: "This kind of job is no longer supported." });
      const outcome = await runner({
        authorityId: job.authorityId,
        actor,
        params: JSON.parse(job.params) as Record<string, unknown>,
        progress: progressOf(id),
      });
      const file = outcome.file
        ? await storeLongJobFile({ authorityId: job.authorityId, requestedById: job.requestedById, ...outcome.file })
        : null;
      const finished = await db.longJob.findUnique({ where: { id }, select: { total: true } });
      await db.longJob.update({
        where: { id },
        data: {
          state: "done",
          done: finished?.total ?? 0,
          fileId: file?.id ?? null,
          result: outcome.result ? JSON.stringify(outcome.result) : null,
          finishedAt: new Date(),
        },
      });
    } catch (error) {
      const worded = error instanceof AppError && error.status < 500;
      logger.warn("long job failed", { kind: job.kind, job: id, attempt: context.attempt, ...errorFields(error) });
      if (!worded && !context.lastAttempt) {
        await db.longJob.update({ where: { id }, data: { state: "queued", done: 0 } });
        throw error; // the queue tries again, with back-off
      }
      await db.longJob.update({
        where: { id },
        data: { state: "failed", error: worded ? error.message : UNEXPECTED_FAILURE, finishedAt: new Date() },
      });
    }
  };
}
