/**
 * The backup archive format (version 1): one gzip'd tar, engine-neutral.
 *
 *   manifest.json          what is inside (this file's Manifest type), always first
 *   db/<Table>.ndjson      one JSON array per row, values in `columns` order, tables in load order
 *   files/<storageKey>     every stored object the StoredFile table names, byte for byte
 *
 * Values are written as neutral JSON so that an archive made on one engine
 * restores into the other (ADR 016):
 *   string, json  -> string          int, float -> number
 *   bigint, decimal -> string        boolean -> true / false
 *   datetime -> ISO 8601 UTC with milliseconds ("2026-11-23T09:30:00.000Z")
 *   bytes -> base64                  null -> null
 */
import type { FileStorage } from "~/modules/storage/storage.server";
export const ARCHIVE_FORMAT = "improvement-board-backup";
export const FORMAT_VERSION = 1;
export const MANIFEST_ENTRY = "manifest.json";
export const TABLE_PREFIX = "db/";
export const FILE_PREFIX = "files/";

/** What a backup or a restore works with. */
export type ArchiveJob = {
  /** The database (a backup's source, a restore's target); defaults to DATABASE_URL, then file:./data/app.db. */
  url?: string;
  /** The app's configured storage: where a backup reads the files and a restore puts them. */
  storage: FileStorage;
  /** The archive (conventionally *.tar.gz). A backup replaces it only when the new one is complete. */
  file: string;
  /** Parent of the temporary folder (a restore stages files there before commit); defaults to the OS temp folder. */
  tmpDir?: string;
  log?: (message: string) => void;
};

export type NeutralType = "string" | "json" | "int" | "bigint" | "float" | "decimal" | "boolean" | "datetime" | "bytes";
export type NeutralValue = string | number | boolean | null;

export type ColumnSpec = { name: string; type: NeutralType; nullable: boolean };

export type TableManifest = {
  name: string;
  /** Tar entry holding the rows. */
  entry: string;
  rows: number;
  /** Hex SHA-256 of the entry's bytes. */
  sha256: string;
  columns: ColumnSpec[];
  primaryKey: string[];
};

export type FileManifest = { key: string; contentType: string; sizeBytes: number; sha256: string };

export type Manifest = {
  format: typeof ARCHIVE_FORMAT;
  formatVersion: number;
  createdAt: string;
  /** Engine the backup was taken from. */
  engine: "sqlite" | "postgres";
  /** Applied migrations of the source database, in order; the last one is the schema level. */
  migrations: string[];
  migrationLevel: string | null;
  tables: TableManifest[];
  files: { count: number; totalBytes: number; items: FileManifest[] };
};

/** The database's own bookkeeping, never copied: the target is migrated by its own engine's migrations. */
export const SKIPPED_TABLES = new Set(["_prisma_migrations"]);

/** SQLite declared column type (as Prisma's migrations write it) -> neutral type. */
export function sqliteNeutralType(declared: string): NeutralType {
  const t = declared.toUpperCase();
  if (t.includes("BIGINT")) return "bigint";
  if (t.includes("INT")) return "int";
  if (t.includes("BOOL")) return "boolean";
  if (t.includes("DATE") || t.includes("TIME")) return "datetime";
  if (t.includes("REAL") || t.includes("FLOA") || t.includes("DOUB")) return "float";
  if (t.includes("DECIMAL") || t.includes("NUMERIC")) return "decimal";
  if (t.includes("BLOB")) return "bytes";
  if (t.includes("JSON")) return "json";
  return "string";
}

/** PostgreSQL udt_name -> neutral type. */
export function postgresNeutralType(udt: string): NeutralType {
  switch (udt) {
    case "int2":
    case "int4":
      return "int";
    case "int8":
      return "bigint";
    case "bool":
      return "boolean";
    case "timestamp":
    case "timestamptz":
    case "date":
      return "datetime";
    case "float4":
    case "float8":
      return "float";
    case "numeric":
      return "decimal";
    case "bytea":
      return "bytes";
    case "json":
    case "jsonb":
      return "json";
    default:
      return "string";
  }
}

/**
 * A stored date-time (SQLite text in any form SQLite or Prisma writes, or
 * PostgreSQL's text output) -> ISO 8601 UTC. A value without a zone is UTC, as
 * Prisma writes it and as SQLite's CURRENT_TIMESTAMP is.
 */
export function normaliseDateTime(raw: string | number | bigint): string {
  if (typeof raw !== "string") return new Date(Number(raw)).toISOString();
  let s = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) s += "T00:00:00";
  s = s.replace(" ", "T");
  if (/[+-]\d{2}$/.test(s)) s += ":00"; // PostgreSQL's "+00"
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(s)) s += "Z";
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new Error("unreadable date-time value");
  return d.toISOString();
}

export function tableEntryName(table: string): string {
  return `${TABLE_PREFIX}${table}.ndjson`;
}

/** Checks the shape of a manifest read from an archive. */
export function parseManifest(text: string): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch {
    throw new Error("The archive's manifest.json is not valid JSON.");
  }
  if (m?.format !== ARCHIVE_FORMAT)
    throw new Error("This file is not an Improvement Board backup (no backup manifest).");
  if (m.formatVersion > FORMAT_VERSION) {
    throw new Error(
      `This backup uses archive format ${m.formatVersion}; this version of the app reads up to ${FORMAT_VERSION}. Upgrade the app first.`,
    );
  }
  if (!Array.isArray(m.tables) || !Array.isArray(m.migrations) || !Array.isArray(m.files?.items)) {
    throw new Error("The archive's manifest is incomplete.");
  }
  return m;
}
