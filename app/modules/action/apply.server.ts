/**
 * Runs the one action pipeline (change.ts) against the database: loads the
 * action scoped to the authority, plans the change, and in one transaction
 * writes the columns only if the action is still at the version it was read
 * at (and at `expectedVersion`, when the user's form carried one), writes
 * the timeline entry, the audit event and the notifications (the outbox), and
 * refreshes the search text. It returns the events, for webhooks.
 */
import { recordAudit } from "~/modules/audit/service.server";
import { notifyActionEvents } from "~/modules/notify/action-events.server";
import type { Actor } from "~/modules/auth/actor";
import type { Db } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/errors";
import { fail, type Fail, type Ok } from "~/utils/result";
import {
  planActionChange,
  type ActionChange,
  type ActionColumns,
  type ActionEvent,
  type PlannedChange,
  type RefusedChange,
} from "./change";
import { searchTextOf } from "./search-text";
import { refreshSearchText } from "./search-text.server";

export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export type AppliedChange = Ok<{
  actionId: string;
  /** The action's version after the change (unchanged when nothing changed). */
  version: number;
  /** False when the change changed nothing (nothing was written). */
  changed: boolean;
  events: (ActionEvent & { actionId: string })[];
  plan: PlannedChange;
}>;
export type ApplyActionChangeResult = AppliedChange | RefusedChange | Fail<{ conflict: true; message: string }>;

/** The changes a removed action still takes: restoring it, and unassigning it when its owner leaves. */
const ON_REMOVED: readonly ActionChange["kind"][] = ["remove", "restore", "unassign"];

type Target =
  /** An existing action. `expectedVersion` is the version the user's form was rendered from. */
  | { actionId: string; expectedVersion?: number }
  /** A new action under a recommendation of the authority. */
  | { create: { recommendationId: string; arisingFromDecisionId?: string | null } };

/**
 * Applies a change to an action. Pass `tx` to run inside the caller's
 * transaction (a board decision, a member's removal); `within` runs in the
 * same transaction after the action is written (a milestone's own row).
 * A removed action is not found, except to restore it (or unassign it).
 */
export async function applyActionChange({
  authorityId,
  actor,
  target,
  change,
  now = new Date(),
  tx,
  within,
}: {
  authorityId: string;
  actor: Actor;
  target: Target;
  change: ActionChange;
  now?: Date;
  tx?: Tx;
  within?: (tx: Tx, actionId: string) => Promise<void>;
}): Promise<ApplyActionChangeResult> {
  const run = async (t: Tx): Promise<ApplyActionChangeResult> => {
    if ("create" in target) {
      const plan = planActionChange(null, change, actor, now);
      if (!plan.ok) return plan;
      const c = plan.columns as ActionColumns;
      const position = await t.action.count({
        where: { authorityId, recommendationId: target.create.recommendationId },
      });
      const created = await t.action.create({
        data: {
          ...c,
          authorityId,
          recommendationId: target.create.recommendationId,
          arisingFromDecisionId: target.create.arisingFromDecisionId ?? null,
          position,
          searchText: searchTextOf([c.title, c.description]),
        },
      });
      await finish(t, plan, created.id, created.version);
      return {
        ok: true,
        actionId: created.id,
        version: created.version,
        changed: true,
        events: plan.events.map((e) => ({ ...e, actionId: created.id })),
        plan,
      };
    }
    const { actionId, expectedVersion } = target;
    const action = await t.action.findFirst({ where: { id: actionId, authorityId } });
    if (!action || (action.deletedAt && !ON_REMOVED.includes(change.kind))) throw notFound("action");
    const conflict = fail({ conflict: true, message: "Someone changed this action meanwhile" });
    if (expectedVersion !== undefined && action.version !== expectedVersion) return conflict;
    const plan = planActionChange(action, change, actor, now);
    if (!plan.ok) return plan;
    const touched = Object.keys(plan.columns).length > 0;
    if (!touched && !plan.audit)
      return { ok: true, actionId, version: action.version, changed: false, events: [], plan };
    let version = action.version;
    if (touched) {
      const { count } = await t.action.updateMany({
        where: { id: actionId, authorityId, version: action.version },
        data: { ...plan.columns, version: { increment: 1 } },
      });
      if (count !== 1) return conflict;
      version += 1;
    }
    if (within) await within(t, actionId);
    await finish(t, plan, actionId, version);
    return { ok: true, actionId, version, changed: true, events: plan.events.map((e) => ({ ...e, actionId })), plan };
  };

  async function finish(t: Tx, plan: PlannedChange, actionId: string, version: number) {
    if (plan.timeline) {
      const update = await t.actionUpdate.create({
        data: { ...plan.timeline, authorityId, actionId, authorId: actor.id },
      });
      // A progress update is itself a record people refer to, audited as one.
      if (change.kind === "progress") {
        await recordAudit({
          tx: t,
          authorityId,
          actorId: actor.id,
          action: "create",
          entityType: "ActionUpdate",
          entityId: update.id,
          changes: { actionId: [null, actionId] },
          requestId: actor.requestId,
        });
      }
    }
    if (plan.refreshSearchText) await refreshSearchText({ tx: t, authorityId, actionId });
    if (plan.audit) {
      await recordAudit({
        tx: t,
        authorityId,
        actorId: actor.id,
        action: plan.audit.action,
        entityType: "Action",
        entityId: actionId,
        changes: plan.audit.changes,
        requestId: actor.requestId,
      });
    }
    // The outbox: whoever must be told is told in this transaction (ADR 021).
    await notifyActionEvents(t, {
      authorityId,
      actionId,
      version,
      events: plan.events,
      actor,
      challenge: plan.timeline?.body ?? null,
    });
  }

  if (tx) return run(tx);
  return getDb().$transaction((t) => run(t));
}
