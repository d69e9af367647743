/**
 * The one upload path (ADR 020). Evidence files, Ofsted report PDFs and plan
 * spreadsheets all come in this way:
 *
 * 1. **Streamed to staging.** busboy parses the multipart body as it arrives;
 *    the one file part (named `file`) streams through a SHA-256 hash and a
 *    byte counter into a staged file (storage's stagingDir()), refused past
 *    the caller's exact byte limit. The form fields are collected, bounded
 *    per field and in all. The request body is never held in memory.
 * 2. **Checked by content.** checkUpload decides what the file is from its
 *    bytes (inspect.server.ts, the rules in file-kinds.ts), refuses a kind the
 *    caller does not accept, and, where the caller asks (evidence), streams
 *    it to clamd.
 * 3. **Committed or consumed.** commitStaged moves the staged file into
 *    storage (a rename on disk); storeStaged also writes its StoredFile row. A
 *    reader that needs the content (the report's PDF reader, the spreadsheet
 *    reader) reads the staged file after the checks. withStaged removes the
 *    staged file afterwards, on success and on failure.
 *
 * Failures leave nothing behind: over the size limit (413), a request cut off
 * mid-way (400), a refused kind. A crash leaves at most a staged file, which
 * stops changing and is removed by the storage sweep.
 */
import type { Result } from "~/utils/result";
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { getStorage, newStorageKey, stagingDir } from "~/modules/storage/storage.server";
import { getDb } from "~/utils/db.server";
import { safeFileName } from "~/utils/download.server";
import { AppError, badRequest } from "~/utils/errors";
import { logger } from "~/utils/logger.server";
import { clamdAddress, scanFile } from "./clamd.server";
import type { FileKind } from "./file-kinds";
import { inspectStagedFile, type FileWarning } from "./inspect.server";

export type StagedFile = {
  /** Local path of the staged bytes; the caller commits or removes it. */
  path: string;
  /** The name the browser sent, unsanitised: never used as a path. */
  fileName: string;
  sizeBytes: number;
  sha256: string;
};

export type ReceivedUpload = { fields: Record<string, string>; file: StagedFile | null };

/** What one kind of upload allows. */
export type UploadLimits = {
  /** The largest file, in bytes. Exact: one byte more is refused. */
  maxBytes: number;
  /** The refusal past maxBytes (413). Default: "The file is larger than the … limit. Split it, or compress images, and try again." */
  tooLargeMessage?: string;
  /** The longest form field, in bytes. Default 20,000. */
  maxFieldBytes?: number;
  /** All form fields together, in bytes; also the room allowed around the file in a declared Content-Length. Default 256 KB. */
  maxFieldsBytes?: number;
};

const MAX_FIELDS = 30;
const MAX_FIELD_BYTES = 20_000;
/** Room for the multipart framing and the form fields around the file (UPLOAD_ENVELOPE_BYTES in scripts/lib/request-limits.mjs). */
const ENVELOPE_BYTES = 256 * 1024;

export const tooLarge = (maxBytes: number, message?: string) =>
  new AppError({
    status: 413,
    message:
      message ??
      `The file is larger than the ${formatLimit(maxBytes)} limit. Split it, or compress images, and try again.`,
  });

