/**
 * The storage sweep against the real test database and both backends (disk
 * in a temporary directory, S3 on s3rver over HTTP).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, inject, test } from "vitest";
import { getDb } from "~/utils/db.server";
import { createAuthority } from "../../../prisma/factories";
import { backends, keysIn } from "../../../tests/helpers/storage";
import { sweepStorage, startStorageSweeper } from "./cleanup.server";
import { createDiskStorage, stagingDir, type FileStorage } from "./storage.server";

const work = await mkdtemp(path.join(os.tmpdir(), "ib-sweep-test-"));
process.env.UPLOAD_STAGING_DIR = path.join(work, "staging");
afterAll(() => rm(work, { recursive: true, force: true }));

const bytes = (s: string) => new TextEncoder().encode(s);

/** Stores a file and writes its row, as the app does. */
async function storeWithRow(storage: FileStorage, authorityId: string) {
  const put = await storage.put({ source: bytes("evidence with a row"), maxBytes: 1000, prefix: authorityId });
  await getDb().storedFile.create({
    data: {
      authorityId,
      storageKey: put.key,
      fileName: "minutes.pdf",
      contentType: "application/pdf",
      sizeBytes: put.sizeBytes,
      sha256: put.sha256,
    },
  });
  return put.key;
}

// Runs first, on this file's own copy of the SQLite database, while it has no stored files.
// (The PostgreSQL test database is shared by all test files, so it never is empty.)
test.runIf(inject("testEngine") === "sqlite")(
  "with no stored files in the database at all, the sweep removes no object as an orphan",
  async () => {
    expect(await getDb().storedFile.count()).toBe(0);
    const storage = createDiskStorage(path.join(work, "empty-db"));
    const { key } = await storage.put({ source: bytes("not ours to judge"), maxBytes: 100, prefix: "someone" });
    const later = new Date(Date.now() + 60 * 60_000);
    expect(await sweepStorage({ storage, now: later })).toMatchObject({ orphansRemoved: 0 });
    expect(await keysIn(storage)).toEqual([key]);
  },
);

for (const name of ["disk", "s3"] as const) {
  describe(`${name} storage`, () => {
    test("the sweep removes an old staged upload, an abandoned write and an old orphan; keeps files with a row and anything younger than the grace", async () => {
      const b = await backends(path.join(work, `sweep-${name}`))[name]();
      try {
        const { id: authorityId } = await createAuthority({ db: getDb() });
        const staged = path.join(stagingDir(), `${name}-abandoned.upload`);
        await writeFile(staged, "staged an hour ago");
        const anHourAgo = new Date(Date.now() - 60 * 60_000);
        await utimes(staged, anHourAgo, anHourAgo);
        await b.abandonWrite(authorityId);
        const kept = await storeWithRow(b.storage, authorityId);
        const oldOrphan = (
          await b.storage.put({ source: bytes("its row was never written"), maxBytes: 1000, prefix: authorityId })
        ).key;
        // Object times come from the store's clock (whole seconds on S3), so the old ones are made old by waiting.
        await sleep(3100);
        const freshOrphan = (
          await b.storage.put({ source: bytes("its row is being written"), maxBytes: 1000, prefix: authorityId })
        ).key;
        const freshStaged = path.join(stagingDir(), `${name}-uploading.upload`);
        await writeFile(freshStaged, "still arriving");

        const result = await sweepStorage({ storage: b.storage, graceMs: 2000 });

        expect(result).toEqual({ stagedRemoved: 1, incompleteRemoved: 1, orphansRemoved: 1 });
        expect(await keysIn(b.storage)).toEqual([kept, freshOrphan].sort());
        expect(existsSync(staged)).toBe(false);
        expect(existsSync(freshStaged)).toBe(true);
        expect(await b.incompleteWrites()).toBe(0);
        expect(oldOrphan).not.toBe(kept);
        await rm(freshStaged);
      } finally {
        await b.stop();
      }
    });
  });
}

test("the sweeper runs soon after it starts and keeps running until stopped", async () => {
  await createAuthority({ db: getDb() }).then(({ id }) => storeWithRow(createDiskStorage(path.join(work, "rows")), id));
  const storage = createDiskStorage(path.join(work, "sweeper"));
  const { key } = await storage.put({ source: bytes("orphan"), maxBytes: 100, prefix: "someone" });
  const stop = startStorageSweeper({ storage, graceMs: 0, firstRunMs: 10, intervalMs: 60_000 });
  try {
    for (let i = 0; i < 100 && (await keysIn(storage)).includes(key); i++) await sleep(50);
    expect(await keysIn(storage)).toEqual([]);
  } finally {
    stop();
  }
});

test("npm run storage:cleanup sweeps the configured storage and prints the counts as one line", async () => {
  const filesDir = path.join(work, "cli-files");
  const storage = createDiskStorage(filesDir);
  await createAuthority({ db: getDb() }).then(({ id }) => storeWithRow(storage, id));
  const orphan = await storage.put({ source: bytes("orphan"), maxBytes: 100, prefix: "someone" });
  const old = new Date(Date.now() - 60 * 60_000);
  await utimes(path.join(filesDir, ...orphan.key.split("/")), old, old);

  const run = (args: string[]) =>
    spawnSync(path.resolve("node_modules/.bin/tsx"), ["scripts/storage-cleanup.ts", ...args], {
      env: {
        ...process.env,
        STORAGE_BACKEND: "disk",
        FILES_DIR: filesDir,
        UPLOAD_STAGING_DIR: path.join(work, "cli-staging"),
        LOG_LEVEL: "",
      },
      encoding: "utf8",
      timeout: 60_000,
    });
  const r = run(["--grace-minutes", "30"]);
  expect(r.stderr.replace(/npm warn.*\n/g, "")).toBe("");
  expect(r.status).toBe(0);
  const lines = r.stdout.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0]!)).toMatchObject({
    msg: "storage sweep",
    backend: "disk",
    graceMinutes: 30,
    stagedRemoved: 0,
    incompleteRemoved: 0,
    orphansRemoved: 1,
  });
  expect(await keysIn(storage)).toHaveLength(1);

  const bad = run(["--grace-minutes", "soon"]);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain("--grace-minutes");
}, 60_000);
