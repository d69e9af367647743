/**
 * The authority's action plan as a spreadsheet: one row per live action,
 * the columns of columns.ts, as XLSX (exceljs's streaming writer) or CSV
 * (UTF-8 with a BOM, CRLF, formulas neutralised as in the audit CSV).
 *
 * Both are streamed: actions are read one recommendation at a time, in pages
 * of BATCH, and written as they come, so memory stays bounded by a page (and
 * exceljs's zip buffer) however large the plan. Partner users (`own` scope)
 * get only the actions they own.
 */
import { once } from "node:events";
import { csvCell } from "~/utils/csv";
import { stripUnsafe } from "~/utils/text";
import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { actionScope } from "~/modules/action/service.server";
import type { Actor, ViewerCall } from "~/modules/auth/actor";
import { statusLabel, isRag, RAG_LABELS } from "~/modules/action/status";
import { getDb } from "~/utils/db.server";
import { PLAN_COLUMNS, type PlanRow } from "./columns";
import { PLAN_ACTION_ORDER, PLAN_STATE_SELECT } from "./plan-query";

const BATCH = 1000;
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const PLAN_CONTENT_TYPES = { xlsx: XLSX_TYPE, csv: "text/csv; charset=utf-8" } as const;

/** Live recommendations of live inspections, in plan order (oldest inspection first, items as printed). */
async function planRecommendations(authorityId: string) {
  return getDb().recommendation.findMany({
    where: { authorityId, deletedAt: null, inspection: { deletedAt: null } },
    orderBy: [
      { inspection: { startDate: { sort: "asc", nulls: "last" } } },
      { inspection: { createdAt: "asc" } },
      { inspectionId: "asc" },
      { position: "asc" },
      { id: "asc" },
    ],
    select: { id: true, reference: true, text: true, inspection: { select: { title: true, startDate: true } } },
  });
}

/** The plan's rows, a page at a time, in plan order. */
export async function* planRowBatches({
  authorityId,
  viewer,
  batchSize = BATCH,
}: ViewerCall & { batchSize?: number }): AsyncGenerator<PlanRow[]> {
  const db = getDb();
  const { ownerId } = actionScope(viewer);
  let pending: PlanRow[] = [];
  for (const rec of await planRecommendations(authorityId)) {
    let cursor: string | undefined;
    for (;;) {
      const actions = await db.action.findMany({
        where: {
          authorityId,
          recommendationId: rec.id,
          deletedAt: null,
          ...(ownerId ? { ownerId } : {}),
        },
        orderBy: PLAN_ACTION_ORDER,
        take: batchSize,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
        select: {
          id: true,
          title: true,
          description: true,
          leadService: true,
          partnerAgencies: true,
          successMeasure: true,
          startDate: true,
          dueDate: true,
          ...PLAN_STATE_SELECT,
          ragReason: true,
          updatedAt: true,
          owner: { select: { email: true } },
        },
      });
      for (const a of actions) {
        pending.push({
          actionId: a.id,
          inspection: rec.inspection.title,
          inspectionDate: rec.inspection.startDate,
          recommendationReference: rec.reference,
          recommendation: rec.text,
          title: a.title,
          description: a.description,
          ownerEmail: a.owner?.email ?? "",
          leadService: a.leadService,
          partnerAgencies: a.partnerAgencies,
          startDate: a.startDate,
          dueDate: a.dueDate,
          status: statusLabel(a.status),
          rag: isRag(a.rag) ? RAG_LABELS[a.rag] : (a.rag ?? ""),
          ragReason: a.ragReason ?? "",
          progress: a.progress,
          successMeasure: a.successMeasure,
          latestUpdate: a.updates[0]?.body ?? "",
          lastUpdated: a.updatedAt,
        });
      }
      if (pending.length >= batchSize) {
        yield pending;
        pending = [];
      }
      if (actions.length < batchSize) break;
      cursor = actions[actions.length - 1]!.id;
    }
  }
  if (pending.length) yield pending;
}

// ─── XLSX ───────────────────────────────────────────────────────────────────

const DATE_FORMAT = "dd/mm/yyyy";
const DATE_TIME_FORMAT = "dd/mm/yyyy hh:mm";

