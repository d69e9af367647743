/**
 * One conformance suite for both storage backends: disk in a temporary
 * directory, and S3 against s3rver over real HTTP with the real AWS SDK.
 */
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startS3rver, type TestS3 } from "../../../tests/setup/s3rver";
import { statusOf } from "../../../tests/helpers/errors";
import { backends, keysIn, type Backend } from "../../../tests/helpers/storage";
import { createS3Storage } from "./s3.server";
import {
  createDiskStorage,
  newStorageKey,
  readStoredFile,
  setStorageForTests,
  stagingDir,
  storageSettingsFromEnv,
} from "./storage.server";

const MB = 1024 * 1024;
const work = await mkdtemp(path.join(os.tmpdir(), "ib-storage-test-"));
// Staged uploads live beside the disk root, as with the default FILES_DIR/.staging.
process.env.UPLOAD_STAGING_DIR = path.join(work, "files", ".staging");
afterAll(() => rm(work, { recursive: true, force: true }));

/** `n` bytes of random data in 1 MB chunks, generated as read, and their SHA-256. */
function generated(n: number): { stream: Readable; sha256: () => string } {
  const hash = createHash("sha256");
  async function* chunks() {
    for (let left = n; left > 0; left -= MB) {
      const chunk = randomBytes(Math.min(MB, left));
      hash.update(chunk);
      yield chunk;
    }
  }
  return { stream: Readable.from(chunks()), sha256: () => hash.digest("hex") };
}

async function digest(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), size };
}

