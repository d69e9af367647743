/**
 * The scrutiny summary as data: what every format (the HTML page, Word, PDF)
 * is generated from, so that they cannot disagree. Pure: shared by the
 * server, the UI and the generators. Restricted evidence never appears here
 * by title: only as a count ("restricted evidence held").
 */
import { isOverdue, type ActionStatus, type Rag, type RecommendationStatus } from "~/modules/action/status";
import { keysOf } from "~/utils/vocabulary";

export const REPORT_KIND_LABELS = {
  summary: "Scrutiny summary",
  exception: "Exception report",
};
export type ReportKind = keyof typeof REPORT_KIND_LABELS;
export const REPORT_KINDS = keysOf(REPORT_KIND_LABELS);

export const NARRATIVE_LABELS = {
  baseline: "The story behind the baseline",
  next: "What we will do next",
  barriers: "Challenges and barriers",
};
export type NarrativeSection = keyof typeof NARRATIVE_LABELS;
export const NARRATIVE_SECTIONS = keysOf(NARRATIVE_LABELS);

export type SummaryAction = {
  id: string;
  title: string;
  ownerName: string | null;
  leadService: string;
  dueDate: string | null; // YYYY-MM-DD
  status: ActionStatus;
  rag: Rag | null;
  ragReason: string | null;
  overdue: boolean;
  latestUpdate: { body: string; at: string } | null;
  /** Titles of evidence the pack may show, with the board's view of each. */
  evidence: { title: string; state: "accepted" | "challenged" | "awaiting_review" }[];
  /** How many restricted items back it (shown only as "restricted evidence held"). */
  restrictedEvidence: number;
  lastDecision: { decision: string; label: string; challenge: string; boardName: string; date: string } | null;
  /** What changed since the comparison date, in words ("Status: In progress → Complete"). */
  changes: string[];
};

export type SummaryRecommendation = { id: string; reference: string; text: string; actions: SummaryAction[] };
export type SummaryInspection = { id: string; title: string; recommendations: SummaryRecommendation[] };

export type Counts = {
  recommendations: number;
  /** Each recommendation's status derived from its actions (deriveRecommendation), as at the date. */
  recommendationsByStatus: Record<RecommendationStatus, number>;
  /** Each recommendation's worst RAG among its open actions, as at the date. */
  recommendationsByRag: { red: number; amber: number; green: number; none: number };
  actions: number;
  byStatus: Record<ActionStatus, number>;
  byRag: { red: number; amber: number; green: number; none: number };
  overdue: number;
  completedSince: number;
};

export type SummaryData = {
  kind: ReportKind;
  authorityName: string;
  /** "Children's Improvement Board" or the inspection's title. */
  scopeName: string;
  scope: { boardId: string | null; inspectionId: string | null };
  asAt: string; // YYYY-MM-DD
  /** The previous meeting (or the date chosen) the summary compares with; null: no comparison. */
  comparedWith: { date: string; label: string } | null;
  generatedAt: string; // ISO date-time
  counts: Counts;
  /** Actions completed per month, cumulative, for the progress chart (last 12 months up to asAt). */
  progress: { month: string; completed: number; total: number }[];
  narrative: Record<NarrativeSection, string>;
  inspections: SummaryInspection[];
};

type ExceptionFacts = Pick<SummaryAction, "rag" | "overdue" | "status" | "lastDecision">;

/** Why an action is an exception, in words: red, overdue, blocked, returned by the board (its last decision). */
export function exceptionReasons(a: ExceptionFacts): string[] {
  return [
    ...(a.rag === "red" ? ["red"] : []),
    ...(a.overdue ? ["overdue"] : []),
    ...(a.status === "blocked" ? ["blocked"] : []),
    ...(a.lastDecision?.decision === "return" ? ["returned by the board"] : []),
  ];
}

/** The line an exception report shows under an action's title; null outside it. */
export function exceptionLine(a: ExceptionFacts, kind: SummaryData["kind"]): string | null {
  const reasons = exceptionReasons(a);
  return kind === "exception" && reasons.length > 0 ? `Why it is an exception: ${reasons.join(", ")}` : null;
}

/** The exception report keeps red, overdue, blocked and returned actions (the board's last decision was "return"). */
export function isException(a: ExceptionFacts): boolean {
  return exceptionReasons(a).length > 0;
}

/** The same summary restricted to exceptions; empty items and inspections drop out. Counts stay those of the whole scope. */
export function exceptionsOf(data: SummaryData): SummaryData {
  const inspections = data.inspections
    .map((i) => ({
      ...i,
      recommendations: i.recommendations
        .map((r) => ({ ...r, actions: r.actions.filter(isException) }))
        .filter((r) => r.actions.length > 0),
    }))
    .filter((i) => i.recommendations.length > 0);
  return { ...data, kind: "exception", inspections };
}

export function overdueAsAt(a: { dueDate: string | null; status: string }, asAt: string): boolean {
  return isOverdue(
    { dueDate: a.dueDate ? new Date(`${a.dueDate}T00:00:00Z`) : null, status: a.status },
    new Date(`${asAt}T12:00:00Z`),
  );
}

