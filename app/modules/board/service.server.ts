/**
 * Boards, their members and scope, and meetings: planning with a proposed
 * agenda, attendance, publishing (which freezes the agenda), closing and the
 * approval of minutes. Decisions are in decisions.server.ts. Every function
 * is scoped to the authority; the rules (who may, which status) are the pure
 * functions of rules.ts.
 */
import type { Actor } from "~/modules/auth/actor";
import { actionRowSelect } from "~/modules/action/service.server";
import { roleHasPermission } from "~/modules/auth/permissions";
import { recordAudit } from "~/modules/audit/service.server";
import { notifyAgendaPublished, notifyMinutesApproved } from "~/modules/notify/meeting-events.server";
import { isRag, parseActionStatus, parseRag, type Rag } from "~/modules/action/status";
import { getDb } from "~/utils/db.server";
import { AppError, conflict, forbidden, notFound } from "~/utils/errors";
import { fail, ok, type Result } from "~/utils/result";
import { readAgendaSnapshot, writeAgendaSnapshot, type AgendaSnapshot } from "./agenda-snapshot";
import type { MinutesData } from "./minutes";
import { scopeWhere } from "./scope";
import {
  canEditAgenda,
  canManageMeeting,
  checkMeetingTransition,
  proposeAgenda,
  type Attendance,
  type BoardKind,
  type BoardRole,
  type Decision,
  type MeetingStatus,
  type ProposalReason,
} from "./rules";
import { dayFromIso, isoDay } from "~/utils/format";
import { stripUnsafeDeep } from "~/utils/text";

/** The person's role on this board, or null when they are not on it. */
async function boardRoleOf({
  authorityId,
  boardId,
  userId,
}: {
  authorityId: string;
  boardId: string;
  userId: string;
}): Promise<BoardRole | null> {
  const m = await getDb().boardMember.findFirst({
    where: { authorityId, boardId, userId },
    select: { boardRole: true },
  });
  return (m?.boardRole as BoardRole | undefined) ?? null;
}

/** Boards are read by people who read the plan, and by their own members (partners sit on boards too). */
function canReadBoard(viewer: Actor, boardRole: BoardRole | null) {
  return boardRole !== null || roleHasPermission(viewer.role, "read:action:any");
}

const requireAdmin = (actor: Actor) => {
  if (!roleHasPermission(actor.role, "manage:members:any"))
    throw forbidden("Only an authority admin can change boards.");
};

export async function listBoards({ authorityId, viewer }: { authorityId: string; viewer: Actor }) {
  const readsAll = roleHasPermission(viewer.role, "read:action:any");
  return getDb().board.findMany({
    where: { authorityId, ...(readsAll ? {} : { members: { some: { userId: viewer.id } } }) },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      kind: true,
      scopeAllInspections: true,
      _count: { select: { members: true } },
      members: { where: { userId: viewer.id }, select: { boardRole: true } },
      meetings: {
        where: { status: { in: ["planned", "agenda_published"] } },
        orderBy: { scheduledAt: "asc" },
        take: 1,
        select: { id: true, scheduledAt: true, status: true },
      },
    },
  });
}

export async function createBoard({
  authorityId,
  actor,
  value,
}: {
  authorityId: string;
  actor: Actor;
  value: { name: string; kind: string };
}) {
  requireAdmin(actor);
  return getDb().$transaction(async (tx) => {
    const board = await tx.board.create({
      data: { authorityId, name: value.name, kind: value.kind, scopeAllInspections: true },
    });
    await recordAudit({
      tx,
      authorityId,
      actorId: actor.id,
      action: "create",
      entityType: "Board",
      entityId: board.id,
      changes: { name: [null, value.name], kind: [null, value.kind] },
      requestId: actor.requestId,
    });
    return board;
  });
}

