/**
 * The scrutiny summary (or exception report) as an accessible Word document,
 * generated from SummaryData like every other format. It reads like a board
 * report: the headline figures and charts, the narrative, then the plan as
 * tables. Real headings (Heading 1–4 styles), tables with a repeating header
 * row, charts with alt text, the title and language (en-GB) set, UK dates,
 * and every status and RAG in words (never by colour alone). Restricted
 * evidence is only ever counted, never named (SummaryData has no titles).
 *
 * The wording of the headline rows and of each action's cells is exported
 * (`headlineRows`, `actionCells`, …) so the PDF says exactly the same.
 */
import { AlignmentType, Footer, ImageRun, PageNumber, PageOrientation, Paragraph, TextRun } from "docx";
import { heading, HeadingLevel, para, paras, table, wordDocument, type Block } from "~/utils/docx.server";
import { formatDate } from "~/utils/format";
import {
  ACTION_STATUSES,
  ACTION_STATUS_LABELS,
  RAG_LABELS,
  RECOMMENDATION_STATUS_LABELS,
  RECOMMENDATION_STATUSES,
  statusLabel,
} from "../action/status";
import { svgToPng } from "./chart-png.server";
import {
  NARRATIVE_LABELS,
  NARRATIVE_SECTIONS,
  REPORT_KIND_LABELS,
  exceptionLine,
  progressChart,
  PROGRESS_CHART_SIZE,
  ragChart,
  type SummaryAction,
  type SummaryData,
} from "./summary";

/* ------------------------------------------------------------------ */
/* Wording shared with the PDF                                          */
/* ------------------------------------------------------------------ */

export function summaryTitle(data: Pick<SummaryData, "kind" | "scopeName">): string {
  return `${REPORT_KIND_LABELS[data.kind]}: ${data.scopeName}`;
}

export function comparisonLine(data: Pick<SummaryData, "asAt" | "comparedWith">): string {
  return data.comparedWith
    ? `As at ${formatDate(data.asAt)}; compared with ${data.comparedWith.label} (${formatDate(data.comparedWith.date)})`
    : `As at ${formatDate(data.asAt)}. No earlier meeting to compare with`;
}

export const EXCEPTION_INTRO =
  "This exception report lists only the actions that are red, overdue, blocked or returned by the board. The headline figures cover every action in scope.";

export function emptyPlanText(data: Pick<SummaryData, "kind">): string {
  return data.kind === "exception"
    ? "There are no exceptions: no action is red, overdue, blocked or returned by the board."
    : "There are no actions in scope yet.";
}

export const HEADLINE_HEADERS = ["Measure", "Number"];

/** The headline figures, one row per measure. */
export function headlineRows(data: SummaryData): [string, string][] {
  const c = data.counts;
  return [
    ["Recommendations", String(c.recommendations)],
    ...RECOMMENDATION_STATUSES.map((s): [string, string] => [
      `Recommendations: ${RECOMMENDATION_STATUS_LABELS[s]}`,
      String(c.recommendationsByStatus?.[s] ?? 0),
    ]),
    ["Recommendations: red", String(c.recommendationsByRag?.red ?? 0)],
    ["Recommendations: amber", String(c.recommendationsByRag?.amber ?? 0)],
    ["Recommendations: green", String(c.recommendationsByRag?.green ?? 0)],
    ["Actions", String(c.actions)],
    ...ACTION_STATUSES.map((s): [string, string] => [`Status: ${ACTION_STATUS_LABELS[s]}`, String(c.byStatus[s] ?? 0)]),
    ["RAG: Red", String(c.byRag.red)],
    ["RAG: Amber", String(c.byRag.amber)],
    ["RAG: Green", String(c.byRag.green)],
    ["RAG: Not set", String(c.byRag.none)],
    ["Overdue", String(c.overdue)],
    [
      data.comparedWith ? `Completed since ${data.comparedWith.label}` : "Completed since last time",
      String(c.completedSince),
    ],
  ];
}

export const ACTION_HEADERS = [
  "Action",
  "Owner and lead service",
  "Due",
  "Status",
  "RAG and reason",
  "Latest update",
  "Evidence",
  "Board's last decision",
  "Changes since last time",
] as const;

const EVIDENCE_STATE_LABELS = {
  accepted: "Accepted",
  challenged: "Challenged",
  awaiting_review: "Awaiting review",
} as const;

export function restrictedEvidenceText(n: number): string {
  return `Restricted evidence held: ${n} ${n === 1 ? "item" : "items"}`;
}

/** One action's cells, in ACTION_HEADERS order; "\n" separates lines within a cell. */
export function actionCells(a: SummaryAction, data: Pick<SummaryData, "comparedWith" | "kind">): string[] {
  const why = exceptionLine(a, data.kind);
  const owner = `${a.ownerName?.trim() || "No owner"}\n${a.leadService.trim() || "No lead service"}`;
  const due = a.dueDate ? `${formatDate(a.dueDate)}${a.overdue ? "\nOverdue" : ""}` : "No due date";
  const rag = `${a.rag ? RAG_LABELS[a.rag] : "Not set"}${a.ragReason?.trim() ? `: ${a.ragReason.trim()}` : ""}`;
  const update = a.latestUpdate ? `${formatDate(a.latestUpdate.at)}: ${a.latestUpdate.body.trim()}` : "No updates yet";
  const evidence = [
    ...a.evidence.map((e) => `${e.title} (${EVIDENCE_STATE_LABELS[e.state]})`),
    ...(a.restrictedEvidence > 0 ? [restrictedEvidenceText(a.restrictedEvidence)] : []),
  ];
  const d = a.lastDecision;
  const decision = d
    ? `${d.label}, ${d.boardName}, ${formatDate(d.date)}${d.challenge.trim() ? `\nChallenge: ${d.challenge.trim()}` : ""}`
    : "No decision yet";
  const changes =
    a.changes.length > 0
      ? a.changes.join("\n")
      : data.comparedWith
        ? "No changes"
        : "No earlier meeting to compare with";
  return [
    why ? `${a.title}\n${why}` : a.title,
    owner,
    due,
    statusLabel(a.status),
    rag,
    update,
    evidence.length > 0 ? evidence.join("\n") : "None",
    decision,
    changes,
  ];
}