async function text(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

const sha256Of = (s: string) => createHash("sha256").update(s).digest("hex");
const prefixFor = () => `auth${randomBytes(4).toString("hex")}`;

for (const [name, start] of Object.entries(backends(path.join(work, "files")))) {
  describe(`${name} storage`, () => {
    let b: Backend;
    beforeAll(async () => {
      b = await start();
    });
    afterAll(() => b.stop());

    test("put streams the bytes in, and read gives them back with the right size and SHA-256", async () => {
      const prefix = prefixFor();
      const small = await b.storage.put({ source: new TextEncoder().encode("hello evidence"), maxBytes: 1024, prefix });
      expect(small).toEqual({
        key: expect.stringMatching(new RegExp(`^${prefix}/[0-9a-f-]{36}$`)),
        sizeBytes: 14,
        sha256: sha256Of("hello evidence"),
      });
      expect(await text(await b.storage.read(small.key))).toBe("hello evidence");

      const data = generated(10 * MB + 123); // more than one 8 MB part
      const big = await b.storage.put({ source: data.stream, maxBytes: 11 * MB, prefix });
      expect(big.sizeBytes).toBe(10 * MB + 123);
      expect(big.sha256).toBe(data.sha256());
      expect(await digest(await b.storage.read(big.key))).toEqual({ sha256: big.sha256, size: big.sizeBytes });
    });

    test("put over the limit is refused with 413 and leaves nothing behind, small or part-way through a large upload", async () => {
      const prefix = prefixFor();
      expect(await statusOf(b.storage.put({ source: new Uint8Array(2048), maxBytes: 1024, prefix }))).toBe(413);
      expect(await statusOf(b.storage.put({ source: generated(10 * MB).stream, maxBytes: 9 * MB, prefix }))).toBe(413);
      expect(await keysIn(b.storage, prefix)).toEqual([]);
      expect(await b.incompleteWrites()).toBe(0);
    });

    test("commitFile moves a 20 MB staged file into storage; it reads back identical and the staged file is gone", async () => {
      const prefix = prefixFor();
      const localPath = path.join(stagingDir(), `${randomBytes(8).toString("hex")}.upload`);
      const data = generated(20 * MB);
      await pipeline(data.stream, createWriteStream(localPath));
      const key = newStorageKey(prefix);
      await b.storage.commitFile({ localPath, key, contentType: "application/pdf" });
      expect(existsSync(localPath)).toBe(false);
      expect(await digest(await b.storage.read(key))).toEqual({ sha256: data.sha256(), size: 20 * MB });
      expect(await keysIn(b.storage, prefix)).toEqual([key]);
    });

    test("read with a range gives those bytes (inclusive end), clamped at the end; past the end is 416", async () => {
      const { key } = await b.storage.put({
        source: new TextEncoder().encode("0123456789"),
        maxBytes: 100,
        prefix: prefixFor(),
      });
      expect(await text(await b.storage.read(key, { start: 2, end: 5 }))).toBe("2345");
      expect(await text(await b.storage.read(key, { start: 0, end: 0 }))).toBe("0");
      expect(await text(await b.storage.read(key, { start: 7, end: 1000 }))).toBe("789");
      expect(await statusOf(b.storage.read(key, { start: 10, end: 20 }))).toBe(416);
      expect(await statusOf(b.storage.read(key, { start: 5, end: 2 }))).toBe(416);
    });

    test("reading a missing key is a 404", async () => {
      expect(await statusOf(b.storage.read(newStorageKey(prefixFor())))).toBe(404);
    });

    test("list gives committed objects only, with their time, not staged uploads or incomplete writes", async () => {
      const prefix = prefixFor();
      const a = await b.storage.put({ source: new TextEncoder().encode("a"), maxBytes: 10, prefix });
      const c = await b.storage.put({ source: new TextEncoder().encode("c"), maxBytes: 10, prefix });
      await b.storage.put({ source: new TextEncoder().encode("elsewhere"), maxBytes: 10, prefix: prefixFor() });
      await writeFile(path.join(stagingDir(), "in-progress.upload"), "staged");
      await b.abandonWrite(prefix);
      expect(await keysIn(b.storage, prefix)).toEqual([a.key, c.key].sort());
      const all: { key: string; modifiedAt: Date }[] = [];
      for await (const o of b.storage.list()) all.push(o);
      expect(all.map((o) => o.key)).toEqual(expect.arrayContaining([a.key, c.key]));
      for (const o of all) {
        expect(o.key).toMatch(/^[a-z0-9_-]+\/[0-9a-f-]{36}$/);
        expect(Math.abs(o.modifiedAt.getTime() - Date.now())).toBeLessThan(5 * 60_000);
      }
      await b.storage.removeIncomplete(new Date(Date.now() + 1000));
      await rm(path.join(stagingDir(), "in-progress.upload"));
    });

    test("remove deletes an object; removing it again is fine", async () => {
      const { key } = await b.storage.put({
        source: new TextEncoder().encode("gone soon"),
        maxBytes: 100,
        prefix: prefixFor(),
      });
      await b.storage.remove(key);
      expect(await statusOf(b.storage.read(key))).toBe(404);
      await b.storage.remove(key);
      expect(await keysIn(b.storage, key.split("/")[0])).toEqual([]);
    });

    test("removeIncomplete removes an abandoned write started before the given time, and keeps newer ones", async () => {
      await b.abandonWrite(prefixFor());
      expect(await b.incompleteWrites()).toBe(1);
      expect(await b.storage.removeIncomplete(new Date(Date.now() - 60_000))).toBe(0);
      expect(await b.incompleteWrites()).toBe(1);
      expect(await b.storage.removeIncomplete(new Date(Date.now() + 1000))).toBe(1);
      expect(await b.incompleteWrites()).toBe(0);
    });

    test("keys and prefixes that could leave the store are refused", async () => {
      expect(() => newStorageKey("../x")).toThrow("invalid storage prefix");
      expect(() => newStorageKey("A")).toThrow("invalid storage prefix");
      await expect(b.storage.read("../../etc/passwd")).rejects.toThrow("invalid storage key");
      await expect(b.storage.remove(".tmp/x")).rejects.toThrow("invalid storage key");
      await expect(b.storage.put({ source: new Uint8Array(1), maxBytes: 10, prefix: "a/b" })).rejects.toThrow(
        "invalid storage prefix",
      );
    });
  });
}

test.runIf(existsSync("/dev/shm"))(
  "disk: commitFile from another filesystem copies, fsyncs and renames, then removes the staged file",
  async () => {
    const root = path.join(work, "exdev-files");
    const storage = createDiskStorage(root);
    const localDir = await mkdtemp("/dev/shm/ib-staging-");
    try {
      const localPath = path.join(localDir, "upload");
      await writeFile(localPath, "across filesystems");
      const key = newStorageKey(prefixFor());
      await storage.commitFile({ localPath, key, contentType: "text/plain" });
      expect(existsSync(localPath)).toBe(false);
      expect(await text(await storage.read(key))).toBe("across filesystems");
      expect(await readdir(path.join(root, ".tmp"))).toEqual([]);
    } finally {
      await rm(localDir, { recursive: true, force: true });
    }
  },
);

test("s3: on a store without ListMultipartUploads (plain s3rver), removeIncomplete removes nothing and does not fail", async () => {
  let s3: TestS3 | undefined;
  try {
    s3 = await startS3rver({ multipartListing: false });
    const storage = createS3Storage(s3);
    expect(await storage.removeIncomplete(new Date(Date.now() + 1000))).toBe(0);
    // A put past the limit is still a 413 although the store refuses to abort the upload.
    expect(
      await statusOf(storage.put({ source: generated(10 * MB).stream, maxBytes: 9 * MB, prefix: prefixFor() })),
    ).toBe(413);
  } finally {
    await s3?.stop();
  }
});

test("settings: disk by default; s3 needs its bucket and keys, named in one error; path style by default with an endpoint", () => {
  expect(storageSettingsFromEnv({})).toEqual({ backend: "disk", root: "data/files" });
  expect(storageSettingsFromEnv({ FILES_DIR: "/srv/files" })).toEqual({ backend: "disk", root: "/srv/files" });
  expect(() => storageSettingsFromEnv({ STORAGE_BACKEND: "s3", S3_BUCKET: "b" })).toThrow(
    "Invalid storage settings:\n  S3_ACCESS_KEY_ID: required when STORAGE_BACKEND=s3\n  S3_SECRET_ACCESS_KEY: required when STORAGE_BACKEND=s3",
  );
  expect(() => storageSettingsFromEnv({ STORAGE_BACKEND: "gcs" })).toThrow(
    'STORAGE_BACKEND: must be disk or s3, got "gcs"',
  );
  const keys = { STORAGE_BACKEND: "s3", S3_BUCKET: "b", S3_ACCESS_KEY_ID: "id", S3_SECRET_ACCESS_KEY: "secret" };
  expect(storageSettingsFromEnv(keys)).toEqual({
    backend: "s3",
    endpoint: undefined,
    region: "eu-west-2",
    bucket: "b",
    accessKeyId: "id",
    secretAccessKey: "secret",
    forcePathStyle: false,
  });
  expect(storageSettingsFromEnv({ ...keys, S3_ENDPOINT: "http://minio:9000", S3_REGION: "us-east-1" })).toMatchObject({
    endpoint: "http://minio:9000",
    region: "us-east-1",
    forcePathStyle: true,
  });
  expect(
    storageSettingsFromEnv({ ...keys, S3_ENDPOINT: "http://minio:9000", S3_FORCE_PATH_STYLE: "false" }),
  ).toMatchObject({ forcePathStyle: false });
  expect(() => storageSettingsFromEnv({ ...keys, S3_FORCE_PATH_STYLE: "yes" })).toThrow(
    "S3_FORCE_PATH_STYLE: must be true or false",
  );
  expect(() => storageSettingsFromEnv({ ...keys, S3_ENDPOINT: "minio:9000" })).toThrow(
    "S3_ENDPOINT: must be an http:// or https:// URL",
  );
});

test("stagingDir is FILES_DIR/.staging unless UPLOAD_STAGING_DIR says otherwise, and is created on demand", async () => {
  const saved = { files: process.env.FILES_DIR, staging: process.env.UPLOAD_STAGING_DIR };
  try {
    process.env.FILES_DIR = path.join(work, "other-files");
    delete process.env.UPLOAD_STAGING_DIR;
    expect(stagingDir()).toBe(path.join(work, "other-files", ".staging"));
    expect(existsSync(path.join(work, "other-files", ".staging"))).toBe(true);
    process.env.UPLOAD_STAGING_DIR = path.join(work, "elsewhere", "staging");
    expect(stagingDir()).toBe(path.join(work, "elsewhere", "staging"));
    expect(existsSync(path.join(work, "elsewhere", "staging"))).toBe(true);
  } finally {
    process.env.FILES_DIR = saved.files;
    process.env.UPLOAD_STAGING_DIR = saved.staging;
  }
});

test("readStoredFile: a file's content; a file the storage has lost is a 500 with the caller's message", async () => {
  const storage = createDiskStorage(path.join(work, "read-stored"));
  setStorageForTests(storage);
  try {
    const { key } = await storage.put({ source: Buffer.from("kept"), maxBytes: MB, prefix: "auth1" });
    const stream = await readStoredFile({ id: "f1", storageKey: key }, { log: "test file missing", message: "Gone." });
    expect((await digest(stream)).size).toBe(4);
    const lost = readStoredFile(
      { id: "f2", storageKey: newStorageKey("auth1") },
      { log: "test file missing", message: "Gone." },
    );
    await expect(lost).rejects.toMatchObject({ status: 500, message: "Gone." });
  } finally {
    setStorageForTests(undefined);
  }
});
