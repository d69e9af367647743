import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { getDb } from "~/utils/db.server";
import { createAuthority } from "../prisma/factories";

const FIX = path.resolve("tests/fixtures/ofsted");

function run(args: string[]) {
  const r = spawnSync(path.resolve("node_modules/.bin/tsx"), ["scripts/import.ts", ...args], {
    env: { ...process.env, LOG_LEVEL: "silent" },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("the command line reads a folder without saving, with progress and a summary", () => {
  const r = run([FIX]);
  expect(r.code).toBe(0);
  expect(r.err).toContain("[1/21] 01_bcp_ilacs_2022.pdf");
  expect(r.out).toContain("Documents read: 21 of 21");
  expect(r.out).toMatch(/Documents with no items: 4 \(18_haringey/);
  expect(r.out).toContain("Failures: 0");
}, 120_000);

test("--json prints what was found for one report", () => {
  const r = run([path.join(FIX, "04_dorset_ilacs_short_2025.pdf"), "--json"]);
  expect(r.code).toBe(0);
  const rows = JSON.parse(r.out) as { ok: boolean; items: number; result: { items: { text: string }[] } }[];
  expect(rows).toHaveLength(1);
  expect(rows[0]!.items).toBe(1);
  expect(rows[0]!.result.items[0]!.text).toMatch(/\(Outcome four, National Framework\)$/);
}, 60_000);

test("--authority saves the report as an inspection of that authority; a bad file is a reported failure", async () => {
  const authority = await createAuthority({ db: getDb() });
  const r = run([path.join(FIX, "11_shropshire_fv_2024.pdf"), "--authority", authority.onsCode]);
  expect(r.code).toBe(0);
  const inspections = await getDb().inspection.findMany({
    where: { authorityId: authority.id },
    include: { recommendations: true, sourceFile: true },
  });
  expect(inspections).toHaveLength(1);
  expect(inspections[0]!.type).toBe("focused_visit");
  expect(inspections[0]!.recommendations).toHaveLength(7);
  expect(inspections[0]!.sourceFile?.contentType).toBe("application/pdf");

  const fake = path.resolve("tests/.tmp", `not-a-pdf-${process.pid}.pdf`);
  writeFileSync(fake, "This is a text file with a .pdf name.");
  const bad = run([fake, "--authority", authority.slug]);
  expect(bad.code).toBe(1);
  expect(bad.out).toContain("Failures: 1");
  expect(await getDb().inspection.count({ where: { authorityId: authority.id } })).toBe(1);
  const unknown = run([path.join(FIX, "11_shropshire_fv_2024.pdf"), "--authority", "no-such-council"]);
  expect(unknown.code).toBe(2);
  expect(unknown.err).toContain('No authority with ONS code or slug "no-such-council"');
}, 120_000);
