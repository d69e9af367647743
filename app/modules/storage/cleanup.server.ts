/**
 * The storage sweep: what a crash or an abandoned upload leaves behind is
 * removed once it is older than a grace period (15 minutes by default):
 *  (a) staged uploads in stagingDir() that stopped changing (an upload in
 *      progress keeps writing to its file, so its mtime stays fresh);
 *  (b) incomplete writes of the backend (disk temp parts, S3 multipart uploads);
 *  (c) committed objects that no StoredFile row names (the row is written just
 *      after the file; if the process died in between, the file is an orphan).
 * Runs hourly from the production server (scripts/serve.mjs runs
 * scripts/storage-cleanup.ts) or by hand with `npm run storage:cleanup`.
 * Logs counts only: never keys, paths or file names.
 *
 * The grace must be longer than the longest write to storage: an object only
 * becomes an orphan candidate once older than the grace, and S3 dates a
 * multipart object from the start of its upload, so a commit slower than the
 * grace could lose its file in the moment before its row is written.
 */
import { lstat, rm, rmdir } from "node:fs/promises";
import path from "node:path";
import { getDb } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { NEW_KEY_RE, entriesOf, errorCode, getStorage, stagingDir, type FileStorage } from "./storage.server";

export const DEFAULT_SWEEP_GRACE_MS = 15 * 60_000;
const BATCH = 500;

export type SweepResult = { stagedRemoved: number; incompleteRemoved: number; orphansRemoved: number };

/** A sweep in which some step failed. Its message names the steps and error codes only; `result` has what the other steps removed. */
export class StorageSweepError extends Error {
  readonly result: SweepResult;
  constructor(message: string, result: SweepResult) {
    super(message);
    this.name = "StorageSweepError";
    this.result = result;
  }
}

/** Removes files (at any depth) last changed before `cutoff`, then the empty sub-directories that are as old. Never follows links. */
async function removeOldStaged(dir: string, cutoff: Date, isRoot = true): Promise<number> {
  let removed = 0;
  for await (const entry of await entriesOf(dir)) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      removed += await removeOldStaged(p, cutoff, false);
      continue;
    }
    const s = await lstat(p).catch(() => null);
    if (!s || s.mtime >= cutoff) continue;
    await rm(p, { force: true });
    removed += 1;
  }
  if (!isRoot) {
    const s = await lstat(dir).catch(() => null);
    // rmdir refuses a directory that is not empty (ENOTEMPTY): that is an upload still in progress.
    if (s && s.mtime < cutoff) await rmdir(dir).catch(() => {});
  }
  return removed;
}

/**
 * Objects older than `cutoff`, of the shape newStorageKey makes, that no
 * StoredFile row names. Checked in batches so that memory does not grow with
 * the store. Refuses to run against a database with no stored files at all:
 * that is a database that does not belong to this store (a fresh install, a
 * wrong DATABASE_URL), and every object would look like an orphan.
 */
async function removeOrphans(storage: FileStorage, cutoff: Date): Promise<number> {
  const db = getDb();
  let removed = 0;
  let checkedDbHasFiles = false;
  let batch: string[] = [];
  const flush = async (): Promise<boolean> => {
    if (!checkedDbHasFiles) {
      checkedDbHasFiles = true;
      if (!(await db.storedFile.findFirst({ select: { id: true } }))) {
        logger.warn("storage sweep left orphans alone: the database has no stored files", { candidates: batch.length });
        return false;
      }
    }
    const rows = await db.storedFile.findMany({ where: { storageKey: { in: batch } }, select: { storageKey: true } });
    const known = new Set(rows.map((r) => r.storageKey));
    for (const key of batch) {
      if (known.has(key)) continue;
      await storage.remove(key);
      removed += 1;
    }
    batch = [];
    return true;
  };
  for await (const object of storage.list()) {
    if (object.modifiedAt >= cutoff || !NEW_KEY_RE.test(object.key)) continue;
    batch.push(object.key);
    if (batch.length >= BATCH && !(await flush())) return 0;
  }
  if (batch.length > 0) await flush();
  return removed;
}

export async function sweepStorage({
  storage,
  graceMs = DEFAULT_SWEEP_GRACE_MS,
  now = new Date(),
  log = true,
}: {
  storage: FileStorage;
  graceMs?: number;
  now?: Date;
  /** Log one line of counts (default true). The command line prints its own. */
  log?: boolean;
}): Promise<SweepResult> {
  const cutoff = new Date(now.getTime() - graceMs);
  const failed: string[] = [];
  // Each step runs even when another failed: a store that refuses one operation must not stop the others.
  const step = async (name: string, run: () => Promise<number>) => {
    try {
      return await run();
    } catch (error) {
      failed.push(`${name} (${errorCode(error)})`);
      return 0;
    }
  };
  const result: SweepResult = {
    stagedRemoved: await step("staging", () => removeOldStaged(stagingDir(), cutoff)),
    incompleteRemoved: await step("incomplete writes", () => storage.removeIncomplete(cutoff)),
    orphansRemoved: await step("orphans", () => removeOrphans(storage, cutoff)),
  };
  if (log)
    logger.info("storage sweep", {
      backend: storage.kind,
      ...result,
      failed: failed.length ? failed.join(", ") : undefined,
    });
  if (failed.length) throw new StorageSweepError(`storage sweep failed: ${failed.join(", ")}`, result);
  return result;
}

/**
 * Sweeps shortly after start (30 s) and then every `intervalMs` (1 hour), on
 * unref'd timers, one sweep at a time. Failures are logged as one line
 * without personal data. Returns a function that stops it.
 */
export function startStorageSweeper({
  intervalMs = 60 * 60_000,
  firstRunMs = 30_000,
  graceMs = DEFAULT_SWEEP_GRACE_MS,
  storage,
}: { intervalMs?: number; firstRunMs?: number; graceMs?: number; storage?: FileStorage } = {}): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await sweepStorage({ storage: storage ?? getStorage(), graceMs });
    } catch (error) {
      logger.error("storage sweep failed", {
        error: error instanceof StorageSweepError ? error.message : errorCode(error),
      });
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void run(), firstRunMs);
  first.unref();
  const every = setInterval(() => void run(), intervalMs);
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
