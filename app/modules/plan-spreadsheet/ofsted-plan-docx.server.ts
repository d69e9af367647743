/**
 * The post-inspection action plan as an accessible Word document, in the
 * house style of the minutes (board/minutes-docx.server.ts): real headings,
 * one table per item with a repeating header row, en-GB, the document title
 * and other core properties set, RAG and status in words.
 */
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import { formatDate } from "~/utils/format";
import { inspectionTypeLabel } from "~/modules/inspection/types";
import { leadText, ofstedPlanTitle, progressText, timescaleText, type OfstedPlan } from "./ofsted-plan.server";

/** A4 landscape with 2.54 cm margins: the width tables share, in twentieths of a point. */
const TEXT_WIDTH = 13_958;
export const OFSTED_PLAN_TABLE_HEADERS = [
  "Action",
  "Lead",
  "Timescale",
  "Measure of success",
  "Current progress",
] as const;
const WIDTHS = [3000, 2200, 2000, 3258, 3500];

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  new Paragraph({ text, heading: level });
const para = (text: string) => new Paragraph({ text });

function cell(text: string, { header = false, width }: { header?: boolean; width: number }): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    children: text
      .split(/\r?\n/)
      .map((line) => new Paragraph({ children: [new TextRun({ text: line, bold: header })] })),
  });
}

function actionsTable(actions: OfstedPlan["recommendations"][number]["actions"]): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: WIDTHS,
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: OFSTED_PLAN_TABLE_HEADERS.map((h, i) => cell(h, { header: true, width: WIDTHS[i]! })),
      }),
      ...actions.map(
        (a) =>
          new TableRow({
            cantSplit: true,
            children: [a.title, leadText(a), timescaleText(a), a.successMeasure || "Not set", progressText(a)].map(
              (t, i) => cell(t, { width: WIDTHS[i]! }),
            ),
          }),
      ),
    ],
  });
}

export async function ofstedPlanDocx(plan: OfstedPlan): Promise<Buffer> {
  const title = ofstedPlanTitle(plan);
  const body: (Paragraph | Table)[] = [
    heading(title, HeadingLevel.HEADING_1),
    para(plan.authorityName),
    para(`${inspectionTypeLabel(plan.inspection.type)}${plan.inspection.dates ? `, ${plan.inspection.dates}` : ""}`),
    ...(plan.inspection.publishedAt ? [para(`Report published ${formatDate(plan.inspection.publishedAt)}`)] : []),
    para(`Plan as at ${formatDate(new Date())}`),
  ];
  if (plan.recommendations.length === 0) body.push(para("No items to improve are recorded for this inspection."));
  for (const r of plan.recommendations) {
    body.push(heading(`${r.reference}: ${r.kind}`, HeadingLevel.HEADING_2));
    body.push(new Paragraph({ children: [new TextRun({ text: r.text })] }));
    if (r.timescale) body.push(para(`Timescale in the report: ${r.timescale}`));
    body.push(r.actions.length ? actionsTable(r.actions) : para("No actions yet."));
  }
  const doc = new Document({
    title,
    subject: "Post-inspection action plan",
    description: `${plan.authorityName}: ${title}`,
    creator: "Improvement Board",
    lastModifiedBy: "Improvement Board",
    keywords: "Ofsted, action plan",
    styles: { default: { document: { run: { language: { value: "en-GB" }, font: "Arial", size: 24 } } } },
    sections: [
      { properties: { page: { size: { orientation: "landscape", width: 16_838, height: 11_906 } } }, children: body },
    ],
  });
  return Packer.toBuffer(doc);
}
