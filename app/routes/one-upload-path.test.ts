/**
 * Issue 13, item 4: the report PDF and the plan spreadsheet take the one
 * upload path (ADR 020), through their real routes and a real database.
 * An oversized file is streamed to staging and refused at its limit (never
 * gathered in memory: the staged file is watched growing while the body
 * arrives), a file of the wrong kind is refused by its content, and the
 * staging area is empty afterwards, whether the upload failed or succeeded.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { closePdfSandbox } from "~/modules/pdf/sandbox.server";
import { planXlsx } from "~/modules/plan-spreadsheet/export.server";
import { createDiskStorage, getStorage, setStorageForTests, stagingDir } from "~/modules/storage/storage.server";
import { END_AFTER_FILE, fieldPart, filePart, MULTIPART, multipart } from "../../tests/helpers/multipart";
import { callRoute, type RouteRequest } from "../../tests/helpers/route";
import { createWorld } from "../../tests/helpers/world";
import { action as reportAction } from "./a.$authority.inspections.new";
import { action as planAction } from "./a.$authority.plan.import";

const MB = 1024 * 1024;
const REPORT = readFileSync(path.resolve("tests/fixtures/ofsted/02_tameside_ilacs_2024.pdf"));

beforeAll(() => {
  // A staging area and a store of this file's own, so that what is left in them is ours alone.
  process.env.UPLOAD_STAGING_DIR = mkdtempSync(path.join(os.tmpdir(), "ib-one-upload-staging-"));
  setStorageForTests(createDiskStorage(mkdtempSync(path.join(os.tmpdir(), "ib-one-upload-files-"))));
});
afterAll(async () => {
  delete process.env.UPLOAD_STAGING_DIR;
  setStorageForTests(undefined);
  await closePdfSandbox();
});

async function world() {
  const { db, authority, signedIn, action } = await createWorld();
  const admin = await signedIn("admin");
  await action({ ownerId: admin.id, title: "Health at strategy discussions" });
  return { db, authority, admin };
}
type World = Awaited<ReturnType<typeof world>>;

const staged = () => readdirSync(stagingDir());

/**
 * A body generated as it is sent, with no Content-Length (so only counting
 * can stop it): the form's `intent`, then a file of `fileBytes` bytes
 * starting with `head`. After every megabyte it notes how large the staged
 * file has grown.
 */
function streamedBody(intent: string, file: { name: string; head: string; fileBytes: number }) {
  const seen = { maxStagedBytes: 0, sentBytes: 0 };
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sentFile = 0;
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        const head = Buffer.concat([fieldPart("intent", intent), filePart(file.name), Buffer.from(file.head)]);
        sentFile = file.head.length;
        controller.enqueue(head);
        return;
      }
      if (sentFile >= file.fileBytes) {
        controller.enqueue(END_AFTER_FILE);
        controller.close();
        return;
      }
      const next = chunk.subarray(0, Math.min(chunk.length, file.fileBytes - sentFile));
      sentFile += next.length;
      seen.sentBytes = sentFile;
      if (sentFile % MB < next.length) {
        // Let the server side write what it has, then look at the staging area.
        await new Promise((r) => setTimeout(r, 20));
        for (const name of staged()) {
          const size = statSync(path.join(stagingDir(), name), { throwIfNoEntry: false })?.size ?? 0;
          seen.maxStagedBytes = Math.max(seen.maxStagedBytes, size);
        }
      }
      controller.enqueue(next);
    },
  });
  return { upload: { body: stream, contentType: MULTIPART }, seen };
}

/** The admin's post of `upload` to `url` under the authority, as the page shows the reply. */
async function post(
  run: typeof reportAction | typeof planAction,
  w: World,
  url: string,
  upload: Pick<RouteRequest, "body" | "contentType">,
) {
  const path = `/a/${w.authority.slug}${url}`;
  const { status, data } = await callRoute(run, {
    token: w.admin.token,
    path,
    params: { authority: w.authority.slug },
    ...upload,
  });
  return { status, data: data && shown(data) };
}

