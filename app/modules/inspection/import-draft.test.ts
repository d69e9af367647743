import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { AppError } from "~/utils/errors";
import { stagingDir } from "~/modules/storage/storage.server";
import { stageFile, storeStaged, withStaged } from "~/modules/upload/upload.server";
import { createBlankDraft, createTenant } from "../../../tests/helpers/world";
import { createInspectionFromReview, discardDraft, getDraft } from "./import-draft.server";
import { ReviewSchema } from "./forms";

async function setup() {
  const { db, authority, member } = await createTenant();
  return { db, authority, admin: await member("admin") };
}

const review = ReviewSchema.parse({
  type: "ilacs_standard",
  title: "Inspection of children's social care services",
  startDate: "2019-06-10",
  endDate: "2019-06-21",
  publishedAt: "2019-08-05",
  leadInspector: "Lisa Summers",
  judgements: [
    { area: "Overall effectiveness", gradeText: "Requires improvement to be good", grade: "requires_improvement" },
  ],
  items: [
    {
      keep: "on",
      reference: "R1",
      text: "The timeliness of initial child protection conferences.",
      kind: "improvement_item",
    },
    { reference: "R2", text: "A dropped item.", kind: "improvement_item" },
  ],
});

test("confirming a draft creates the inspection with only the kept items, audited, and the draft is gone", async () => {
  const { db, authority, admin } = await setup();
  const draft = await createBlankDraft({ authorityId: authority.id, createdById: admin.id, sourceText: "report text" });
  expect(await db.inspection.count({ where: { authorityId: authority.id } })).toBe(0);
  const created = await createInspectionFromReview({
    authorityId: authority.id,
    actorId: admin.id,
    value: review,
    sourceText: "report text",
    draftId: draft.id,
  });
  const inspection = await db.inspection.findUniqueOrThrow({
    where: { id: created.id },
    include: { recommendations: true, judgements: true },
  });
  expect(inspection.recommendations.map((r) => r.text)).toEqual([
    "The timeliness of initial child protection conferences.",
  ]);
  expect(inspection.judgements[0]!.gradeText).toBe("Requires improvement to be good");
  expect(inspection.publishedAt?.toISOString().slice(0, 10)).toBe("2019-08-05");
  expect(inspection.sourceText).toBe("report text");
  const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: created.id } });
  expect(audit.action).toBe("create");
  // A second confirm (double submit) cannot create a second inspection.
  const again = await createInspectionFromReview({
    authorityId: authority.id,
    actorId: admin.id,
    value: review,
    draftId: draft.id,
  }).catch((e: unknown) => e);
  expect(again).toBeInstanceOf(AppError);
  expect(await db.inspection.count({ where: { authorityId: authority.id } })).toBe(1);
});

test("a draft is invisible to another authority", async () => {
  const { authority, admin } = await setup();
  const other = await setup();
  const draft = await createBlankDraft({ authorityId: authority.id, createdById: admin.id });
  const err = await getDraft({ authorityId: other.authority.id, draftId: draft.id }).catch((e: unknown) => e);
  expect((err as AppError).status).toBe(404);
  await discardDraft({ authorityId: other.authority.id, draftId: draft.id });
  expect((await getDraft({ authorityId: authority.id, draftId: draft.id })).id).toBe(draft.id);
});

test("discarding a draft removes its uploaded file and row", async () => {
  const { db, authority, admin } = await setup();
  const staged = await stageFile({
    source: new TextEncoder().encode("%PDF-1.4 test"),
    fileName: '../../evil"name.pdf',
    maxBytes: 1024,
  });
  const file = await withStaged(staged, () =>
    storeStaged({
      file: staged,
      authorityId: authority.id,
      uploadedById: admin.id,
      fileName: staged.fileName,
      contentType: "application/pdf",
    }),
  );
  expect(file.fileName).toBe("evil_name.pdf");
  const onDisk = path.resolve(process.env.FILES_DIR ?? "data/files", file.storageKey);
  expect(existsSync(onDisk)).toBe(true);
  const draft = await createBlankDraft({ authorityId: authority.id, createdById: admin.id, sourceFileId: file.id });
  await discardDraft({ authorityId: authority.id, draftId: draft.id });
  expect(existsSync(onDisk)).toBe(false);
  expect(await db.storedFile.count({ where: { id: file.id } })).toBe(0);
});

test("a file over the limit is refused and leaves nothing behind", async () => {
  const { db, authority } = await setup();
  // A staging area of this test's own, so that other test files' uploads cannot be counted.
  process.env.UPLOAD_STAGING_DIR = mkdtempSync(path.join(os.tmpdir(), "ib-staging-"));
  try {
    const err = await stageFile({ source: new Uint8Array(2048), fileName: "big.pdf", maxBytes: 1024 }).catch(
      (e: unknown) => e,
    );
    expect((err as AppError).status).toBe(413);
    expect(readdirSync(stagingDir())).toEqual([]);
  } finally {
    delete process.env.UPLOAD_STAGING_DIR;
  }
  expect(await db.storedFile.count({ where: { authorityId: authority.id } })).toBe(0);
});

test("the review form refuses a kept item with no text and an end before the start", () => {
  const r = ReviewSchema.safeParse({
    type: "sif",
    title: "T",
    startDate: "2020-02-02",
    endDate: "2020-01-01",
    items: [{ keep: "on", reference: "1", text: " ", kind: "recommendation" }],
  });
  expect(r.success).toBe(false);
  const paths = r.success ? [] : r.error.issues.map((i) => i.path.join("."));
  expect(paths).toContain("items.0.text");
  expect(paths).toContain("endDate");
});
