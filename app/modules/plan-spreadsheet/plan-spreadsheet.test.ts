import ExcelJS from "exceljs";
import { afterAll, expect, test } from "vitest";
import { getDb } from "~/utils/db.server";
import { createWorld } from "../../../tests/helpers/world";
import { PLAN_COLUMNS, type PlanColumnKey } from "./columns";
import { planCsv, planXlsx } from "./export.server";
import { applyPlanUpload, checkPlanUpload, type Carry } from "./import.server";
import type { ApplyMode } from "./apply.server";
import { createHash } from "node:crypto";
import { removeStaged, stageFile, type StagedFile } from "~/modules/upload/upload.server";

/** A file as the import page hands it on: staged by the one upload path (ADR 020). Removed after the file's tests. */
const stagedFiles: StagedFile[] = [];
async function staged(bytes: Uint8Array): Promise<StagedFile> {
  const file = await stageFile({ source: bytes, fileName: "", maxBytes: Number.MAX_SAFE_INTEGER });
  stagedFiles.push(file);
  return file;
}
afterAll(async () => {
  for (const f of stagedFiles) await removeStaged(f);
});

const day = (s: string) => new Date(`${s}T00:00:00.000Z`);

async function world() {
  const { db, authority, inspection, member, action } = await createWorld({
    inspection: { title: "Inspection of Testshire children's services", startDate: day("2019-01-07") },
    items: [
      {
        reference: "R1",
        text: "The quality of strategy discussions, so that health partners are always present.",
        kind: "improvement_item",
      },
      {
        reference: "R2",
        text: 'Management oversight of "child in need" plans — including step-down.',
        kind: "improvement_item",
      },
    ],
  });
  const admin = await member("admin", { name: "Ada Admin" });
  const owner = await member("action_owner", { name: "Owen Owner" });
  const partner = await member("partner", { name: "Pat Partner" });
  const [r1, r2] = inspection.recommendations as [
    (typeof inspection.recommendations)[0],
    (typeof inspection.recommendations)[0],
  ];
  const a1 = await action({
    recommendationId: r1.id,
    ownerId: owner.id,
    title: "Health at every strategy discussion",
    description: "Line one\nline two",
    leadService: "Front door",
    partnerAgencies: "NHS, Police",
    successMeasure: "9 in 10 discussions have health present",
    startDate: day("2026-01-05"),
    dueDate: day("2026-07-31"),
    status: "in_progress",
    rag: "amber",
    ragReason: "Rota not agreed",
    progress: 40,
    position: 0,
  });
  await db.actionUpdate.create({
    data: { authorityId: authority.id, actionId: a1.id, authorId: owner.id, body: "Rota drafted with the ICB." },
  });
  const a2 = await action({
    recommendationId: r1.id,
    ownerId: partner.id,
    title: '=HYPERLINK("http://evil")',
    status: "not_started",
    position: 1,
  });
  const a3 = await action({
    recommendationId: r2.id,
    ownerId: null,
    title: "Audit CIN plans",
    status: "submitted_for_review",
    progress: 90,
    dueDate: day("2026-03-31"),
    position: 0,
  });
  const gone = await action({
    recommendationId: r2.id,
    title: "Removed action",
    deletedAt: undefined,
  } as never);
  await db.action.update({ where: { id: gone.id }, data: { deletedAt: new Date() } });
  return {
    db,
    authority,
    inspection,
    r1,
    r2,
    admin,
    owner,
    partner,
    a1,
    a2,
    a3,
    actor: { id: admin.id, role: "admin" as const },
  };
}