/**
 * A form-kit reply as the page shows it: the report's file error beside the
 * file field (`field: "file"`), the plan's at its stage, the form's own error
 * as the message. Other replies (the plan preview) are as they come.
 */
function shown(data: Record<string, unknown>): Record<string, unknown> {
  const result = data.result as { error?: Record<string, string[] | null> } | undefined;
  if (!result) return data;
  const { result: _result, form: _form, ...rest } = data;
  const file = result.error?.file?.[0];
  const own = result.error?.[""]?.[0];
  const message = file ?? own;
  return "stage" in rest ? { ...rest, message } : { field: file ? "file" : null, message };
}

/** The admin's upload of a report file on the new inspection page. */
const uploadReport = (w: World, name: string, bytes: Uint8Array) =>
  post(reportAction, w, "/inspections/new", multipart({ intent: "upload" }, { name, bytes }));
/** The admin's check of a plan file on the plan import page. */
const checkPlan = (w: World, name: string, bytes: Uint8Array) =>
  post(planAction, w, "/plan/import", multipart({ intent: "check" }, { name, bytes }));

const storedFiles = (w: World) => w.db.storedFile.findMany({ where: { authorityId: w.authority.id } });

// ── Oversized: streamed to staging and refused at the limit ────────────────

test("a 30 MB report is refused at 20 MB as it streams into staging, never gathered in memory, and staging is emptied", async () => {
  const w = await world();
  const { upload, seen } = streamedBody("upload", { name: "report.pdf", head: "%PDF-1.7\n", fileBytes: 30 * MB });
  const r = await post(reportAction, w, "/inspections/new", upload);
  expect(r).toEqual({
    status: 413,
    data: { field: "file", message: "The selected file must be smaller than 20 MB" },
  });
  // The bytes went to a staged file on disk as they came, and never more than the limit of them.
  expect(seen.maxStagedBytes).toBeGreaterThan(10 * MB);
  expect(seen.maxStagedBytes).toBeLessThanOrEqual(20 * MB + 64 * 1024);
  expect(staged()).toEqual([]);
  expect(await storedFiles(w)).toEqual([]);
  expect(await w.db.importDraft.count({ where: { authorityId: w.authority.id } })).toBe(0);
});

test("an 8 MB plan spreadsheet is refused at 5 MB as it streams into staging, and staging is emptied", async () => {
  const w = await world();
  const { upload, seen } = streamedBody("check", { name: "plan.csv", head: "Action ID\n", fileBytes: 8 * MB });
  const r = await post(planAction, w, "/plan/import", upload);
  expect(r).toEqual({ status: 413, data: { stage: "upload", message: "The selected file must be smaller than 5 MB" } });
  expect(seen.maxStagedBytes).toBeGreaterThan(2 * MB);
  expect(seen.maxStagedBytes).toBeLessThanOrEqual(5 * MB + 64 * 1024);
  expect(staged()).toEqual([]);
});

