/**
 * Long jobs (ADR 021): a LongJob row that the person who started it watches,
 * and a job on the queue ("long-jobs") that carries only the row's id. The
 * row and the queue job are written in one transaction, so a job that was
 * started always runs, even if the server restarts first. Every read is
 * scoped to the authority and to the person who started the job, and needs
 * the kind's permission: nobody else sees the job or its file.
 */
import type { Readable } from "node:stream";
import type { Actor } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import { jobQueue } from "~/modules/jobs/runner.server";
import { getStorage, readStoredFile } from "~/modules/storage/storage.server";
import { getDb } from "~/utils/db.server";
import { safeFileName } from "~/utils/download.server";
import { forbidden, notFound } from "~/utils/errors";
import { LONG_JOB_PERMISSION, LONG_JOB_RETRIES, type LongJobKind, type LongJobState } from "./kinds";

/** The largest file a long job may store (a 1,000-action pack is a few MB). */
export const MAX_LONG_JOB_FILE_BYTES = 200 * 1024 * 1024;

export type LongJobView = {
  id: string;
  kind: LongJobKind;
  title: string;
  state: LongJobState;
  done: number;
  total: number;
  unit: string;
  error: string | null;
  result: unknown;
  hasFile: boolean;
  fileName: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};

function requireKindPermission(actor: Actor, kind: LongJobKind) {
  if (!roleHasPermission(actor.role, LONG_JOB_PERMISSION[kind])) throw forbidden();
}

/** Records the job and queues it, in one transaction. Returns the job's id for its status page. */
export async function startLongJob({
  authorityId,
  actor,
  kind,
  title,
  unit,
  params,
  total = 0,
  retryLimit = LONG_JOB_RETRIES,
}: {
  authorityId: string;
  actor: Actor;
  kind: LongJobKind;
  title: string;
  unit: string;
  params: Record<string, unknown>;
  total?: number;
  /** Tries after an unexpected failure; 0 for a job that must not run twice (an import that may have applied rows). */
  retryLimit?: number;
}): Promise<{ id: string }> {
  requireKindPermission(actor, kind);
  const queue = await jobQueue();
  return getDb().$transaction(async (tx) => {
    const job = await tx.longJob.create({
      data: { authorityId, requestedById: actor.id, kind, title, unit, total, params: JSON.stringify(params) },
      select: { id: true },
    });
    await queue.send(tx, "long-jobs", { longJobId: job.id }, { retryLimit, retryDelaySeconds: 5 });
    return job;
  });
}

const VIEW_SELECT = {
  id: true,
  kind: true,
  title: true,
  state: true,
  done: true,
  total: true,
  unit: true,
  error: true,
  result: true,
  fileId: true,
  createdAt: true,
  finishedAt: true,
  file: { select: { fileName: true } },
} as const;

type ViewRow = {
  id: string;
  kind: string;
  title: string;
  state: string;
  done: number;
  total: number;
  unit: string;
  error: string | null;
  result: string | null;
  fileId: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  file: { fileName: string } | null;
};

