/**
 * Finding 2 of issue 12, through the real routes and a real database: a flate
 * bomb (a 1 MB PDF whose pages share one stream that inflates to 1 GiB, built
 * here) can neither sink the server nor hold up other users. PDF work runs in
 * the reader sandbox (ADR 014), whose limits these tests lean on.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { UNREADABLE_NOTE } from "~/modules/evidence/pdf-preview.server";
import { handleEvidenceUpload } from "~/modules/evidence/upload-action.server";
import { closePdfSandbox, configurePdfSandbox, pdfSandbox } from "~/modules/pdf/sandbox.server";
import { createDiskStorage, setStorageForTests } from "~/modules/storage/storage.server";
import { OFSTED_DIR } from "../../tests/helpers/fixture-expectations";
import { multipart, pdfFile } from "../../tests/helpers/multipart";
import { buildPdfBomb } from "../../tests/helpers/pdf-bomb";
import { callRoute, routeRequest } from "../../tests/helpers/route";
import { asAuthorityUser, createWorld } from "../../tests/helpers/world";
import { action as importAction, headers as importHeaders } from "./a.$authority.inspections.new";
import {
  headers as previewHeaders,
  loader as previewLoader,
} from "./a.$authority.evidence.$evidenceId.v.$versionNumber.preview";

const bomb = buildPdfBomb({ pages: 10, inflatedMiB: 1024 });
/** Other bombs: the same stream, another page count (evidence refuses a file it already holds). */
const otherBomb = (pages: number) => buildPdfBomb({ pages, inflatedMiB: 1024 });
const report = readFileSync(path.join(OFSTED_DIR, "02_tameside_ilacs_2024.pdf"));
/** A normal report reads in about 0.5 s; "normal time" allows for two busy cores. */
const NORMAL_IMPORT_MS = 5_000;
/** The test process (the "server" here) may grow this much while bombs are read. */
const MAX_RSS_GROWTH = 150 * 1024 * 1024;

beforeAll(() => {
  setStorageForTests(createDiskStorage(mkdtempSync(path.join(os.tmpdir(), "ib-pdf-bomb-"))));
});
afterAll(async () => {
  setStorageForTests(undefined);
  await closePdfSandbox();
});

async function world() {
  const { db, authority, signedIn, action } = await createWorld();
  const owner = await signedIn("action_owner");
  const admin = await signedIn("admin");
  return { db, authority, owner, admin, action: await action({ ownerId: owner.id, title: "Audit" }) };
}
type World = Awaited<ReturnType<typeof world>>;

async function uploadEvidence(w: World, bytes: Uint8Array, seen?: { warnings: string[] }) {
  const request = routeRequest({
    path: "/upload",
    ...multipart(
      { title: "Dip sample", type: "audit", effectiveDate: "2026-06-30", description: "" },
      pdfFile("audit.pdf", bytes),
    ),
  });
  const user = asAuthorityUser(w.owner, w.authority, "action_owner");
  const r = await handleEvidenceUpload({ request, user, actionId: w.action.id });
  if (!r.ok) throw new Error(`upload refused: ${r.status}`);
  if (seen) seen.warnings = r.warnings;
  return r.evidenceId;
}

function preview(w: World, token: string, evidenceId: string) {
  return callRoute(previewLoader, {
    token,
    path: `/a/${w.authority.slug}/evidence/${evidenceId}/v/1/preview`,
    params: { authority: w.authority.slug, evidenceId, versionNumber: "1" },
  });
}

function importReport(w: World, token: string, bytes: Uint8Array) {
  return callRoute(importAction, {
    token,
    path: `/a/${w.authority.slug}/inspections/new`,
    params: { authority: w.authority.slug },
    ...multipart({ intent: "upload" }, pdfFile("report.pdf", bytes)),
  });
}

const timed = async <T>(run: () => Promise<T>) => {
  const t = performance.now();
  const value = await run();
  return { value, ms: performance.now() - t };
};

test("importing a PDF bomb fails cleanly with a message, in seconds, and the server's memory stays put", async () => {
  await configurePdfSandbox();
  const w = await world();
  const before = process.memoryUsage.rss();
  const { value: res, ms } = await timed(() => importReport(w, w.admin.token, bomb));
  expect(res.status).toBe(400);
  expect(res.data).toMatchObject({
    form: "upload",
    result: {
      error: { file: [expect.stringMatching(/could not be read: it needs more memory than the reader may use/)] },
    },
  });
  expect(ms).toBeLessThan(5_000);
  expect(process.memoryUsage.rss() - before).toBeLessThan(MAX_RSS_GROWTH);
  expect(await w.db.importDraft.count({ where: { authorityId: w.authority.id } })).toBe(0);
});

