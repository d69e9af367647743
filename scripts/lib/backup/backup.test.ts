/**
 * Backup and restore on real databases (ADR 016). The source is a fresh
 * database of the run's engine (TEST_DB) holding the demo data, a generated
 * authority (tests/bench/generate.ts, 1k actions), stored evidence files and
 * awkward values; so the SQLite run covers SQLite -> PostgreSQL and the
 * PostgreSQL run covers PostgreSQL -> SQLite. Every table is compared row by
 * row through the app's own Prisma clients, every file by SHA-256.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import tar from "tar-stream";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { PrismaClient as SqliteClient, Prisma } from "~/generated/prisma-sqlite/client";
import { PrismaClient as PostgresClient } from "~/generated/prisma-postgres/client";
import { createDiskStorage, type FileStorage } from "~/modules/storage/storage.server";
import { getDb, type Db } from "~/utils/db.server";
import { seedDemo } from "../../../prisma/seed";
import { generateAuthority } from "../../../tests/bench/generate";
import { deployMigrations } from "../migrate";
import { createTempDatabase, dropTempDatabase } from "../pg-temp-db.mjs";
import { createBackup } from "./backup";
import { RestoreRefused, restoreBackup } from "./restore";
import { MANIFEST_ENTRY, type Manifest } from "./format";

const engine = inject("testEngine");
const pgServer = process.env.TEST_POSTGRES_URL;
const TMP = path.resolve("tests/.tmp", `backup-${process.pid}-${Date.now().toString(36)}`);
const tempPg: string[] = [];
const clients: Db[] = [];

let sourceUrl = "";
let sourceStorage: FileStorage;
let archive = "";
let manifest: Manifest;
let emptyAfterFailure = "";

function clientFor(url: string): Db {
  const db = /^postgres/.test(url)
    ? (new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db)
    : new SqliteClient({ adapter: new PrismaBetterSqlite3({ url }) });
  clients.push(db);
  return db;
}

/** A fresh, migrated database of the given engine. */
async function freshDatabase(
  kind: "sqlite" | "postgres",
  name: string,
  opts: { migrate?: boolean } = {},
): Promise<string> {
  let url: string;
  if (kind === "postgres") {
    url = await createTempDatabase(pgServer!, "ib_backup");
    tempPg.push(url);
  } else {
    url = `file:${path.join(TMP, `${name}.db`)}`;
  }
  if (opts.migrate !== false) await deployMigrations({ url, log: () => {} });
  return url;
}

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Every row of every model, sorted by id, as the app reads them. */
async function dumpAll(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const model of Object.values(Prisma.ModelName)) {
    const delegate = (db as unknown as Record<string, { findMany: () => Promise<{ id: string }[]> }>)[
      model[0]!.toLowerCase() + model.slice(1)
    ]!;
    out[model] = (await delegate.findMany()).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  return out;
}

async function expectSameData(targetUrl: string, targetStorage: FileStorage) {
  const source = await dumpAll(clientFor(sourceUrl));
  const target = await dumpAll(clientFor(targetUrl));
  for (const model of Object.keys(source)) expect(target[model], model).toEqual(source[model]);
  // Nothing trivially equal: the data set is real.
  expect(source.Action!.length).toBeGreaterThan(1000);
  expect(source.StoredFile!.length).toBeGreaterThanOrEqual(3);
  for (const f of source.StoredFile as { storageKey: string; sha256: string }[]) {
    const bytes = await readAll(await targetStorage.read(f.storageKey));
    expect(sha(bytes), f.storageKey).toBe(f.sha256);
    expect(sha(await readAll(await sourceStorage.read(f.storageKey)))).toBe(f.sha256);
  }
}

const LONG_TEXT = "Ofsted said: “help and protection” — ".repeat(4000); // about 150 KB
const UNICODE = "Zoë Ødegård, 山田太郎, عائشة, 👩‍👧 — naïve café ‘quoted’";

