/**
 * File storage behind one interface. The disk backend (default) keeps files
 * under FILES_DIR (default data/files). A file is never half-written where it
 * can be read: it is streamed to a temporary name while its SHA-256 and size
 * are computed, then renamed into place; the database row is written after.
 * (An S3-compatible backend arrives with the evidence issue.)
 */
import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "~/utils/errors";

export type PutResult = { key: string; sizeBytes: number; sha256: string };

export interface FileStorage {
  /** Streams `source` into storage under a new key. Throws a 413 AppError past `maxBytes`, leaving nothing behind. */
  put(opts: { source: Readable | Uint8Array; maxBytes: number; prefix: string }): Promise<PutResult>;
  read(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
}

export function createDiskStorage(root: string): FileStorage {
  const abs = path.resolve(root);
  const resolveKey = (key: string) => {
    if (!/^[a-z0-9][a-z0-9/_-]*$/i.test(key) || key.includes("..")) throw new Error("invalid storage key");
    return path.join(abs, key);
  };
  return {
    async put({ source, maxBytes, prefix }) {
      const key = `${prefix}/${randomUUID()}`;
      const finalPath = resolveKey(key);
      const tmpDir = path.join(abs, ".tmp");
      await mkdir(tmpDir, { recursive: true });
      await mkdir(path.dirname(finalPath), { recursive: true });
      const tmpPath = path.join(tmpDir, `${randomUUID()}.part`);
      const hash = createHash("sha256");
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          size += chunk.length;
          if (size > maxBytes) {
            cb(new AppError({ status: 413, message: `The file is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB limit.` }));
            return;
          }
          hash.update(chunk);
          cb(null, chunk);
        },
      });
      const input = source instanceof Uint8Array ? Readable.from([Buffer.from(source)]) : source;
      try {
        await pipeline(input, meter, createWriteStream(tmpPath, { flags: "wx" }));
        await rename(tmpPath, finalPath);
      } catch (error) {
        await rm(tmpPath, { force: true });
        throw error;
      }
      return { key, sizeBytes: size, sha256: hash.digest("hex") };
    },
    async read(key) {
      const p = resolveKey(key);
      await stat(p);
      return createReadStream(p);
    },
    async remove(key) {
      await rm(resolveKey(key), { force: true });
    },
  };
}

let storage: FileStorage | undefined;
export function getStorage(): FileStorage {
  storage ??= createDiskStorage(process.env.FILES_DIR ?? "data/files");
  return storage;
}
