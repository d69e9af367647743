/**
 * Who is told what about a board's meetings, queued in the transaction of
 * the change (the outbox):
 *  - agenda published: the board's members, with the agenda's items;
 *  - minutes approved: the board's members;
 *  - the digest before a meeting (meeting-digest.server.ts): the board's
 *    members, with what is red, overdue or submitted for review among the
 *    actions the board covers, and the evidence added since its last meeting.
 * Only members of the authority hear of it, and nobody of their own change.
 * Someone who may not read every action (a partner) is told only of the
 * actions they own and of the evidence on them; restricted evidence is only
 * counted, for everyone.
 */
import type { Tx } from "~/modules/action/apply.server";
import { isDone, isOverdue } from "~/modules/action/status";
import type { Actor } from "~/modules/auth/actor";
import { isRole, roleHasPermission, type Role } from "~/modules/auth/permissions";
import { scopeWhere } from "~/modules/board/scope";
import { canSeeEvidence } from "~/modules/evidence/access";
import { formatDate, formatDateTime } from "~/utils/format";
import { authorityHref } from "~/utils/links";
import { agendaLines, digestLines, type ActionLine } from "./meeting-lines";
import { queueNotifications, type NotificationInput } from "./outbox.server";

type Recipient = { userId: string; role: Role; readsAll: boolean };

/** The board's members who belong to the authority, with their role in it; `except` is left out. */
async function boardAudience(tx: Tx, authorityId: string, boardId: string, except?: string): Promise<Recipient[]> {
  const members = await tx.boardMember.findMany({ where: { authorityId, boardId }, select: { userId: true } });
  const ids = members.map((m) => m.userId).filter((id) => id !== except);
  if (ids.length === 0) return [];
  const memberships = await tx.membership.findMany({
    where: { authorityId, userId: { in: ids } },
    select: { userId: true, role: true },
  });
  return memberships.flatMap((m) =>
    isRole(m.role) ? [{ userId: m.userId, role: m.role, readsAll: roleHasPermission(m.role, "read:action:any") }] : [],
  );
}

const meetingSelect = {
  id: true,
  boardId: true,
  scheduledAt: true,
  board: { select: { id: true, name: true, authorityId: true, scopeAllInspections: true } },
  authority: { select: { slug: true } },
} as const;

async function meetingOf(tx: Tx, authorityId: string, meetingId: string) {
  return tx.meeting.findFirst({ where: { id: meetingId, authorityId }, select: meetingSelect });
}

type MeetingRow = NonNullable<Awaited<ReturnType<typeof meetingOf>>>;

/** The meeting and the members of its board to tell (all but `except`), or null when there is no such meeting. */
async function meetingAudience(tx: Tx, authorityId: string, meetingId: string, except?: string) {
  const meeting = await meetingOf(tx, authorityId, meetingId);
  if (!meeting) return null;
  return { meeting, recipients: await boardAudience(tx, authorityId, meeting.boardId, except) };
}

const meetingName = (m: MeetingRow) => `${m.board.name}, ${formatDateTime(m.scheduledAt)}`;

type ActionRow = { id: string; title: string; ownerId: string | null; recommendation: { reference: string } };

const lineOf = (slug: string, a: ActionRow): ActionLine => ({
  reference: a.recommendation.reference,
  title: a.title,
  path: authorityHref(slug, "/actions/:actionId", { actionId: a.id }),
});

/** What this person may be told of an action: any, if they read the whole plan; else only their own. */
const tellable = (r: Recipient, ownerId: string | null) => r.readsAll || ownerId === r.userId;

/** The agenda is published: each member is sent the items they may be told of, with links. */
export async function notifyAgendaPublished(
  tx: Tx,
  { authorityId, meetingId, actor }: { authorityId: string; meetingId: string; actor: Actor },
): Promise<void> {
  const told = await meetingAudience(tx, authorityId, meetingId, actor.id);
  if (!told || told.recipients.length === 0) return;
  const { meeting, recipients } = told;
  const items = await tx.agendaItem.findMany({
    where: { authorityId, meetingId },
    orderBy: { position: "asc" },
    select: {
      action: { select: { id: true, title: true, ownerId: true, recommendation: { select: { reference: true } } } },
    },
  });
  const slug = meeting.authority.slug;
  const link = authorityHref(slug, "/meetings/:meetingId", { meetingId });
  const inputs: NotificationInput[] = recipients.map((r) => ({
    authorityId,
    userId: r.userId,
    kind: "agenda_published",
    eventKey: `agenda_published:${meetingId}`,
    title: `Agenda published: ${meetingName(meeting)}`,
    detail: agendaLines(
      items.filter((i) => tellable(r, i.action.ownerId)).map((i) => lineOf(slug, i.action)),
      { partial: !r.readsAll },
    ).join("\n"),
    link,
    meetingId,
  }));
  await queueNotifications(tx, inputs);
}