export async function getBoard({
  authorityId,
  boardId,
  viewer,
}: {
  authorityId: string;
  boardId: string;
  viewer: Actor;
}) {
  const board = await getDb().board.findFirst({
    where: { id: boardId, authorityId },
    include: {
      members: {
        orderBy: [{ boardRole: "asc" }, { user: { name: "asc" } }],
        include: { user: { select: { id: true, name: true, email: true, organisation: true } } },
      },
      scopes: { include: { inspection: { select: { id: true, title: true } } } },
      meetings: { orderBy: { scheduledAt: "desc" }, take: 50 },
    },
  });
  if (!board) throw notFound("board");
  const myRole = (board.members.find((m) => m.userId === viewer.id)?.boardRole as BoardRole | undefined) ?? null;
  if (!canReadBoard(viewer, myRole)) throw notFound("board");
  return {
    board,
    myRole,
    canManage: canManageMeeting({ boardRole: myRole, authorityRole: viewer.role }),
    isAdmin: roleHasPermission(viewer.role, "manage:members:any"),
  };
}

/** Adds a member of the authority to the board, or changes their board role. */
export async function setBoardMember({
  authorityId,
  actor,
  boardId,
  userId,
  boardRole,
}: {
  authorityId: string;
  actor: Actor;
  boardId: string;
  userId: string;
  boardRole: BoardRole;
}): Promise<Result> {
  requireAdmin(actor);
  const db = getDb();
  const board = await db.board.findFirst({ where: { id: boardId, authorityId }, select: { id: true } });
  if (!board) throw notFound("board");
  const member = await db.membership.findFirst({
    where: { authorityId, userId },
    select: { userId: true, user: { select: { name: true } } },
  });
  if (!member) return fail("Choose a person who belongs to this authority");
  await db.$transaction(async (tx) => {
    const before = await tx.boardMember.findUnique({ where: { boardId_userId: { boardId, userId } } });
    await tx.boardMember.upsert({
      where: { boardId_userId: { boardId, userId } },
      create: { authorityId, boardId, userId, boardRole },
      update: { boardRole },
    });
    await recordAudit({
      tx,
      authorityId,
      actorId: actor.id,
      action: before ? "update" : "create",
      entityType: "BoardMember",
      entityId: boardId,
      changes: { member: [null, member.user.name], boardRole: [before?.boardRole ?? null, boardRole] },
      requestId: actor.requestId,
    });
  });
  return ok();
}

export async function removeBoardMember({
  authorityId,
  actor,
  boardId,
  userId,
}: {
  authorityId: string;
  actor: Actor;
  boardId: string;
  userId: string;
}) {
  requireAdmin(actor);
  await getDb().$transaction(async (tx) => {
    const before = await tx.boardMember.findFirst({
      where: { authorityId, boardId, userId },
      include: { user: { select: { name: true } } },
    });
    if (!before) return;
    await tx.boardMember.delete({ where: { id: before.id } });
    await recordAudit({
      tx,
      authorityId,
      actorId: actor.id,
      action: "delete",
      entityType: "BoardMember",
      entityId: boardId,
      changes: { member: [before.user.name, null], boardRole: [before.boardRole, null] },
      requestId: actor.requestId,
    });
  });
}

/** All inspections, or only the chosen ones. */
export async function setBoardScope({
  authorityId,
  actor,
  boardId,
  scopeAll,
  inspectionIds,
}: {
  authorityId: string;
  actor: Actor;
  boardId: string;
  scopeAll: boolean;
  inspectionIds: string[];
}): Promise<Result> {
  requireAdmin(actor);
  const db = getDb();
  const board = await db.board.findFirst({ where: { id: boardId, authorityId }, select: { id: true } });
  if (!board) throw notFound("board");
  const valid = await db.inspection.findMany({
    where: { authorityId, id: { in: inspectionIds }, deletedAt: null },
    select: { id: true },
  });
  if (!scopeAll && valid.length === 0) return fail("Choose at least one inspection, or give the board all of them");
  await db.$transaction(async (tx) => {
    await tx.board.update({ where: { id: boardId }, data: { scopeAllInspections: scopeAll } });
    await tx.boardScope.deleteMany({ where: { boardId } });
    if (!scopeAll)
      await tx.boardScope.createMany({ data: valid.map((v) => ({ authorityId, boardId, inspectionId: v.id })) });
    await recordAudit({
      tx,
      authorityId,
      actorId: actor.id,
      action: "update",
      entityType: "Board",
      entityId: boardId,
      changes: { scope: [null, scopeAll ? "all inspections" : `${valid.length} inspection(s)`] },
      requestId: actor.requestId,
    });
  });
  return ok();
}

