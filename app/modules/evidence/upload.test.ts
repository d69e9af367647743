/**
 * Evidence end to end below the browser: a real multipart request through
 * the upload handler (busboy → staged file → content inspection → storage →
 * database), then the access rules, reviews, versions and downloads, on the
 * real test database and the disk storage backend. The hostile list from the
 * evidence issue is here, each refused or stored and served harmlessly.
 */
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { AuthorityUser } from "~/modules/auth/auth.server";
import type { Role } from "~/modules/auth/permissions";
import { createDiskStorage, getStorage, setStorageForTests, stagingDir } from "~/modules/storage/storage.server";
import { createAuthority, createUser } from "../../../prisma/factories";
import { zip } from "../../../tests/fixtures/hostile/make";
import { statusOf } from "../../../tests/helpers/errors";
import { asAuthorityUser, createWorld } from "../../../tests/helpers/world";
import { EvidenceReviewSchema } from "./forms";
import {
  getEvidenceItem,
  linkEvidence,
  listActionEvidence,
  openEvidenceFile,
  reviewEvidence,
  unlinkEvidence,
} from "./service.server";
import { handleEvidenceUpload, handleVersionUpload } from "./upload-action.server";

const filesRoot = mkdtempSync(path.join(os.tmpdir(), "ib-evidence-"));
beforeAll(() => {
  process.env.FILES_DIR = filesRoot;
  process.env.MAX_UPLOAD_MB = "1";
  setStorageForTests(createDiskStorage(filesRoot));
});
afterAll(() => {
  setStorageForTests(undefined);
  delete process.env.MAX_UPLOAD_MB;
});

const LIMIT = 1024 * 1024;

async function world() {
  const {
    db,
    authority,
    recommendations,
    member: person,
    action: addAction,
  } = await createWorld({
    items: [
      { reference: "R1", text: "Strategy discussions.", kind: "improvement_item" },
      { reference: "R2", text: "Care leavers' pathway plans.", kind: "improvement_item" },
    ],
  });
  const owner = await person("action_owner");
  const [admin, board, viewer, partner, otherOwner] = await Promise.all([
    person("admin"),
    person("board_member"),
    person("viewer"),
    person("partner"),
    person("action_owner"),
  ]);
  const [r1, r2] = recommendations;
  const action = await addAction({
    recommendationId: r1!.id,
    ownerId: owner.id,
    title: "Health at strategy discussions",
  });
  const second = await addAction({ recommendationId: r2!.id, ownerId: owner.id, title: "Pathway plan audit" });
  const partnerAction = await addAction({ recommendationId: r2!.id, ownerId: partner.id, title: "Police attendance" });
  const as = (u: { id: string; email: string; name: string }, role: Role) => asAuthorityUser(u, authority, role);
  return {
    db,
    authority,
    action,
    second,
    partnerAction,
    users: {
      owner: as(owner, "action_owner"),
      admin: as(admin, "admin"),
      board: as(board, "board_member"),
      viewer: as(viewer, "viewer"),
      partner: as(partner, "partner"),
      otherOwner: as(otherOwner, "action_owner"),
    },
  };
}

// eslint-disable-next-line no-control-regex -- control characters are what these tests are about
const CONTROL = /[\u0000-\u001f]/;

const FIELDS = {
  title: "Strategy discussion audit, Q2",
  type: "audit",
  effectiveDate: "2026-06-30",
  description: "Dip sample of 40 discussions.",
};