/** The minutes of `meetingId` are approved: its board's members are told, with a link to them. */
export async function notifyMinutesApproved(
  tx: Tx,
  { authorityId, meetingId, actor }: { authorityId: string; meetingId: string; actor: Actor },
): Promise<void> {
  const told = await meetingAudience(tx, authorityId, meetingId, actor.id);
  if (!told) return;
  const { meeting, recipients } = told;
  const link = authorityHref(meeting.authority.slug, "/meetings/:meetingId/minutes", { meetingId });
  await queueNotifications(
    tx,
    recipients.map((r) => ({
      authorityId,
      userId: r.userId,
      kind: "minutes_approved",
      eventKey: `minutes_approved:${meetingId}`,
      title: `Minutes approved: ${meeting.board.name}, ${formatDate(meeting.scheduledAt)}`,
      link,
      meetingId,
    })),
  );
}

/**
 * The digest before a meeting, queued in `tx` for each of the board's members.
 * `now` says what is overdue. The caller (meeting-digest.server.ts) makes
 * it once per meeting.
 */
export async function queueMeetingDigest(
  tx: Tx,
  { authorityId, meetingId, now }: { authorityId: string; meetingId: string; now: Date },
): Promise<{ created: number }> {
  const told = await meetingAudience(tx, authorityId, meetingId);
  if (!told || told.recipients.length === 0) return { created: 0 };
  const { meeting, recipients } = told;
  const scope = scopeWhere(meeting.board);
  const last = await tx.meeting.findFirst({
    where: {
      authorityId,
      boardId: meeting.boardId,
      scheduledAt: { lt: meeting.scheduledAt },
      status: { in: ["held", "minutes_approved"] },
    },
    orderBy: { scheduledAt: "desc" },
    select: { scheduledAt: true, heldAt: true },
  });
  const since = last ? (last.heldAt ?? last.scheduledAt) : null;
  const [actions, evidence] = await Promise.all([
    tx.action.findMany({
      where: {
        ...scope,
        status: { notIn: ["complete", "closed"] },
        OR: [{ rag: "red" }, { status: "submitted_for_review" }, { dueDate: { lt: now } }],
      },
      orderBy: [
        { recommendation: { inspection: { startDate: "asc" } } },
        { recommendation: { position: "asc" } },
        { position: "asc" },
        { createdAt: "asc" },
        { id: "asc" },
      ],
      select: {
        id: true,
        title: true,
        ownerId: true,
        rag: true,
        status: true,
        dueDate: true,
        recommendation: { select: { reference: true } },
      },
    }),
    tx.evidence.findMany({
      where: {
        authorityId,
        deletedAt: null,
        links: { some: { action: scope } },
        ...(since ? { versions: { some: { createdAt: { gt: since } } } } : {}),
      },
      orderBy: [{ createdAt: "asc" }, { title: "asc" }, { id: "asc" }],
      select: {
        id: true,
        title: true,
        containsPersonalData: true,
        links: { where: { action: scope }, select: { action: { select: { ownerId: true } } } },
      },
    }),
  ]);
  const slug = meeting.authority.slug;
  const link = authorityHref(slug, "/meetings/:meetingId", { meetingId });
  const inputs: NotificationInput[] = recipients.map((r) => {
    const mine = actions.filter((a) => !isDone(a.status) && tellable(r, a.ownerId));
    const items = evidence
      .map((e) => ({ ...e, linkedActionOwnerIds: e.links.map((l) => l.action.ownerId) }))
      .filter((e) => e.linkedActionOwnerIds.some((owner) => tellable(r, owner)));
    const lines = digestLines({
      red: mine.filter((a) => a.rag === "red").map((a) => lineOf(slug, a)),
      overdue: mine.filter((a) => isOverdue(a, now)).map((a) => lineOf(slug, a)),
      submitted: mine.filter((a) => a.status === "submitted_for_review").map((a) => lineOf(slug, a)),
      evidence: items
        .filter((e) => !e.containsPersonalData && canSeeEvidence({ viewer: { id: r.userId, role: r.role }, item: e }))
        .map((e) => ({ title: e.title, path: authorityHref(slug, "/evidence/:evidenceId", { evidenceId: e.id }) })),
      restrictedEvidence: items.filter((e) => e.containsPersonalData).length,
      partial: !r.readsAll,
      sinceLastMeeting: since !== null,
    });
    return {
      authorityId,
      userId: r.userId,
      kind: "meeting_digest",
      eventKey: `meeting_digest:${meetingId}`,
      title: `Before the meeting: ${meetingName(meeting)}`,
      detail: lines.join("\n"),
      link,
      meetingId,
    };
  });
  return queueNotifications(tx, inputs);
}
