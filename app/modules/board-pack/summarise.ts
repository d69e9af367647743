/**
 * The scrutiny summary from what the database holds, as a pure function: the
 * server (summary.server.ts) runs the queries and hands the rows here. Status
 * and RAG as at the date and as at the comparison date are replayed from each
 * action's timeline (stateAt); restricted evidence is only counted.
 */
import { stateAt, type TimelineState } from "~/modules/action/state-at";
import {
  ACTION_STATUSES,
  deriveRecommendation,
  isRag,
  RAG_LABELS,
  RECOMMENDATION_STATUSES,
  statusLabel,
  type ActionStatus,
  type Rag,
  type RecommendationStatus,
} from "~/modules/action/status";
import { DECISION_LABELS, type Decision } from "~/modules/board/rules";
import { itemReviewState } from "~/modules/evidence/access";
import { dayFromIso, endOfDay, formatDate, isoDay } from "~/utils/format";
import { overdueAsAt, type Counts, type SummaryAction, type SummaryData, type SummaryInspection } from "./summary";

/** An action in scope, its status and RAG parsed at the edge. */
export type SummaryActionRow = {
  id: string;
  title: string;
  status: ActionStatus;
  rag: Rag | null;
  ragReason: string | null;
  dueDate: Date | null;
  leadService: string;
  completedAt: Date | null;
  createdAt: Date;
  owner: { name: string } | null;
};

/** What the queries return for a scope as at a date. */
export type SummaryRows = {
  authorityName: string;
  scopeName: string;
  scope: SummaryData["scope"];
  /** YYYY-MM-DD */
  asAt: string;
  comparedWith: SummaryData["comparedWith"];
  generatedAt: Date;
  inspections: readonly {
    id: string;
    title: string;
    recommendations: readonly { id: string; reference: string; text: string; actions: readonly SummaryActionRow[] }[];
  }[];
  /** Every timeline entry of those actions, oldest first. */
  updates: readonly (TimelineState & {
    actionId: string;
    body: string;
    kind: string;
    newDueDate: Date | null;
  })[];
  /** Evidence linked by the date, with its latest version and review by then. */
  links: readonly {
    actionId: string;
    evidence: {
      title: string;
      containsPersonalData: boolean;
      versions: readonly { id: string }[];
      reviews: readonly { versionId: string; decision: string }[];
    };
  }[];
  /** Board decisions by the date, oldest first. */
  decisions: readonly {
    actionId: string;
    decision: string;
    challenge: string;
    createdAt: Date;
    meeting: { scheduledAt: Date; board: { name: string } };
  }[];
};