// ─── Meetings ────────────────────────────────────────────────────────────────

/** Who asks about which meeting, in which authority. */
type MeetingRequest = { authorityId: string; meetingId: string; viewer: Actor };

async function meetingWithRole({ authorityId, meetingId, viewer }: MeetingRequest) {
  const meeting = await getDb().meeting.findFirst({ where: { id: meetingId, authorityId }, include: { board: true } });
  if (!meeting) throw notFound("meeting");
  const boardRole = await boardRoleOf({ authorityId, boardId: meeting.boardId, userId: viewer.id });
  if (!canReadBoard(viewer, boardRole)) throw notFound("meeting");
  return { meeting, boardRole, canManage: canManageMeeting({ boardRole, authorityRole: viewer.role }) };
}

async function requireManager(args: { authorityId: string; meetingId: string; actor: Actor }) {
  const r = await meetingWithRole({ ...args, viewer: args.actor });
  if (!r.canManage) throw forbidden("Only the board's chair or an authority admin can manage the meeting.");
  return r;
}

/** The board's last meeting before this date that took place (held, or minutes approved). */
async function previousMeeting({
  authorityId,
  boardId,
  before,
}: {
  authorityId: string;
  boardId: string;
  before: Date;
}) {
  return getDb().meeting.findFirst({
    where: { authorityId, boardId, scheduledAt: { lt: before }, status: { in: ["held", "minutes_approved"] } },
    orderBy: { scheduledAt: "desc" },
  });
}

/**
 * The proposed agenda for a meeting of this board: the facts each proposal
 * rule needs, gathered for the actions in scope, then rules.proposeAgenda.
 * Ordered by inspection (oldest first), item and action.
 */
export async function proposalFor({
  board,
  meetingDate,
}: {
  board: { id: string; authorityId: string; scopeAllInspections: boolean };
  meetingDate: Date;
}) {
  const db = getDb();
  const last = await previousMeeting({ authorityId: board.authorityId, boardId: board.id, before: meetingDate });
  const lastDate = last ? (last.heldAt ?? last.scheduledAt) : null;
  const actions = await db.action.findMany({
    where: { ...scopeWhere(board), status: { not: "closed" } },
    orderBy: [
      { recommendation: { inspection: { startDate: "asc" } } },
      { recommendation: { position: "asc" } },
      { position: "asc" },
    ],
    select: { id: true, status: true, rag: true, dueDate: true },
  });
  const ids = actions.map((a) => a.id);
  const [returned, ragUpdates, links, versions] = await Promise.all([
    last
      ? db.boardDecision.findMany({ where: { meetingId: last.id, decision: "return" }, select: { actionId: true } })
      : Promise.resolve([]),
    lastDate
      ? db.actionUpdate.findMany({
          where: { actionId: { in: ids }, rag: { not: null } },
          orderBy: { createdAt: "asc" },
          select: { actionId: true, rag: true, createdAt: true },
        })
      : Promise.resolve([]),
    lastDate
      ? db.actionEvidence.findMany({
          where: { actionId: { in: ids }, createdAt: { gt: lastDate }, evidence: { deletedAt: null } },
          select: { actionId: true, createdAt: true },
        })
      : Promise.resolve([]),
    lastDate
      ? db.evidenceVersion.findMany({
          where: {
            createdAt: { gt: lastDate },
            evidence: { deletedAt: null, links: { some: { actionId: { in: ids } } } },
          },
          select: {
            createdAt: true,
            evidence: { select: { links: { where: { actionId: { in: ids } }, select: { actionId: true } } } },
          },
        })
      : Promise.resolve([]),
  ]);
  const returnedIds = new Set(returned.map((r) => r.actionId));
  // The RAG an action had at the last meeting: its latest RAG change up to then; with none, the current RAG if it has not changed since.
  const ragThen = new Map<string, string | null>();
  const changedSince = new Set<string>();
  if (lastDate) {
    for (const u of ragUpdates) {
      if (u.createdAt <= lastDate) ragThen.set(u.actionId, u.rag);
      else changedSince.add(u.actionId);
    }
  }
  const evidenceAt = new Map<string, Date>();
  const seen = (actionId: string, at: Date) => {
    const prev = evidenceAt.get(actionId);
    if (!prev || at > prev) evidenceAt.set(actionId, at);
  };
  for (const l of links) seen(l.actionId, l.createdAt);
  for (const v of versions) for (const l of v.evidence.links) seen(l.actionId, v.createdAt);

  const proposals = proposeAgenda({
    meetingDate: meetingDate.toISOString(),
    lastMeetingDate: lastDate ? lastDate.toISOString() : null,
    actions: actions.map((a) => {
      const then = ragThen.has(a.id) ? ragThen.get(a.id)! : changedSince.has(a.id) ? null : a.rag;
      return {
        id: a.id,
        status: parseActionStatus(a.status),
        rag: parseRag(a.rag),
        dueDate: isoDay(a.dueDate),
        ragAtLastMeeting: isRag(then) ? (then as Rag) : null,
        returnedAtLastMeeting: returnedIds.has(a.id),
        latestEvidenceAt: evidenceAt.get(a.id)?.toISOString() ?? null,
      };
    }),
  });
  return { proposals, last };
}

