/**
 * `npm run restore -- <file>`: loads a backup archive (format.ts) into an
 * EMPTY database on either engine and puts every file back into the
 * configured storage. Restoring a SQLite backup into PostgreSQL is the
 * supported way to move engines (ADR 016).
 *
 * Order of work, in one pass over the archive:
 *  1. read the manifest; refuse an archive from a newer migration level than this code;
 *  2. refuse a target with any row in any table (nothing is changed);
 *  3. migrate the target to the archive's level (so data migrations written
 *     after the backup still run over the restored rows, in step 6);
 *  4. in ONE transaction: insert every table in foreign-key order (nullable
 *     keys that point forward are set at the end), stream each file to a
 *     private temporary file, check its size and SHA-256 against the manifest
 *     and commit it to storage; reset PostgreSQL sequences; commit;
 *  5. on any failure: roll back, remove the files this run wrote, rethrow;
 *  6. apply the migrations that are newer than the archive.
 */
import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { finished } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";
import type { FileStorage } from "~/modules/storage/storage.server";
import { MIGRATIONS_DIR, resolveTarget } from "../db-url.ts";
import { deployMigrations, migrationStatus } from "../migrate.ts";
import { LOCKFILE_NAME, readMigrationsFolder } from "../migrations-dir.ts";
import { openPostgres, openSqlite, type DataConnection, type TableInfo } from "./engines.ts";
import {
  FILE_PREFIX,
  MANIFEST_ENTRY,
  parseManifest,
  type ColumnSpec,
  type Manifest,
  type NeutralValue,
  type TableManifest,
  type ArchiveJob,
} from "./format.ts";

/** The archive or the target is not acceptable; nothing was changed. */
export class RestoreRefused extends Error {
  override name = "RestoreRefused";
}

const INSERT_BATCH = 200;
const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

type Entry = AsyncIterable<Buffer> & { header: { name: string; size?: number; type?: string | null } };

async function* ndjsonLines(entry: AsyncIterable<Buffer>, hash: ReturnType<typeof createHash>): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  for await (const chunk of entry) {
    hash.update(chunk);
    const text = rest + decoder.write(chunk);
    let start = 0;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", start)) {
      yield text.slice(start, i);
      start = i + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.end();
  if (rest) yield rest;
}

