/**
 * Long jobs (ADR 021): work too long for a request, which someone starts,
 * watches on a status page and can leave and come back to. Pure: the kinds,
 * their states, who may start and see them, and how the page words progress.
 */
import type { Permission } from "~/modules/auth/permissions";

export const LONG_JOB_KINDS = ["board-pack-file", "plan-import"] as const;
export type LongJobKind = (typeof LONG_JOB_KINDS)[number];

export const LONG_JOB_STATES = ["queued", "running", "done", "failed"] as const;
export type LongJobState = (typeof LONG_JOB_STATES)[number];

/** The permission needed to start a job of this kind, to see it and to download what it made. */
export const LONG_JOB_PERMISSION: Record<LongJobKind, Permission> = {
  "board-pack-file": "read:action:any",
  "plan-import": "write:action:any",
};

/**
 * Whether a job that stopped part-way (its server was killed) may simply run
 * again: a file is made afresh, but an import may already have applied rows,
 * and new actions would be created twice.
 */
export const LONG_JOB_REPEATABLE: Record<LongJobKind, boolean> = {
  "board-pack-file": true,
  "plan-import": false,
};

/** What a job that may not run again says when its server stopped part-way through it. */
export const STOPPED_PART_WAY =
  "The server stopped while this job was running, so it stopped part-way. Some rows may have been applied: download the plan to see where it got to, then import the rest.";

export const LONG_JOB_STATE_LABELS: Record<LongJobState, string> = {
  queued: "Waiting to start",
  running: "In progress",
  done: "Done",
  failed: "Failed",
};

/** A plan import with more rows than this runs as a long job; smaller ones run in the request. */
export const PLAN_IMPORT_INLINE_ROWS = 200;

/** How many times a job is tried again after an unexpected failure (a crash, a lost database connection). */
export const LONG_JOB_RETRIES = 2;

export const isFinished = (state: string) => state === "done" || state === "failed";

/** 0–100, whole numbers; 0 while the total is not known yet. */
export function percentDone(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((done / total) * 100)));
}

const number = new Intl.NumberFormat("en-GB");

/** "250 of 1,000 actions", or "Counting the actions" before the total is known. */
export function progressText({ done, total, unit }: { done: number; total: number; unit: string }): string {
  if (total <= 0) return `Counting the ${unit}`;
  return `${number.format(Math.min(done, total))} of ${number.format(total)} ${unit}`;
}

/** The message a failure shows when it was not one we could word for the user. */
export const UNEXPECTED_FAILURE =
  "Something went wrong on our side and the job stopped. Nothing was changed. Try again; if it fails again, tell your administrator.";
