/**
 * The post-inspection action plan as an accessible Word document, in the
 * house style of the minutes (board/minutes-docx.server.ts): real headings,
 * one table per item with a repeating header row, en-GB, the document title
 * and other core properties set, RAG and status in words.
 */
import { Paragraph, TextRun } from "docx";
import { heading, HeadingLevel, para, table, wordDocument, type Block } from "~/utils/docx.server";
import { formatDate } from "~/utils/format";
import { inspectionTypeLabel } from "~/modules/inspection/types";
import { leadText, ofstedPlanTitle, progressText, timescaleText, type OfstedPlan } from "./ofsted-plan.server";

export const OFSTED_PLAN_TABLE_HEADERS = [
  "Action",
  "Lead",
  "Timescale",
  "Measure of success",
  "Current progress",
] as const;
/** A4 landscape with 2.54 cm margins: 13,958 twentieths of a point across. */
const WIDTHS = [3000, 2200, 2000, 3258, 3500];

function actionsTable(actions: OfstedPlan["recommendations"][number]["actions"]) {
  return table(
    OFSTED_PLAN_TABLE_HEADERS,
    actions.map((a) => [a.title, leadText(a), timescaleText(a), a.successMeasure || "Not set", progressText(a)]),
    WIDTHS,
  );
}

export async function ofstedPlanDocx(plan: OfstedPlan): Promise<Buffer> {
  const title = ofstedPlanTitle(plan);
  const body: Block[] = [
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
  return wordDocument({
    title,
    subject: "Post-inspection action plan",
    description: `${plan.authorityName}: ${title}`,
    keywords: "Ofsted, action plan",
    sections: [
      { properties: { page: { size: { orientation: "landscape", width: 16_838, height: 11_906 } } }, children: body },
    ],
  });
}