beforeAll(async () => {
  mkdirSync(TMP, { recursive: true });
  sourceUrl = await freshDatabase(engine, "source");
  // The app's client (getDb, used inside the seed) reads DATABASE_URL on first use.
  process.env.DATABASE_URL = sourceUrl;
  const db = getDb();
  await seedDemo({ db, today: new Date("2026-11-23T00:00:00Z") });
  await generateAuthority({ db, size: "1k", today: new Date("2026-11-23T00:00:00Z") });

  // Stored evidence files (one empty, one binary, one larger) and values that are easy to get wrong across engines.
  sourceStorage = createDiskStorage(path.join(TMP, "source-files"));
  const authority = await db.authority.findFirstOrThrow({ where: { slug: "leeds" } });
  const user = await db.user.findFirstOrThrow({ where: { memberships: { some: { authorityId: authority.id } } } });
  const blobs = [
    Buffer.alloc(0),
    Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
    Buffer.alloc(300_000, "%PDF-1.7 evidence "),
  ];
  for (const [i, bytes] of blobs.entries()) {
    const put = await sourceStorage.put({ source: bytes, maxBytes: 10_000_000, prefix: authority.id });
    const file = await db.storedFile.create({
      data: {
        authorityId: authority.id,
        uploadedById: user.id,
        storageKey: put.key,
        fileName: `${UNICODE} ${i}.pdf`,
        contentType: "application/pdf",
        sizeBytes: put.sizeBytes,
        sha256: put.sha256,
        warnings: i === 1 ? "pdf_active_content" : "",
      },
    });
    await db.evidence.create({
      data: {
        authorityId: authority.id,
        title: `${UNICODE} evidence ${i}`,
        type: "audit",
        description: i === 2 ? LONG_TEXT : "",
        containsPersonalData: i === 1,
        effectiveDate: i === 0 ? null : new Date("1969-12-31T23:59:59.999Z"),
        reviewDate: new Date("2099-02-28T12:34:56.789Z"),
        createdById: user.id,
        versions: { create: { authorityId: authority.id, fileId: file.id, versionNumber: 1, uploadedById: user.id } },
      },
    });
  }
  await db.auditEvent.create({
    data: {
      authorityId: authority.id,
      action: "update",
      entityType: "Action",
      changes: JSON.stringify({ title: ['a\nb\t"c"', UNICODE], due: [null, "2026-02-28"] }),
      requestId: null,
    },
  });

  archive = path.join(TMP, "backup.tar.gz");
  manifest = await createBackup({ url: sourceUrl, storage: sourceStorage, file: archive, tmpDir: TMP });
}, 120_000);

afterAll(async () => {
  for (const c of clients) await c.$disconnect();
  const { disconnectDb } = await import("~/utils/db.server");
  await disconnectDb();
  for (const url of tempPg) await dropTempDatabase(pgServer!, url).catch(() => {});
  rmSync(TMP, { recursive: true, force: true });
});

test("the manifest records the engine, the migration level, every table's row count and every file's hash", async () => {
  expect(manifest.engine).toBe(engine);
  expect(manifest.migrationLevel).toBe(manifest.migrations.at(-1));
  expect(manifest.migrations.length).toBeGreaterThan(0);
  const db = getDb();
  expect(manifest.tables.map((t) => t.name).sort()).toEqual([...Object.values(Prisma.ModelName)].sort());
  expect(manifest.tables.find((t) => t.name === "Action")!.rows).toBe(await db.action.count());
  expect(manifest.tables.find((t) => t.name === "AuditEvent")!.rows).toBe(await db.auditEvent.count());
  const files = await db.storedFile.findMany({ orderBy: { storageKey: "asc" } });
  expect([...manifest.files.items].sort((a, b) => (a.key < b.key ? -1 : 1))).toEqual(
    files.map((f) => ({ key: f.storageKey, contentType: f.contentType, sizeBytes: f.sizeBytes, sha256: f.sha256 })),
  );
});

test("a backup restores into a fresh database of the same engine with every row and file identical", async () => {
  const url = await freshDatabase(engine, "same", { migrate: false }); // restore migrates a database with no tables
  const storage = createDiskStorage(path.join(TMP, "same-files"));
  const result = await restoreBackup({ url, storage, file: archive, tmpDir: TMP });
  expect(result.files).toBe(manifest.files.count);
  await expectSameData(url, storage);
}, 60_000);

