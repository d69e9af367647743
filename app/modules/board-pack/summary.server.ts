/**
 * Builds the scrutiny summary (SummaryData) for a board's scope or one
 * inspection, as at a date, compared with the board's previous meeting (or a
 * chosen date), and keeps each generated pack as a snapshot so that what a
 * board saw can be produced again. Status and RAG as at a past date are
 * replayed from the actions' timelines. Restricted evidence is only counted.
 */
import { recordAudit } from "~/modules/audit/service.server";
import type { Actor, ViewerCall } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import { parseActionStatus, parseRag } from "~/modules/action/status";
import { parseTimelineState } from "~/modules/action/state-at";
import { getDb } from "~/utils/db.server";
import { AppError, badRequest, conflict, forbidden, notFound } from "~/utils/errors";
import { DAY_MS, dayFromIso, endOfDay, formatDate, isoDay } from "~/utils/format";
import { summarise } from "./summarise";
import { stripUnsafe } from "~/utils/text";
import { exceptionsOf, NARRATIVE_SECTIONS, type NarrativeSection, type ReportKind, type SummaryData } from "./summary";
import { readPackSnapshot, writePackSnapshot } from "./snapshot";

export type Scope = { boardId: string } | { inspectionId: string };

/** What a pack is asked for: whose, of what, which kind, as at which day and compared with which. */
type PackRequest = {
  authorityId: string;
  viewer: Actor;
  scope: Scope;
  kind: ReportKind;
  /** YYYY-MM-DD */
  asAt: string;
  /** YYYY-MM-DD; when null, a board's scope compares with its previous meeting. */
  compareWith: string | null;
};

function requireReader(viewer: Actor) {
  // Packs cover the whole scope: partner users (who see only their own actions) do not generate them.
  if (!roleHasPermission(viewer.role, "read:action:any"))
    throw forbidden("Board packs cover the whole plan; ask an admin or a board member for one.");
}

/** Most ids bound in one query: SQLite (through Prisma) refuses more than 999 bound values. */
const ID_BATCH = 500;

/** `find` for each batch of `ids`, the rows joined. */
async function inBatches<T>(ids: string[], find: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += ID_BATCH) out.push(...(await find(ids.slice(i, i + ID_BATCH))));
  return out;
}

/** Oldest first, as one query ordered by createdAt would give them. */
const byCreatedAt = <T extends { createdAt: Date }>(rows: T[]) =>
  rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());

/** Gathers the summary for a scope as at a date. */
export async function buildSummary({
  authorityId,
  viewer,
  scope,
  kind,
  asAt,
  compareWith,
}: PackRequest): Promise<SummaryData> {
  requireReader(viewer);
  const db = getDb();
  const at = endOfDay(asAt);
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
  // In batches of ids: a 1,000-action pack asked in one query passed the bound-value limit (P2029) on SQLite.
  const [updates, links, decisions] = await Promise.all([
    inBatches(actionIds, (ids) =>
      db.actionUpdate.findMany({
        where: { authorityId, actionId: { in: ids } },
        orderBy: { createdAt: "asc" },
        select: { actionId: true, status: true, rag: true, createdAt: true, body: true, kind: true, newDueDate: true },
      }),
    ).then(byCreatedAt),
    inBatches(actionIds, (ids) =>
      db.actionEvidence.findMany({
        where: { authorityId, actionId: { in: ids }, createdAt: { lte: at }, evidence: { deletedAt: null } },
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
    ),
    inBatches(actionIds, (ids) =>
      db.boardDecision.findMany({
        where: { authorityId, actionId: { in: ids }, createdAt: { lte: at } },
        orderBy: { createdAt: "asc" },
        select: {
          actionId: true,
          decision: true,
          challenge: true,
          createdAt: true,
          meeting: { select: { scheduledAt: true, board: { select: { name: true } } } },
        },
      }),
    ).then(byCreatedAt),
  ]);
  const data = summarise({
    authorityName: authority.name,
    scopeName,
    scope: {
      boardId: "boardId" in scope ? scope.boardId : null,
      inspectionId: "inspectionId" in scope ? scope.inspectionId : null,
    },
    asAt,
    comparedWith,
    generatedAt: new Date(),
    inspections: inspections.map((i) => ({
      ...i,
      recommendations: i.recommendations.map((r) => ({
        ...r,
        actions: r.actions.map((x) => ({ ...x, status: parseActionStatus(x.status), rag: parseRag(x.rag) })),
      })),
    })),
    updates: updates.map(parseTimelineState),
    links,
    decisions,
  });
  return kind === "exception" ? exceptionsOf(data) : data;
}

/** Generates a pack and keeps it. The narrative starts from the last pack for the same scope, ready to edit. */
export async function createReport(request: PackRequest) {
  const { authorityId, viewer, kind, asAt } = request;
  // Generating a pack is a change (a kept snapshot, an audit event): admins and board members only (ADR 015).
  if (!roleHasPermission(viewer.role, "write:report:any"))
    throw forbidden("Only admins and board members generate board packs.");
  const data = await buildSummary(request);
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

export async function listReports({ authorityId, viewer, take = 50 }: ViewerCall & { take?: number }) {
  requireReader(viewer);
  return getDb().reportSnapshot.findMany({
    where: { authorityId },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, title: true, kind: true, createdAt: true, createdBy: { select: { name: true } } },
  });
}

export async function getReport({ authorityId, viewer, reportId }: ViewerCall & { reportId: string }) {
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
}: ViewerCall & { reportId: string; version: number; narrative: Record<NarrativeSection, string> }) {
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
