/**
 * `npm run backup -- <file>`: one archive (format.ts) with a consistent
 * snapshot of every table, every stored file and a manifest, taken while the
 * app runs.
 *
 *  - SQLite: the online backup API copies the live database to a private file
 *    in one step (a read transaction), and the export reads that copy.
 *  - PostgreSQL: every table is read inside one REPEATABLE READ READ ONLY
 *    transaction, through cursors.
 *
 * Rows are spooled table by table to a private temporary folder (tar needs
 * each entry's size first), then packed with the files, streamed from storage
 * and checked against the SHA-256 the database holds. Memory stays flat
 * whatever the number of rows or the size of files; only the manifest's file
 * list (about 200 bytes a file) is held. The archive is written under a
 * temporary name and renamed when complete, with mode 0600: it holds personal
 * data and password hashes.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdtemp, rename, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import { once } from "node:events";
import { createGzip } from "node:zlib";
import Database from "better-sqlite3";
import tar from "tar-stream";
import { resolveTarget } from "../db-url.ts";
import { loadOrder, openPostgres, openSqlite, type DataConnection } from "./engines.ts";
import {
  ARCHIVE_FORMAT,
  FILE_PREFIX,
  FORMAT_VERSION,
  MANIFEST_ENTRY,
  tableEntryName,
  type ColumnSpec,
  type FileManifest,
  type Manifest,
  type TableManifest,
  type ArchiveJob,
} from "./format.ts";

export class BackupError extends Error {
  override name = "BackupError";
}

const STORED_FILE_COLUMNS: ColumnSpec[] = [
  { name: "storageKey", type: "string", nullable: false },
  { name: "contentType", type: "string", nullable: false },
  { name: "sizeBytes", type: "int", nullable: false },
  { name: "sha256", type: "string", nullable: false },
];

async function openSnapshot(url: string | undefined, work: string): Promise<DataConnection> {
  const target = resolveTarget(url);
  if (target.engine === "postgres") {
    const conn = await openPostgres(target);
    await conn.beginSnapshot();
    return conn;
  }
  if (!existsSync(target.file)) throw new BackupError(`There is no SQLite database at ${target.file}.`);
  const copy = path.join(work, "snapshot.db");
  const live = new Database(target.file, { fileMustExist: true });
  try {
    live.pragma("busy_timeout = 10000");
    // Returning the largest page count makes the next step copy every remaining page at once,
    // inside one read transaction: the copy is consistent even under constant writes.
    await live.backup(copy, { progress: () => 0x7fffffff });
  } finally {
    live.close();
  }
  return openSqlite(copy, { readonly: true });
}

/** Writes rows as NDJSON to a spool file; returns its row count, size and SHA-256. */
async function spoolTable(rows: AsyncIterable<unknown[]>, file: string) {
  const out = createWriteStream(file, { mode: 0o600 });
  const hash = createHash("sha256");
  let count = 0;
  let bytes = 0;
  try {
    for await (const row of rows) {
      const line = `${JSON.stringify(row)}\n`;
      hash.update(line);
      bytes += Buffer.byteLength(line);
      count++;
      if (!out.write(line)) await once(out, "drain");
    }
  } finally {
    out.end();
    await finished(out);
  }
  return { rows: count, bytes, sha256: hash.digest("hex") };
}

/** Adds one entry of known size to the pack, streaming `source` into it. */
function addEntry(
  pack: tar.Pack,
  header: { name: string; size: number; mtime: Date },
  source: Readable | Buffer,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const entry = pack.entry({ ...header, mode: 0o600, type: "file" }, (err) => (err ? reject(err) : resolve()));
    if (Buffer.isBuffer(source)) {
      entry.end(source);
      return;
    }
    source.on("error", (err) => {
      entry.destroy(err);
      reject(err);
    });
    source.pipe(entry as unknown as NodeJS.WritableStream);
  });
}

function hashing() {
  const hash = createHash("sha256");
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  return { stream, result: () => ({ bytes, sha256: hash.digest("hex") }) };
}