/** The summary (kind "summary"; the exception report is `exceptionsOf` of it). */
export function summarise(input: SummaryRows): SummaryData {
  const { asAt, comparedWith } = input;
  const at = endOfDay(asAt);
  const since = comparedWith ? endOfDay(comparedWith.date) : null;
  const byAction = <T extends { actionId: string }>(rows: readonly T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.actionId, [...(m.get(r.actionId) ?? []), r]);
    return m;
  };
  const updatesOf = byAction(input.updates);
  const linksOf = byAction(input.links);
  const decisionsOf = byAction(input.decisions);

  const counts: Counts = {
    recommendations: 0,
    recommendationsByStatus: Object.fromEntries(RECOMMENDATION_STATUSES.map((s) => [s, 0])) as Record<
      RecommendationStatus,
      number
    >,
    recommendationsByRag: { red: 0, amber: 0, green: 0, none: 0 },
    actions: 0,
    byStatus: Object.fromEntries(ACTION_STATUSES.map((s) => [s, 0])) as Record<ActionStatus, number>,
    byRag: { red: 0, amber: 0, green: 0, none: 0 },
    overdue: 0,
    completedSince: 0,
  };
  const allActions: { existedFrom: Date; completedAt: Date | null }[] = [];

  const out: SummaryInspection[] = input.inspections.map((inspection) => ({
    id: inspection.id,
    title: inspection.title,
    recommendations: inspection.recommendations.map((rec) => {
      counts.recommendations++;
      const actions = rec.actions.map((a): SummaryAction => {
        const ups = updatesOf.get(a.id) ?? [];
        const current = { status: a.status, rag: a.rag };
        const now = stateAt(current, ups, at);
        const { status, rag } = now;
        const completedAt = a.completedAt && a.completedAt <= at ? a.completedAt : null;
        const overdue = overdueAsAt({ dueDate: isoDay(a.dueDate), status }, asAt);
        counts.actions++;
        counts.byStatus[status]++;
        counts.byRag[rag ?? "none"]++;
        if (overdue) counts.overdue++;
        if (completedAt && since && completedAt > since && (status === "complete" || status === "closed"))
          counts.completedSince++;
        // An action exists from the first thing known of it: a plan imported today may carry a history, and
        // board decisions, from long before the row was made.
        const existedFrom = new Date(
          Math.min(
            a.createdAt.getTime(),
            ...ups.map((u) => u.createdAt.getTime()),
            ...(decisionsOf.get(a.id) ?? []).map((d) => d.createdAt.getTime()),
            ...(a.completedAt ? [a.completedAt.getTime()] : []),
          ),
        );
        allActions.push({
          existedFrom,
          completedAt: status === "complete" || status === "closed" ? (completedAt ?? existedFrom) : null,
        });

        const changes: string[] = [];
        if (since) {
          if (existedFrom > since) changes.push("New action since then");
          else {
            const then = stateAt(current, ups, since);
            if (then.status !== now.status)
              changes.push(`Status: ${statusLabel(then.status)} → ${statusLabel(now.status)}`);
            if (then.rag !== now.rag)
              changes.push(
                `RAG: ${then.rag ? RAG_LABELS[then.rag] : "not set"} → ${rag ? RAG_LABELS[rag] : "not set"}`,
              );
            for (const u of ups)
              if (u.kind === "extension" && u.createdAt > since && u.createdAt <= at && u.newDueDate)
                changes.push(`Due date moved to ${formatDate(u.newDueDate)}`);
          }
        }
        const latest = [...ups].reverse().find((u) => u.createdAt <= at && u.body);
        const evidence = (linksOf.get(a.id) ?? []).map((l) => l.evidence);
        const decision = [...(decisionsOf.get(a.id) ?? [])].pop();
        return {
          id: a.id,
          title: a.title,
          ownerName: a.owner?.name ?? null,
          leadService: a.leadService,
          dueDate: isoDay(a.dueDate),
          status,
          rag,
          ragReason: a.ragReason,
          overdue,
          latestUpdate: latest ? { body: latest.body, at: latest.createdAt.toISOString() } : null,
          evidence: evidence
            .filter((e) => !e.containsPersonalData && e.versions[0])
            .map((e) => ({
              title: e.title,
              state: itemReviewState({ currentVersionId: e.versions[0]!.id, latestReview: e.reviews[0] ?? null }),
            })),
          restrictedEvidence: evidence.filter((e) => e.containsPersonalData).length,
          lastDecision: decision
            ? {
                decision: decision.decision,
                label: DECISION_LABELS[decision.decision as Decision] ?? decision.decision,
                challenge: decision.challenge,
                boardName: decision.meeting.board.name,
                date: isoDay(decision.meeting.scheduledAt)!,
              }
            : null,
          changes,
        };
      });
      const derived = deriveRecommendation(
        actions.map((x) => ({
          status: x.status,
          progress: null,
          dueDate: x.dueDate ? new Date(`${x.dueDate}T00:00:00Z`) : null,
          rag: x.rag,
        })),
        at,
      );
      counts.recommendationsByStatus[derived.status]++;
      counts.recommendationsByRag[isRag(derived.worstRag) ? (derived.worstRag as Rag) : "none"]++;
      return { id: rec.id, reference: rec.reference, text: rec.text, actions };
    }),
  }));

  // Progress over the twelve months to the as-at date.
  const progress: SummaryData["progress"] = [];
  const end = dayFromIso(asAt)!;
  for (let back = 11; back >= 0; back--) {
    const monthEnd = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - back + 1, 0, 23, 59, 59, 999));
    const cutoff = monthEnd > at ? at : monthEnd;
    progress.push({
      month: monthEnd.toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" }),
      completed: allActions.filter((x) => x.completedAt && x.completedAt <= cutoff).length,
      total: allActions.filter((x) => x.existedFrom <= cutoff).length,
    });
  }

  return {
    kind: "summary",
    authorityName: input.authorityName,
    scopeName: input.scopeName,
    scope: input.scope,
    asAt,
    comparedWith,
    generatedAt: input.generatedAt.toISOString(),
    counts,
    progress,
    narrative: { baseline: "", next: "", barriers: "" },
    inspections: out,
  };
}