export function formatLimit(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

// ---------------------------------------------------------------- 1. staging

/**
 * Counts and hashes what passes through. Past maxBytes it either fails with
 * the caller's 413 (tearing the source down), or, for a busboy file part,
 * reports the refusal and swallows the rest: busboy waits for its file stream
 * to be read before it parses on, so a destroyed file stream would stall the
 * request instead of letting the answer go out.
 */
function meter(maxBytes: number, refusal: () => AppError, over: { fail: (error: AppError) => void } | null = null) {
  const hash = createHash("sha256");
  const state = { size: 0 };
  const transform = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      state.size += chunk.length;
      if (state.size > maxBytes) {
        if (!over) {
          cb(refusal());
          return;
        }
        over.fail(refusal());
        cb();
        return;
      }
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  return { transform, result: () => ({ sizeBytes: state.size, sha256: hash.digest("hex") }) };
}

async function newStagedPath(): Promise<string> {
  const dir = stagingDir();
  await mkdir(dir, { recursive: true });
  return path.join(dir, `${randomUUID()}.part`);
}

/**
 * Stages bytes that did not come as a multipart file part: a plan file
 * carried in the preview page, a report given to the command line. The same
 * hash, count and limit as a received upload; nothing is left on failure.
 */
export async function stageFile({
  source,
  fileName,
  maxBytes,
  tooLargeMessage,
}: {
  source: Readable | Uint8Array;
  fileName: string;
  maxBytes: number;
  tooLargeMessage?: string;
}): Promise<StagedFile> {
  const target = await newStagedPath();
  const m = meter(maxBytes, () => tooLarge(maxBytes, tooLargeMessage));
  const input =
    source instanceof Uint8Array
      ? Readable.from([Buffer.from(source.buffer, source.byteOffset, source.length)])
      : source;
  try {
    await pipeline(input, m.transform, createWriteStream(target, { flags: "wx", mode: 0o600 }));
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  }
  return { path: target, fileName, ...m.result() };
}

/** Parses the request; the one file part (named `file`) is staged to disk. Throws UploadFailure (with the fields that arrived) for a refused request. */
export async function receiveUpload({
  request,
  maxBytes,
  tooLargeMessage,
  maxFieldBytes = MAX_FIELD_BYTES,
  maxFieldsBytes = ENVELOPE_BYTES,
}: { request: Request } & UploadLimits): Promise<ReceivedUpload> {
  const refusal = () => tooLarge(maxBytes, tooLargeMessage);
  const contentType = request.headers.get("content-type") ?? "";
  const declared = Number(request.headers.get("content-length") ?? NaN);
  const bodyLimit = maxBytes + Math.max(maxFieldsBytes, ENVELOPE_BYTES);
  if (Number.isFinite(declared) && declared > bodyLimit) throw refusal();
  if (!/^multipart\/form-data/i.test(contentType)) {
    // Not an upload: read no more of it than an upload may send, so that an
    // oversized body gets the same 413 as an oversized file, then refuse it.
    await discardBody(request, bodyLimit, refusal);
    throw badRequest("Send the file as a form upload (multipart/form-data).");
  }
  if (!request.body) throw badRequest("The upload was empty. Choose a file and try again.");

  const target = await newStagedPath();
  const fields: Record<string, string> = {};
  let fieldBytes = 0;
  let staged: StagedFile | null = null;
  let fileWork: Promise<void> | null = null;
  let failure: unknown = null;

  const parser = busboy({
    headers: { "content-type": contentType },
    // One byte of slack, so that a file of exactly maxBytes is accepted and one byte more is not.
    limits: { files: 1, fields: MAX_FIELDS, fieldSize: maxFieldBytes, fileSize: maxBytes + 1, parts: MAX_FIELDS + 1 },
    defParamCharset: "utf8",
  });
  const fail = (error: unknown) => {
    failure ??= error;
  };

  parser.on("field", (name, value, info) => {
    if (info.valueTruncated) fail(badRequest(`The field "${name.slice(0, 40)}" is too long.`));
    fieldBytes += name.length + value.length;
    if (fieldBytes > maxFieldsBytes) fail(badRequest("The form's fields are too long altogether."));
    if (!(name in fields)) fields[name] = value;
  });
  parser.on("file", (name, stream, info) => {
    if (name !== "file" || staged || fileWork) {
      stream.resume();
      return;
    }
    const m = meter(maxBytes, refusal, { fail });
    const file: StagedFile = { path: target, fileName: info.filename ?? "", sizeBytes: 0, sha256: "" };
    staged = file;
    stream.on("limit", () => fail(refusal()));
    stream.on("error", () => undefined); // reported through the pipeline below
    fileWork = pipeline(stream, m.transform, createWriteStream(target, { flags: "wx", mode: 0o600 })).then(
      () => {
        Object.assign(file, m.result());
      },
      (error: unknown) => fail(interrupted(error)),
    );
  });
  parser.on("filesLimit", () => fail(badRequest("Upload one file at a time.")));
  parser.on("fieldsLimit", () => fail(badRequest("The form has too many fields.")));
  parser.on("partsLimit", () => fail(badRequest("The form has too many parts.")));

  try {
    const body = Readable.fromWeb(request.body as unknown as WebReadableStream<Uint8Array>);
    await pipeline(body, parser);
    if (fileWork) await fileWork;
  } catch (error) {
    if (fileWork) await (fileWork as Promise<void>).catch(() => undefined);
    fail(interrupted(error));
  }
  if (failure) {
    await rm(target, { force: true });
    throw new UploadFailure(failure as AppError, fields);
  }
  return { fields, file: staged };
}

/** Reads and drops a request body, refusing it (`tooBig`) once it passes `limit` bytes. */
async function discardBody(request: Request, limit: number, tooBig: () => AppError) {
  if (!request.body) return;
  let seen = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    seen += value.byteLength;
    if (seen > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooBig();
    }
  }
}

/** A refused upload, with the form fields that did arrive so that the page can put them back. */
export class UploadFailure extends AppError {
  readonly fields: Record<string, string>;
  constructor(error: AppError, fields: Record<string, string>) {
    super({ status: error.status, message: error.message, cause: error });
    this.fields = fields;
  }
}

function interrupted(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError({
    status: 400,
    message:
      "The upload was interrupted before the whole file arrived, so nothing was saved. Check your connection and upload the file again.",
    cause: error,
  });
}

