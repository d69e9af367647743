import ExcelJS from "exceljs";
import mammoth from "mammoth";
import { expect, test } from "vitest";
import yauzl from "yauzl";
import { createSession } from "~/modules/auth/session.server";
import { getDb } from "~/utils/db.server";
import { createAction, createAuthority, createInspection, createUser } from "../../../prisma/factories";
import { OFSTED_PLAN_TABLE_HEADERS, ofstedPlanDocx } from "./ofsted-plan-docx.server";
import { loader as docxLoader } from "../../routes/a.$authority.inspections.$inspectionId.ofsted-plan[.]docx";
import { loader as xlsxLoader } from "../../routes/a.$authority.inspections.$inspectionId.ofsted-plan[.]xlsx";
import { OFSTED_PLAN_COLUMNS, ofstedPlanXlsx } from "./ofsted-plan-xlsx.server";
import { getOfstedPlan } from "./ofsted-plan.server";

const day = (s: string) => new Date(`${s}T00:00:00.000Z`);
const R1 =
  "Strategy discussions: the quality of them, and the “timeliness” of health partners’ attendance & involvement.";
const R2 = "Management oversight <in> children in need plans.";

async function world() {
  const db = getDb();
  const authority = await createAuthority({ db, name: "Testshire" });
  const owner = await createUser({
    db,
    name: "Owen Owner",
    memberships: [{ authorityId: authority.id, role: "action_owner" }],
  });
  const inspection = await createInspection({
    db,
    authorityId: authority.id,
    title: "Inspection of Testshire local authority children's services",
    recommendations: [
      { reference: "1", text: R1, kind: "improvement_item" },
      { reference: "2", text: R2, kind: "improvement_item", timescale: "Within three months" },
    ],
  });
  const a = await createAction({
    db,
    authorityId: authority.id,
    recommendationId: inspection.recommendations[0]!.id,
    ownerId: owner.id,
    title: "Health at every strategy discussion",
    leadService: "Front door",
    successMeasure: "9 in 10 discussions have health present",
    startDate: day("2026-01-05"),
    dueDate: day("2026-07-31"),
    status: "in_progress",
    rag: "amber",
    progress: 40,
  });
  await db.actionUpdate.create({
    data: { authorityId: authority.id, actionId: a.id, authorId: owner.id, body: "Rota drafted." },
  });
  return { db, authority, inspection, a };
}

test("the Word plan: Heading 1 title, a Heading 2 and a table with a header row per item, verbatim texts, en-GB and core properties", async () => {
  const { authority, inspection } = await world();
  const plan = await getOfstedPlan({ authorityId: authority.id, inspectionId: inspection.id });
  const bytes = await ofstedPlanDocx(plan);
  const { value: html } = await mammoth.convertToHtml({ buffer: bytes });
  expect(html).toContain(
    `<h1>Inspection of Testshire local authority children's services: post-inspection action plan</h1>`,
  );
  expect(html).toContain(`<h2>1: ${plan.recommendations[0]!.kind}</h2>`);
  expect(html).toContain(`<h2>2: ${plan.recommendations[1]!.kind}</h2>`);
  expect((html.match(/<h2>/g) ?? []).length).toBe(2);
  const { value: text } = await mammoth.extractRawText({ buffer: bytes });
  expect(text).toContain(R1);
  expect(text).toContain(R2);
  expect(text).toContain("Timescale in the report: Within three months");
  expect(text).toContain("No actions yet.");
  for (const h of OFSTED_PLAN_TABLE_HEADERS) expect(html).toMatch(new RegExp(`<th><p><strong>${h}</strong></p></th>`));
  for (const t of [
    "Owen Owner",
    "Front door",
    "5 January 2026 to 31 July 2026",
    "9 in 10 discussions have health present",
    "Status: In progress",
    "RAG: Amber",
    "Progress: 40%",
    "Latest update: Rota drafted.",
  ])
    expect(text).toContain(t);
  const xml = await unzipText(bytes);
  expect(xml.core).toContain(
    "<dc:title>Inspection of Testshire local authority children&apos;s services: post-inspection action plan</dc:title>",
  );
  expect(xml.core).toContain("<dc:creator>Improvement Board</dc:creator>");
  expect(xml.styles).toContain('w:lang w:val="en-GB"');
  expect(xml.document).toContain("<w:tblHeader/>");
});

test("the Excel plan: one sheet, bold frozen header with an autofilter, a row per action and per item without actions", async () => {
  const { authority, inspection, a } = await world();
  const bytes = await ofstedPlanXlsx(await getOfstedPlan({ authorityId: authority.id, inspectionId: inspection.id }));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  expect(wb.worksheets).toHaveLength(1);
  const ws = wb.worksheets[0]!;
  expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  expect(ws.autoFilter).toBe("A1:L1");
  expect(ws.getRow(1).values).toEqual([undefined, ...OFSTED_PLAN_COLUMNS.map((c) => c.header)]);
  expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
  expect(ws.getRow(2).values).toEqual([
    undefined,
    "1",
    R1,
    a.title,
    "Owen Owner",
    "Front door",
    day("2026-01-05"),
    day("2026-07-31"),
    "9 in 10 discussions have health present",
    "In progress",
    "Amber",
    40,
    "Rota drafted.",
  ]);
  expect(ws.getRow(3).values).toEqual([undefined, "2", R2, "No actions yet"]);
  expect(wb.title).toContain("post-inspection action plan");
});

test("another authority's inspection is not found", async () => {
  const { inspection, db } = await world();
  const other = await createAuthority({ db });
  await expect(getOfstedPlan({ authorityId: other.id, inspectionId: inspection.id })).rejects.toMatchObject({
    status: 404,
  });
});

test("the download routes: Word and Excel, named after the inspection, for someone who may read every action", async () => {
  const { db, authority, inspection } = await world();
  const asRole = async (role: "admin" | "partner") => {
    const user = await createUser({ db, memberships: [{ authorityId: authority.id, role }] });
    const { token } = await createSession({ userId: user.id, authorityId: authority.id });
    const request = new Request(`http://localhost/a/${authority.slug}/inspections/${inspection.id}/ofsted-plan`, {
      headers: { Cookie: `ib_session=${token}` },
    });
    return { request, params: { authority: authority.slug, inspectionId: inspection.id }, context: undefined };
  };
  const admin = await asRole("admin");
  const name = "post-inspection-action-plan-inspection-of-testshire-local-authority-children-s-services";
  for (const [format, type, loader] of [
    ["docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docxLoader],
    ["xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsxLoader],
  ] as const) {
    const res = await (loader as (args: unknown) => Promise<Response>)(admin);
    expect(res.headers.get("Content-Type")).toBe(type);
    expect(res.headers.get("Content-Disposition")).toContain(`filename="${name}.${format}"`);
    const body = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get("Content-Length")).toBe(String(body.length));
    expect(body.subarray(0, 2).toString()).toBe("PK");
  }
  await expect((docxLoader as (args: unknown) => Promise<Response>)(await asRole("partner"))).rejects.toMatchObject({
    status: 403,
  });
});

/** The parts of a .docx as text (yauzl, a dependency of the app). */
async function unzipText(bytes: Buffer) {
  const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true });
  const parts = new Map<string, string>();
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const c of await zip.openReadStreamPromise(entry)) chunks.push(c as Buffer);
    parts.set(entry.fileName, Buffer.concat(chunks).toString("utf8"));
  }
  zip.close();
  return {
    core: parts.get("docProps/core.xml")!,
    styles: parts.get("word/styles.xml")!,
    document: parts.get("word/document.xml")!,
  };
}