/** Plans a meeting and proposes its agenda from the state of the plan. */
export async function planMeeting({
  authorityId,
  actor,
  boardId,
  value,
}: {
  authorityId: string;
  actor: Actor;
  boardId: string;
  value: { date: string; time: string; location: string };
}) {
  const db = getDb();
  const board = await db.board.findFirst({ where: { id: boardId, authorityId } });
  if (!board) throw notFound("board");
  const boardRole = await boardRoleOf({ authorityId, boardId, userId: actor.id });
  if (!canManageMeeting({ boardRole, authorityRole: actor.role }))
    throw forbidden("Only the board's chair or an authority admin can plan a meeting.");
  // The day through the one date parser (an impossible day is refused, never moved), then the time on it.
  const [hours, minutes] = value.time.split(":").map(Number);
  const scheduledAt = new Date(dayFromIso(value.date)!.getTime() + ((hours ?? 0) * 60 + (minutes ?? 0)) * 60_000);
  const { proposals } = await proposalFor({ board, meetingDate: scheduledAt });
  return db.$transaction(async (tx) => {
    const meeting = await tx.meeting.create({
      data: { authorityId, boardId, scheduledAt, location: value.location, status: "planned" },
    });
    if (proposals.length) {
      await tx.agendaItem.createMany({
        data: proposals.map((p, i) => ({
          authorityId,
          meetingId: meeting.id,
          actionId: p.actionId,
          position: i + 1,
          reasons: JSON.stringify(p.reasons),
          origin: "proposed",
        })),
      });
    }
    await recordAudit({
      tx,
      authorityId,
      actorId: actor.id,
      action: "create",
      entityType: "Meeting",
      entityId: meeting.id,
      changes: {
        scheduledAt: [null, scheduledAt.toISOString()],
        location: [null, value.location],
        proposedItems: [null, proposals.length],
      },
      requestId: actor.requestId,
    });
    return meeting;
  });
}

const agendaActionSelect = {
  ...actionRowSelect,
  ragReason: true,
  version: true,
  recommendation: {
    select: { id: true, reference: true, text: true, inspection: { select: { id: true, title: true } } },
  },
  updates: { orderBy: { createdAt: "desc" as const }, take: 1, select: { body: true, createdAt: true } },
} as const;