export async function createBackup(opts: ArchiveJob): Promise<Manifest> {
  const log = opts.log ?? (() => {});
  const target = resolveTarget(opts.url);
  const work = await mkdtemp(path.join(opts.tmpDir ?? os.tmpdir(), "ib-backup-"));
  const partial = `${opts.file}.partial-${process.pid}`;
  try {
    // 1. Snapshot: rows to spool files, the file list from the same snapshot.
    const conn = await openSnapshot(opts.url, work);
    const tables: (TableManifest & { spool: string; bytes: number })[] = [];
    let migrations: string[];
    const files: FileManifest[] = [];
    try {
      migrations = await conn.appliedMigrations();
      if (migrations.length === 0) throw new BackupError("The database has no applied migrations: nothing to back up.");
      const { order } = loadOrder(await conn.tables());
      for (const [i, t] of order.entries()) {
        const spool = path.join(work, `${i}.ndjson`);
        const columns = t.columns.map(({ name, type, nullable }) => ({ name, type, nullable }));
        const r = await spoolTable(conn.readRows(t.name, columns, t.primaryKey), spool);
        tables.push({
          name: t.name,
          entry: tableEntryName(t.name),
          rows: r.rows,
          sha256: r.sha256,
          columns,
          primaryKey: t.primaryKey,
          spool,
          bytes: r.bytes,
        });
      }
      if (order.some((t) => t.name === "StoredFile")) {
        for await (const [key, contentType, sizeBytes, sha256] of conn.readRows("StoredFile", STORED_FILE_COLUMNS, [
          "id",
        ])) {
          files.push({
            key: key as string,
            contentType: contentType as string,
            sizeBytes: sizeBytes as number,
            sha256: sha256 as string,
          });
        }
      }
    } finally {
      if (conn.engine === "postgres") await conn.commit().catch(() => {});
      await conn.close();
    }
    log(`database: ${tables.length} tables, ${tables.reduce((n, t) => n + t.rows, 0)} rows (${target.engine})`);

    const manifest: Manifest = {
      format: ARCHIVE_FORMAT,
      formatVersion: FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      engine: target.engine,
      migrations,
      migrationLevel: migrations.at(-1) ?? null,
      tables: tables.map(({ spool: _s, bytes: _b, ...t }) => t),
      files: { count: files.length, totalBytes: files.reduce((n, f) => n + f.sizeBytes, 0), items: files },
    };

    // 2. Pack: manifest, tables in load order, then every file, checked as it streams.
    const pack = tar.pack();
    const written = pipeline(pack as unknown as Readable, createGzip(), createWriteStream(partial, { mode: 0o600 }));
    written.catch(() => {}); // awaited below; an early failure must not go unhandled while entries are added
    const mtime = new Date(manifest.createdAt);
    try {
      const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 1));
      await addEntry(pack, { name: MANIFEST_ENTRY, size: manifestBytes.length, mtime }, manifestBytes);
      for (const t of tables) await addEntry(pack, { name: t.entry, size: t.bytes, mtime }, createReadStream(t.spool));
      for (const f of files) {
        let source: Readable;
        try {
          source = await opts.storage.read(f.key);
        } catch {
          throw new BackupError(
            `Stored file ${f.key} is listed in the database but cannot be read from ${opts.storage.kind} storage.`,
          );
        }
        const h = hashing();
        try {
          await addEntry(pack, { name: `${FILE_PREFIX}${f.key}`, size: f.sizeBytes, mtime }, source.pipe(h.stream));
        } catch {
          throw new BackupError(
            `Stored file ${f.key} in ${opts.storage.kind} storage is not the size the database records.`,
          );
        }
        const got = h.result();
        if (got.sha256 !== f.sha256 || got.bytes !== f.sizeBytes) {
          throw new BackupError(
            `Stored file ${f.key} in ${opts.storage.kind} storage does not match the SHA-256 the database records.`,
          );
        }
      }
      pack.finalize();
      await written;
    } catch (error) {
      pack.destroy(error as Error);
      await written.catch(() => {});
      throw error;
    }
    await rename(partial, opts.file);
    log(`files: ${files.length} (${manifest.files.totalBytes} bytes); archive ${(await stat(opts.file)).size} bytes`);
    return manifest;
  } finally {
    await rm(partial, { force: true });
    await rm(work, { recursive: true, force: true });
  }
}
