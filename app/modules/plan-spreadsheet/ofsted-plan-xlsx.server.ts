/**
 * The post-inspection action plan as one Excel sheet: a row per action (and
 * one per item with no actions yet), bold frozen header, autofilter, dates as
 * real Excel dates. Built in memory: one inspection's plan is small.
 */
import ExcelJS from "exceljs";
import { columnLetter } from "./export.server";
import { ofstedPlanTitle, type OfstedPlan } from "./ofsted-plan.server";

export const OFSTED_PLAN_COLUMNS = [
  { header: "Reference", width: 11 },
  { header: "What the inspectors asked to improve", width: 60 },
  { header: "Action", width: 40 },
  { header: "Owner", width: 24 },
  { header: "Lead service", width: 28 },
  { header: "Start date", width: 12 },
  { header: "Due date", width: 12 },
  { header: "Measure of success", width: 50 },
  { header: "Status", width: 20 },
  { header: "RAG", width: 9 },
  { header: "Progress %", width: 11 },
  { header: "Latest update", width: 50 },
] as const;

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
    const rows =
      r.actions.length === 0
        ? [[r.reference, r.text, "No actions yet", null, null, null, null, null, null, null, null, null]]
        : r.actions.map((a) => [
            r.reference,
            r.text,
            a.title,
            a.ownerName,
            a.leadService,
            a.startDate,
            a.dueDate,
            a.successMeasure,
            a.status,
            a.rag,
            a.progress,
            a.latestUpdate,
          ]);
    for (const values of rows) {
      const row = sheet.addRow(values);
      row.alignment = { vertical: "top", wrapText: true };
      for (const c of [6, 7]) row.getCell(c).numFmt = "dd/mm/yyyy";
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