type AgendaAction = {
  title: string;
  status: string;
  rag: string | null;
  ragReason: string | null;
  dueDate: Date | null;
  progress: number;
  owner: { name: string } | null;
  recommendation: { id: string; reference: string; text: string; inspection: { id: string; title: string } };
  updates: { body: string; createdAt: Date }[];
};

function snapshotOf(a: AgendaAction): AgendaSnapshot {
  return {
    title: a.title,
    inspectionId: a.recommendation.inspection.id,
    inspectionTitle: a.recommendation.inspection.title,
    recommendationId: a.recommendation.id,
    recommendationReference: a.recommendation.reference,
    recommendationText: a.recommendation.text,
    ownerName: a.owner?.name ?? null,
    status: parseActionStatus(a.status),
    rag: parseRag(a.rag),
    ragReason: a.ragReason,
    dueDate: isoDay(a.dueDate),
    progress: a.progress,
    latestUpdate: a.updates[0] ? { body: a.updates[0].body, at: a.updates[0].createdAt.toISOString() } : null,
  };
}

/**
 * A meeting with its agenda (live while a draft, as frozen once published),
 * attendance, decisions and what this person may do.
 */
export async function getMeeting({ authorityId, meetingId, viewer }: MeetingRequest) {
  const { meeting, boardRole, canManage } = await meetingWithRole({ authorityId, meetingId, viewer });
  const db = getDb();
  const [items, members, attendance, previous] = await Promise.all([
    db.agendaItem.findMany({
      where: { meetingId, authorityId },
      orderBy: { position: "asc" },
      include: {
        action: { select: agendaActionSelect },
        decision: {
          include: {
            decidedBy: { select: { name: true } },
            actionsArising: { select: { id: true, title: true, dueDate: true, owner: { select: { name: true } } } },
          },
        },
      },
    }),
    db.boardMember.findMany({
      where: { boardId: meeting.boardId },
      orderBy: { user: { name: "asc" } },
      include: { user: { select: { id: true, name: true, organisation: true } } },
    }),
    db.meetingAttendance.findMany({ where: { meetingId } }),
    db.meeting.findFirst({
      where: { boardId: meeting.boardId, scheduledAt: { lt: meeting.scheduledAt } },
      orderBy: { scheduledAt: "desc" },
      select: { id: true, scheduledAt: true, status: true },
    }),
  ]);
  const agenda = items.map((i) => ({
    id: i.id,
    position: i.position,
    actionId: i.actionId,
    actionVersion: i.action.version,
    reasons: JSON.parse(i.reasons) as ProposalReason[],
    origin: i.origin,
    shown: i.snapshot ? readAgendaSnapshot(i.snapshot, i.id) : snapshotOf(i.action),
    live: { status: i.action.status, dueDate: isoDay(i.action.dueDate) },
    decision: i.decision,
  }));
  return {
    meeting,
    board: meeting.board,
    boardRole,
    canManage,
    agenda,
    members,
    attendance: new Map(attendance.map((a) => [a.userId, a.status])),
    previous,
  };
}

async function bumpMeeting({
  tx,
  meetingId,
  version,
}: {
  tx: Parameters<Parameters<ReturnType<typeof getDb>["$transaction"]>[0]>[0];
  meetingId: string;
  version: number;
}) {
  const r = await tx.meeting.updateMany({ where: { id: meetingId, version }, data: { version: { increment: 1 } } });
  if (r.count === 0)
    throw conflict(
      "Someone else changed this meeting while you were working. Reload the page to see their change, then try again.",
    );
}

export type AgendaChange =
  | { op: "remove"; itemId: string }
  | { op: "move"; itemId: string; direction: "up" | "down" }
  | { op: "add"; actionId: string };