test("a bomb's preview says it could not be read, and the next view does not read it again", async () => {
  await configurePdfSandbox();
  const w = await world();
  // The upload's own active-content scan inflates object streams on the server's thread: bounded, and the bomb is flagged.
  const seen = { warnings: [] as string[] };
  const { value: evidenceId, ms } = await timed(() => uploadEvidence(w, bomb, seen));
  expect(seen.warnings).toHaveLength(1);
  expect(ms).toBeLessThan(2_000);
  const first = await preview(w, w.owner.token, evidenceId);
  expect(first.status).toBe(200);
  expect(first.data).toMatchObject({ mode: "none", text: null, note: UNREADABLE_NOTE });
  const row = await w.db.evidenceVersion.findFirstOrThrow({ where: { authorityId: w.authority.id, evidenceId } });
  expect(row).toMatchObject({ previewStatus: "unreadable", previewText: null });

  const started = pdfSandbox().stats.started;
  const again = await preview(w, w.admin.token, evidenceId);
  expect(again.data).toMatchObject({ mode: "none", note: UNREADABLE_NOTE });
  expect(pdfSandbox().stats.started).toBe(started);
});

test("a normal PDF's preview text is read once and kept", async () => {
  await configurePdfSandbox();
  const w = await world();
  const evidenceId = await uploadEvidence(w, report);
  const first = await preview(w, w.owner.token, evidenceId);
  expect(first.data).toMatchObject({
    mode: "pdf",
    text: expect.stringContaining("Tameside"),
    note: expect.stringMatching(/^Text of 13 pages/),
  });
  const started = pdfSandbox().stats.started;
  const again = await preview(w, w.owner.token, evidenceId);
  expect(again.data).toEqual(first.data);
  expect(pdfSandbox().stats.started).toBe(started);
});

test("three parallel previews of a bomb that reaches pdf.js do not hold up another user's import; memory returns to baseline", async () => {
  // No inflated-bytes budget: the bomb gets into pdf.js and only the memory watch stops it (the worst case).
  await configurePdfSandbox({ maxInflatedBytes: Number.MAX_SAFE_INTEGER, memoryMb: 256 });
  const w = await world();
  const evidenceId = await uploadEvidence(w, bomb);
  const before = process.memoryUsage.rss();
  const previews = Promise.all([1, 2, 3].map(() => preview(w, w.owner.token, evidenceId)));
  await new Promise((r) => setTimeout(r, 100));
  const { value: imported, ms } = await timed(() => importReport(w, w.admin.token, report));
  expect(imported.status).toBe(302);
  expect(ms).toBeLessThan(NORMAL_IMPORT_MS);
  for (const p of await previews) expect(p.data).toMatchObject({ mode: "none", note: UNREADABLE_NOTE });
  expect(pdfSandbox().stats.killed).toBe(1);
  expect(process.memoryUsage.rss() - before).toBeLessThan(MAX_RSS_GROWTH);
});

test("when the reader's queue is full, the preview and the import page answer 503 with Retry-After and say so", async () => {
  await configurePdfSandbox({
    workers: 1,
    queueMax: 0,
    perUser: 1,
    maxInflatedBytes: Number.MAX_SAFE_INTEGER,
    memoryMb: 256,
  });
  const w = await world();
  const [busyBomb, other] = [await uploadEvidence(w, bomb), await uploadEvidence(w, report)];
  const running = preview(w, w.owner.token, busyBomb);
  await new Promise((r) => setTimeout(r, 100));
  const [full, importFull] = await Promise.all([
    preview(w, w.admin.token, other),
    importReport(w, w.admin.token, report),
  ]);
  for (const res of [full, importFull]) {
    expect(res.status).toBe(503);
    expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
  }
  // The document response carries them through each route's `headers`.
  const none = new Headers();
  const sent = (h: HeadersInit) => new Headers(h).get("Retry-After");
  expect(
    sent(
      previewHeaders({
        loaderHeaders: full.headers,
        actionHeaders: none,
        parentHeaders: none,
        errorHeaders: undefined,
      } as never),
    ),
  ).toBe(full.headers.get("Retry-After"));
  expect(
    sent(
      importHeaders({
        loaderHeaders: none,
        actionHeaders: importFull.headers,
        parentHeaders: none,
        errorHeaders: undefined,
      } as never),
    ),
  ).toBe(importFull.headers.get("Retry-After"));
  expect(full.data).toMatchObject({
    mode: "none",
    note: expect.stringMatching(/busy with other files.*try again in \d+ seconds/),
  });
  expect(importFull.data).toMatchObject({
    form: "upload",
    result: { error: { file: [expect.stringMatching(/busy with other files/)] } },
  });
  expect(await running).toMatchObject({ status: 200 });
  // "Busy" is not kept: once the reader is free, the same preview is read.
  expect((await preview(w, w.admin.token, other)).data).toMatchObject({ mode: "pdf" });
  // One user's files beyond their share are refused while another user's still go through.
  await configurePdfSandbox({ workers: 2, perUser: 1, maxInflatedBytes: Number.MAX_SAFE_INTEGER, memoryMb: 256 });
  const [mine, more] = [await uploadEvidence(w, otherBomb(11)), await uploadEvidence(w, otherBomb(12))];
  const reading = preview(w, w.owner.token, mine);
  await new Promise((r) => setTimeout(r, 100));
  expect((await preview(w, w.owner.token, more)).status).toBe(503);
  expect((await importReport(w, w.admin.token, report)).status).toBe(302);
  expect(await reading).toMatchObject({ status: 200 });
});
