/**
 * The plan import as the import page uses it: check an upload (dry run) and
 * apply it. The file comes staged by the one upload path (ADR 020); the page
 * removes it afterwards. Between the two steps the file travels in the
 * preview page itself (base64 in a hidden field, when it is at most
 * MAX_CARRIED_BYTES), never in server memory or the database; larger files
 * are chosen again. Applying always reads and checks the file again against
 * the current data.
 */
import type { ActorCall } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import { forbidden } from "~/utils/errors";
import type { Result } from "~/utils/result";
import { applyPlanImport, type ApplyMode, type ApplyResult } from "./apply.server";
import { MAX_CARRIED_BYTES } from "./columns";
import { PLAN_UPLOAD, readPlanFile, type RawRow } from "./read.server";
import { readStaged, stageFile, storeStaged, withStaged, type StagedFile } from "~/modules/upload/upload.server";
import { previewPlanImport, type ImportPreview } from "./validate.server";
import { safeFileName } from "~/utils/download.server";
import { startLongJob } from "~/modules/long-jobs/service.server";
import type { LongJobRunner, Progress } from "~/modules/long-jobs/worker.server";
import { PLAN_IMPORT_INLINE_ROWS } from "~/modules/long-jobs/kinds";
import { getStorage } from "~/modules/storage/storage.server";
import { getDb } from "~/utils/db.server";
import { badRequest, conflict } from "~/utils/errors";

export type Carry = {
  fileName: string;
  /** SHA-256 of the checked file: applying refuses any other file. */
  sha256: string;
  /** base64 of the file, or null when it is too large to keep in the page. */
  data: string | null;
  versions: Record<string, number>;
};
export type CheckResult = Result<{ preview: ImportPreview; carry: Carry }>;

/** The checked file itself, for the preview page to carry, when it is small enough. */
const carried = async (file: StagedFile) =>
  file.sizeBytes <= MAX_CARRIED_BYTES ? Buffer.from(await readStaged(file)).toString("base64") : null;
/** How the timeline names the import: the file's name through safeFileName (no controls or bidi overrides; it is stored). */
const label = (fileName: string) => `the plan import of ${fileName.trim() ? safeFileName(fileName) : "a spreadsheet"}`;

export async function checkPlanUpload({
  authorityId,
  actor,
  file,
  fileName,
}: ActorCall & { file: StagedFile; fileName: string }): Promise<CheckResult> {
  if (!roleHasPermission(actor.role, "write:action:any"))
    throw forbidden("Only an authority admin can import the action plan.");
  const read = await readPlanFile({ file, fileName });
  if (!read.ok) return read;
  const { preview } = await previewPlanImport({
    authorityId,
    actor,
    rows: read.rows,
    format: read.format,
    fileLabel: label(fileName),
  });
  const data = await carried(file);
  return { ok: true, preview, carry: { fileName, sha256: file.sha256, data, versions: preview.versions } };
}

export type ApplyUploadResult = Result<{ result: ApplyResult; carry: Carry }>;

/** Why nothing was applied, as the import page and the long job's page say it. */
export const NOT_APPLIED: Record<"stale" | "errors", string> = {
  stale:
    "Nothing was applied: some actions were changed by someone else after you checked the file. Here is the check again, against the plan as it is now.",
  errors:
    "Nothing was applied: some rows have errors. Correct them and check the file again, or apply only the valid rows.",
};

/** A checked file the user asked to apply. */
export type UploadToApply = ActorCall & {
  file: StagedFile;
  fileName: string;
  mode: ApplyMode;
  expectedVersions: Record<string, number>;
  /** SHA-256 of the file the user checked. */
  expectedSha256: string;
};

/** Before applying, in the request or as a job: an admin, the very file that was checked, read again. */
async function readToApply({ actor, file, fileName, expectedSha256 }: UploadToApply) {
  if (!roleHasPermission(actor.role, "write:action:any"))
    throw forbidden("Only an authority admin can import the action plan.");
  if (file.sha256 !== expectedSha256)
    return { ok: false as const, message: "This is not the file you checked. Check it again before applying it" };
  return readPlanFile({ file, fileName });
}

/** The rows read from the file, applied through the one action pipeline (apply.server.ts). */
const applyRows = (
  upload: Pick<UploadToApply, "authorityId" | "actor" | "fileName" | "mode" | "expectedVersions">,
  read: { rows: RawRow[]; format: "xlsx" | "csv" },
  progress?: Progress,
) =>
  applyPlanImport({
    authorityId: upload.authorityId,
    actor: upload.actor,
    rows: read.rows,
    format: read.format,
    mode: upload.mode,
    expectedVersions: upload.expectedVersions,
    fileLabel: label(upload.fileName),
    progress,
  });