/** The chair edits the draft agenda: add an action in scope, remove an item, move one up or down. */
export async function changeAgenda({
  authorityId,
  actor,
  meetingId,
  version,
  change,
}: {
  authorityId: string;
  actor: Actor;
  meetingId: string;
  version: number;
  change: AgendaChange;
}) {
  const { meeting } = await requireManager({ authorityId, meetingId, actor });
  if (!canEditAgenda(meeting.status as MeetingStatus))
    throw new AppError({ status: 409, message: "The agenda has been published and is frozen as it was sent." });
  const db = getDb();
  await db.$transaction(async (tx) => {
    await bumpMeeting({ tx, meetingId, version });
    const items = await tx.agendaItem.findMany({
      where: { meetingId },
      orderBy: { position: "asc" },
      select: { id: true, actionId: true, position: true },
    });
    if (change.op === "add") {
      const action = await tx.action.findFirst({
        where: { id: change.actionId, ...scopeWhere(meeting.board) },
        select: { id: true, title: true },
      });
      if (!action) throw notFound("action");
      if (items.some((i) => i.actionId === action.id)) throw conflict("That action is already on the agenda.");
      await tx.agendaItem.create({
        data: {
          authorityId,
          meetingId,
          actionId: action.id,
          position: items.length + 1,
          reasons: "[]",
          origin: "added",
        },
      });
      await recordAudit({
        tx,
        authorityId,
        actorId: actor.id,
        action: "agenda_add",
        entityType: "Meeting",
        entityId: meetingId,
        changes: { action: [null, action.title] },
        requestId: actor.requestId,
      });
      return;
    }
    const index = items.findIndex((i) => i.id === change.itemId);
    if (index < 0) throw notFound("agenda item");
    if (change.op === "remove") {
      await tx.agendaItem.delete({ where: { id: change.itemId } });
      const rest = items.filter((i) => i.id !== change.itemId);
      for (const [n, i] of rest.entries())
        if (i.position !== n + 1) await tx.agendaItem.update({ where: { id: i.id }, data: { position: n + 1 } });
      await recordAudit({
        tx,
        authorityId,
        actorId: actor.id,
        action: "agenda_remove",
        entityType: "Meeting",
        entityId: meetingId,
        changes: { actionId: [items[index]!.actionId, null] },
        requestId: actor.requestId,
      });
      return;
    }
    const other = change.direction === "up" ? index - 1 : index + 1;
    if (other < 0 || other >= items.length) return;
    const [a, b] = [items[index]!, items[other]!];
    await tx.agendaItem.update({ where: { id: a.id }, data: { position: b.position } });
    await tx.agendaItem.update({ where: { id: b.id }, data: { position: a.position } });
  });
}

/** A step in a meeting's life (publish, held), taken from the version the manager saw. */
type MeetingStep = { authorityId: string; actor: Actor; meetingId: string; version: number };

/** The meeting, once the manager may take it to `to` from where it stands; a 409 if the step is not allowed. */
async function beginStep(
  { authorityId, actor, meetingId }: Omit<MeetingStep, "version">,
  to: "agenda_published" | "held",
) {
  const { meeting } = await requireManager({ authorityId, meetingId, actor });
  const check = checkMeetingTransition(meeting.status as MeetingStatus, to);
  if (!check.ok) throw new AppError({ status: 409, message: check.message });
  return meeting;
}

/** Publishes the agenda: each item is frozen as it stands now, so later edits to actions do not rewrite what was sent. */
export async function publishAgenda({ authorityId, actor, meetingId, version }: MeetingStep) {
  const meeting = await beginStep({ authorityId, actor, meetingId }, "agenda_published");
  const db = getDb();
  await db.$transaction(async (tx) => {
    await bumpMeeting({ tx, meetingId, version });
    const items = await tx.agendaItem.findMany({
      where: { meetingId },
      include: { action: { select: agendaActionSelect } },
    });
    for (const i of items)
      await tx.agendaItem.update({
        where: { id: i.id },
        data: { snapshot: writeAgendaSnapshot(snapshotOf(i.action)) },
      });
    await tx.meeting.update({
      where: { id: meetingId },
      data: { status: "agenda_published", agendaPublishedAt: new Date() },
    });
    await recordAudit({
      tx,
      authorityId,
      actorId: actor.id,
      action: "publish_agenda",
      entityType: "Meeting",
      entityId: meetingId,
      changes: { status: [meeting.status, "agenda_published"], items: [null, items.length] },
      requestId: actor.requestId,
    });
    await notifyAgendaPublished(tx, { authorityId, meetingId, actor });
  });
}