test("a body that is not an upload is read no further than an upload's limit: 413 past it, 400 within it", async () => {
  const w = await world();
  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const endless = new ReadableStream<Uint8Array>({
    pull(controller) {
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  const urlencoded = "application/x-www-form-urlencoded";
  const r = await post(planAction, w, "/plan/import", { body: endless, contentType: urlencoded });
  expect(r).toEqual({ status: 413, data: { stage: "upload", message: "The selected file must be smaller than 5 MB" } });
  expect(sent).toBeLessThan(8 * MB);
  const small = await post(planAction, w, "/plan/import", {
    body: Buffer.from("intent=check"),
    contentType: urlencoded,
  });
  expect(small).toEqual({
    status: 400,
    data: { stage: "upload", message: "Send the file as a form upload (multipart/form-data)." },
  });
  expect(staged()).toEqual([]);
});

test("a declared Content-Length over the limit is refused before anything is staged", async () => {
  const w = await world();
  expect(await checkPlan(w, "plan.csv", new Uint8Array(8 * MB).fill(0x61))).toEqual({
    status: 413,
    data: { stage: "upload", message: "The selected file must be smaller than 5 MB" },
  });
  expect(staged()).toEqual([]);
});

// ── The wrong kind: refused by content, whatever the name says ─────────────

test("a report that is not a PDF by its content is refused, whatever its name, and nothing is kept", async () => {
  const w = await world();
  for (const bytes of [
    Buffer.from("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
    Buffer.from("Inspection of Testshire children's services\nWhat needs to improve\n"),
  ]) {
    const r = await uploadReport(w, "report.pdf", bytes);
    expect(r).toEqual({
      status: 400,
      data: {
        field: "file",
        message: "This file is not a PDF. Upload the report as the PDF published by Ofsted, or paste its text instead.",
      },
    });
  }
  expect(staged()).toEqual([]);
  expect(await storedFiles(w)).toEqual([]);
});

test("a plan file that is not a workbook or CSV by its content is refused, naming what it is", async () => {
  const w = await world();
  const pdfAsXlsx = await checkPlan(w, "plan.xlsx", REPORT);
  expect(pdfAsXlsx).toEqual({
    status: 400,
    data: {
      stage: "upload",
      message:
        "This file is not an Excel workbook (.xlsx) or a CSV file. Download the plan, change it, and upload it as .xlsx or .csv.",
    },
  });
  const exe = Buffer.alloc(1024);
  exe.write("MZ", 0);
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write("PE\0\0", 0x80, "latin1");
  const exeAsCsv = await checkPlan(w, "plan.csv", exe);
  expect(exeAsCsv).toMatchObject({
    status: 400,
    data: { stage: "upload", message: expect.stringMatching(/Windows program/) },
  });
  expect(staged()).toEqual([]);
});

// ── Staging is emptied after a failure and after success ───────────────────

test("a report the PDF reader cannot read leaves no staged file and no stored file; a good one is committed from staging", async () => {
  const w = await world();
  const broken = Buffer.concat([Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog "), Buffer.alloc(4096, 0x41)]);
  const bad = await uploadReport(w, "broken.pdf", broken);
  expect(bad.status).toBe(400);
  expect(bad.data).toMatchObject({ field: "file" });
  expect(staged()).toEqual([]);
  expect(await storedFiles(w)).toEqual([]);

  const good = await uploadReport(w, "tameside.pdf", REPORT);
  expect(good.status).toBe(302);
  expect(staged()).toEqual([]);
  const [file] = await storedFiles(w);
  expect(file).toMatchObject({ fileName: "tameside.pdf", contentType: "application/pdf", sizeBytes: REPORT.length });
  const chunks: Buffer[] = [];
  for await (const c of await getStorage().read(file!.storageKey)) chunks.push(c as Buffer);
  expect(Buffer.concat(chunks).equals(REPORT)).toBe(true);
  const draft = await w.db.importDraft.findFirstOrThrow({ where: { authorityId: w.authority.id } });
  expect(draft.sourceFileId).toBe(file!.id);
});

test("a plan check and apply (the file carried in the page) leave nothing in staging, and neither does a refused apply", async () => {
  const w = await world();
  const xlsx = await planXlsx({
    authorityId: w.authority.id,
    viewer: { id: w.admin.id, role: "admin" },
    authorityName: w.authority.name,
  });
  const check = await checkPlan(w, "plan.xlsx", xlsx);
  expect(check).toMatchObject({ status: 200, data: { stage: "preview" } });
  expect(staged()).toEqual([]);
  const carry = (check.data as { carry: { fileName: string; sha256: string; data: string; versions: object } }).carry;
  expect(carry.data).toBe(xlsx.toString("base64"));
  const carried = {
    fileName: carry.fileName,
    sha256: carry.sha256,
    versions: JSON.stringify(carry.versions),
    fileData: carry.data,
  };

  const wrong = await post(
    planAction,
    w,
    "/plan/import",
    multipart({ intent: "apply-all", ...carried, sha256: "0".repeat(64) }),
  );
  expect(wrong).toMatchObject({
    status: 400,
    data: { stage: "apply-error", message: "This is not the file you checked. Check it again before applying it" },
  });
  expect(staged()).toEqual([]);

  const applied = await post(planAction, w, "/plan/import", multipart({ intent: "apply-all", ...carried }));
  expect(applied.status).toBe(302);
  expect(staged()).toEqual([]);
});