test.skipIf(engine === "sqlite" && !pgServer)(
  "a backup restores into the other engine with every row and file identical (moving engines)",
  async () => {
    const url = await freshDatabase(engine === "sqlite" ? "postgres" : "sqlite", "other");
    const storage = createDiskStorage(path.join(TMP, "other-files"));
    await restoreBackup({ url, storage, file: archive, tmpDir: TMP });
    await expectSameData(url, storage);
  },
  60_000,
);

test.skipIf(!pgServer)(
  "text with NUL characters, which SQLite keeps and PostgreSQL cannot, moves with the NULs removed",
  async () => {
    const src = await freshDatabase("sqlite", "nul-source");
    await clientFor(src).authority.create({
      data: { name: "Nul\u0000 Council", slug: "nul", onsCode: "E0000000\u0000" },
    });
    const file = path.join(TMP, "nul.tar.gz");
    const storage = createDiskStorage(path.join(TMP, "nul-files"));
    await createBackup({ url: src, storage, file, tmpDir: TMP });
    const url = await freshDatabase("postgres", "nul-target");
    const result = await restoreBackup({ url, storage, file, tmpDir: TMP });
    expect(result.nulStripped).toBe(2);
    expect(await clientFor(url).authority.findMany({ select: { name: true, onsCode: true } })).toEqual([
      { name: "Nul Council", onsCode: "E0000000" },
    ]);
  },
);

test("restore refuses a database that holds any row, and changes nothing", async () => {
  const url = await freshDatabase(engine, "non-empty");
  const db = clientFor(url);
  await db.loginAttempt.create({ data: { keyHash: "k", succeeded: false } });
  const storage = createDiskStorage(path.join(TMP, "non-empty-files"));
  await expect(restoreBackup({ url, storage, file: archive, tmpDir: TMP })).rejects.toThrow(
    /The target database is not empty \(rows in LoginAttempt\)\. Restore only into an empty database\. Nothing was changed\./,
  );
  expect(await db.loginAttempt.count()).toBe(1);
  expect(await db.authority.count()).toBe(0);
  expect(existsSync(path.join(TMP, "non-empty-files")) ? readdirSync(path.join(TMP, "non-empty-files")) : []).toEqual(
    [],
  );
});

/** Every entry of an archive (small test archives only: held in memory). */
async function readArchive(file: string): Promise<{ name: string; body: Buffer }[]> {
  const extract = tar.extract();
  const entries: { name: string; body: Buffer }[] = [];
  const done = (async () => {
    for await (const e of extract as unknown as AsyncIterable<AsyncIterable<Buffer> & { header: { name: string } }>) {
      entries.push({ name: e.header.name, body: await readAll(Readable.from(e)) });
    }
  })();
  createReadStream(file)
    .pipe(createGunzip())
    .pipe(extract as unknown as NodeJS.WritableStream);
  await done;
  return entries;
}

/** Rewrites the archive's manifest. */
async function withManifest(edit: (m: Manifest) => void, out: string) {
  const entries = await readArchive(archive);
  const m = JSON.parse(entries[0]!.body.toString()) as Manifest;
  edit(m);
  entries[0] = { name: MANIFEST_ENTRY, body: Buffer.from(JSON.stringify(m)) };
  const pack = tar.pack();
  for (const e of entries) pack.entry({ name: e.name }, e.body);
  pack.finalize();
  await pipeline(pack as unknown as Readable, createGzip(), createWriteStream(out));
}

test("restore refuses an archive from a newer migration level than the code, before touching the database", async () => {
  const newer = path.join(TMP, "newer.tar.gz");
  await withManifest((m) => {
    m.migrations.push("29991231000000_from_the_future");
    m.migrationLevel = "29991231000000_from_the_future";
  }, newer);
  const url = await freshDatabase(engine, "newer", { migrate: false });
  const storage = createDiskStorage(path.join(TMP, "newer-files"));
  const err = await restoreBackup({ url, storage, file: newer, tmpDir: TMP }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RestoreRefused);
  expect((err as Error).message).toMatch(
    /newer version of the app.*29991231000000_from_the_future.*Upgrade the app, then restore/,
  );
  if (engine === "sqlite") expect(existsSync(url.slice("file:".length))).toBe(false);
});

