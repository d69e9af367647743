/**
 * Builds the scrutiny summary (SummaryData) for a board's scope or one
 * inspection, as at a date, compared with the board's previous meeting (or a
 * chosen date), and keeps each generated pack as a snapshot so that what a
 * board saw can be produced again. Status and RAG as at a past date are
 * replayed from the actions' timelines. Restricted evidence is only counted.
 */
import { recordAudit } from "~/modules/audit/service.server";
import type { Actor } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import {
  ACTION_STATUSES,
  deriveRecommendation,
  isRag,
  parseActionStatus,
  parseRag,
  RAG_LABELS,
  RECOMMENDATION_STATUSES,
  statusLabel,
  type ActionStatus,
  type Rag,
  type RecommendationStatus,
} from "~/modules/action/status";
import { itemReviewState } from "~/modules/evidence/access";
import { DECISION_LABELS, type Decision } from "~/modules/board/rules";
import { getDb } from "~/utils/db.server";
import { AppError, badRequest, conflict, forbidden, notFound } from "~/utils/errors";
import { DAY_MS, dayFromIso, formatDate, isoDay } from "~/utils/format";
import { stripUnsafe } from "~/utils/text";
import {
  exceptionsOf,
  NARRATIVE_SECTIONS,
  overdueAsAt,
  type Counts,
  type NarrativeSection,
  type ReportKind,
  type SummaryAction,
  type SummaryData,
  type SummaryInspection,
} from "./summary";
import { readPackSnapshot, writePackSnapshot } from "./snapshot";

export type Scope = { boardId: string } | { inspectionId: string };

const endOf = (isoDay: string) => new Date(`${isoDay}T23:59:59.999Z`);

function requireReader(viewer: Actor) {
  // Packs cover the whole scope: partner users (who see only their own actions) do not generate them.
  if (!roleHasPermission(viewer.role, "read:action:any"))
    throw forbidden("Board packs cover the whole plan; ask an admin or a board member for one.");
}

type Update = {
  actionId: string;
  status: string | null;
  rag: string | null;
  createdAt: Date;
  body: string;
  kind: string;
  newDueDate: Date | null;
};

/** The status and RAG an action had at a moment, replayed from its timeline. */
function stateAt(
  action: { status: string; rag: string | null },
  updates: Update[],
  at: Date,
): { status: string; rag: string | null } {
  let status: string | null = null;
  let rag: string | null = null;
  let statusLater = false;
  let ragLater = false;
  for (const u of updates) {
    if (u.createdAt <= at) {
      if (u.status) status = u.status;
      if (u.rag) rag = u.rag;
    } else {
      if (u.status) statusLater = true;
      if (u.rag) ragLater = true;
    }
  }
  return {
    status: status ?? (statusLater ? "not_started" : action.status),
    rag: rag ?? (ragLater ? null : action.rag),
  };
}

