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
import { readPlanFile } from "./read.server";
import { readStaged, type StagedFile } from "~/modules/upload/upload.server";
import { previewPlanImport, type ImportPreview } from "./validate.server";
import { safeFileName } from "~/utils/download.server";

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

export async function applyPlanUpload({
  authorityId,
  actor,
  file,
  fileName,
  mode,
  expectedVersions,
  expectedSha256,
}: ActorCall & {
  file: StagedFile;
  fileName: string;
  mode: ApplyMode;
  expectedVersions: Record<string, number>;
  /** SHA-256 of the file the user checked. */
  expectedSha256: string;
}): Promise<ApplyUploadResult> {
  if (!roleHasPermission(actor.role, "write:action:any"))
    throw forbidden("Only an authority admin can import the action plan.");
  if (file.sha256 !== expectedSha256)
    return { ok: false, message: "This is not the file you checked. Check it again before applying it" };
  const read = await readPlanFile({ file, fileName });
  if (!read.ok) return read;
  const result = await applyPlanImport({
    authorityId,
    actor,
    rows: read.rows,
    format: read.format,
    mode,
    expectedVersions,
    fileLabel: label(fileName),
  });
  const data = await carried(file);
  return {
    ok: true,
    result,
    carry: { fileName, sha256: expectedSha256, data, versions: result.ok ? {} : result.preview.versions },
  };
}

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
