/**
 * File storage behind one interface, with two backends: local disk (default,
 * under FILES_DIR, default data/files) and any S3-compatible object store
 * (STORAGE_BACKEND=s3, see s3.server.ts). The files are evidence about
 * children's services and may hold personal data, so:
 *  - a file is never half-written where it can be read: disk writes go to a
 *    temporary name under `<root>/.tmp` and are renamed into place after an
 *    fsync; S3 writes are single PUTs or multipart uploads, which only become
 *    visible when complete;
 *  - every write is streamed (memory does not grow with the file), hashed and
 *    counted as it goes, and refused with a 413 past its limit, leaving nothing;
 *  - what a crash leaves behind (temporary parts, abandoned multipart uploads,
 *    staged uploads, objects whose row was never written) is removed by the
 *    sweep in cleanup.server.ts.
 * The database row (StoredFile) is written after the file is in place.
 */
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream, mkdirSync, type Dir, type Dirent } from "node:fs";
import { copyFile, mkdir, open, opendir, rename, rm, stat, utimes, constants as fsConstants } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError, notFound } from "~/utils/errors";
import { logger } from "~/utils/logger.server";
import { createS3Storage, type S3Options } from "./s3.server";

export type PutResult = { key: string; sizeBytes: number; sha256: string };
export type StoredObject = { key: string; modifiedAt: Date };

export interface FileStorage {
  readonly kind: "disk" | "s3";
  /** Streams `source` under a new key `${prefix}/${uuid}`; hashes and counts while writing; 413 AppError past maxBytes, leaving nothing behind. */
  put(opts: { source: Readable | Uint8Array; maxBytes: number; prefix: string }): Promise<PutResult>;
  /** Moves an already verified local file (a staged upload) into storage under `key`. Disk: rename into place (copy+unlink on EXDEV), fsync'd. S3: multipart upload (lib-storage Upload) streamed from the file, so the object only becomes visible when complete; the local file is removed after success. Never leaves a partial object under `key`. */
  commitFile(opts: { localPath: string; key: string; contentType: string }): Promise<void>;
  /** Whole object, or a byte range (inclusive end) when given. Throws a 404 AppError when missing, 416 when the range starts past the end. */
  read(key: string, range?: { start: number; end: number }): Promise<Readable>;
  remove(key: string): Promise<void>;
  /** Every committed object under the optional prefix, for the orphan sweep. Must not list the staging/temporary area. */
  list(prefix?: string): AsyncIterable<StoredObject>;
  /** Removes incomplete writes started before `before`: disk = leftover temp parts of `put`; S3 = multipart uploads initiated before then (ListMultipartUploads + AbortMultipartUpload). Returns how many were removed. */
  removeIncomplete(before: Date): Promise<number>;
}

// ---------------------------------------------------------------- keys

const PREFIX_RE = /^[a-z0-9_-]+$/;
/** Keys are `/`-separated segments of letters, digits, `_` and `-`: no dots, so no `..`, no hidden names, no absolute paths. */
const KEY_RE = /^[a-z0-9_-]+(?:\/[a-z0-9_-]+)*$/i;
/** Exactly what newStorageKey makes. The sweep only ever deletes keys of this shape. */
export const NEW_KEY_RE = /^[a-z0-9_-]+\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function checkPrefix(prefix: string): string {
  if (!PREFIX_RE.test(prefix)) throw new Error("invalid storage prefix");
  return prefix;
}

export function checkKey(key: string): string {
  if (!KEY_RE.test(key)) throw new Error("invalid storage key");
  return key;
}

/** A new key `${prefix}/${uuid}`. The prefix is the authority id. */
export function newStorageKey(prefix: string): string {
  return `${checkPrefix(prefix)}/${randomUUID()}`;
}

// ---------------------------------------------------------------- shared helpers

function formatLimit(maxBytes: number): string {
  if (maxBytes >= 1024 * 1024) return `${Number((maxBytes / 1024 / 1024).toFixed(1))} MB`;
  return `${Math.max(1, Math.round(maxBytes / 1024))} KB`;
}

export function tooLarge(maxBytes: number): AppError {
  return new AppError({
    status: 413,
    message: `The file is larger than the ${formatLimit(maxBytes)} limit.`,
    details: { maxBytes },
  });
}

/** Counts and hashes what passes through; fails with a 413 AppError as soon as more than `maxBytes` have come. */
export class HashingLimit extends Transform {
  sizeBytes = 0;
  exceeded = false;
  readonly #hash = createHash("sha256");
  readonly #maxBytes: number;

