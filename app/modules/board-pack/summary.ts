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

/** The exception report keeps red, overdue, blocked and returned actions (the board's last decision was "return"). */
export function isException(a: Pick<SummaryAction, "rag" | "overdue" | "status" | "lastDecision">): boolean {
  return a.rag === "red" || a.overdue || a.status === "blocked" || a.lastDecision?.decision === "return";
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

/** Progress over time: completed actions (cumulative) against all actions, month by month. */
export function progressChart(progress: SummaryData["progress"]): { svg: string; altText: string } {
  const width = 480;
  const height = 200;
  const max = Math.max(1, ...progress.map((p) => p.total));
  // 40 px on the left for the first label, 40 on the right so the last month's label is not clipped.
  const step = progress.length > 1 ? (width - 80) / (progress.length - 1) : 0;
  const point = (i: number, v: number) => `${40 + i * step},${170 - Math.round((v / max) * 150)}`;
  const completed = progress.map((p, i) => point(i, p.completed)).join(" ");
  const total = progress.map((p, i) => point(i, p.total)).join(" ");
  const labels = progress
    .map((p, i) =>
      i % 3 === 0 || i === progress.length - 1
        ? `<text x="${40 + i * step}" y="195" font-family="Arial, sans-serif" font-size="12" text-anchor="middle" fill="#0b0c0c">${p.month}</text>`
        : "",
    )
    .join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img"><title>Actions completed over time</title><polyline fill="none" stroke="#505a5f" stroke-width="2" stroke-dasharray="6 4" points="${total}"/><polyline fill="none" stroke="#1d70b8" stroke-width="3" points="${completed}"/>${labels}</svg>`;
  const last = progress[progress.length - 1];
  const first = progress[0];
  const altText =
    last && first
      ? `Actions completed over time: ${first.completed} of ${first.total} in ${first.month}, ${last.completed} of ${last.total} in ${last.month}.`
      : "No actions yet.";
  return { svg, altText };
}