/** Attendance and apologies, for the board's members. */
export async function recordAttendance({
  authorityId,
  actor,
  meetingId,
  entries,
}: {
  authorityId: string;
  actor: Actor;
  meetingId: string;
  entries: { userId: string; status: string }[];
}) {
  const { meeting } = await requireManager({ authorityId, meetingId, actor });
  if (meeting.status === "minutes_approved")
    throw new AppError({ status: 409, message: "The minutes of this meeting are approved and locked." });
  const members = new Set(
    (await getDb().boardMember.findMany({ where: { boardId: meeting.boardId }, select: { userId: true } })).map(
      (m) => m.userId,
    ),
  );
  await getDb().$transaction(async (tx) => {
    for (const e of entries) {
      if (!members.has(e.userId) || !["present", "apologies", "absent"].includes(e.status)) continue;
      await tx.meetingAttendance.upsert({
        where: { meetingId_userId: { meetingId, userId: e.userId } },
        create: { authorityId, meetingId, userId: e.userId, status: e.status },
        update: { status: e.status },
      });
    }
    await recordAudit({
      tx,
      authorityId,
      actorId: actor.id,
      action: "attendance",
      entityType: "Meeting",
      entityId: meetingId,
      changes: { recorded: [null, entries.length] },
      requestId: actor.requestId,
    });
  });
}

/** The meeting has taken place: no more agenda changes; decisions can still be completed until the minutes are approved. */
export async function markHeld({ authorityId, actor, meetingId, version }: MeetingStep) {
  const meeting = await beginStep({ authorityId, actor, meetingId }, "held");
  await getDb().$transaction(async (tx) => {
    await bumpMeeting({ tx, meetingId, version });
    await tx.meeting.update({ where: { id: meetingId }, data: { status: "held", heldAt: new Date() } });
    await recordAudit({
      tx,
      authorityId,
      actorId: actor.id,
      action: "held",
      entityType: "Meeting",
      entityId: meetingId,
      changes: { status: [meeting.status, "held"] },
      requestId: actor.requestId,
    });
  });
}

/** At a later meeting, the board approves the minutes of the previous one, which are then locked. */
export async function approvePreviousMinutes({
  authorityId,
  actor,
  meetingId,
}: {
  authorityId: string;
  actor: Actor;
  meetingId: string;
}) {
  const { meeting } = await requireManager({ authorityId, meetingId, actor });
  if (meeting.status === "planned")
    throw new AppError({ status: 409, message: "Minutes are approved at a meeting whose agenda has been published." });
  const previous = await getDb().meeting.findFirst({
    where: { boardId: meeting.boardId, scheduledAt: { lt: meeting.scheduledAt } },
    orderBy: { scheduledAt: "desc" },
  });
  if (!previous) throw notFound("previous meeting");
  const check = checkMeetingTransition(previous.status as MeetingStatus, "minutes_approved");
  if (!check.ok) throw new AppError({ status: 409, message: check.message });
  await getDb().$transaction(async (tx) => {
    await tx.meeting.update({
      where: { id: previous.id },
      data: {
        status: "minutes_approved",
        minutesApprovedAt: new Date(),
        approvedAtMeetingId: meetingId,
        version: { increment: 1 },
      },
    });
    await recordAudit({
      tx,
      authorityId,
      actorId: actor.id,
      action: "minutes_approved",
      entityType: "Meeting",
      entityId: previous.id,
      changes: { status: [previous.status, "minutes_approved"], atMeeting: [null, meetingId] },
      requestId: actor.requestId,
    });
    await notifyMinutesApproved(tx, { authorityId, meetingId: previous.id, actor });
  });
}

