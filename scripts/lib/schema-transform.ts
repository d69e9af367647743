/**
 * Pure transform from the SQLite schema (the single source of truth,
 * `prisma/schema.prisma`) to the PostgreSQL schema
 * (`prisma/postgres/schema.prisma`).
 *
 * The two files differ ONLY in:
 *   - the datasource `provider` ("sqlite" -> "postgresql"),
 *   - the generator `output` (the postgres client goes to its own folder,
 *     and the path is relative to `prisma/postgres/`),
 *   - a header comment saying the file is generated.
 *
 * No file system access here, so tests and `scripts/lib/migrate.ts` can use it.
 */

export const SOURCE_SCHEMA_PATH = "prisma/schema.prisma";
export const POSTGRES_SCHEMA_PATH = "prisma/postgres/schema.prisma";
export const POSTGRES_CLIENT_OUTPUT = "../../app/generated/prisma-postgres";

export const GENERATED_HEADER = [
  "// GENERATED FILE: DO NOT EDIT.",
  `// Generated from ${SOURCE_SCHEMA_PATH} by \`npm run db:schema:sync\` (scripts/schema-sync.ts).`,
  '// It differs from the source only in the datasource provider ("postgresql") and',
  "// the generator output. `npm run db:schema:check` fails when it is out of date.",
  "",
  "",
].join("\n");

/** Finds the single `<kind> <name> { ... }` block (Prisma blocks do not nest braces). */
function findBlock(schema: string, kind: "datasource" | "generator"): { start: number; end: number } {
  const re = new RegExp(`^[ \\t]*${kind}[ \\t]+\\w+[ \\t]*\\{[^}]*\\}`, "gm");
  const matches = [...schema.matchAll(re)];
  if (matches.length !== 1) {
    throw new Error(
      `schema transform: expected exactly one ${kind} block in ${SOURCE_SCHEMA_PATH}, found ${matches.length}`,
    );
  }
  const m = matches[0]!;
  return { start: m.index, end: m.index + m[0].length };
}

/** Replaces the string value of `key = "..."` inside one block, keeping the alignment. */
function replaceValue(
  schema: string,
  kind: "datasource" | "generator",
  key: string,
  expected: string | RegExp,
  replacement: string,
): string {
  const { start, end } = findBlock(schema, kind);
  const block = schema.slice(start, end);
  const re = new RegExp(`^([ \\t]*${key}[ \\t]*=[ \\t]*)"([^"]*)"`, "gm");
  const matches = [...block.matchAll(re)];
  if (matches.length !== 1) {
    throw new Error(`schema transform: expected one \`${key}\` in the ${kind} block, found ${matches.length}`);
  }
  const value = matches[0]![2]!;
  const ok = typeof expected === "string" ? value === expected : expected.test(value);
  if (!ok) {
    throw new Error(
      `schema transform: ${kind} ${key} is "${value}", expected ${String(expected)}; ` +
        "update scripts/lib/schema-transform.ts if this change is intended",
    );
  }
  const newBlock = block.replace(re, (_all, prefix: string) => `${prefix}"${replacement}"`);
  return schema.slice(0, start) + newBlock + schema.slice(end);
}

/**
 * Returns the PostgreSQL schema text for a given SQLite schema text.
 * Throws if the source does not have the expected shape (one datasource with
 * provider "sqlite", one generator with an output).
 */
export function toPostgresSchema(sqliteSchema: string): string {
  let out = sqliteSchema.replace(/\r\n/g, "\n");
  out = replaceValue(out, "datasource", "provider", "sqlite", "postgresql");
  out = replaceValue(out, "generator", "output", /.+/, POSTGRES_CLIENT_OUTPUT);
  return GENERATED_HEADER + out;
}

/** A short, human readable description of the first difference between two texts. */
export function firstDifference(expected: string, actual: string): string | null {
  if (expected === actual) return null;
  const a = expected.split("\n");
  const b = actual.split("\n");
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) {
      return (
        `line ${i + 1}:\n` +
        `  expected: ${a[i] === undefined ? "<end of file>" : JSON.stringify(a[i])}\n` +
        `  actual:   ${b[i] === undefined ? "<end of file>" : JSON.stringify(b[i])}`
      );
    }
  }
  return "files differ";
}