/** Column letter of a 1-based index (A … Z, AA …). */
export function columnLetter(n: number): string {
  let s = "";
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

/**
 * The plan as an XLSX stream: a bold, frozen header row with an autofilter,
 * set widths, dates as real Excel dates, Action ID as text.
 */
export function planXlsxStream({
  authorityId,
  viewer,
  authorityName,
  batchSize,
}: ViewerCall & { authorityName: string; batchSize?: number }): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const write = async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    wb.creator = "Improvement Board";
    wb.lastModifiedBy = "Improvement Board";
    wb.title = `${authorityName}: action plan`;
    wb.created = new Date();
    const sheet = wb.addWorksheet("Action plan", {
      views: [{ state: "frozen", ySplit: 1 }],
    });
    sheet.autoFilter = `A1:${columnLetter(PLAN_COLUMNS.length)}1`;
    sheet.columns = PLAN_COLUMNS.map((c) => ({ key: c.key, width: c.width }));
    const header = sheet.addRow(PLAN_COLUMNS.map((c) => c.header));
    header.font = { bold: true };
    header.commit();
    for await (const batch of planRowBatches({ authorityId, viewer, batchSize })) {
      for (const r of batch) {
        // Stored text from before the shared text schema may hold controls (invalid in the XLSX XML) or bidi overrides.
        const row = sheet.addRow(
          PLAN_COLUMNS.map((c) => {
            const v = r[c.key];
            return typeof v === "string" ? stripUnsafe(v, { multiline: true }) : v;
          }),
        );
        PLAN_COLUMNS.forEach((c, i) => {
          const cell = row.getCell(i + 1);
          if (c.kind === "date") cell.numFmt = c.key === "lastUpdated" ? DATE_TIME_FORMAT : DATE_FORMAT;
          else if (c.kind === "text") cell.alignment = { vertical: "top", wrapText: c.width >= 40 };
        });
        row.commit();
      }
      // Let the reader catch up before the next page (back-pressure from the download).
      if (out.writableNeedDrain) await once(out, "drain");
    }
    sheet.commit();
    await wb.commit();
  };
  write().catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  return Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>;
}

// ─── CSV ────────────────────────────────────────────────────────────────────

function csvValue(r: PlanRow, key: (typeof PLAN_COLUMNS)[number]["key"]): unknown {
  const v = r[key];
  if (v instanceof Date) return key === "lastUpdated" ? v.toISOString() : v.toISOString().slice(0, 10);
  return v;
}

/** The plan as CSV: UTF-8 with a byte order mark (so that Excel reads it as UTF-8), CRLF line ends. */
export function planCsvStream({
  authorityId,
  viewer,
  batchSize,
}: ViewerCall & { batchSize?: number }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let batches: AsyncGenerator<PlanRow[]> | null = null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!batches) {
        batches = planRowBatches({ authorityId, viewer, batchSize });
        controller.enqueue(encoder.encode("\uFEFF" + PLAN_COLUMNS.map((c) => csvCell(c.header)).join(",") + "\r\n"));
        return;
      }
      const next = await batches.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(
        encoder.encode(
          next.value.map((r) => PLAN_COLUMNS.map((c) => csvCell(csvValue(r, c.key))).join(",") + "\r\n").join(""),
        ),
      );
    },
    async cancel() {
      await batches?.return(undefined);
    },
  });
}

/** The whole XLSX in memory (tests, small plans). */
export async function planXlsx(input: {
  authorityId: string;
  viewer: Actor;
  authorityName: string;
  batchSize?: number;
}): Promise<Buffer> {
  return Buffer.from(await new Response(planXlsxStream(input)).arrayBuffer());
}

/** The whole CSV as text, BOM included (tests, small plans). */
export async function planCsv(input: { authorityId: string; viewer: Actor; batchSize?: number }): Promise<string> {
  const bytes = new Uint8Array(await new Response(planCsvStream(input)).arrayBuffer());
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
}

/** "action-plan-kirklees-2026-05-01.xlsx" */
export function planFileName(slug: string, ext: "xlsx" | "csv", now = new Date()): string {
  return `action-plan-${slug}-${now.toISOString().slice(0, 10)}.${ext}`;
}
