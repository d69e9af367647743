/**
 * Pieces of board-pack fixtures shared by the render tests and the bench.
 */
import type { SummaryData } from "../../app/modules/board-pack/summary";

type Counts = SummaryData["counts"];

/** The pack's heading fields: Leeds's Children’s Improvement Board as at 1 May 2026, compared with 1 March. */
export const LEEDS_BOARD_PACK = {
  kind: "summary",
  authorityName: "Leeds City Council",
  scopeName: "Children’s Improvement Board",
  scope: { boardId: "b1", inspectionId: null },
  asAt: "2026-05-01",
  comparedWith: { date: "2026-03-01", label: "the meeting on 1 March 2026" },
  generatedAt: "2026-05-01T09:30:00Z",
} as const satisfies Partial<SummaryData>;

/** Items by status: none, except those given. */
export const itemsByStatus = (counts: Partial<Counts["recommendationsByStatus"]>) => ({
  no_actions: 0,
  not_started: 0,
  in_progress: 0,
  blocked: 0,
  submitted_for_review: 0,
  complete: 0,
  closed: 0,
  ...counts,
});

/** Undoes the HTML escaping of the five characters the writers escape. */
export const decodeEntities = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
