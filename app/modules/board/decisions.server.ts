/**
 * A board's decision on an agenda item, written back to the action in the
 * same transaction: its status and due date (rules.applyDecision, which
 * defers to the action workflow in status.ts), a timeline entry that names
 * the board, meeting and date, the audit log, and any new actions arising,
 * created straight into the plan under the same inspection item.
 */
import { recordAudit } from "~/modules/audit/service.server";
import { resolveOwner } from "~/modules/action/history.server";
import { searchTextOf } from "~/modules/action/search-text";
import { refreshSearchText } from "~/modules/action/search-text.server";
import { isActionStatus, type ActionStatus } from "~/modules/action/status";
import { getDb } from "~/utils/db.server";
import { AppError, forbidden, notFound } from "~/utils/errors";
import { dayFromIso, formatDate, isoDay } from "~/utils/format";
import { applyDecision, canDecide, canRecordDecisions, DECISION_LABELS, type BoardRole, type DecisionInput, type MeetingStatus } from "./rules";
import type { Actor } from "./service.server";

export type ArisingInput = { title: string; owner: string; dueDate: string | null };
export type DecisionResult = { ok: true } | { ok: false; fieldErrors: Record<string, string[]> };


export async function recordDecision({
  authorityId,
  actor,
  meetingId,
  agendaItemId,
  input,
  arising,
}: {
  authorityId: string;
  actor: Actor;
  meetingId: string;
  agendaItemId: string;
  input: DecisionInput;
  arising: ArisingInput[];
}): Promise<DecisionResult> {
  const db = getDb();
  const item = await db.agendaItem.findFirst({
    where: { id: agendaItemId, meetingId, authorityId },
    include: { meeting: { include: { board: true } }, action: true, decision: { select: { id: true } } },
  });
  if (!item) throw notFound("agenda item");
  const member = await db.boardMember.findFirst({ where: { authorityId, boardId: item.meeting.boardId, userId: actor.id }, select: { boardRole: true } });
  if (!canDecide((member?.boardRole as BoardRole | undefined) ?? null)) throw forbidden("Only the chair and members of this board can record its decisions. Observers cannot.");
  if (!canRecordDecisions(item.meeting.status as MeetingStatus)) {
    throw new AppError({ status: 409, message: item.meeting.status === "planned" ? "Publish the agenda before recording decisions." : "The minutes of this meeting are approved and locked." });
  }
  if (item.decision) throw new AppError({ status: 409, message: "A decision has already been recorded for this item." });
  if (item.action.deletedAt) throw new AppError({ status: 409, message: "This action has been removed from the plan since the agenda was published." });

  const status = (isActionStatus(item.action.status) ? item.action.status : "in_progress") as ActionStatus;
  const applied = applyDecision({ action: { status, dueDate: isoDay(item.action.dueDate) }, input });
  if (!applied.ok) return { ok: false, fieldErrors: applied.fieldErrors as Record<string, string[]> };

  const fieldErrors: Record<string, string[]> = {};
  const owners: (string | null)[] = [];
  for (const [i, a] of arising.entries()) {
    if (!a.title.trim()) {
      fieldErrors[`arising.${i}.title`] = ["Enter the new action's title"];
      continue;
    }
    const owner = await resolveOwner({ authorityId, value: a.owner || null });
    if (!owner.ok) fieldErrors[`arising.${i}.owner`] = [owner.message];
    owners.push(owner.ok ? owner.id : null);
  }
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors };

  const when = formatDate(item.meeting.scheduledAt);
  const board = item.meeting.board;
  await db.$transaction(async (tx) => {
    const decision = await tx.boardDecision.create({
      data: {
        authorityId,
        meetingId,
        agendaItemId,
        actionId: item.actionId,
        decision: input.decision,
        notes: input.notes,
        challenge: input.challenge,
        newDueDate: dayFromIso(input.newDueDate),
        extensionReason: input.extensionReason,
        decidedById: actor.id,
      },
    });
    const before = item.action;
    const next: Record<string, unknown> = { version: { increment: 1 }, lastUpdateAt: new Date() };
    if (applied.status) {
      next.status = applied.status;
      next.completedAt = applied.status === "complete" ? new Date() : null;
      if (applied.status !== "blocked") next.blockedReason = null;
    }
    if (applied.dueDate) next.dueDate = dayFromIso(applied.dueDate);
    await tx.action.update({ where: { id: before.id }, data: next });
    await tx.actionUpdate.create({
      data: {
        authorityId,
        actionId: before.id,
        authorId: actor.id,
        kind: applied.updateKind,
        body: `${board.name}, ${when}: ${applied.summary}${input.notes ? `\n\nNotes: ${input.notes}` : ""}`,
        status: applied.status ?? null,
        oldDueDate: applied.dueDate ? before.dueDate : null,
        newDueDate: applied.dueDate ? dayFromIso(applied.dueDate) : null,
        boardDecisionId: decision.id,
      },
    });
    const changes: Record<string, [unknown, unknown]> = { decision: [null, DECISION_LABELS[input.decision]], board: [null, board.name], meeting: [null, item.meeting.scheduledAt.toISOString()] };
    if (applied.status) changes.status = [before.status, applied.status];
    if (applied.dueDate) changes.dueDate = [isoDay(before.dueDate), applied.dueDate];
    if (input.challenge) changes.challenge = [null, input.challenge];
    await recordAudit({ tx, authorityId, actorId: actor.id, action: "board_decision", entityType: "Action", entityId: before.id, changes, requestId: actor.requestId });

    for (const [i, a] of arising.entries()) {
      const position = await tx.action.count({ where: { recommendationId: before.recommendationId } });
      const created = await tx.action.create({
        data: {
          authorityId,
          recommendationId: before.recommendationId,
          position,
          title: a.title.trim(),
          ownerId: owners[i] ?? null,
          dueDate: dayFromIso(a.dueDate),
          arisingFromDecisionId: decision.id,
          description: `Arising from the ${board.name} decision of ${when} on "${before.title}".`,
          searchText: searchTextOf([a.title]),
        },
      });
      await recordAudit({
        tx,
        authorityId,
        actorId: actor.id,
        action: "create",
        entityType: "Action",
        entityId: created.id,
        changes: { title: [null, created.title], arisingFrom: [null, `${board.name}, ${when}`], ownerId: [null, created.ownerId], dueDate: [null, a.dueDate] },
        requestId: actor.requestId,
      });
    }
    await refreshSearchText({ tx, authorityId, actionId: before.id });
  });
  return { ok: true };
}

/** The board decisions on an action, latest first, with their board and meeting, for the action's page. */
export async function decisionsForAction({ authorityId, actionId, take = 10 }: { authorityId: string; actionId: string; take?: number }) {
  return getDb().boardDecision.findMany({
    where: { authorityId, actionId },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      decision: true,
      challenge: true,
      notes: true,
      newDueDate: true,
      createdAt: true,
      meeting: { select: { id: true, scheduledAt: true, board: { select: { name: true } } } },
    },
  });
}