export async function applyPlanUpload(upload: UploadToApply): Promise<ApplyUploadResult> {
  const { file, fileName, expectedSha256 } = upload;
  const read = await readToApply(upload);
  if (!read.ok) return read;
  const result = await applyRows(upload, read);
  const data = await carried(file);
  return {
    ok: true,
    result,
    carry: { fileName, sha256: expectedSha256, data, versions: result.ok ? {} : result.preview.versions },
  };
}

/**
 * A file of more than PLAN_IMPORT_INLINE_ROWS rows is applied as a long job
 * (ADR 021): the same checks as applyPlanUpload, then the job, whose page
 * shows the rows applied. `job` is null for a smaller file: apply it in the
 * request with applyPlanUpload.
 */
export async function queueLargePlanUpload(upload: UploadToApply): Promise<Result<{ job: { id: string } | null }>> {
  const read = await readToApply(upload);
  if (!read.ok) return read;
  if (read.rows.length <= PLAN_IMPORT_INLINE_ROWS) return { ok: true, job: null };
  return { ok: true, job: await startPlanImportJob({ ...upload, rows: read.rows.length }) };
}

/**
 * Keeps the checked file in storage (a StoredFile, so the sweep leaves it) and
 * queues its import. Not retried: a retry after some rows were applied would
 * apply new actions twice.
 */
async function startPlanImportJob({
  authorityId,
  actor,
  file,
  fileName,
  mode,
  expectedVersions,
  rows,
}: UploadToApply & { rows: number }) {
  const stored = await storeStaged({
    file,
    authorityId,
    uploadedById: actor.id,
    fileName: fileName || file.fileName,
    contentType: "application/octet-stream",
  });
  return startLongJob({
    authorityId,
    actor,
    kind: "plan-import",
    title: `Import of ${fileName.trim() ? safeFileName(fileName) : "a plan spreadsheet"}`,
    unit: "rows",
    total: rows,
    params: { fileId: stored.id, fileName, mode, expectedVersions },
    retryLimit: 0,
  });
}

/** Removes the import's copy of the user's file: it is kept only while the import runs. */
async function forgetImportFile(authorityId: string, fileId: string) {
  const row = await getDb().storedFile.findFirst({ where: { id: fileId, authorityId }, select: { storageKey: true } });
  if (!row) return;
  await getDb().storedFile.deleteMany({ where: { id: fileId, authorityId } });
  await getStorage().remove(row.storageKey);
}

/** The long job: the kept file read and checked again against the plan as it is now, then applied row by row. */
export const planImportRunner: LongJobRunner = async ({ authorityId, actor, params, progress }) => {
  const fileId = typeof params.fileId === "string" ? params.fileId : "";
  const fileName = typeof params.fileName === "string" ? params.fileName : "";
  const mode: ApplyMode = params.mode === "valid" ? "valid" : "all";
  try {
    const stored = await getDb().storedFile.findFirst({ where: { id: fileId, authorityId } });
    if (!stored) throw badRequest("The file to import is no longer kept. Check it again on the import page.");
    const staged = await stageFile({ source: await getStorage().read(stored.storageKey), fileName, ...PLAN_UPLOAD });
    return await withStaged(staged, async (file) => {
      const read = await readPlanFile({ file, fileName });
      if (!read.ok) throw badRequest(read.message);
      const expectedVersions = parseVersions(JSON.stringify(params.expectedVersions ?? {}));
      const result = await applyRows({ authorityId, actor, fileName, mode, expectedVersions }, read, progress);
      if (!result.ok) throw conflict(NOT_APPLIED[result.code]);
      return {
        result: {
          created: result.created,
          updated: result.updated,
          skipped: result.skipped,
          failed: result.failed.map((f) => f.message),
        },
      };
    });
  } finally {
    await forgetImportFile(authorityId, fileId);
  }
};

/** The versions map from the page's hidden field; anything malformed counts as empty (every action then checks as changed since). */
export function parseVersions(text: unknown): Record<string, number> {
  if (typeof text !== "string" || text.length > 200_000) return {};
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== "object" || Array.isArray(v)) return {};
    return Object.fromEntries(
      Object.entries(v).filter((e): e is [string, number] => typeof e[1] === "number" && Number.isInteger(e[1])),
    );
  } catch {
    return {};
  }
}