// ---------------------------------------------------------------- 2. checked by content

/** What one kind of upload accepts. */
export type ContentPolicy = {
  /** The kinds taken; "any" for every kind in file-kinds.ts. */
  accept: "any" | readonly FileKind[];
  /** Stream the file to clamd when CLAMD_ADDRESS is set (failing closed). */
  scan: boolean;
  /** The refusal for a file of another kind, or (with `forRefused`) for any file that is not accepted. Default: the content check's own words. */
  wrongKind?: { message: string; forRefused?: boolean };
};

export type CheckedUpload = Result<
  {
    kind: FileKind;
    contentType: string;
    extension: string;
    warnings: FileWarning[];
    charset?: "utf-8" | "windows-1252";
    scan: "clean" | "not_scanned";
  },
  {
    /** 415 not an accepted kind, 422 malware found, 503 the scanner could not be reached. */
    status: 415 | 422 | 503;
    message: string;
    /** With 422: the signature the scanner named, for the caller's audit. */
    signature?: string;
  }
>;

/** Content inspection, then the virus scan when the policy asks for it and clamd is configured. Fails closed when the scanner cannot be reached. */
export async function checkUpload(file: StagedFile, policy: ContentPolicy): Promise<CheckedUpload> {
  const inspected = await inspectStagedFile({ path: file.path, fileName: file.fileName, sizeBytes: file.sizeBytes });
  if (!inspected.ok)
    return {
      ok: false,
      status: 415,
      message: policy.wrongKind?.forRefused ? policy.wrongKind.message : inspected.message,
    };
  if (policy.accept !== "any" && !policy.accept.includes(inspected.kind))
    return { ok: false, status: 415, message: policy.wrongKind?.message ?? "This kind of file is not accepted here." };
  const address = policy.scan ? clamdAddress(process.env) : null;
  if (!address) return { ...inspected, warnings: [...inspected.warnings], scan: "not_scanned" };
  try {
    const result = await scanFile({ address, path: file.path, timeoutMs: 120_000 });
    if (!result.clean) {
      logger.warn("upload refused: malware signature", { signature: result.signature });
      return {
        ok: false,
        status: 422,
        signature: result.signature,
        message: `The virus scanner found ${result.signature} in this file, so it was not saved. Do not open the original; ask IT for help.`,
      };
    }
  } catch (error) {
    logger.error("virus scanner unavailable", { error: error instanceof Error ? error.name : "unknown" });
    return {
      ok: false,
      status: 503,
      message: "The file could not be checked for viruses just now, so it was not saved. Try again in a few minutes.",
    };
  }
  return { ...inspected, warnings: [...inspected.warnings], scan: "clean" };
}

// ---------------------------------------------------------------- 3. committed or consumed

/**
 * The staged bytes, for a reader that must parse a whole file (pdf.js in the
 * reader sandbox takes the PDF over IPC; exceljs loads a workbook whole).
 * Call it only after the size and content checks: the request body itself is
 * never accumulated in memory, and a file over its limit is never read.
 */
export async function readStaged(file: StagedFile): Promise<Uint8Array> {
  return new Uint8Array(await readFile(file.path));
}

export async function removeStaged(file: StagedFile | null | undefined) {
  if (file) await rm(file.path, { force: true });
}

/** Runs `run` with the staged file, then removes the staged file, whether `run` succeeded, failed or committed it (a committed file is no longer in staging). */
export async function withStaged<F extends StagedFile | null, T>(file: F, run: (file: F) => Promise<T>): Promise<T> {
  try {
    return await run(file);
  } finally {
    await removeStaged(file);
  }
}

/** Moves the checked staged file into storage under a new key of the authority's; returns the key. */
export async function commitStaged({
  file,
  authorityId,
  contentType,
}: {
  file: StagedFile;
  authorityId: string;
  contentType: string;
}): Promise<string> {
  const key = newStorageKey(authorityId);
  await getStorage().commitFile({ localPath: file.path, key, contentType });
  return key;
}

/**
 * Commits the staged file and records it as a StoredFile. The file is in
 * storage before its row exists, so no row ever points at a missing or
 * partial file; if the row cannot be written the object is removed again.
 */
export async function storeStaged({
  file,
  authorityId,
  uploadedById,
  fileName,
  contentType,
}: {
  file: StagedFile;
  authorityId: string;
  uploadedById: string | null;
  fileName: string;
  contentType: string;
}) {
  const key = await commitStaged({ file, authorityId, contentType });
  try {
    return await getDb().storedFile.create({
      data: {
        authorityId,
        uploadedById,
        storageKey: key,
        fileName: safeFileName(fileName),
        contentType,
        sizeBytes: file.sizeBytes,
        sha256: file.sha256,
      },
    });
  } catch (error) {
    await getStorage().remove(key);
    throw error;
  }
}
