/**
 * Keeps prisma/postgres/schema.prisma in step with prisma/schema.prisma.
 *
 *   tsx scripts/schema-sync.ts           write prisma/postgres/schema.prisma
 *   tsx scripts/schema-sync.ts --check   exit 1 if the committed file differs (drift check)
 *
 * The transform itself is pure and lives in scripts/lib/schema-transform.ts.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { POSTGRES_SCHEMA_PATH, SOURCE_SCHEMA_PATH, firstDifference, toPostgresSchema } from "./lib/schema-transform.ts";

export { toPostgresSchema, firstDifference } from "./lib/schema-transform.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export type SchemaPaths = { sourcePath?: string; targetPath?: string };

function resolvePaths(opts: SchemaPaths) {
  return {
    sourcePath: path.resolve(ROOT, opts.sourcePath ?? SOURCE_SCHEMA_PATH),
    targetPath: path.resolve(ROOT, opts.targetPath ?? POSTGRES_SCHEMA_PATH),
  };
}

/** Writes the generated postgres schema. Returns true if the file changed. */
export async function syncPostgresSchema(opts: SchemaPaths = {}): Promise<boolean> {
  const { sourcePath, targetPath } = resolvePaths(opts);
  const expected = toPostgresSchema(await readFile(sourcePath, "utf8"));
  const current = await readFile(targetPath, "utf8").catch(() => null);
  if (current === expected) return false;
  await mkdir(path.dirname(targetPath), { recursive: true });
  await writeFile(targetPath, expected);
  return true;
}

/** The drift check. `ok: false` carries a message saying what differs and how to fix it. */
export async function checkPostgresSchema(
  opts: SchemaPaths = {},
): Promise<{ ok: true } | { ok: false; message: string }> {
  const { sourcePath, targetPath } = resolvePaths(opts);
  const expected = toPostgresSchema(await readFile(sourcePath, "utf8"));
  const current = await readFile(targetPath, "utf8").catch(() => null);
  const rel = path.relative(process.cwd(), targetPath) || targetPath;
  if (current === null) {
    return { ok: false, message: `${rel} is missing. Run \`npm run db:schema:sync\` and commit it.` };
  }
  const diff = firstDifference(expected, current);
  if (diff === null) return { ok: true };
  return {
    ok: false,
    message:
      `${rel} is out of date with ${path.relative(process.cwd(), sourcePath) || sourcePath} ` +
      `(first difference at ${diff})\n` +
      "Edit prisma/schema.prisma only, then run `npm run db:schema:sync` and commit both files.",
  };
}

async function main(argv: string[]) {
  const check = argv.includes("--check");
  const unknown = argv.filter((a) => a !== "--check");
  if (unknown.length > 0) {
    console.error(`Unknown argument(s): ${unknown.join(" ")}\nUsage: tsx scripts/schema-sync.ts [--check]`);
    return 2;
  }
  if (check) {
    const result = await checkPostgresSchema();
    if (!result.ok) {
      console.error(`Schema drift: ${result.message}`);
      return 1;
    }
    console.log(`${POSTGRES_SCHEMA_PATH} is in step with ${SOURCE_SCHEMA_PATH}.`);
    return 0;
  }
  const changed = await syncPostgresSchema();
  console.log(changed ? `Wrote ${POSTGRES_SCHEMA_PATH}.` : `${POSTGRES_SCHEMA_PATH} already up to date.`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