async function sheetOf(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return { wb, ws: wb.worksheets[0]! };
}
const col = (k: PlanColumnKey) => PLAN_COLUMNS.findIndex((c) => c.key === k) + 1;
function rowFor(ws: ExcelJS.Worksheet, actionId: string): ExcelJS.Row {
  for (let r = 2; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === actionId) return ws.getRow(r);
  throw new Error(`no row for ${actionId}`);
}
async function bufferOf(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
/** A workbook with these rows (by column key) under the plan's headers for the columns they use (others left out: "leave as it is"). */
async function workbookWith(rows: Partial<Record<PlanColumnKey, unknown>>[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Plan");
  const cols = PLAN_COLUMNS.filter((c) => c.key === "actionId" || rows.some((r) => c.key in r));
  ws.addRow(cols.map((c) => c.header));
  for (const r of rows) ws.addRow(cols.map((c) => (c.key in r ? r[c.key] : null)));
  return bufferOf(wb);
}
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

type World = Awaited<ReturnType<typeof world>>;
/** The whole plan as a board member exports it (every live action). */
const boardMemberXlsx = (w: World, batchSize?: number) =>
  planXlsx({
    authorityId: w.authority.id,
    viewer: { id: "x", role: "board_member" },
    authorityName: w.authority.name,
    batchSize,
  });
const boardMemberCsv = (w: World, batchSize?: number) =>
  planCsv({ authorityId: w.authority.id, viewer: { id: "x", role: "board_member" }, batchSize });
/** The import page's dry run of this file by the world's admin; a file refused outright fails the test with its message. */
async function checkAsAdmin(w: World, bytes: Uint8Array, fileName = "plan.xlsx") {
  const check = await checkPlanUpload({
    authorityId: w.authority.id,
    actor: w.actor,
    file: await staged(bytes),
    fileName,
  });
  if (!check.ok) throw new Error(check.message);
  return check;
}
/** Applying this file by the world's admin against what a check carried: the versions it saw and the checked file's SHA-256. */
async function applyAsAdmin(w: World, bytes: Uint8Array, mode: ApplyMode, checked: Pick<Carry, "versions" | "sha256">) {
  return applyPlanUpload({
    authorityId: w.authority.id,
    actor: w.actor,
    file: await staged(bytes),
    fileName: "plan.xlsx",
    mode,
    expectedVersions: checked.versions,
    expectedSha256: checked.sha256,
  });
}

test("the XLSX export has one row per live action with every column, a bold frozen header with an autofilter, and real dates", async () => {
  const w = await world();
  const { inspection, r1, r2, a1, a2, a3, owner, partner } = w;
  const { wb, ws } = await sheetOf(await boardMemberXlsx(w, 2));
  expect(wb.creator).toBe("Improvement Board");
  expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  expect(ws.autoFilter).toBe("A1:S1");
  expect(ws.getRow(1).values).toEqual([undefined, ...PLAN_COLUMNS.map((c) => c.header)]);
  expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
  expect(ws.getColumn(col("recommendation")).width).toBe(60);
  expect(ws.rowCount).toBe(4);
  const saved = await getDb().action.findUniqueOrThrow({ where: { id: a1.id } });
  const expected: Record<string, unknown[]> = {
    [a1.id]: [
      a1.id,
      inspection.title,
      day("2019-01-07"),
      "R1",
      r1.text,
      a1.title,
      "Line one\nline two",
      owner.email,
      "Front door",
      "NHS, Police",
      day("2026-01-05"),
      day("2026-07-31"),
      "In progress",
      "Amber",
      "Rota not agreed",
      40,
      "9 in 10 discussions have health present",
      "Rota drafted with the ICB.",
      saved.updatedAt,
    ],
    [a2.id]: [
      a2.id,
      inspection.title,
      day("2019-01-07"),
      "R1",
      r1.text,
      a2.title,
      "",
      partner.email,
      "",
      "",
      null,
      null,
      "Not started",
      "",
      "",
      0,
      "",
      "",
      a2.updatedAt,
    ],
    [a3.id]: [
      a3.id,
      inspection.title,
      day("2019-01-07"),
      "R2",
      r2.text,
      "Audit CIN plans",
      "",
      "",
      "",
      "",
      null,
      day("2026-03-31"),
      "Submitted for review",
      "",
      "",
      90,
      "",
      "",
      a3.updatedAt,
    ],
  };
  // In plan order: R1's actions by position, then R2's.
  expect([2, 3, 4].map((r) => ws.getRow(r).getCell(1).value)).toEqual([a1.id, a2.id, a3.id]);
  for (const [id, values] of Object.entries(expected)) {
    const row = rowFor(ws, id);
    const got = PLAN_COLUMNS.map((_, i) => row.getCell(i + 1).value);
    expect(got.map((v) => (v === undefined ? null : v))).toEqual(
      values
        .map((v) => (v === "" ? null : v))
        .map((v, i) => (PLAN_COLUMNS[i]!.kind === "text" && v === null ? null : v)),
    );
  }
  expect(rowFor(ws, a1.id).getCell(col("dueDate")).numFmt).toBe("dd/mm/yyyy");
  expect(rowFor(ws, a1.id).getCell(col("dueDate")).type).toBe(ExcelJS.ValueType.Date);
});

test("a partner's export holds only their own actions", async () => {
  const { authority, partner, a2 } = await world();
  const { ws } = await sheetOf(
    await planXlsx({
      authorityId: authority.id,
      viewer: { id: partner.id, role: "partner" },
      authorityName: authority.name,
    }),
  );
  expect(ws.rowCount).toBe(2);
  expect(ws.getRow(2).getCell(1).value).toBe(a2.id);
  const csv = await planCsv({ authorityId: authority.id, viewer: { id: partner.id, role: "partner" } });
  expect(csv.split("\r\n").filter(Boolean)).toHaveLength(2);
});

test("the CSV export: UTF-8 BOM, CRLF, the same columns, formulas neutralised", async () => {
  const w = await world();
  const { a1, a2 } = w;
  const csv = await boardMemberCsv(w, 1);
  expect(csv.startsWith('\uFEFF"Action ID","Inspection",')).toBe(true);
  const lines = csv.slice(1).split("\r\n");
  expect(lines[0]).toBe(PLAN_COLUMNS.map((c) => `"${c.header}"`).join(","));
  expect(lines.at(-1)).toBe("");
  expect(lines).toHaveLength(5);
  const a2line = lines.find((l) => l.startsWith(`"${a2.id}"`))!;
  expect(a2line).toContain(`"'=HYPERLINK(""http://evil"")"`);
  const a1line = lines.find((l) => l.startsWith(`"${a1.id}"`))!;
  expect(a1line).toContain(`"2026-07-31"`);
  expect(a1line).toContain(`"Line one\nline two"`);
});

test("round trip: edit the exported workbook, the dry run shows each change, applying updates the actions through the audited paths", async () => {
  const w = await world();
  const { db, authority, a1, a2, a3 } = w;
  const exported = await boardMemberXlsx(w);
  const { wb, ws } = await sheetOf(exported);
  const row = rowFor(ws, a1.id);
  row.getCell(col("title")).value = "Health partners at every strategy discussion";
  row.getCell(col("dueDate")).value = day("2026-09-30");
  row.getCell(col("rag")).value = "Red";
  row.getCell(col("ragReason")).value = "ICB withdrew the rota";
  row.getCell(col("status")).value = "Submitted for review";
  const edited = await bufferOf(wb);

  const check = await checkAsAdmin(w, edited);
  expect(check.preview.counts).toEqual({ create: 0, update: 1, unchanged: 2, error: 0 });
  const r = check.preview.rows.find((x) => x.actionId === a1.id)!;
  expect(r.outcome).toBe("update");
  expect(r.changes).toEqual([
    {
      column: "Action title",
      before: "Health at every strategy discussion",
      after: "Health partners at every strategy discussion",
    },
    { column: "Due date", before: "31 July 2026", after: "30 September 2026" },
    { column: "Status", before: "In progress", after: "Submitted for review" },
    { column: "RAG", before: "Amber", after: "Red" },
    { column: "RAG reason", before: "Rota not agreed", after: "ICB withdrew the rota" },
  ]);
  expect(check.carry.data).not.toBeNull();
  // Nothing is written by the dry run.
  expect((await db.action.findUniqueOrThrow({ where: { id: a1.id } })).version).toBe(1);

  const applied = await applyAsAdmin(w, Buffer.from(check.carry.data!, "base64"), "all", check.carry);
  expect(applied).toMatchObject({
    ok: true,
    result: { ok: true, created: 0, updated: 1, skipped: 0, failed: [] },
  });
  const saved = await db.action.findUniqueOrThrow({
    where: { id: a1.id },
    include: { updates: { orderBy: { createdAt: "asc" } } },
  });
  expect(saved).toMatchObject({
    title: "Health partners at every strategy discussion",
    rag: "red",
    ragReason: "ICB withdrew the rota",
    status: "submitted_for_review",
    version: 3,
  });
  expect(saved.dueDate?.toISOString()).toBe("2026-09-30T00:00:00.000Z");
  const ext = saved.updates.find((u) => u.kind === "extension")!;
  expect(ext.oldDueDate?.toISOString().slice(0, 10)).toBe("2026-07-31");
  expect(ext.newDueDate?.toISOString().slice(0, 10)).toBe("2026-09-30");
  expect(saved.updates.find((u) => u.kind === "status_change")).toMatchObject({
    status: "submitted_for_review",
    rag: "red",
  });
  const audit = await db.auditEvent.findMany({
    where: { entityType: "Action", entityId: a1.id, action: "update" },
    orderBy: { createdAt: "asc" },
  });
  const changes = Object.assign({}, ...audit.map((a) => JSON.parse(a.changes!) as object));
  expect(changes).toMatchObject({
    title: ["Health at every strategy discussion", "Health partners at every strategy discussion"],
    dueDate: ["2026-07-31T00:00:00.000Z", "2026-09-30T00:00:00.000Z"],
    rag: ["amber", "red"],
    ragReason: ["Rota not agreed", "ICB withdrew the rota"],
    status: ["in_progress", "submitted_for_review"],
  });
  expect(
    await db.auditEvent.count({ where: { authorityId: authority.id, action: "import", entityType: "ActionPlan" } }),
  ).toBe(1);
  // Untouched rows stay untouched.
  for (const a of [a2, a3]) expect((await db.action.findUniqueOrThrow({ where: { id: a.id } })).version).toBe(1);

  // Applying the same file again changes nothing: it matches the plan now.
  const again = await applyAsAdmin(w, edited, "all", check.carry);
  expect(again).toMatchObject({ ok: true, result: { ok: true, created: 0, updated: 0 } });
  expect((await db.action.findUniqueOrThrow({ where: { id: a1.id } })).version).toBe(3);
  // Another file than the one checked is refused.
  expect(await applyAsAdmin(w, exported, "all", check.carry)).toMatchObject({ ok: false });
});

test("an action changed by someone else after the preview is not overwritten: nothing is applied and the check is shown again", async () => {
  const w = await world();
  const { db, a1, a3 } = w;
  const bytes = await workbookWith([
    { actionId: a1.id, title: "From the spreadsheet" },
    { actionId: a3.id, title: "Also from the spreadsheet" },
  ]);
  const check = await checkAsAdmin(w, bytes);
  // The owner edits the description meanwhile (through the app, so the version moves on).
  await db.action.update({
    where: { id: a1.id },
    data: { description: "Owner's new text", version: { increment: 1 } },
  });
  const r = await applyAsAdmin(w, bytes, "valid", check.carry);
  if (!r.ok || r.result.ok) throw new Error("expected a refusal");
  expect(r.result.code).toBe("stale");
  expect(r.result.preview.stale).toEqual([2]);
  expect(r.carry.versions[a1.id]).toBe(2);
  expect(await db.action.findUniqueOrThrow({ where: { id: a1.id } })).toMatchObject({
    title: a1.title,
    description: "Owner's new text",
  });
  expect((await db.action.findUniqueOrThrow({ where: { id: a3.id } })).title).toBe(a3.title);
  // Checked again against the new version, it applies.
  const second = await applyAsAdmin(w, bytes, "all", { versions: r.carry.versions, sha256: check.carry.sha256 });
  expect(second).toMatchObject({ ok: true, result: { ok: true, updated: 2 } });
  expect(await db.action.findUniqueOrThrow({ where: { id: a1.id } })).toMatchObject({
    title: "From the spreadsheet",
    description: "Owner's new text",
  });
});

test("every bad cell is named by row and column; nothing is applied while any row is wrong", async () => {
  const w = await world();
  const { db, authority, a1, a2, a3, inspection } = w;
  const elsewhere = await createWorld(); // another authority
  const foreign = await elsewhere.action({ title: "Theirs" });
  const bytes = await workbookWith([
    { actionId: a1.id, title: a1.title, dueDate: "31/02/2027" }, // row 2
    { actionId: a2.id, title: a2.title, ownerEmail: "nobody@example.test" }, // row 3
    { actionId: a3.id, title: "Audit CIN plans", status: "Done" }, // row 4
    { actionId: a1.id + "x", title: "Ghost" }, // row 5
    { actionId: foreign.id, title: "Mine now" }, // row 6
    { actionId: a3.id, title: "Twice" }, // row 7
    { inspection: inspection.title, recommendationReference: "R9", title: "New" }, // row 8
    { inspection: inspection.title, recommendationReference: "R2", title: "" }, // row 9
  ]);
  const check = await checkAsAdmin(w, bytes);
  const texts = check.preview.rows.flatMap((r) => r.errors.map((e) => e.text));
  expect(texts).toEqual([
    "Row 2, Due date: '31/02/2027' is not a real date",
    "Row 3, Owner email: nobody with the email 'nobody@example.test' belongs to this authority",
    "Row 4, Status: 'Done' is not a status; use one of Not started, In progress, Submitted for review, Complete, Closed, Blocked",
    `Row 5, Action ID: '${a1.id}x' is not found in this authority. Leave Action ID blank to add a new action`,
    `Row 6, Action ID: '${foreign.id}' is not found in this authority. Leave Action ID blank to add a new action`,
    "Row 7, Action ID: this action is already in row 4; keep one row per action",
    `Row 8, Recommendation reference: 'R9' is not an item of '${inspection.title}'`,
    "Row 9, Action title: enter a title",
  ]);
  const r = await applyAsAdmin(w, bytes, "all", check.carry);
  expect(r).toMatchObject({ ok: true, result: { ok: false, code: "errors" } });
  expect((await db.action.findUniqueOrThrow({ where: { id: foreign.id } })).title).toBe("Theirs");
  expect(
    await db.auditEvent.count({ where: { authorityId: authority.id, action: { in: ["update", "create"] } } }),
  ).toBe(0);
});

test("RAG and status rules: a RAG change needs a new reason, status changes follow the workflow for an admin", async () => {
  const w = await world();
  const { a1, a2, a3 } = w;
  const bytes = await workbookWith([
    { actionId: a1.id, rag: "Green", ragReason: "Rota not agreed" }, // row 2: reason unchanged
    { actionId: a2.id, status: "Complete" }, // row 3: not started → complete
    { actionId: a3.id, status: "Complete" }, // row 4: needs a reason the import cannot take
  ]);
  const check = await checkAsAdmin(w, bytes);
  const texts = check.preview.rows.flatMap((r) => r.errors.map((e) => e.text));
  expect(texts[0]).toBe("Row 2, RAG: a RAG change needs a RAG reason: write why in the RAG reason column");
  expect(texts[1]).toMatch(
    /^Row 3, Status: cannot go from 'Not started' to 'Complete': an action must be submitted for review/,
  );
  expect(texts[2]).toMatch(
    /^Row 4, Status: 'Submitted for review' to 'Complete' needs a reason .*make this change on the action's page$/,
  );
  const progress = await checkAsAdmin(w, await workbookWith([{ actionId: a1.id, progress: "140%" }]), "p.xlsx");
  expect(progress.preview.rows[0]!.errors[0]!.text).toBe(
    "Row 2, Progress %: '140%': progress must be between 0 and 100",
  );
});

test("apply only the valid rows: the good rows are applied, the bad ones left as they were; new actions are created", async () => {
  const w = await world();
  const { db, authority, a1, a3, inspection } = w;
  const bytes = await workbookWith([
    { actionId: a1.id, title: "Renamed", progress: 55 },
    { actionId: a3.id, dueDate: "2027-02-31" },
    {
      inspection: inspection.title,
      inspectionDate: day("2019-01-07"),
      recommendationReference: "r2",
      title: "Step-down audit",
      ownerEmail: "",
      dueDate: "30 June 2027",
      status: "In progress",
      rag: "Green",
      ragReason: "On track",
      progress: "10",
    },
  ]);
  const check = await checkAsAdmin(w, bytes);
  expect(check.preview.counts).toEqual({ create: 1, update: 1, unchanged: 0, error: 1 });
  expect(check.preview.rows[2]!.changes).toEqual([
    { column: "Action title", before: "", after: "Step-down audit" },
    { column: "Due date", before: "", after: "30 June 2027" },
    { column: "Status", before: "", after: "In progress" },
    { column: "RAG", before: "", after: "Green" },
    { column: "RAG reason", before: "", after: "On track" },
    { column: "Progress %", before: "", after: "10%" },
  ]);
  // The SHA-256 the page carries is the checked file's own.
  const r = await applyAsAdmin(w, bytes, "valid", { versions: check.carry.versions, sha256: sha(bytes) });
  expect(r).toMatchObject({ ok: true, result: { ok: true, created: 1, updated: 1, skipped: 1, failed: [] } });
  expect(await db.action.findUniqueOrThrow({ where: { id: a1.id } })).toMatchObject({ title: "Renamed", progress: 55 });
  expect(await db.action.findUniqueOrThrow({ where: { id: a3.id } })).toMatchObject({
    version: 1,
    dueDate: day("2026-03-31"),
  });
  const created = await db.action.findFirstOrThrow({ where: { authorityId: authority.id, title: "Step-down audit" } });
  expect(created).toMatchObject({
    recommendationId: inspection.recommendations[1]!.id,
    status: "in_progress",
    rag: "green",
    ragReason: "On track",
    progress: 10,
    dueDate: day("2027-06-30"),
  });
  expect(await db.auditEvent.count({ where: { entityType: "Action", entityId: created.id, action: "create" } })).toBe(
    1,
  );
});

test("CSV imports read the exported CSV back: no change, then a change; neutralised formulas come back as they were", async () => {
  const w = await world();
  const { db, a2 } = w;
  const csv = await boardMemberCsv(w);
  const check = await checkAsAdmin(w, new TextEncoder().encode(csv), "plan.csv");
  expect(check.preview.counts).toEqual({ create: 0, update: 0, unchanged: 3, error: 0 });
  const edited = new TextEncoder().encode(csv.replace(`"'=HYPERLINK(""http://evil"")"`, `"Safe title"`));
  const r = await checkAsAdmin(w, edited, "plan.csv");
  expect(r.preview.rows.find((x) => x.actionId === a2.id)!.changes).toEqual([
    { column: "Action title", before: '=HYPERLINK("http://evil")', after: "Safe title" },
  ]);
  expect(await db.action.count({ where: { id: a2.id, title: "Safe title" } })).toBe(0);
});

test("files are checked by their content: not a workbook or CSV, a zip that is not a workbook, too large, not the plan's layout; only admins may import", async () => {
  const { authority, actor, owner } = await world();
  const read = async (bytes: Uint8Array, fileName: string) =>
    checkPlanUpload({ authorityId: authority.id, actor, file: await staged(bytes), fileName });
  expect(
    await read(
      new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a, 0x25, 0x25, 0x45, 0x4f, 0x46]),
      "plan.xlsx",
    ),
  ).toMatchObject({ ok: false });
  expect(await read(new Uint8Array(5 * 1024 * 1024 + 1), "plan.csv")).toEqual({
    ok: false,
    message: "The selected file must be smaller than 5 MB",
  });
  expect(await read(new TextEncoder().encode("Name,Email\nA,b@c\n"), "plan.csv")).toMatchObject({
    ok: false,
    message: expect.stringMatching(/Action ID/),
  });
  expect(await read(new Uint8Array([0, 1, 2, 3, 0, 0, 0, 9]), "plan.csv")).toMatchObject({ ok: false });
  expect(await read(new Uint8Array(0), "plan.csv")).toEqual({ ok: false, message: "The selected file is empty" });
  await expect(
    checkPlanUpload({
      authorityId: authority.id,
      actor: { id: owner.id, role: "action_owner" },
      file: await staged(new TextEncoder().encode("Action ID\n")),
      fileName: "p.csv",
    }),
  ).rejects.toMatchObject({ status: 403 });
});
