/**
 * A board's decision on an agenda item, written back to the action in the
 * same transaction: its status and due date (rules.applyDecision, which
 * defers to the action workflow in status.ts), a timeline entry that names
 * the board, meeting and date, the audit log, and any new actions arising,
 * created straight into the plan under the same inspection item.
 */
import { resolveOwner } from "~/modules/action/history.server";
import { applyActionChange } from "~/modules/action/apply.server";
import { parseActionStatus } from "~/modules/action/status";
import { getDb } from "~/utils/db.server";
import { AppError, forbidden, notFound } from "~/utils/errors";
import { dayFromIso, formatDate, isoDay } from "~/utils/format";
import { fail, ok, type Result } from "~/utils/result";
import {
  applyDecision,
  canDecide,
  canRecordDecisions,
  DECISION_LABELS,
  type BoardRole,
  type DecisionInput,
  type MeetingStatus,
} from "./rules";
import type { Actor } from "~/modules/auth/actor";

export type ArisingInput = { title: string; owner: string; dueDate: string | null };
export type DecisionResult = Result<object, { fieldErrors: Record<string, string[]> }>;

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
  const member = await db.boardMember.findFirst({
    where: { authorityId, boardId: item.meeting.boardId, userId: actor.id },
    select: { boardRole: true },
  });
  if (!canDecide((member?.boardRole as BoardRole | undefined) ?? null))
    throw forbidden("Only the chair and members of this board can record its decisions. Observers cannot.");
  if (!canRecordDecisions(item.meeting.status as MeetingStatus)) {
    throw new AppError({
      status: 409,
      message:
        item.meeting.status === "planned"
          ? "Publish the agenda before recording decisions."
          : "The minutes of this meeting are approved and locked.",
    });
  }
  if (item.decision)
    throw new AppError({ status: 409, message: "A decision has already been recorded for this item." });
  if (item.action.deletedAt)
    throw new AppError({
      status: 409,
      message: "This action has been removed from the plan since the agenda was published.",
    });

  const status = parseActionStatus(item.action.status);
  const applied = applyDecision({ action: { status, dueDate: isoDay(item.action.dueDate) }, input });
  if (!applied.ok) return fail({ fieldErrors: applied.fieldErrors as Record<string, string[]> });

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
  if (Object.keys(fieldErrors).length) return fail({ fieldErrors });

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
    const changes: Record<string, [unknown, unknown]> = {
      decision: [null, DECISION_LABELS[input.decision]],
      board: [null, board.name],
      meeting: [null, item.meeting.scheduledAt.toISOString()],
    };
    if (applied.status) changes.status = [before.status, applied.status];
    if (applied.dueDate) changes.dueDate = [isoDay(before.dueDate), applied.dueDate];
    if (input.challenge) changes.challenge = [null, input.challenge];
    const written = await applyActionChange({
      authorityId,
      actor,
      tx,
      target: { actionId: before.id, expectedVersion: before.version },
      change: {
        kind: "decision",
        decision: input.decision,
        toStatus: applied.status,
        toDueDate: dayFromIso(applied.dueDate),
        updateKind: applied.updateKind,
        body: `${board.name}, ${when}: ${applied.summary}${input.notes ? `\n\nNotes: ${input.notes}` : ""}`,
        boardDecisionId: decision.id,
        auditChanges: changes,
      },
    });
    if (!written.ok)
      throw new AppError({
        status: 409,
        message:
          "conflict" in written
            ? "Someone changed this action while the decision was being recorded. Reload the page and record the decision again."
            : written.message,
      });

    for (const [i, a] of arising.entries()) {
      const dueDate = dayFromIso(a.dueDate);
      const created = await applyActionChange({
        authorityId,
        actor,
        tx,
        target: { create: { recommendationId: before.recommendationId, arisingFromDecisionId: decision.id } },
        change: {
          kind: "create",
          fields: {
            title: a.title.trim(),
            description: `Arising from the ${board.name} decision of ${when} on "${before.title}".`,
            ownerId: owners[i] ?? null,
            leadService: "",
            partnerAgencies: "",
            successMeasure: "",
            startDate: null,
            dueDate,
          },
          auditChanges: {
            title: [null, a.title.trim()],
            arisingFrom: [null, `${board.name}, ${when}`],
            ownerId: [null, owners[i] ?? null],
            dueDate: [null, a.dueDate],
          },
        },
      });
      if (!created.ok) throw new AppError({ status: 409, message: created.message });
    }
  });
  return ok();
}

/** The board decisions on an action, latest first, with their board and meeting, for the action's page. */
export async function decisionsForAction({
  authorityId,
  actionId,
  take = 10,
}: {
  authorityId: string;
  actionId: string;
  take?: number;
}) {
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