test("restore refuses a damaged archive and leaves the target empty, with no files", async () => {
  const damaged = path.join(TMP, "damaged.tar.gz");
  await withManifest((m) => {
    m.files.items[m.files.items.length - 1]!.sha256 = "0".repeat(64);
  }, damaged);
  const url = (emptyAfterFailure = await freshDatabase(engine, "damaged"));
  const storage = createDiskStorage(path.join(TMP, "damaged-files"));
  await expect(restoreBackup({ url, storage, file: damaged, tmpDir: TMP })).rejects.toThrow(
    /does not match the SHA-256 in its manifest/,
  );
  expect(await clientFor(url).action.count()).toBe(0);
  const left: string[] = [];
  for await (const o of storage.list()) left.push(o.key);
  expect(left).toEqual([]);
});

test("a failed restore into the storage that already holds the files (moving engines in place) leaves every file there", async () => {
  const damaged = path.join(TMP, "damaged-in-place.tar.gz");
  await withManifest((m) => {
    // Fails at the very end, after every file has been through storage.
    m.files.items.push({
      key: "phantom/00000000-0000-4000-8000-000000000000",
      contentType: "application/pdf",
      sizeBytes: 1,
      sha256: "0".repeat(64),
    });
  }, damaged);
  const url = emptyAfterFailure || (await freshDatabase(engine, "in-place")); // the failed restore above left it empty
  await expect(restoreBackup({ url, storage: sourceStorage, file: damaged, tmpDir: TMP })).rejects.toThrow(
    /The archive is incomplete: 1 file\(s\) missing/,
  );
  expect(await clientFor(url).authority.count()).toBe(0);
  for (const f of manifest.files.items)
    expect(sha(await readAll(await sourceStorage.read(f.key))), f.key).toBe(f.sha256);
});

test("a backup taken while the app writes is one consistent snapshot", async () => {
  // Each write adds an update to one action and bumps its version in one transaction: in any consistent
  // state, the action's version is 1 + its number of "tick" updates.
  const db = getDb();
  const action = await db.action.findFirstOrThrow({ where: { authority: { slug: "leeds" } }, orderBy: { id: "asc" } });
  await db.action.update({ where: { id: action.id }, data: { version: 1 } });
  await db.actionUpdate.deleteMany({ where: { actionId: action.id, body: "tick" } });
  let writing = true;
  let writes = 0;
  const writer = (async () => {
    while (writing) {
      await db.$transaction(async (tx) => {
        await tx.action.update({ where: { id: action.id }, data: { version: { increment: 1 } } });
        await new Promise((r) => setTimeout(r, 1));
        await tx.actionUpdate.create({ data: { authorityId: action.authorityId, actionId: action.id, body: "tick" } });
      });
      writes++;
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  const during = path.join(TMP, "during.tar.gz");
  try {
    await new Promise((r) => setTimeout(r, 20));
    await createBackup({ url: sourceUrl, storage: sourceStorage, file: during, tmpDir: TMP });
  } finally {
    writing = false;
    await writer;
  }
  expect(writes).toBeGreaterThan(0);
  // Read the snapshot straight from the archive.
  const entries = await readArchive(during);
  const m = JSON.parse(entries[0]!.body.toString()) as Manifest;
  const rowsOf = (table: string) => {
    const spec = m.tables.find((t) => t.name === table)!;
    const rows = entries
      .find((e) => e.name === spec.entry)!
      .body.toString()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as unknown[]);
    const col = (name: string) => spec.columns.findIndex((c) => c.name === name);
    return { rows, col };
  };
  const actions = rowsOf("Action");
  const a = actions.rows.find((r) => r[actions.col("id")] === action.id)!;
  const updates = rowsOf("ActionUpdate");
  const ticks = updates.rows.filter(
    (r) => r[updates.col("actionId")] === action.id && r[updates.col("body")] === "tick",
  ).length;
  expect(a[actions.col("version")]).toBe(1 + ticks);
}, 60_000);
