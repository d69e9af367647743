/**
 * Pieces of board-pack fixtures shared by the render tests and the bench.
 */
import type { SummaryAction, SummaryData } from "../../app/modules/board-pack/summary";

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

/** The board’s challenge on the audit, with the curly quotes and dash a board writes. */
export const CHALLENGE =
  "Show the audit’s findings for disabled children, not just the sample totals – the board wants “real” cases.";

/** An action of the summary: these fields, the rest as an unremarkable action has them. */
function action(a: Partial<SummaryAction> & Pick<SummaryAction, "id" | "title" | "status">): SummaryAction {
  return {
    ownerName: "Priya Shah",
    leadService: "Children’s Social Work Service",
    dueDate: "2026-09-30",
    rag: null,
    ragReason: null,
    overdue: false,
    latestUpdate: null,
    evidence: [],
    restrictedEvidence: 0,
    lastDecision: null,
    changes: [],
    ...a,
  };
}

const recruit = action({
  id: "a1",
  title: "Recruit 12 permanent social workers to the Front Door",
  status: "in_progress",
  rag: "red",
  ragReason: "Two offers withdrawn; agency cover costs £48,000 a quarter",
  dueDate: "2026-03-31",
  overdue: true,
  latestUpdate: { body: "Seven of twelve posts filled; the next recruitment day is 14 May.", at: "2026-04-20" },
  evidence: [
    { title: "Recruitment tracker, April 2026", state: "accepted" },
    { title: "Agency reduction plan", state: "challenged" },
  ],
  restrictedEvidence: 2,
  changes: ["RAG: Amber → Red", "Due date: 31 January 2026 → 31 March 2026"],
});
const audit = action({
  id: "a2",
  title: "Audit 50 child protection plans for the voice of the child",
  status: "submitted_for_review",
  rag: "amber",
  ragReason: "Audit done; findings not yet shared with partners",
  ownerName: null,
  leadService: "Quality Assurance",
  latestUpdate: { body: "Audit complete: 38 of 50 plans “good” or better.", at: "2026-04-28" },
  evidence: [{ title: "Audit summary report", state: "awaiting_review" }],
  lastDecision: {
    decision: "return",
    label: "Returned for more work",
    challenge: CHALLENGE,
    boardName: "Children’s Improvement Board",
    date: "2026-04-15",
  },
  changes: ["Status: In progress → Submitted for review"],
});
const frontDoor = action({
  id: "a3",
  title: "Launch the Family Help front door with health partners",
  status: "complete",
  rag: "green",
  lastDecision: {
    decision: "accept",
    label: "Accepted as complete",
    challenge: "",
    boardName: "Children’s Improvement Board",
    date: "2026-04-15",
  },
  changes: ["Status: Submitted for review → Complete"],
});
const policy = action({
  id: "a4",
  title: "Publish the revised supervision policy",
  status: "closed",
  rag: null,
  dueDate: null,
});
const placements = action({
  id: "a5",
  title: "Open two new in-house children’s homes",
  status: "blocked",
  rag: "amber",
  ragReason: "Waiting for the planning decision on the second site",
  dueDate: "2026-12-31",
});
const training = action({
  id: "a6",
  title: "Train all team managers in ‘Signs of Safety’ supervision",
  status: "not_started",
  rag: "green",
  ragReason: "Trainer booked for June",
  dueDate: "2026-10-31",
});

/** The six actions of LEEDS_SUMMARY, one of each status. */
export const LEEDS_ACTIONS = { recruit, audit, frontDoor, policy, placements, training };

/**
 * Leeds's summary for its Children’s Improvement Board: two inspections,
 * three recommendations, the six actions, counts, progress and narrative (the
 * barriers not written yet).
 */
export const LEEDS_SUMMARY: SummaryData = {
  ...LEEDS_BOARD_PACK,
  counts: {
    recommendations: 3,
    recommendationsByStatus: itemsByStatus({ in_progress: 1, blocked: 1, complete: 1 }),
    recommendationsByRag: { red: 1, amber: 0, green: 0, none: 0 },
    actions: 6,
    byStatus: { not_started: 1, in_progress: 1, submitted_for_review: 1, complete: 1, closed: 1, blocked: 1 },
    byRag: { red: 1, amber: 2, green: 2, none: 1 },
    overdue: 1,
    completedSince: 1,
  },
  progress: [
    { month: "Jun 2025", completed: 0, total: 4 },
    { month: "Sep 2025", completed: 0, total: 5 },
    { month: "Dec 2025", completed: 1, total: 6 },
    { month: "Mar 2026", completed: 1, total: 6 },
    { month: "Apr 2026", completed: 2, total: 6 },
  ],
  narrative: {
    baseline:
      "The number of children looked after has been stable at 76 per 10,000 for three years.\nWe have “turned the curve”: over £4m of partner investment supports cluster working.",
    next: "We will fill the remaining five posts by July and report the audit’s findings to partners.",
    barriers: "",
  },
  inspections: [
    {
      id: "i1",
      title: "Inspection of children’s social care services (ILACS), 2025",
      recommendations: [
        {
          id: "r1",
          reference: "Recommendation 1",
          text: "The stability and capacity of the social work workforce at the Front Door.",
          actions: [recruit, audit],
        },
        {
          id: "r2",
          reference: "Recommendation 2",
          text: "The sufficiency of local homes for children in care, so that fewer live far from home.",
          actions: [frontDoor, placements],
        },
      ],
    },
    {
      id: "i2",
      title: "Joint targeted area inspection (JTAI), 2026",
      recommendations: [
        {
          id: "r3",
          reference: "JTAI 1",
          text: "Managers’ oversight of “drift and delay” in plans for disabled children.",
          actions: [policy, training],
        },
      ],
    },
  ],
};

/** Undoes the HTML escaping of the five characters the writers escape. */
export const decodeEntities = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