export function narrativeText(text: string): string {
  return text.trim() || "Not written yet";
}

/* ------------------------------------------------------------------ */
/* Word                                                                 */
/* ------------------------------------------------------------------ */

/** A4 with 2.54 cm margins: the width tables share, in twentieths of a point (portrait, then landscape). */
const TEXT_WIDTH = 9026;
const LANDSCAPE_TEXT_WIDTH = 13958;
/** Column widths of the plan's action table (landscape): the last takes what is left of LANDSCAPE_TEXT_WIDTH. */
const ACTION_WIDTHS_START = [2000, 1400, 1100, 1200, 1500, 2200, 1600, 1700];
const ACTION_WIDTHS = [...ACTION_WIDTHS_START, LANDSCAPE_TEXT_WIDTH - ACTION_WIDTHS_START.reduce((a, b) => a + b, 0)];

/** A chart as a PNG image with alt text; `width`/`height` in pixels at 96 dpi, as the SVGs are drawn. */
function chart(name: string, svg: string, altText: string, size: { width: number; height: number }): Paragraph {
  return new Paragraph({
    children: [
      new ImageRun({
        type: "png",
        data: svgToPng(svg),
        transformation: size,
        altText: { name, title: name, description: altText },
      }),
    ],
  });
}

function headlineSection(data: SummaryData): Block[] {
  const rag = ragChart(data.counts);
  const progress = progressChart(data.progress);
  return [
    heading("Headlines", HeadingLevel.HEADING_2),
    table(HEADLINE_HEADERS, headlineRows(data), [TEXT_WIDTH - 2256, 2256]),
    heading("RAG mix of actions", HeadingLevel.HEADING_3),
    chart("RAG mix of actions", rag.svg, rag.altText, { width: 480, height: 190 }),
    heading("Actions completed over time", HeadingLevel.HEADING_3),
    para("The solid line shows actions completed (cumulative); the dashed line shows all actions."),
    chart("Actions completed over time", progress.svg, progress.altText, PROGRESS_CHART_SIZE),
  ];
}

function narrativeSection(data: SummaryData): Block[] {
  return NARRATIVE_SECTIONS.flatMap((s) => [
    heading(NARRATIVE_LABELS[s], HeadingLevel.HEADING_2),
    ...paras(narrativeText(data.narrative[s])),
  ]);
}

/** Progress while a pack is laid out: actions laid out so far (awaited, so the caller can record it). */
export type OnActions = (written: number) => Promise<void>;

async function planSection(data: SummaryData, onActions?: OnActions): Promise<Block[]> {
  const out: Block[] = [heading("The plan", HeadingLevel.HEADING_2)];
  if (data.inspections.length === 0) return [...out, para(emptyPlanText(data))];
  let written = 0;
  for (const inspection of data.inspections) {
    out.push(heading(inspection.title, HeadingLevel.HEADING_3));
    for (const r of inspection.recommendations) {
      out.push(heading(r.reference, HeadingLevel.HEADING_4), ...paras(r.text));
      if (r.actions.length === 0) out.push(para("No actions yet."));
      else
        out.push(
          table(
            ACTION_HEADERS,
            r.actions.map((a) => actionCells(a, data)),
            ACTION_WIDTHS,
            { splitRows: true },
          ),
        );
      written += r.actions.length;
      if (onActions && r.actions.length > 0) {
        await onActions(written);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }
  return out;
}

const footer = () =>
  new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: ["Page ", PageNumber.CURRENT, " of ", PageNumber.TOTAL_PAGES] })],
      }),
    ],
  });

/** The summary (or exception report) as a .docx file: the headlines and narrative in portrait, the plan in landscape; `onActions` hears how many actions are laid out as it goes. */
export async function summaryDocx(data: SummaryData, onActions?: OnActions): Promise<Buffer> {
  const title = summaryTitle(data);
  const plan = await planSection(data, onActions);
  return wordDocument({
    title,
    subject: `${REPORT_KIND_LABELS[data.kind]} for ${data.authorityName}`,
    description: `${data.authorityName}: ${title}, as at ${formatDate(data.asAt)}`,
    sections: [
      {
        footers: { default: footer() },
        children: [
          heading(title, HeadingLevel.HEADING_1),
          para(data.authorityName),
          para(comparisonLine(data)),
          ...(data.kind === "exception" ? [para(EXCEPTION_INTRO)] : []),
          ...headlineSection(data),
          ...narrativeSection(data),
        ],
      },
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        footers: { default: footer() },
        children: plan,
      },
    ],
  });
}
