/**
 * The evidence upload handler behind both ways of adding evidence to an
 * action, over the one upload path (ADR 020): the page's own form (works
 * without JavaScript) and the per-file uploads with progress bars (a
 * resource route answering JSON). Receive the stream,
 * validate the fields with the same schema the browser used, then hand the
 * staged file to the service. Typed values always come back on an error.
 */
import { parseWithZod } from "@conform-to/zod/v4";
import type { AuthorityUser } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { AppError } from "~/utils/errors";
import { maxUploadBytes } from "~/modules/upload/file-kinds";
import { EvidenceUploadSchema } from "./forms";
import { receiveUpload, removeStaged, UploadFailure, type StagedFile } from "~/modules/upload/upload.server";
import { addEvidenceToAction, addEvidenceVersion, type DuplicateInfo, type UploadOutcome } from "./service.server";

export type UploadResponse =
  | { ok: true; evidenceId: string; versionNumber: number; warnings: string[]; message: string }
  | {
      ok: false;
      status: number;
      /** Problem with the file itself (type, size, duplicate, interrupted…). */
      fileError: string | null;
      fieldErrors: Record<string, string[]>;
      /** What the person typed, to put back in the form. */
      values: Record<string, string>;
      duplicate?: DuplicateInfo;
    };

const WARNING_TEXT: Record<string, string> = {
  pdf_active_content:
    "This PDF contains active content (JavaScript, launch actions or embedded files). It has been stored and flagged; open it only if you trust where it came from.",
};

function outcome(r: UploadOutcome, values: Record<string, string>): UploadResponse {
  if (r.ok) {
    return {
      ok: true,
      evidenceId: r.evidenceId,
      versionNumber: r.versionNumber,
      warnings: r.warnings.map((w) => WARNING_TEXT[w] ?? w),
      message: `Uploaded as version ${r.versionNumber}.`,
    };
  }
  return {
    ok: false,
    status: r.status,
    fileError: r.message,
    fieldErrors: {},
    values,
    ...("duplicate" in r && r.duplicate ? { duplicate: r.duplicate } : {}),
  };
}

type Received = { fields: Record<string, string>; file: StagedFile | null };

/**
 * Receives the upload and passes it to `handle`; one refused on the way in
 * (too large, malformed) is answered with the form as the user sent it.
 */
async function withUpload(
  request: Request,
  handle: (received: Received) => Promise<UploadResponse>,
): Promise<UploadResponse> {
  let received: Received;
  try {
    received = await receiveUpload({ request, maxBytes: maxUploadBytes(process.env.MAX_UPLOAD_MB) });
  } catch (error) {
    if (error instanceof AppError && error.status < 500)
      return {
        ok: false,
        status: error.status,
        fileError: error.message,
        fieldErrors: {},
        values: error instanceof UploadFailure ? error.fields : {},
      };
    throw error;
  }
  return handle(received);
}

/** What both upload actions take: the request with its multipart body, and who sends it. */
type Upload = { request: Request; user: AuthorityUser };

/** A new evidence item on an action. */
export function handleEvidenceUpload({ request, user, actionId }: Upload & { actionId: string }) {
  return withUpload(request, async ({ fields, file }) => {
    const formData = new FormData();
    for (const [k, v] of Object.entries(fields)) formData.set(k, v);
    const submission = parseWithZod(formData, { schema: EvidenceUploadSchema });
    const values = { ...fields };
    if (!file || file.sizeBytes === 0 || submission.status !== "success") {
      await removeStaged(file);
      const fieldErrors =
        submission.status === "success" ? {} : ((submission.reply().error ?? {}) as Record<string, string[]>);
      const fileError =
        !file || !file.fileName
          ? "Choose a file to upload"
          : file.sizeBytes === 0
            ? "The file is empty. Choose the file that holds the evidence."
            : null;
      return { ok: false, status: 400, fileError, fieldErrors, values };
    }
    const actor = actorOf(user);
    return outcome(
      await addEvidenceToAction({
        authorityId: user.authority.id,
        actor,
        actionId,
        staged: file,
        value: submission.value,
      }),
      values,
    );
  });
}

/** A new version of an existing item. */
export function handleVersionUpload({ request, user, evidenceId }: Upload & { evidenceId: string }) {
  return withUpload(request, async ({ fields, file }) => {
    const version = Number(fields.version);
    if (!file || !file.fileName || file.sizeBytes === 0 || !Number.isInteger(version)) {
      await removeStaged(file);
      return {
        ok: false,
        status: 400,
        fileError:
          file?.sizeBytes === 0
            ? "The file is empty. Choose the new version of the file."
            : "Choose the new version of the file",
        fieldErrors: {},
        values: fields,
      };
    }
    const actor = actorOf(user);
    return outcome(
      await addEvidenceVersion({ authorityId: user.authority.id, actor, evidenceId, staged: file, version }),
      fields,
    );
  });
}