const RAG_COLOURS = { red: "#d4351c", amber: "#f47738", green: "#00703c", none: "#b1b4b6" } as const;

/**
 * The RAG mix as an SVG bar chart (one bar per RAG, labelled with its count,
 * so colour is never the only cue), shared by the page and, as a PNG, by the
 * Word and PDF documents. `altText` says the same in words.
 */
export function ragChart(counts: Counts): { svg: string; altText: string } {
  const rows = [
    ["Red", counts.byRag.red, RAG_COLOURS.red],
    ["Amber", counts.byRag.amber, RAG_COLOURS.amber],
    ["Green", counts.byRag.green, RAG_COLOURS.green],
    ["Not set", counts.byRag.none, RAG_COLOURS.none],
  ] as const;
  const max = Math.max(1, ...rows.map((r) => r[1]));
  const width = 480;
  const barArea = 300;
  const bars = rows
    .map(([label, n, colour], i) => {
      const y = 20 + i * 40;
      const w = Math.round((n / max) * barArea);
      return `<text x="0" y="${y + 20}" font-family="Arial, sans-serif" font-size="16" fill="#0b0c0c">${label}</text><rect x="90" y="${y}" width="${Math.max(w, 1)}" height="28" fill="${colour}"/><text x="${100 + w}" y="${y + 20}" font-family="Arial, sans-serif" font-size="16" fill="#0b0c0c">${n}</text>`;
    })
    .join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="190" viewBox="0 0 ${width} 190" role="img"><title>RAG mix of actions</title>${bars}</svg>`;
  const altText = `RAG mix of ${counts.actions} actions: ${counts.byRag.red} red, ${counts.byRag.amber} amber, ${counts.byRag.green} green, ${counts.byRag.none} not set.`;
  return { svg, altText };
}

/**
 * Progress over time: completed actions (cumulative) against all actions,
 * month by month, with both axes (counts from 0 to the most actions, the
 * months) and a key that names each line by its style as well as its colour.
 */
export const PROGRESS_CHART_SIZE = { width: 480, height: 220 } as const;

export function progressChart(progress: SummaryData["progress"]): { svg: string; altText: string } {
  const { width, height } = PROGRESS_CHART_SIZE;
  const [left, right, top, bottom] = [48, 40, 40, 190];
  const max = Math.max(1, ...progress.map((p) => p.total));
  const step = progress.length > 1 ? (width - left - right) / (progress.length - 1) : 0;
  const y = (v: number) => bottom - Math.round((v / max) * (bottom - top));
  const point = (i: number, v: number) => `${left + i * step},${y(v)}`;
  const completed = progress.map((p, i) => point(i, p.completed)).join(" ");
  const total = progress.map((p, i) => point(i, p.total)).join(" ");
  const text = (x: number, yy: number, body: string | number, anchor = "middle") =>
    `<text x="${x}" y="${yy}" font-family="Arial, sans-serif" font-size="12" text-anchor="${anchor}" fill="#0b0c0c">${body}</text>`;
  const ticks = [...new Set([0, Math.round(max / 2), max])]
    .map(
      (v) =>
        `<line x1="${left - 4}" y1="${y(v)}" x2="${left}" y2="${y(v)}" stroke="#0b0c0c"/>${text(left - 8, y(v) + 4, v, "end")}`,
    )
    .join("");
  const months = progress
    .map((p, i) => (i % 3 === 0 || i === progress.length - 1 ? text(left + i * step, bottom + 18, p.month) : ""))
    .join("");
  const axes = `<line x1="${left}" y1="${top - 6}" x2="${left}" y2="${bottom}" stroke="#0b0c0c"/><line x1="${left}" y1="${bottom}" x2="${width - right + 8}" y2="${bottom}" stroke="#0b0c0c"/>${text(4, 12, "Actions", "start")}`;
  const key = `<line x1="${width - 250}" y1="14" x2="${width - 220}" y2="14" stroke="#1d70b8" stroke-width="3"/>${text(width - 214, 18, "Completed (solid)", "start")}<line x1="${width - 110}" y1="14" x2="${width - 80}" y2="14" stroke="#505a5f" stroke-width="2" stroke-dasharray="6 4"/>${text(width - 74, 18, "All (dashed)", "start")}`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img"><title>Actions completed over time</title>${axes}${ticks}${months}${key}<polyline fill="none" stroke="#505a5f" stroke-width="2" stroke-dasharray="6 4" points="${total}"/><polyline fill="none" stroke="#1d70b8" stroke-width="3" points="${completed}"/></svg>`;
  const last = progress[progress.length - 1];
  const first = progress[0];
  const altText =
    last && first
      ? `Actions completed over time: ${first.completed} of ${first.total} in ${first.month}, ${last.completed} of ${last.total} in ${last.month}.`
      : "No actions yet.";
  return { svg, altText };
}