async function readAll(entry: AsyncIterable<Buffer>, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of entry) {
    n += c.length;
    if (n > max) throw new RestoreRefused("The archive's manifest is implausibly large.");
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function checkLevel(manifest: Manifest, code: string[]) {
  const unknown = manifest.migrations.filter((m) => !code.includes(m));
  if (unknown.length > 0) {
    throw new RestoreRefused(
      `This backup comes from a newer version of the app: its database has migration(s) this code does not know (${unknown.join(", ")}). ` +
        "Upgrade the app, then restore. Nothing was changed.",
    );
  }
  if (manifest.migrations.some((m, i) => code[i] !== m)) {
    throw new RestoreRefused(
      "The backup's migration history does not match this code's migrations. Nothing was changed.",
    );
  }
}

function checkColumns(spec: TableManifest, target: TableInfo | undefined) {
  if (!target) throw new RestoreRefused(`The target database has no table ${spec.name}, which the backup holds.`);
  for (const c of spec.columns) {
    const t = target.columns.find((x) => x.name === c.name);
    if (!t) throw new RestoreRefused(`The target table ${spec.name} has no column ${c.name}, which the backup holds.`);
    if (t.type !== c.type)
      throw new RestoreRefused(`Column ${spec.name}.${c.name} is ${c.type} in the backup but ${t.type} in the target.`);
  }
}

/** SHA-256 of the object under `key`, or null when there is none. */
async function storedSha256(storage: FileStorage, key: string): Promise<string | null> {
  let stream: AsyncIterable<Buffer>;
  try {
    stream = await storage.read(key);
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
  const hash = createHash("sha256");
  for await (const chunk of stream) hash.update(chunk);
  return hash.digest("hex");
}

export type RestoreResult = {
  manifest: Manifest;
  rows: number;
  files: number;
  migrated: string[];
  /** Text values from which NUL characters were removed (PostgreSQL targets only). */
  nulStripped: number;
};

export async function restoreBackup(opts: ArchiveJob): Promise<RestoreResult> {
  const log = opts.log ?? (() => {});
  const target = resolveTarget(opts.url);
  const code = (await readMigrationsFolder(MIGRATIONS_DIR[target.engine])).migrations.map((m) => m.name);

  const input = createReadStream(opts.file);
  const gunzip = createGunzip();
  const extract = tar.extract();
  const fail = (err: Error) => extract.destroy(err);
  input.on("error", fail);
  gunzip.on("error", fail);
  input.pipe(gunzip).pipe(extract as unknown as NodeJS.WritableStream);
  const entries = (extract as unknown as AsyncIterable<Entry>)[Symbol.asyncIterator]();

  const work = await mkdtemp(path.join(opts.tmpDir ?? os.tmpdir(), "ib-restore-"));
  const committedKeys: string[] = [];
  let conn: DataConnection | undefined;
  let deferred: ReturnType<typeof createWriteStream> | undefined;
  let inTransaction = false;
  try {
    // 1. Manifest and level.
    const first = await entries.next();
    if (first.done || first.value.header.name !== MANIFEST_ENTRY)
      throw new RestoreRefused("This file is not an Improvement Board backup (no manifest first).");
    const manifest = parseManifest(await readAll(first.value, MAX_MANIFEST_BYTES));
    checkLevel(manifest, code);

    // 2. The target must be empty; nothing is created before this check.
    const status = await migrationStatus({ url: opts.url });
    if (status.databaseExists) {
      const probe =
        target.engine === "sqlite" ? openSqlite(target.file, { readonly: true }) : await openPostgres(target);
      try {
        const full = await probe.nonEmptyTables();
        if (full.length > 0) {
          throw new RestoreRefused(
            `The target database is not empty (rows in ${full.slice(0, 5).join(", ")}${full.length > 5 ? ", ..." : ""}). ` +
              "Restore only into an empty database. Nothing was changed.",
          );
        }
      } finally {
        await probe.close();
      }
    }
    const applied = status.applied;
    if (applied.some((m, i) => manifest.migrations[i] !== m)) {
      throw new RestoreRefused(
        `The target database is already migrated past the backup's level (${manifest.migrationLevel}). ` +
          "Restore into a database with no tables: it is migrated to the backup's level, loaded, then brought up to date. Nothing was changed.",
      );
    }

    // 3. Migrate to the archive's level.
    if (applied.length < manifest.migrations.length) {
      const dir = path.join(work, "migrations");
      await mkdir(dir);
      await cp(path.join(MIGRATIONS_DIR[target.engine], LOCKFILE_NAME), path.join(dir, LOCKFILE_NAME));
      for (const m of manifest.migrations)
        await cp(path.join(MIGRATIONS_DIR[target.engine], m), path.join(dir, m), { recursive: true });
      await deployMigrations({ url: opts.url, migrationsDir: dir, log: () => {} });
    }

    // 4. Load.
    conn = target.engine === "sqlite" ? openSqlite(target.file, { readonly: false }) : await openPostgres(target);
    const targetTables = new Map((await conn.tables()).map((t) => [t.name, t]));
    for (const t of manifest.tables) checkColumns(t, targetTables.get(t.name));
    const tablesByEntry = new Map(manifest.tables.map((t) => [t.entry, t]));
    const filesByKey = new Map(manifest.files.items.map((f) => [f.key, f]));
    const loaded = new Set<string>();
    const filesSeen = new Set<string>();
    const deferredFile = path.join(work, "deferred.ndjson");
    deferred = createWriteStream(deferredFile, { mode: 0o600 });
    let deferredCount = 0;
    let rows = 0;

    await conn.begin();
    inTransaction = true;
    for (let next = await entries.next(); !next.done; next = await entries.next()) {
      const entry = next.value;
      const name = entry.header.name;
      const spec = tablesByEntry.get(name);
      if (spec) {
        if (loaded.has(spec.name)) throw new RestoreRefused(`The archive holds table ${spec.name} twice.`);
        const info = targetTables.get(spec.name)!;
        // Nullable keys pointing at a table not loaded yet (or at this one) are inserted as null and set at the end.
        const later = new Set<number>();
        for (const fk of info.foreignKeys) {
          if (!targetTables.has(fk.references) || (loaded.has(fk.references) && fk.references !== spec.name)) continue;
          const i = spec.columns.findIndex((c) => c.name === fk.column);
          if (i < 0) continue;
          if (!spec.columns[i]!.nullable)
            throw new RestoreRefused(`The archive's table order breaks the foreign key ${spec.name}.${fk.column}.`);
          later.add(i);
        }
        const pkIdx = spec.primaryKey.map((k) => spec.columns.findIndex((c) => c.name === k));
        if (later.size > 0 && (pkIdx.length === 0 || pkIdx.includes(-1)))
          throw new RestoreRefused(`Table ${spec.name} needs a primary key to be restored.`);
        const hash = createHash("sha256");
        let batch: NeutralValue[][] = [];
        let count = 0;
        for await (const line of ndjsonLines(entry, hash)) {
          const row = JSON.parse(line) as NeutralValue[];
          if (!Array.isArray(row) || row.length !== spec.columns.length)
            throw new RestoreRefused(`A row of ${spec.name} in the archive is malformed.`);
          for (const i of later) {
            if (row[i] === null) continue;
            deferredCount++;
            const ok = deferred.write(`${JSON.stringify([spec.name, pkIdx.map((p) => row[p]), i, row[i]])}\n`);
            if (!ok) await once(deferred!, "drain");
            row[i] = null;
          }
          batch.push(row);
          count++;
          if (batch.length >= INSERT_BATCH) {
            await conn.insert(spec.name, spec.columns, batch);
            batch = [];
          }
        }
        await conn.insert(spec.name, spec.columns, batch);
        if (count !== spec.rows || hash.digest("hex") !== spec.sha256) {
          throw new RestoreRefused(`Table ${spec.name} in the archive does not match its manifest (damaged archive).`);
        }
        loaded.add(spec.name);
        rows += count;
      } else if (name.startsWith(FILE_PREFIX) && filesByKey.has(name.slice(FILE_PREFIX.length))) {
        const f = filesByKey.get(name.slice(FILE_PREFIX.length))!;
        if (filesSeen.has(f.key)) throw new RestoreRefused(`The archive holds file ${f.key} twice.`);
        const local = path.join(work, `${randomUUID()}.file`);
        const out = createWriteStream(local, { mode: 0o600 });
        const hash = createHash("sha256");
        let size = 0;
        for await (const chunk of entry) {
          hash.update(chunk);
          size += chunk.length;
          if (!out.write(chunk)) await once(out, "drain");
        }
        out.end();
        await finished(out);
        if (size !== f.sizeBytes || hash.digest("hex") !== f.sha256) {
          throw new RestoreRefused(
            `File ${f.key} in the archive does not match the SHA-256 in its manifest (damaged archive).`,
          );
        }
        // Storage that already holds this exact file (moving engines with the same storage) is left alone;
        // a different file under the key is never overwritten. Only files this run created are removed on failure.
        const existing = await storedSha256(opts.storage, f.key);
        if (existing === null) {
          await opts.storage.commitFile({ localPath: local, key: f.key, contentType: f.contentType });
          committedKeys.push(f.key);
        } else if (existing !== f.sha256) {
          throw new RestoreRefused(
            `The configured storage already holds a different file under ${f.key}. Restore into empty storage.`,
          );
        }
        await rm(local, { force: true }); // disk storage moved it already; S3 removes it after upload
        filesSeen.add(f.key);
      } else {
        throw new RestoreRefused(`The archive holds an unexpected entry (${name.slice(0, 100)}).`);
      }
    }
    deferred.end();
    await finished(deferred);
    const missingTables = manifest.tables.filter((t) => !loaded.has(t.name)).map((t) => t.name);
    if (missingTables.length)
      throw new RestoreRefused(`The archive is incomplete: no rows entry for ${missingTables.join(", ")}.`);
    if (filesSeen.size !== filesByKey.size)
      throw new RestoreRefused(`The archive is incomplete: ${filesByKey.size - filesSeen.size} file(s) missing.`);

    if (deferredCount > 0) {
      const columnsOf = new Map(manifest.tables.map((t) => [t.name, t]));
      for await (const line of ndjsonLines(createReadStream(deferredFile), createHash("sha256"))) {
        const [table, key, i, value] = JSON.parse(line) as [string, NeutralValue[], number, NeutralValue];
        const spec = columnsOf.get(table)!;
        const keyColumns = spec.primaryKey.map((k) => spec.columns.find((c) => c.name === k) as ColumnSpec);
        await conn.update(table, { columns: keyColumns, values: key }, spec.columns[i]!, value);
      }
    }
    await conn.resetSequences([...targetTables.values()]);
    await conn.commit();
    inTransaction = false;
    log(`database: ${manifest.tables.length} tables, ${rows} rows restored (${manifest.engine} -> ${target.engine})`);
    if (conn.stripped.nul > 0)
      log(
        `note: ${conn.stripped.nul} text value(s) held NUL characters, which PostgreSQL cannot store; they were removed`,
      );
    log(`files: ${filesSeen.size} restored to ${opts.storage.kind} storage, each SHA-256 checked`);
    const nulStripped = conn.stripped.nul;
    await conn.close();
    conn = undefined;

    // 6. Bring the schema up to this code's level.
    const { applied: migrated } = await deployMigrations({ url: opts.url, log: () => {} });
    if (migrated.length) log(`migrated: ${migrated.join(", ")}`);
    return { manifest, rows, files: filesSeen.size, migrated, nulStripped };
  } catch (error) {
    if (conn && inTransaction) await conn.rollback().catch(() => {});
    for (const key of committedKeys) await opts.storage.remove(key).catch(() => {});
    throw error;
  } finally {
    deferred?.destroy();
    if (conn) await conn.close().catch(() => {});
    extract.destroy();
    input.destroy();
    await rm(work, { recursive: true, force: true });
  }
}