  constructor(maxBytes: number) {
    super();
    this.#maxBytes = maxBytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.sizeBytes += chunk.length;
    if (this.sizeBytes > this.#maxBytes) {
      this.exceeded = true;
      callback(tooLarge(this.#maxBytes));
      return;
    }
    this.#hash.update(chunk);
    callback(null, chunk);
  }

  sha256(): string {
    return this.#hash.digest("hex");
  }
}

export function toReadable(source: Readable | Uint8Array): Readable {
  return source instanceof Uint8Array
    ? Readable.from([Buffer.from(source.buffer, source.byteOffset, source.byteLength)])
    : source;
}

/** Validates a requested byte range (inclusive end). With `size`, clamps the end and refuses a start past the end (416). */
export function checkRange(range: { start: number; end: number }, size?: number): { start: number; end: number } {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new AppError({ status: 416, message: "The requested part of the file is not valid." });
  }
  if (size === undefined) return { start, end };
  if (start >= size) throw new AppError({ status: 416, message: "The requested part of the file is past its end." });
  return { start, end: Math.min(end, size - 1) };
}

export function errorCode(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === "string") return code;
    if (typeof name === "string") return name;
  }
  return "unknown";
}

/** A directory's entries, or none when it does not exist (a folder not made yet). */
export async function entriesOf(dir: string): Promise<Dir | Dirent[]> {
  try {
    return await opendir(dir);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return [];
    throw error;
  }
}

// ---------------------------------------------------------------- staging

