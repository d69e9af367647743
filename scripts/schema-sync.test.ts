import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { checkPostgresSchema, syncPostgresSchema, toPostgresSchema } from "./schema-sync.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const SOURCE = path.join(ROOT, "prisma/schema.prisma");
const COMMITTED = path.join(ROOT, "prisma/postgres/schema.prisma");
const tmp = mkdtempSync(path.join(os.tmpdir(), "schema-sync-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const source = readFileSync(SOURCE, "utf8");

test("the postgres schema differs from the source only in provider, generator output and the generated-file header", () => {
  const out = toPostgresSchema(source);
  expect(out.startsWith("// GENERATED FILE: DO NOT EDIT.")).toBe(true);
  expect(out).toMatch(/datasource db \{\s*provider = "postgresql"\s*\}/);
  expect(out).toMatch(/^\s*output\s+= "\.\.\/\.\.\/app\/generated\/prisma-postgres"$/m);

  // Undo the three differences: what is left must be the source, byte for byte.
  const body = out.slice(out.indexOf(source.slice(0, 40)));
  const undone = body
    .replace('provider = "postgresql"', 'provider = "sqlite"')
    .replace('"../../app/generated/prisma-postgres"', '"../app/generated/prisma-sqlite"');
  expect(undone).toBe(source);
});

test("the transform refuses a source whose datasource is not SQLite", () => {
  expect(() => toPostgresSchema(source.replace('provider = "sqlite"', 'provider = "mysql"'))).toThrow(
    /datasource provider is "mysql"/,
  );
});

test("the drift check passes on the committed postgres schema", async () => {
  expect(await checkPostgresSchema()).toEqual({ ok: true });
  expect(readFileSync(COMMITTED, "utf8")).toBe(toPostgresSchema(source));
});

test("the drift check fails, saying where and how to fix it, for a hand-edited postgres schema", async () => {
  const target = path.join(tmp, "edited.prisma");
  writeFileSync(target, readFileSync(COMMITTED, "utf8").replace("model Meeting {", "model Meeting {\n  extra String?"));
  const result = await checkPostgresSchema({ targetPath: target });
  expect(result.ok).toBe(false);
  expect(!result.ok && result.message).toMatch(/out of date[\s\S]*extra String\?[\s\S]*npm run db:schema:sync/);
});

test("the drift check fails when the source changed but the postgres schema was not regenerated", async () => {
  const changedSource = path.join(tmp, "source.prisma");
  writeFileSync(changedSource, `${source}\nmodel Added {\n  id String @id\n}\n`);
  expect((await checkPostgresSchema({ sourcePath: changedSource })).ok).toBe(false);

  const target = path.join(tmp, "regenerated.prisma");
  expect(await syncPostgresSchema({ sourcePath: changedSource, targetPath: target })).toBe(true);
  expect(await syncPostgresSchema({ sourcePath: changedSource, targetPath: target })).toBe(false);
  expect(await checkPostgresSchema({ sourcePath: changedSource, targetPath: target })).toEqual({ ok: true });
});

test("the drift check fails when the postgres schema is missing", async () => {
  const result = await checkPostgresSchema({ targetPath: path.join(tmp, "missing.prisma") });
  expect(!result.ok && result.message).toMatch(/is missing/);
});