function viewOf(row: ViewRow): LongJobView {
  return {
    id: row.id,
    kind: row.kind as LongJobKind,
    title: row.title,
    state: row.state as LongJobState,
    done: row.done,
    total: row.total,
    unit: row.unit,
    error: row.error,
    result: row.result ? (JSON.parse(row.result) as unknown) : null,
    hasFile: row.fileId !== null,
    fileName: row.file?.fileName ?? null,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}

/** A job as its page names it: in the authority of the URL, for the signed-in viewer. */
type JobRef = { authorityId: string; viewer: Actor; jobId: string };

/** One job, for its status page: 404 unless it is in this authority, was started by the viewer, and the viewer may still see its kind. */
export async function getLongJob({ authorityId, viewer, jobId }: JobRef): Promise<LongJobView> {
  const row = await getDb().longJob.findFirst({
    where: { id: jobId, authorityId, requestedById: viewer.id },
    select: VIEW_SELECT,
  });
  const permission = row ? LONG_JOB_PERMISSION[row.kind as LongJobKind] : undefined;
  if (!row || !permission || !roleHasPermission(viewer.role, permission)) throw notFound("job");
  return viewOf(row);
}

/** The viewer's recent jobs of one kind, newest first (the board packs and import pages list them). */
export async function listLongJobs({
  authorityId,
  viewer,
  kind,
  take = 10,
}: {
  authorityId: string;
  viewer: Actor;
  kind: LongJobKind;
  take?: number;
}): Promise<LongJobView[]> {
  if (!roleHasPermission(viewer.role, LONG_JOB_PERMISSION[kind])) return [];
  const rows = await getDb().longJob.findMany({
    where: { authorityId, requestedById: viewer.id, kind },
    orderBy: { createdAt: "desc" },
    take,
    select: VIEW_SELECT,
  });
  return rows.map(viewOf);
}

/** The file a finished job made, for the download route (the same checks as the status page). */
export async function openLongJobFile({
  authorityId,
  viewer,
  jobId,
}: JobRef): Promise<{ fileName: string; contentType: string; sizeBytes: number; stream: Readable }> {
  await getLongJob({ authorityId, viewer, jobId });
  const row = await getDb().longJob.findFirst({
    where: { id: jobId, authorityId, requestedById: viewer.id, state: "done" },
    select: { file: { select: { id: true, storageKey: true, fileName: true, contentType: true, sizeBytes: true } } },
  });
  if (!row?.file) throw notFound("file");
  const { file } = row;
  const stream = await readStoredFile(file, {
    log: "long job file missing from storage",
    message: "This file could not be read from storage. Start the job again to make it afresh.",
  });
  return { fileName: file.fileName, contentType: file.contentType, sizeBytes: file.sizeBytes, stream };
}

/** Stores a job's finished file under the authority, with the StoredFile row that keeps it from the storage sweep. */
export async function storeLongJobFile({
  authorityId,
  requestedById,
  bytes,
  fileName,
  contentType,
}: {
  authorityId: string;
  requestedById: string | null;
  bytes: Uint8Array;
  fileName: string;
  contentType: string;
}): Promise<{ id: string }> {
  const storage = getStorage();
  const put = await storage.put({ source: bytes, maxBytes: MAX_LONG_JOB_FILE_BYTES, prefix: authorityId });
  try {
    return await getDb().storedFile.create({
      data: {
        authorityId,
        uploadedById: requestedById,
        storageKey: put.key,
        fileName: safeFileName(fileName),
        contentType,
        sizeBytes: put.sizeBytes,
        sha256: put.sha256,
      },
      select: { id: true },
    });
  } catch (error) {
    await storage.remove(put.key);
    throw error;
  }
}

/** How long a finished job, and the file it made, are kept. */
export const LONG_JOB_KEEP_DAYS = 7;

/**
 * Removes jobs finished before `before`, with their files (row first, then the
 * object; an object left by a crash in between is an orphan the storage sweep
 * removes). Maintenance across authorities, run with the hourly storage sweep.
 * Returns how many jobs were removed.
 */
export async function pruneLongJobs({ before }: { before: Date }): Promise<number> {
  const db = getDb();
  const storage = getStorage();
  let removed = 0;
  for (;;) {
    const old = await db.longJob.findMany({
      where: { finishedAt: { lt: before } },
      select: { id: true, fileId: true, file: { select: { storageKey: true } } },
      take: 200,
    });
    if (old.length === 0) return removed;
    for (const job of old) {
      await db.longJob.delete({ where: { id: job.id } });
      if (job.fileId && job.file) {
        await db.storedFile.deleteMany({ where: { id: job.fileId } });
        await storage.remove(job.file.storageKey);
      }
      removed += 1;
    }
  }
}