/** Local directory where uploads are staged (streamed, hashed, inspected) before commitFile. Same filesystem as the disk backend root when that backend is used: FILES_DIR/.staging by default (FILES_DIR default data/files), overridable with UPLOAD_STAGING_DIR. Created on demand. */
export function stagingDir(): string {
  const dir = path.resolve(
    process.env.UPLOAD_STAGING_DIR || path.join(process.env.FILES_DIR || "data/files", ".staging"),
  );
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

// ---------------------------------------------------------------- disk backend

const TMP_DIR = ".tmp";

async function fsyncPath(p: string, flags: "r" | "r+") {
  const handle = await open(p, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename or new entry in `dir` durable. Some platforms cannot fsync a directory; that is not worth failing a write for. */
async function fsyncDir(dir: string) {
  try {
    await fsyncPath(dir, "r");
  } catch (error) {
    if (!["EISDIR", "EINVAL", "EPERM", "EBADF"].includes(errorCode(error))) throw error;
  }
}

export function createDiskStorage(root: string): FileStorage {
  const abs = path.resolve(root);
  const tmpDir = path.join(abs, TMP_DIR);
  const fileOf = (key: string) => path.join(abs, ...checkKey(key).split("/"));

  async function newTmpPath() {
    await mkdir(tmpDir, { recursive: true, mode: 0o700 });
    return path.join(tmpDir, `${randomUUID()}.part`);
  }

  /** Renames a complete, fsync'd file to its key, then makes the new directory entries durable. */
  async function renameIntoPlace(from: string, to: string) {
    const created = await mkdir(path.dirname(to), { recursive: true, mode: 0o700 });
    await rename(from, to);
    await fsyncDir(path.dirname(to));
    if (created) await fsyncDir(path.dirname(created));
  }

  async function* walk(dir: string, rel: string): AsyncGenerator<StoredObject> {
    for await (const entry of await entriesOf(dir)) {
      // .tmp (parts of writes in progress), .staging and any other dot-name are never objects.
      if (entry.name.startsWith(".")) continue;
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const childPath = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        yield* walk(childPath, childRel);
      } else if (entry.isFile()) {
        const s = await stat(childPath).catch(() => null); // removed meanwhile
        if (s) yield { key: childRel, modifiedAt: s.mtime };
      }
    }
  }

  return {
    kind: "disk",

    async put({ source, maxBytes, prefix }) {
      const key = newStorageKey(prefix);
      const finalPath = fileOf(key);
      const tmpPath = await newTmpPath();
      const meter = new HashingLimit(maxBytes);
      try {
        // flush: fsync before close, so the rename never exposes a file whose bytes are not on disk.
        await pipeline(
          toReadable(source),
          meter,
          createWriteStream(tmpPath, { flags: "wx", mode: 0o600, flush: true }),
        );
        await renameIntoPlace(tmpPath, finalPath);
      } catch (error) {
        await rm(tmpPath, { force: true });
        throw error;
      }
      return { key, sizeBytes: meter.sizeBytes, sha256: meter.sha256() };
    },

    async commitFile({ localPath, key }) {
      const finalPath = fileOf(key);
      await fsyncPath(localPath, "r+");
      // The object's age (for the orphan sweep) starts now, not when the upload was staged.
      const now = new Date();
      await utimes(localPath, now, now);
      try {
        await renameIntoPlace(localPath, finalPath);
        return;
      } catch (error) {
        if (errorCode(error) !== "EXDEV") throw error;
      }
      // Staging is on another filesystem: copy to a temporary name on ours, fsync, rename, then drop the staged file.
      const tmpPath = await newTmpPath();
      try {
        await copyFile(localPath, tmpPath, fsConstants.COPYFILE_EXCL);
        await fsyncPath(tmpPath, "r+");
        await renameIntoPlace(tmpPath, finalPath);
      } catch (error) {
        await rm(tmpPath, { force: true });
        throw error;
      }
      await rm(localPath, { force: true });
    },

    async read(key, range) {
      let handle;
      try {
        handle = await open(fileOf(key), "r");
      } catch (error) {
        if (["ENOENT", "ENOTDIR", "EISDIR"].includes(errorCode(error))) throw notFound("file");
        throw error;
      }
      try {
        const bounds = range ? checkRange(range, (await handle.stat()).size) : {};
        return handle.createReadStream({ ...bounds, autoClose: true });
      } catch (error) {
        await handle.close();
        throw error;
      }
    },

    async remove(key) {
      await rm(fileOf(key), { force: true });
    },

    list(prefix) {
      if (prefix === undefined) return walk(abs, "");
      return walk(path.join(abs, checkPrefix(prefix)), prefix);
    },

    async removeIncomplete(before) {
      let removed = 0;
      for await (const entry of await entriesOf(tmpDir)) {
        const p = path.join(tmpDir, entry.name);
        const s = await stat(p).catch(() => null);
        // A write in progress keeps changing its part, so only parts untouched since `before` are abandoned.
        if (!s?.isFile() || s.mtime >= before) continue;
        await rm(p, { force: true });
        removed += 1;
      }
      return removed;
    },
  };
}

// ---------------------------------------------------------------- choosing a backend

export type StorageSettings = { backend: "disk"; root: string } | ({ backend: "s3" } & S3Options);

/**
 * Reads STORAGE_BACKEND (disk | s3, default disk) and its settings: FILES_DIR
 * for disk; S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY (required),
 * S3_ENDPOINT, S3_REGION (default eu-west-2), S3_FORCE_PATH_STYLE (default
 * true when S3_ENDPOINT is set) for s3. Throws one message naming every
 * missing or invalid variable.
 */
export function storageSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): StorageSettings {
  const backend = env.STORAGE_BACKEND || "disk";
  if (backend === "disk") return { backend, root: env.FILES_DIR || "data/files" };
  const problems: string[] = [];
  if (backend !== "s3") {
    problems.push(`STORAGE_BACKEND: must be disk or s3, got "${backend}"`);
  } else {
    for (const name of ["S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"]) {
      if (!env[name]) problems.push(`${name}: required when STORAGE_BACKEND=s3`);
    }
  }
  const endpoint = env.S3_ENDPOINT || undefined;
  if (endpoint && !/^https?:\/\/[^/]/.test(endpoint)) problems.push("S3_ENDPOINT: must be an http:// or https:// URL");
  const pathStyle = env.S3_FORCE_PATH_STYLE || (endpoint ? "true" : "false");
  if (pathStyle !== "true" && pathStyle !== "false") problems.push("S3_FORCE_PATH_STYLE: must be true or false");
  if (problems.length) throw new Error(`Invalid storage settings:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  return {
    backend: "s3",
    endpoint,
    region: env.S3_REGION || "eu-west-2",
    bucket: env.S3_BUCKET!,
    accessKeyId: env.S3_ACCESS_KEY_ID!,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: pathStyle === "true",
  };
}

let cached: FileStorage | undefined;
let forTests: FileStorage | undefined;

/** The configured storage, chosen by STORAGE_BACKEND (disk by default), created once per process. */
export function getStorage(): FileStorage {
  if (forTests) return forTests;
  if (!cached) {
    const settings = storageSettingsFromEnv();
    if (settings.backend === "disk") {
      cached = createDiskStorage(settings.root);
    } else {
      const { backend: _backend, ...options } = settings;
      cached = createS3Storage(options);
    }
  }
  return cached;
}

export function setStorageForTests(s: FileStorage | undefined): void {
  forTests = s;
}

/**
 * A stored file's whole content, for a download or a preview. A file the
 * storage has lost (or cannot reach) is logged as `log` with the file's id
 * (never its name), and refused with a 500 whose `message` tells the user
 * what to do.
 */
export async function readStoredFile(
  file: { id: string; storageKey: string },
  { log, message }: { log: string; message: string },
): Promise<Readable> {
  try {
    return await getStorage().read(file.storageKey);
  } catch (error) {
    logger.error(log, { fileId: file.id, error: error instanceof Error ? error.name : "unknown" });
    throw new AppError({ status: 500, message });
  }
}

// Wrong settings fail when the server starts (this module is part of the server
// bundle's start-up), not at the first upload.
storageSettingsFromEnv();