/** Gathers the summary for a scope as at a date. */
export async function buildSummary({
  authorityId,
  viewer,
  scope,
  kind,
  asAt,
  compareWith,
}: {
  authorityId: string;
  viewer: Actor;
  scope: Scope;
  kind: ReportKind;
  asAt: string;
  /** YYYY-MM-DD; when null, a board's scope compares with its previous meeting. */
  compareWith: string | null;
}): Promise<SummaryData> {
  requireReader(viewer);
  const db = getDb();
  const at = endOf(asAt);
  if (at.getTime() > Date.now() + DAY_MS)
    throw new AppError({ status: 400, message: "The summary cannot be as at a date in the future." });
  const authority = await db.authority.findUniqueOrThrow({ where: { id: authorityId }, select: { name: true } });

  let scopeName: string;
  let inspectionWhere: Record<string, unknown>;
  let comparedWith: SummaryData["comparedWith"] = compareWith ? { date: compareWith, label: "the chosen date" } : null;
  if ("boardId" in scope) {
    const board = await db.board.findFirst({ where: { id: scope.boardId, authorityId }, include: { scopes: true } });
    if (!board) throw notFound("board");
    scopeName = board.name;
    inspectionWhere = board.scopeAllInspections ? {} : { id: { in: board.scopes.map((s) => s.inspectionId) } };
    if (!compareWith) {
      const previous = await db.meeting.findFirst({
        where: { boardId: board.id, scheduledAt: { lt: at }, status: { in: ["held", "minutes_approved"] } },
        orderBy: { scheduledAt: "desc" },
      });
      if (previous)
        comparedWith = {
          date: isoDay(previous.scheduledAt)!,
          label: `the ${board.name} meeting of ${formatDate(previous.scheduledAt)}`,
        };
    }
  } else {
    const inspection = await db.inspection.findFirst({
      where: { id: scope.inspectionId, authorityId, deletedAt: null },
      select: { id: true, title: true },
    });
    if (!inspection) throw notFound("inspection");
    scopeName = inspection.title;
    inspectionWhere = { id: inspection.id };
  }
  const since = comparedWith ? endOf(comparedWith.date) : null;

  const inspections = await db.inspection.findMany({
    where: { authorityId, deletedAt: null, ...inspectionWhere },
    orderBy: { startDate: "asc" },
    select: {
      id: true,
      title: true,
      recommendations: {
        where: { deletedAt: null },
        orderBy: { position: "asc" },
        select: {
          id: true,
          reference: true,
          text: true,
          actions: {
            where: { deletedAt: null, createdAt: { lte: at } },
            orderBy: [{ position: "asc" }, { createdAt: "asc" }],
            select: {
              id: true,
              title: true,
              status: true,
              rag: true,
              ragReason: true,
              dueDate: true,
              leadService: true,
              completedAt: true,
              createdAt: true,
              owner: { select: { name: true } },
            },
          },
        },
      },
    },
  });
  const actionIds = inspections.flatMap((i) => i.recommendations.flatMap((r) => r.actions.map((a) => a.id)));
  const [updates, links, decisions] = await Promise.all([
    db.actionUpdate.findMany({
      where: { authorityId, actionId: { in: actionIds } },
      orderBy: { createdAt: "asc" },
      select: { actionId: true, status: true, rag: true, createdAt: true, body: true, kind: true, newDueDate: true },
    }),
    db.actionEvidence.findMany({
      where: { authorityId, actionId: { in: actionIds }, createdAt: { lte: at }, evidence: { deletedAt: null } },
      select: {
        actionId: true,
        evidence: {
          select: {
            title: true,
            containsPersonalData: true,
            versions: {
              where: { createdAt: { lte: at } },
              orderBy: { versionNumber: "desc" },
              take: 1,
              select: { id: true },
            },
            reviews: {
              where: { createdAt: { lte: at } },
              orderBy: { createdAt: "desc" },
              take: 1,
              select: { versionId: true, decision: true },
            },
          },
        },
      },
    }),
    db.boardDecision.findMany({
      where: { authorityId, actionId: { in: actionIds }, createdAt: { lte: at } },
      orderBy: { createdAt: "asc" },
      select: {
        actionId: true,
        decision: true,
        challenge: true,
        createdAt: true,
        meeting: { select: { scheduledAt: true, board: { select: { name: true } } } },
      },
    }),
  ]);
  const byAction = <T extends { actionId: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.actionId, [...(m.get(r.actionId) ?? []), r]);
    return m;
  };
  const updatesOf = byAction(updates);
  const linksOf = byAction(links);
  const decisionsOf = byAction(decisions);

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
  const allActions: { createdAt: Date; completedAt: Date | null }[] = [];

  const out: SummaryInspection[] = inspections.map((inspection) => ({
    id: inspection.id,
    title: inspection.title,
    recommendations: inspection.recommendations.map((rec) => {
      counts.recommendations++;
      const actions = rec.actions.map((a): SummaryAction => {
        const ups = updatesOf.get(a.id) ?? [];
        const now = stateAt(a, ups, at);
        const status = parseActionStatus(now.status);
        const rag = parseRag(now.rag);
        const completedAt = a.completedAt && a.completedAt <= at ? a.completedAt : null;
        const overdue = overdueAsAt({ dueDate: isoDay(a.dueDate), status }, asAt);
        counts.actions++;
        counts.byStatus[status]++;
        counts.byRag[rag ?? "none"]++;
        if (overdue) counts.overdue++;
        if (completedAt && since && completedAt > since && (status === "complete" || status === "closed"))
          counts.completedSince++;
        allActions.push({
          createdAt: a.createdAt,
          completedAt: status === "complete" || status === "closed" ? (completedAt ?? a.createdAt) : null,
        });

        const changes: string[] = [];
        if (since) {
          if (a.createdAt > since) changes.push("New action since then");
          else {
            const then = stateAt(a, ups, since);
            if (then.status !== now.status)
              changes.push(`Status: ${statusLabel(then.status)} → ${statusLabel(now.status)}`);
            if (then.rag !== now.rag)
              changes.push(
                `RAG: ${then.rag ? RAG_LABELS[then.rag as Rag] : "not set"} → ${rag ? RAG_LABELS[rag] : "not set"}`,
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
      total: allActions.filter((x) => x.createdAt <= cutoff).length,
    });
  }

  const data: SummaryData = {
    kind: "summary",
    authorityName: authority.name,
    scopeName,
    scope: {
      boardId: "boardId" in scope ? scope.boardId : null,
      inspectionId: "inspectionId" in scope ? scope.inspectionId : null,
    },
    asAt,
    comparedWith,
    generatedAt: new Date().toISOString(),
    counts,
    progress,
    narrative: { baseline: "", next: "", barriers: "" },
    inspections: out,
  };
  return kind === "exception" ? exceptionsOf(data) : data;
}

/** Generates a pack and keeps it. The narrative starts from the last pack for the same scope, ready to edit. */
export async function createReport({
  authorityId,
  viewer,
  scope,
  kind,
  asAt,
  compareWith,
}: {
  authorityId: string;
  viewer: Actor;
  scope: Scope;
  kind: ReportKind;
  asAt: string;
  compareWith: string | null;
}) {
  // Generating a pack is a change (a kept snapshot, an audit event): admins and board members only (ADR 015).
  if (!roleHasPermission(viewer.role, "write:report:any"))
    throw forbidden("Only admins and board members generate board packs.");
  const data = await buildSummary({ authorityId, viewer, scope, kind, asAt, compareWith });
  const db = getDb();
  const previous = await db.reportSnapshot.findFirst({
    where: { authorityId, boardId: data.scope.boardId, inspectionId: data.scope.inspectionId },
    orderBy: { createdAt: "desc" },
    select: { id: true, data: true },
  });
  if (previous) data.narrative = readPackSnapshot(previous.data, previous.id).narrative;
  const title = stripUnsafe(
    `${kind === "exception" ? "Exception report" : "Scrutiny summary"}: ${data.scopeName}, as at ${formatDate(asAt)}`,
  );
  // The pack is a snapshot that its page, Word and PDF files are made from: text stored before the shared
  // text schema may still hold controls or bidi overrides, and they are removed from the snapshot.
  const snapshot = writePackSnapshot(data, (_key, value: unknown) =>
    typeof value === "string" ? stripUnsafe(value, { multiline: true }) : value,
  );
  return db.$transaction(async (tx) => {
    const report = await tx.reportSnapshot.create({
      data: {
        authorityId,
        kind,
        boardId: data.scope.boardId,
        inspectionId: data.scope.inspectionId,
        title,
        asAt: dayFromIso(asAt)!,
        data: snapshot,
        createdById: viewer.id,
      },
    });
    await recordAudit({
      tx,
      authorityId,
      actorId: viewer.id,
      action: "generate",
      entityType: "ReportSnapshot",
      entityId: report.id,
      changes: { title: [null, title] },
      requestId: viewer.requestId,
    });
    return report;
  });
}

export async function listReports({
  authorityId,
  viewer,
  take = 50,
}: {
  authorityId: string;
  viewer: Actor;
  take?: number;
}) {
  requireReader(viewer);
  return getDb().reportSnapshot.findMany({
    where: { authorityId },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, title: true, kind: true, createdAt: true, createdBy: { select: { name: true } } },
  });
}

export async function getReport({
  authorityId,
  viewer,
  reportId,
}: {
  authorityId: string;
  viewer: Actor;
  reportId: string;
}) {
  requireReader(viewer);
  const report = await getDb().reportSnapshot.findFirst({
    where: { id: reportId, authorityId },
    include: { createdBy: { select: { name: true } } },
  });
  if (!report) throw notFound("report");
  return { report, data: readPackSnapshot(report.data, report.id) };
}

/** Saves the narrative sections with the pack (admins and board members), with the version the editor started from. */
export async function saveNarrative({
  authorityId,
  viewer,
  reportId,
  version,
  narrative,
}: {
  authorityId: string;
  viewer: Actor;
  reportId: string;
  version: number;
  narrative: Record<NarrativeSection, string>;
}) {
  if (!roleHasPermission(viewer.role, "write:report:any"))
    throw forbidden("Only admins and board members edit a pack's narrative.");
  // A bad version used to reach the query and fail there, with the whole pack in the error message.
  if (!Number.isSafeInteger(version) || version < 0)
    throw badRequest("The form was out of date. Reload the pack and save your narrative again.");
  const { report, data } = await getReport({ authorityId, viewer, reportId });
  const next: SummaryData = {
    ...data,
    narrative: Object.fromEntries(NARRATIVE_SECTIONS.map((s) => [s, narrative[s] ?? ""])) as Record<
      NarrativeSection,
      string
    >,
  };
  await getDb().$transaction(async (tx) => {
    const r = await tx.reportSnapshot.updateMany({
      where: { id: report.id, authorityId, version },
      data: { data: writePackSnapshot(next), version: { increment: 1 } },
    });
    if (r.count === 0)
      throw conflict(
        "Someone else changed the narrative while you were editing. Your text is below; reload to see theirs, then save again.",
      );
    const changes = Object.fromEntries(
      NARRATIVE_SECTIONS.filter((s) => data.narrative[s] !== next.narrative[s]).map((s) => [
        s,
        [data.narrative[s], next.narrative[s]],
      ]),
    );
    await recordAudit({
      tx,
      authorityId,
      actorId: viewer.id,
      action: "update",
      entityType: "ReportSnapshot",
      entityId: report.id,
      changes,
      requestId: viewer.requestId,
    });
  });
}

/** Boards and inspections a pack can cover, for the generate form. */
export async function reportScopes({ authorityId }: { authorityId: string }) {
  const db = getDb();
  const [boards, inspections] = await Promise.all([
    db.board.findMany({ where: { authorityId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.inspection.findMany({
      where: { authorityId, deletedAt: null },
      orderBy: { startDate: "desc" },
      take: 50,
      select: { id: true, title: true },
    }),
  ]);
  return { boards, inspections };
}
