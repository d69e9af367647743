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
import type { AuthorityUser } from "~/modules/auth/auth.server";
import type { Role } from "~/modules/auth/permissions";
import { createSession } from "~/modules/auth/session.server";
import { UNREADABLE_NOTE } from "~/modules/evidence/pdf-preview.server";
import { handleEvidenceUpload } from "~/modules/evidence/upload-action.server";
import { OFSTED_DIR } from "../../tests/helpers/fixture-expectations";
import { closePdfSandbox, configurePdfSandbox, pdfSandbox } from "~/modules/pdf/sandbox.server";
import { buildPdfBomb } from "../../tests/helpers/pdf-bomb";
import { createDiskStorage, setStorageForTests } from "~/modules/storage/storage.server";
import { getDb } from "~/utils/db.server";
import { createAction, createAuthority, createInspection, createUser } from "../../prisma/factories";
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
  const db = getDb();
  const authority = await createAuthority({ db });
  const inspection = await createInspection({
    db,
    authorityId: authority.id,
    recommendations: [{ reference: "R1", text: "Strategy discussions.", kind: "improvement_item" }],
  });
  const person = async (role: Role) => {
    const u = await createUser({ db, memberships: [{ authorityId: authority.id, role }] });
    const { token } = await createSession({ userId: u.id, authorityId: authority.id });
    const user: AuthorityUser = {
      id: u.id,
      email: u.email,
      name: u.name,
      organisation: null,
      sessionId: "s",
      sessionAuthorityId: authority.id,
      requestId: "req-test",
      role,
      authority: { id: authority.id, slug: authority.slug, name: authority.name },
    };
    return { user, token };
  };
  const owner = await person("action_owner");
  const admin = await person("admin");
  const action = await createAction({
    db,
    authorityId: authority.id,
    recommendationId: inspection.recommendations[0]!.id,
    ownerId: owner.user.id,
    title: "Audit",
  });
  return { db, authority, action, owner, admin };
}

function multipart(fields: Record<string, string>, file: { name: string; bytes: Uint8Array }) {
  const boundary = "----ibBombBoundary";
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
  );
  parts.push(Buffer.from(file.bytes), Buffer.from(`\r\n--${boundary}--\r\n`));
  const body = Buffer.concat(parts);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function uploadEvidence(w: Awaited<ReturnType<typeof world>>, bytes: Uint8Array, seen?: { warnings: string[] }) {
  const { body, contentType } = multipart(
    { title: "Dip sample", type: "audit", effectiveDate: "2026-06-30", description: "" },
    { name: "audit.pdf", bytes },
  );
  const request = new Request("http://localhost/upload", {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });
  const r = await handleEvidenceUpload({ request, user: w.owner.user, actionId: w.action.id });
  if (!r.ok) throw new Error(`upload refused: ${r.status}`);
  if (seen) seen.warnings = r.warnings;
  return r.evidenceId;
}

type Reply = { status: number; headers: Headers; data: Record<string, unknown> | null };

/** A route's answer as the browser gets it: a DataWithResponseInit, a Response, or plain data (200). */
async function settle(run: () => Promise<unknown>): Promise<Reply> {
  try {
    const out = (await run()) as
      { type?: string; data?: unknown; init?: { status?: number; headers?: HeadersInit } } | Response;
    if (out instanceof Response) return { status: out.status, headers: out.headers, data: null };
    if (out?.type === "DataWithResponseInit")
      return {
        status: out.init?.status ?? 200,
        headers: new Headers(out.init?.headers),
        data: out.data as Record<string, unknown>,
      };
    return { status: 200, headers: new Headers(), data: out as Record<string, unknown> };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, headers: error.headers, data: null };
    const e = error as { status?: number; init?: { status: number } };
    if (typeof e.status === "number") return { status: e.status, headers: new Headers(), data: null };
    throw error;
  }
}

function preview(w: Awaited<ReturnType<typeof world>>, token: string, evidenceId: string) {
  const url = `http://localhost/a/${w.authority.slug}/evidence/${evidenceId}/v/1/preview`;
  const request = new Request(url, { headers: { Cookie: `ib_session=${token}` } });
  return settle(() =>
    previewLoader({
      request,
      params: { authority: w.authority.slug, evidenceId, versionNumber: "1" },
      context: undefined,
    } as never),
  );
}

function importReport(w: Awaited<ReturnType<typeof world>>, token: string, bytes: Uint8Array) {
  const { body, contentType } = multipart({ intent: "upload" }, { name: "report.pdf", bytes });
  const request = new Request(`http://localhost/a/${w.authority.slug}/inspections/new`, {
    method: "POST",
    headers: { Cookie: `ib_session=${token}`, "content-type": contentType, "content-length": String(body.length) },
    body,
  });
  return settle(() => importAction({ request, params: { authority: w.authority.slug }, context: undefined } as never));
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
