/**
 * Both storage backends for the storage tests: disk in a folder, and S3
 * against a local s3rver (tests/setup/s3rver.ts), each able to leave behind
 * what a crash in the middle of a write leaves.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { createS3Storage } from "../../app/modules/storage/s3.server";
import { createDiskStorage, newStorageKey, type FileStorage } from "../../app/modules/storage/storage.server";
import { startS3rver } from "../setup/s3rver";

export type Backend = {
  storage: FileStorage;
  /** What a crash in the middle of a write leaves behind. */
  abandonWrite(prefix: string): Promise<void>;
  incompleteWrites(): Promise<number>;
  stop(): Promise<void>;
};

/** The two backends, started on demand: disk under `diskRoot`, S3 on a fresh local server. */
export function backends(diskRoot: string): Record<"disk" | "s3", () => Promise<Backend>> {
  return {
    async disk() {
      const tmp = path.join(diskRoot, ".tmp");
      return {
        storage: createDiskStorage(diskRoot),
        async abandonWrite() {
          await mkdir(tmp, { recursive: true });
          await writeFile(path.join(tmp, `${randomBytes(8).toString("hex")}.part`), "half a file");
        },
        incompleteWrites: async () => (await readdir(tmp).catch(() => [])).length,
        stop: async () => {},
      };
    },
    async s3() {
      const s3 = await startS3rver();
      const client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: s3 });
      return {
        storage: createS3Storage(s3),
        async abandonWrite(prefix) {
          const Key = newStorageKey(prefix);
          const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key }));
          await client.send(
            new UploadPartCommand({ Bucket: s3.bucket, Key, UploadId, PartNumber: 1, Body: randomBytes(1000) }),
          );
        },
        incompleteWrites: async () =>
          (await client.send(new ListMultipartUploadsCommand({ Bucket: s3.bucket }))).Uploads?.length ?? 0,
        async stop() {
          client.destroy();
          await s3.stop();
        },
      };
    },
  };
}

/** Every key the storage holds (under `prefix`, if given), sorted. */
export async function keysIn(storage: FileStorage, prefix?: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of storage.list(prefix)) keys.push(o.key);
  return keys.sort();
}