/** A multipart request as a browser sends it: the fields, then the file. `cut` drops the end of the body (a connection lost mid-upload). */
function uploadRequest({
  fields = FIELDS as Record<string, string>,
  file,
  cut,
}: {
  fields?: Record<string, string>;
  file?: { name: string; bytes: Uint8Array; type?: string };
  cut?: number;
}) {
  const boundary = "----ibTestBoundary7MA4YWxkTrZu0gW";
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    // Names with control characters go as RFC 5987 `filename*` (raw control bytes are not valid in a header).
    const disposition = CONTROL.test(file.name)
      ? `filename*=UTF-8''${encodeURIComponent(file.name)}`
      : `filename="${file.name}"`;
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; ${disposition}\r\nContent-Type: ${file.type ?? "application/octet-stream"}\r\n\r\n`,
      ),
    );
    parts.push(Buffer.from(file.bytes));
    parts.push(Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  let body = Buffer.concat(parts);
  if (cut) body = body.subarray(0, body.length - cut);
  return new Request("http://localhost/upload", {
    method: "POST",
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    body,
  });
}

type UploadFile = { name: string; bytes: Uint8Array; type?: string };
/** `user` uploads `file` to the action with the usual fields, as a browser would. */
const upload = (user: AuthorityUser, actionId: string, file: UploadFile, request: { cut?: number } = {}) =>
  handleEvidenceUpload({ request: uploadRequest({ file, ...request }), user, actionId });
/** `user` uploads `file` as a new version of the item, having started from version 1. */
const uploadVersion = (user: AuthorityUser, evidenceId: string, file: UploadFile) =>
  handleVersionUpload({ request: uploadRequest({ fields: { version: "1" }, file }), user, evidenceId });

/** What `u` sees of the evidence on an action. */
const evidenceOn = (u: AuthorityUser, actionId: string) =>
  listActionEvidence({ authorityId: u.authority.id, viewer: { id: u.id, role: u.role }, actionId });
/** Opens a version of an item for download, as `viewer` in that authority. */
const download = (authorityId: string, viewer: { id: string; role: Role }, evidenceId: string, versionNumber: number) =>
  openEvidenceFile({ authorityId, viewer, evidenceId, versionNumber, purpose: "download" });

const pdf = (extra = "") =>
  new TextEncoder().encode(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R ${extra} >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );

async function stagedLeft() {
  return (await readdir(stagingDir()).catch(() => [] as string[])).length;
}
async function storedObjects() {
  const keys: string[] = [];
  for await (const o of getStorage().list()) keys.push(o.key);
  return keys;
}
const readAll = async (s: NodeJS.ReadableStream) => {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

test("an owner uploads a PDF to their action: stored by content type, hashed, linked, audited; the download matches", async () => {
  const { db, authority, action, users } = await world();
  const bytes = pdf();
  const r = await upload(users.owner, action.id, { name: "Q2 audit.pdf", bytes, type: "text/html" });
  expect(r).toMatchObject({ ok: true, versionNumber: 1, warnings: [] });
  if (!r.ok) throw new Error("upload failed");
  const item = await db.evidence.findUniqueOrThrow({
    where: { id: r.evidenceId },
    include: { versions: { include: { file: true } }, links: true },
  });
  expect(item).toMatchObject({
    title: FIELDS.title,
    type: "audit",
    containsPersonalData: false,
    currentVersionNumber: 1,
  });
  expect(item.effectiveDate?.toISOString().slice(0, 10)).toBe("2026-06-30");
  expect(item.links.map((l) => l.actionId)).toEqual([action.id]);
  // The browser claimed text/html; the content says PDF.
  expect(item.versions[0]!.file).toMatchObject({
    contentType: "application/pdf",
    sizeBytes: bytes.length,
    fileName: "Q2 audit.pdf",
  });
  const { createHash } = await import("node:crypto");
  expect(item.versions[0]!.file.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
  const opened = await download(authority.id, { id: users.viewer.id, role: "viewer" }, r.evidenceId, 1);
  expect(Buffer.compare(await readAll(opened.stream), Buffer.from(bytes))).toBe(0);
  expect(
    await db.auditEvent.count({ where: { entityType: "Evidence", entityId: r.evidenceId, action: "create" } }),
  ).toBe(1);
  expect(await stagedLeft()).toBe(0);
});

test("the same item backs a second action; an identical upload is recognised; unlinking keeps the item", async () => {
  const { db, authority, action, second, users } = await world();
  const bytes = pdf("/Lang (en-GB)");
  const first = await upload(users.owner, action.id, { name: "minutes.pdf", bytes });
  if (!first.ok) throw new Error("upload failed");
  const again = await upload(users.owner, second.id, { name: "copy of minutes.pdf", bytes });
  expect(again).toMatchObject({
    ok: false,
    status: 409,
    duplicate: { evidenceId: first.evidenceId, versionNumber: 1, linked: false },
  });
  expect(await db.storedFile.count({ where: { authorityId: authority.id } })).toBe(1);
  const actor = { id: users.owner.id, role: users.owner.role };
  await expect(
    linkEvidence({ authorityId: authority.id, actor, evidenceId: first.evidenceId, actionId: second.id }),
  ).resolves.toMatchObject({ ok: true });
  const onSecond = await evidenceOn(users.viewer, second.id);
  expect(onSecond.items.map((i) => i.id)).toEqual([first.evidenceId]);
  await unlinkEvidence({ authorityId: authority.id, actor, evidenceId: first.evidenceId, actionId: action.id });
  expect(await db.evidence.count({ where: { id: first.evidenceId, deletedAt: null } })).toBe(1);
  expect((await evidenceOn(users.owner, action.id)).items).toEqual([]);
  // Another owner cannot link it to their action… of someone else's; nor can a viewer link anything.
  expect(
    await statusOf(
      linkEvidence({
        authorityId: authority.id,
        actor: { id: users.viewer.id, role: "viewer" },
        evidenceId: first.evidenceId,
        actionId: action.id,
      }),
    ),
  ).toBe(403);
});

test("new versions: earlier ones stay downloadable; the same bytes again are refused; a review speaks for the version it saw", async () => {
  const { authority, action, users } = await world();
  const v1 = pdf();
  const first = await upload(users.owner, action.id, { name: "policy.pdf", bytes: v1 });
  if (!first.ok) throw new Error("upload failed");
  const boardActor = { id: users.board.id, role: users.board.role };
  const review = (actor: { id: string; role: Role }, decision: string, comment?: string) =>
    reviewEvidence({
      authorityId: authority.id,
      actor,
      evidenceId: first.evidenceId,
      value: EvidenceReviewSchema.parse({ intent: "review", decision, ...(comment === undefined ? {} : { comment }) }),
    });
  await review(boardActor, "accepted", "Clear and current");
  expect((await evidenceOn(users.viewer, action.id)).overall).toBe("accepted");

  const same = await uploadVersion(users.owner, first.evidenceId, { name: "policy.pdf", bytes: v1 });
  expect(same).toMatchObject({ ok: false, status: 409, fileError: expect.stringMatching(/identical to version 1/) });
  const v2 = pdf("/Lang (en)");
  const second = await uploadVersion(users.owner, first.evidenceId, { name: "policy v2.pdf", bytes: v2 });
  expect(second).toMatchObject({ ok: true, versionNumber: 2 });
  // Someone who started from version 1 of the item is told, not silently overwritten.
  const stale = await uploadVersion(users.owner, first.evidenceId, { name: "policy v3.pdf", bytes: pdf("/Lang (cy)") });
  expect(stale).toMatchObject({ ok: false, status: 409, fileError: expect.stringMatching(/Someone else changed/) });

  const viewer = { id: users.viewer.id, role: "viewer" as const };
  for (const [n, bytes] of [
    [1, v1],
    [2, v2],
  ] as const) {
    const f = await download(authority.id, viewer, first.evidenceId, n);
    expect(Buffer.compare(await readAll(f.stream), Buffer.from(bytes))).toBe(0);
  }
  const listed = await evidenceOn(users.viewer, action.id);
  expect(listed.items[0]).toMatchObject({ versionNumber: 2, state: "awaiting_review" });
  expect(listed.overall).toBe("awaiting_review");
  // Only board members (and admins) review; a challenge needs a comment.
  expect(await statusOf(review({ id: users.owner.id, role: "action_owner" }, "accepted"))).toBe(403);
  expect(EvidenceReviewSchema.safeParse({ intent: "review", decision: "challenged", comment: "" }).success).toBe(false);
  await review(boardActor, "challenged", "Version 2 drops the escalation route");
  expect((await evidenceOn(users.viewer, action.id)).overall).toBe("challenged");
});

test("restricted items: admins, board members and the action's owner see them; viewers and other owners get 404; every download is logged", async () => {
  const { db, authority, action, users } = await world();
  const r = await handleEvidenceUpload({
    request: uploadRequest({
      fields: { ...FIELDS, title: "Case file sample", containsPersonalData: "on" },
      file: { name: "cases.pdf", bytes: pdf("/Subject (Child A)") },
    }),
    user: users.owner,
    actionId: action.id,
  });
  if (!r.ok) throw new Error("upload failed");
  const open = (u: AuthorityUser) =>
    openEvidenceFile({
      authorityId: authority.id,
      viewer: { id: u.id, role: u.role },
      evidenceId: r.evidenceId,
      versionNumber: 1,
      purpose: "download",
      requestId: "req-dl",
    });
  for (const u of [users.admin, users.board, users.owner]) (await open(u)).stream.destroy();
  for (const u of [users.viewer, users.otherOwner, users.partner]) expect(await statusOf(open(u))).toBe(404);
  expect(
    await db.auditEvent.count({ where: { entityType: "Evidence", entityId: r.evidenceId, action: "download" } }),
  ).toBe(3);

  const asViewer = await evidenceOn(users.viewer, action.id);
  expect(asViewer).toMatchObject({ items: [], hiddenRestricted: 1, overall: "awaiting_review" });
  const viewer = { id: users.viewer.id, role: "viewer" as const };
  expect(await statusOf(getEvidenceItem({ authorityId: authority.id, viewer, evidenceId: r.evidenceId }))).toBe(404);
  const asBoard = await evidenceOn(users.board, action.id);
  expect(asBoard.items.map((i) => i.title)).toEqual(["Case file sample"]);
});

test("partner users see evidence only on their own actions; another authority gets 404 for everything", async () => {
  const { db, authority, action, partnerAction, users } = await world();
  const mine = await handleEvidenceUpload({
    request: uploadRequest({
      file: { name: "attendance.csv", bytes: new TextEncoder().encode("month,attended\n2026-05,38\n") },
    }),
    user: users.partner,
    actionId: partnerAction.id,
  });
  expect(mine).toMatchObject({ ok: true });
  const theirs = await upload(users.owner, action.id, { name: "health.pdf", bytes: pdf() });
  if (!mine.ok || !theirs.ok) throw new Error("upload failed");
  const partner = { id: users.partner.id, role: "partner" as const };
  (await download(authority.id, partner, mine.evidenceId, 1)).stream.destroy();
  expect(await statusOf(download(authority.id, partner, theirs.evidenceId, 1))).toBe(404);
  expect(await statusOf(listActionEvidence({ authorityId: authority.id, viewer: partner, actionId: action.id }))).toBe(
    404,
  );
  // A partner cannot upload to someone else's action either.
  expect(await statusOf(upload(users.partner, action.id, { name: "x.pdf", bytes: pdf("/X 1") }))).toBe(404);

  const other = await createAuthority({ db });
  const stranger = await createUser({ db, memberships: [{ authorityId: other.id, role: "admin" }] });
  const asStranger = { id: stranger.id, role: "admin" as const };
  expect(await statusOf(download(other.id, asStranger, theirs.evidenceId, 1))).toBe(404);
  expect(
    await statusOf(getEvidenceItem({ authorityId: other.id, viewer: asStranger, evidenceId: theirs.evidenceId })),
  ).toBe(404);
});

test("a file changed in storage fails its integrity check on download instead of arriving complete", async () => {
  const { db, authority, action, users } = await world();
  const r = await upload(users.owner, action.id, { name: "data.pdf", bytes: pdf("/Tampered false") });
  if (!r.ok) throw new Error("upload failed");
  const version = await db.evidenceVersion.findFirstOrThrow({
    where: { evidenceId: r.evidenceId },
    include: { file: true },
  });
  writeFileSync(path.join(filesRoot, version.file.storageKey), pdf("/Tampered true"));
  const f = await download(authority.id, { id: users.admin.id, role: "admin" }, r.evidenceId, 1);
  await expect(readAll(f.stream)).rejects.toThrow(/integrity/);
  await new Promise((res) => setTimeout(res, 50));
  expect(await db.auditEvent.count({ where: { entityId: r.evidenceId, action: "integrity_failure" } })).toBe(1);
});

// ── The hostile list ────────────────────────────────────────────────────────

/** A file of that name holding that text. */
const textFile = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

const CONTENT_TYPES = Buffer.from(
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
);

const HOSTILE: {
  name: string;
  file: () => { name: string; bytes: Uint8Array };
  expect: { ok: false; status: number } | { ok: true; warning?: string; fileName?: RegExp };
}[] = [
  {
    name: "an HTML page renamed .pdf",
    file: () => textFile("report.pdf", "<!DOCTYPE html><html><body><script>fetch('/steal')</script></body></html>"),
    expect: { ok: false, status: 415 },
  },
  {
    name: "an SVG with script",
    file: () =>
      textFile("chart.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'),
    expect: { ok: false, status: 415 },
  },
  {
    name: "an SVG with script renamed .png",
    file: () =>
      textFile("chart.png", '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    expect: { ok: false, status: 415 },
  },
  {
    name: "a file named ../../etc/passwd",
    file: () => textFile("../../etc/passwd", "root:x:0:0:root:/root:/bin/bash\n"),
    expect: { ok: true, fileName: /^passwd\.txt$/ },
  },
  {
    name: "a name with control characters",
    file: () => ({ name: "minutes\u0007\u001b[31m.pdf", bytes: pdf("/N 1") }),
    expect: { ok: true, fileName: /^minutes_+\[31m\.pdf$/ },
  },
  {
    name: "a 300-character name",
    file: () => ({ name: `${"a".repeat(296)}.pdf`, bytes: pdf("/N 2") }),
    expect: { ok: true, fileName: /^a{1,116}\.pdf$/ },
  },
  {
    name: "a zero-byte file",
    file: () => ({ name: "empty.pdf", bytes: new Uint8Array(0) }),
    expect: { ok: false, status: 400 },
  },
  {
    name: "a zip bomb disguised as .docx",
    file: () => ({
      name: "plan.docx",
      bytes: zip([
        { name: "[Content_Types].xml", data: CONTENT_TYPES },
        { name: "word/document.xml", data: Buffer.alloc(60 * 1024 * 1024) },
      ]),
    }),
    expect: { ok: false, status: 415 },
  },
  {
    name: "a Windows executable renamed .docx",
    file: () => {
      const exe = Buffer.alloc(1024);
      exe.write("MZ", 0);
      exe.writeUInt32LE(0x80, 0x3c);
      exe.write("PE\0\0", 0x80, "latin1");
      return { name: "plan.docx", bytes: exe };
    },
    expect: { ok: false, status: 415 },
  },
  {
    name: "a PDF with embedded JavaScript",
    file: () => ({ name: "form.pdf", bytes: pdf("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>") }),
    expect: { ok: true, warning: "active content" },
  },
  {
    name: "a file one byte over the limit",
    file: () => ({ name: "big.csv", bytes: new Uint8Array(LIMIT + 1).fill(0x61) }),
    expect: { ok: false, status: 413 },
  },
];

for (const h of HOSTILE) {
  test(`hostile: ${h.name} is ${h.expect.ok ? "stored and served harmlessly" : "refused, leaving nothing behind"}`, async () => {
    const { db, authority, action, users } = await world();
    const before = (await storedObjects()).length;
    const r = await upload(users.owner, action.id, h.file());
    expect(await stagedLeft()).toBe(0);
    if (!h.expect.ok) {
      expect(r).toMatchObject({ ok: false, status: h.expect.status });
      if (!r.ok) expect(r.fileError).toBeTruthy();
      expect(r.ok ? null : r.values.title).toBe(FIELDS.title);
      expect(await db.evidence.count({ where: { authorityId: authority.id } })).toBe(0);
      expect((await storedObjects()).length).toBe(before);
      return;
    }
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    if (h.expect.warning) expect(r.warnings.join(" ")).toMatch(h.expect.warning);
    const f = await download(authority.id, { id: users.admin.id, role: "admin" }, r.evidenceId, 1);
    f.stream.destroy();
    expect(f.fileName).not.toMatch(CONTROL);
    expect(f.fileName).not.toMatch(/[/\\]/);
    expect(f.fileName.length).toBeLessThanOrEqual(120);
    if (h.expect.fileName) expect(f.fileName).toMatch(h.expect.fileName);
    expect(["application/pdf", "text/plain", "text/csv"]).toContain(f.contentType);
  });
}

test("hostile: a file exactly at the limit is accepted, so the limit is exact", async () => {
  const { action, users } = await world();
  const r = await upload(users.owner, action.id, { name: "at-limit.csv", bytes: new Uint8Array(LIMIT).fill(0x62) });
  expect(r).toMatchObject({ ok: true });
});

test("hostile: a file over the limit sent in chunks with no Content-Length is refused at the limit, not left hanging", async () => {
  const { db, authority, action, users } = await world();
  const whole = await uploadRequest({
    file: { name: "big.csv", bytes: new Uint8Array(3 * LIMIT).fill(0x61) },
  }).arrayBuffer();
  let at = 0;
  // 64 KB at a time, as a slow client sends it: busboy must keep parsing after the file part is refused.
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (at >= whole.byteLength) return controller.close();
      // A pause now and then lets the server side fall behind and catch up, as over a network.
      if (at % (256 * 1024) === 0) await new Promise((r) => setTimeout(r, 10));
      controller.enqueue(new Uint8Array(whole.slice(at, at + 64 * 1024)));
      at += 64 * 1024;
    },
  });
  const request = new Request("http://localhost/upload", {
    method: "POST",
    headers: { "content-type": uploadRequest({}).headers.get("content-type")! },
    body,
    duplex: "half",
  } as RequestInit);
  const r = await handleEvidenceUpload({ request, user: users.owner, actionId: action.id });
  expect(r).toMatchObject({ ok: false, status: 413, fileError: expect.stringMatching(/larger than the 1 MB limit/) });
  expect(await stagedLeft()).toBe(0);
  expect(await db.evidence.count({ where: { authorityId: authority.id } })).toBe(0);
});

test("hostile: a truncated multipart request is refused as interrupted and leaves no staged file, object or row", async () => {
  const { db, authority, action, users } = await world();
  const before = (await storedObjects()).length;
  const r = await upload(users.owner, action.id, { name: "minutes.pdf", bytes: pdf("/Cut 1") }, { cut: 60 });
  expect(r).toMatchObject({ ok: false, status: 400, fileError: expect.stringMatching(/interrupted/) });
  expect(await stagedLeft()).toBe(0);
  expect((await storedObjects()).length).toBe(before);
  expect(await db.evidence.count({ where: { authorityId: authority.id } })).toBe(0);
});

test("missing details keep what was typed and say what to fix; no file is kept", async () => {
  const { action, users } = await world();
  const r = await handleEvidenceUpload({
    request: uploadRequest({
      fields: { title: "Half filled", type: "", effectiveDate: "2026-13-40" },
      file: { name: "a.pdf", bytes: pdf("/H 1") },
    }),
    user: users.owner,
    actionId: action.id,
  });
  expect(r).toMatchObject({ ok: false, status: 400, values: { title: "Half filled", effectiveDate: "2026-13-40" } });
  if (r.ok) return;
  expect(Object.keys(r.fieldErrors).sort()).toEqual(["effectiveDate", "type"]);
  expect(readdirSync(stagingDir())).toEqual([]);
});