/** Actions in the board's scope not yet on the agenda, for the chair's "add an action" list (bounded). */
export async function addableActions({
  authorityId,
  meetingId,
  take = 300,
}: {
  authorityId: string;
  meetingId: string;
  take?: number;
}) {
  const meeting = await getDb().meeting.findFirst({ where: { id: meetingId, authorityId }, include: { board: true } });
  if (!meeting) throw notFound("meeting");
  return getDb().action.findMany({
    where: { ...scopeWhere(meeting.board), status: { not: "closed" }, agendaItems: { none: { meetingId } } },
    orderBy: [
      { recommendation: { inspection: { startDate: "asc" } } },
      { recommendation: { position: "asc" } },
      { position: "asc" },
    ],
    take,
    select: { id: true, title: true, recommendation: { select: { reference: true } } },
  });
}

/** People of the authority who can be put on a board, and the inspections a board can be scoped to (bounded lists). */
export async function boardChoices({ authorityId }: { authorityId: string }) {
  const db = getDb();
  const [people, inspections] = await Promise.all([
    db.membership.findMany({
      where: { authorityId },
      orderBy: { user: { name: "asc" } },
      take: 500,
      select: { user: { select: { id: true, name: true, organisation: true } } },
    }),
    db.inspection.findMany({
      where: { authorityId, deletedAt: null },
      orderBy: { startDate: "desc" },
      take: 50,
      select: { id: true, title: true },
    }),
  ]);
  return { people: people.map((p) => p.user), inspections };
}

/** The decision log of a meeting, as the minutes page and the Word document show it (one source, so they cannot disagree). */
export async function minutesData({
  authorityId,
  meetingId,
  viewer,
}: {
  authorityId: string;
  meetingId: string;
  viewer: Actor;
}): Promise<MinutesData> {
  const m = await getMeeting({ authorityId, meetingId, viewer });
  const authority = await getDb().authority.findUniqueOrThrow({ where: { id: authorityId }, select: { name: true } });
  // The minutes page and Word file: stored text that predates the text schema is cleaned of controls and bidi overrides.
  return stripUnsafeDeep({
    authorityName: authority.name,
    boardName: m.board.name,
    boardKind: m.board.kind as BoardKind,
    meeting: {
      scheduledAt: m.meeting.scheduledAt.toISOString(),
      location: m.meeting.location,
      status: m.meeting.status as MeetingStatus,
      minutesApprovedAt: m.meeting.minutesApprovedAt?.toISOString() ?? null,
    },
    attendance: m.members
      .filter((x) => m.attendance.has(x.userId))
      .map((x) => ({
        name: x.user.name,
        organisation: x.user.organisation,
        boardRole: x.boardRole as BoardRole,
        status: m.attendance.get(x.userId) as Attendance,
      })),
    items: m.agenda.map((i) => ({
      position: i.position,
      inspectionTitle: i.shown.inspectionTitle,
      recommendationReference: i.shown.recommendationReference,
      recommendationText: i.shown.recommendationText,
      actionTitle: i.shown.title,
      ownerName: i.shown.ownerName,
      statusAtAgenda: i.shown.status,
      ragAtAgenda: i.shown.rag,
      dueDateAtAgenda: i.shown.dueDate,
      reasons: i.reasons,
      decision: i.decision
        ? {
            decision: i.decision.decision as Decision,
            notes: i.decision.notes,
            challenge: i.decision.challenge,
            newDueDate: isoDay(i.decision.newDueDate),
            extensionReason: i.decision.extensionReason,
            decidedBy: i.decision.decidedBy?.name ?? null,
            decidedAt: i.decision.createdAt.toISOString(),
          }
        : null,
      actionsArising:
        i.decision?.actionsArising.map((a) => ({
          title: a.title,
          ownerName: a.owner?.name ?? null,
          dueDate: isoDay(a.dueDate),
        })) ?? [],
    })),
  });
}
