/**
 * The post-inspection action plan as one Excel sheet: a row per action (and
 * one per item with no actions yet), bold frozen header, autofilter, dates as
 * real Excel dates. Built in memory: one inspection's plan is small.
 */
import ExcelJS from "exceljs";
import { columnLetter } from "./export.server";
import { ofstedPlanTitle, type OfstedPlan, type OfstedPlanAction } from "./ofsted-plan.server";

type Item = OfstedPlan["recommendations"][number];

/**
 * The sheet's columns, in order, each with what it holds: a field of the item
 * the inspectors asked to improve, or of one of its actions. An item with no
 * actions yet has one row, with `none` where a column has it and blanks elsewhere.
 */
type Column = { header: string; width: number } & (
  { item: "reference" | "text" } | { action: keyof OfstedPlanAction; none?: string; date?: true }
);

export const OFSTED_PLAN_COLUMNS: readonly Column[] = [
  { header: "Reference", width: 11, item: "reference" },
  { header: "What the inspectors asked to improve", width: 60, item: "text" },
  { header: "Action", width: 40, action: "title", none: "No actions yet" },
  { header: "Owner", width: 24, action: "ownerName" },
  { header: "Lead service", width: 28, action: "leadService" },
  { header: "Start date", width: 12, action: "startDate", date: true },
  { header: "Due date", width: 12, action: "dueDate", date: true },
  { header: "Measure of success", width: 50, action: "successMeasure" },
  { header: "Status", width: 20, action: "status" },
  { header: "RAG", width: 9, action: "rag" },
  { header: "Progress %", width: 11, action: "progress" },
  { header: "Latest update", width: 50, action: "latestUpdate" },
];

/** The cell numbers (from 1) of the date columns. */
const DATE_CELLS = OFSTED_PLAN_COLUMNS.flatMap((c, i) => ("date" in c ? [i + 1] : []));

function cellValue(column: Column, item: Item, action: OfstedPlanAction | null) {
  if ("item" in column) return item[column.item];
  return action ? action[column.action] : (column.none ?? null);
}

export async function ofstedPlanXlsx(plan: OfstedPlan): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Improvement Board";
  wb.lastModifiedBy = "Improvement Board";
  wb.title = ofstedPlanTitle(plan);
  wb.subject = "Post-inspection action plan";
  wb.created = new Date();
  const sheet = wb.addWorksheet("Action plan", {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.autoFilter = `A1:${columnLetter(OFSTED_PLAN_COLUMNS.length)}1`;
  sheet.columns = OFSTED_PLAN_COLUMNS.map((c) => ({ width: c.width }));
  const header = sheet.addRow(OFSTED_PLAN_COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  for (const r of plan.recommendations) {
    for (const a of r.actions.length === 0 ? [null] : r.actions) {
      const row = sheet.addRow(OFSTED_PLAN_COLUMNS.map((c) => cellValue(c, r, a)));
      row.alignment = { vertical: "top", wrapText: true };
      for (const n of DATE_CELLS) row.getCell(n).numFmt = "dd/mm/yyyy";
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
