/**
 * Receives one multipart upload without holding it in memory: busboy parses
 * the request body as it arrives, the file part streams through a SHA-256
 * hash and a byte counter into a staged file (stagingDir()), and the form
 * fields are collected (small, bounded). Nothing here is visible to anyone:
 * the staged file is only committed to storage, and a database row written,
 * after it has been inspected (service.server.ts).
 *
 * Failures leave nothing behind: over the size limit (413), a request cut off
 * mid-way (400), no file (400). A crash leaves at most a staged file, which
 * stops changing and is removed by the storage sweep.
 */
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { stagingDir } from "~/modules/storage/storage.server";
import { AppError, badRequest } from "~/utils/errors";

export type StagedFile = {
  /** Local path of the staged bytes; the caller commits or removes it. */
  path: string;
  /** The name the browser sent, unsanitised: never used as a path. */
  fileName: string;
  sizeBytes: number;
  sha256: string;
};

export type ReceivedUpload = { fields: Record<string, string>; file: StagedFile | null };

const MAX_FIELDS = 30;
const MAX_FIELD_BYTES = 20_000;
/** Room for the multipart framing and the form fields around the file. */
const ENVELOPE_BYTES = 256 * 1024;

export const tooLarge = (maxBytes: number) =>
  new AppError({
    status: 413,
    message: `The file is larger than the ${formatLimit(maxBytes)} limit. Split it, or compress images, and try again.`,
  });

export function formatLimit(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** The staged bytes, for a caller that must parse a whole (already size-checked) file. */
export async function readStaged(file: StagedFile): Promise<Uint8Array> {
  return new Uint8Array(await readFile(file.path));
}

export async function removeStaged(file: StagedFile | null | undefined) {
  if (file) await rm(file.path, { force: true });
}

/** Parses the request; the one file part (named `file`) is staged to disk. */
export async function receiveUpload({
  request,
  maxBytes,
}: {
  request: Request;
  maxBytes: number;
}): Promise<ReceivedUpload> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data/i.test(contentType))
    throw badRequest("Send the file as a form upload (multipart/form-data).");
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes + ENVELOPE_BYTES) throw tooLarge(maxBytes);
  if (!request.body) throw badRequest("The upload was empty. Choose a file and try again.");

  const dir = stagingDir();
  await mkdir(dir, { recursive: true });
  const fields: Record<string, string> = {};
  let staged: StagedFile | null = null;
  let fileWork: Promise<void> | null = null;
  let failure: unknown = null;

  const parser = busboy({
    headers: { "content-type": contentType },
    // One byte of slack, so that a file of exactly maxBytes is accepted and one byte more is not.
    limits: { files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, fileSize: maxBytes + 1, parts: MAX_FIELDS + 1 },
    defParamCharset: "utf8",
  });
  const fail = (error: unknown) => {
    failure ??= error;
  };

  parser.on("field", (name, value, info) => {
    if (info.valueTruncated) fail(badRequest(`The field "${name.slice(0, 40)}" is too long.`));
    if (!(name in fields)) fields[name] = value;
  });
  parser.on("file", (name, stream, info) => {
    if (name !== "file" || staged || fileWork) {
      stream.resume();
      return;
    }
    const target = path.join(dir, `${randomUUID()}.part`);
    const hash = createHash("sha256");
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > maxBytes) {
          cb(tooLarge(maxBytes));
          return;
        }
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    const file: StagedFile = { path: target, fileName: info.filename ?? "", sizeBytes: 0, sha256: "" };
    staged = file;
    stream.on("limit", () => fail(tooLarge(maxBytes)));
    stream.on("error", () => undefined); // reported through the pipeline below
    fileWork = pipeline(stream, meter, createWriteStream(target, { flags: "wx" })).then(
      () => {
        file.sizeBytes = size;
        file.sha256 = hash.digest("hex");
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
    await removeStaged(staged);
    throw new UploadFailure(failure as AppError, fields);
  }
  return { fields, file: staged };
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
