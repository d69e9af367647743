/**
 * Changes to actions, as the forms and lists ask for them. Each one is a
 * change through the one pipeline (change.ts planned, apply.server.ts
 * applied): scoped to the authority, checked against the status/RAG rules
 * (status.ts), made only if the action is still at the version the user
 * started from (no lost updates), and audited with field-level before/after
 * in the same transaction. This file checks who may ask and turns the
 * pipeline's answer into what the forms show.
 */
import type { Actor, ActorCall } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import { getDb } from "~/utils/db.server";
import { AppError, forbidden, notFound } from "~/utils/errors";
import { dayFromIso } from "~/utils/format";
import { fail, ok, type Result } from "~/utils/result";
import { applyActionChange, type Tx } from "./apply.server";
import { FIELD_LABELS, type ActionChange, type RefusedChange } from "./change";
import type { ActionDetailsValue, MilestoneValue, NewActionValue, ProgressUpdateValue } from "./forms";
import { resolveOwner } from "./history.server";

/** What the user sees when someone else saved first: each field that changed meanwhile. */
export type Conflict = {
  changedBy: string | null;
  changedAt: string;
  fields: { field: string; label: string; theirs: string }[];
};
export type MutationResult = Result<
  { version: number },
  { conflict: Conflict } | { fieldErrors: Record<string, string[]> }
>;

const show = (v: unknown) =>
  v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined || v === "" ? "(blank)" : String(v);

/** The action's columns from its form (new or edit), with the owner already resolved to a member. */
function actionColumns(value: Omit<NewActionValue, "intent">, ownerId: string | null) {
  return {
    title: value.title,
    description: value.description,
    ownerId,
    leadService: value.leadService,
    partnerAgencies: value.partnerAgencies,
    successMeasure: value.successMeasure,
    startDate: dayFromIso(value.startDate),
    dueDate: dayFromIso(value.dueDate),
  };
}

/** Who asks to change which action, in which authority. */
type ActionRequest = { authorityId: string; actionId: string; actor: Actor };

async function loadForChange({ authorityId, actionId, actor }: ActionRequest) {
  const action = await getDb().action.findFirst({ where: { id: actionId, authorityId, deletedAt: null } });
  if (!action) throw notFound("action");
  const canAny = roleHasPermission(actor.role, "write:action:any");
  const isOwner = action.ownerId === actor.id;
  if (!canAny && !(isOwner && roleHasPermission(actor.role, "update:action:own"))) {
    // Partners and others outside the action see nothing of it.
    if (!roleHasPermission(actor.role, "read:action:any")) throw notFound("action");
    throw forbidden("Only the action's owner or an authority admin can change this action.");
  }
  return { action, canAny, isOwner };
}

/** Builds the conflict report from the fields that differ between what the user started from and what is saved now. */
async function conflictFor({
  authorityId,
  actionId,
  base,
}: {
  authorityId: string;
  actionId: string;
  base: Record<string, unknown>;
}): Promise<Conflict> {
  const db = getDb();
  const current = await db.action.findFirstOrThrow({
    where: { id: actionId, authorityId },
    include: { owner: { select: { name: true } } },
  });
  const last = await db.auditEvent.findFirst({
    where: { authorityId, entityType: "Action", entityId: actionId },
    orderBy: { createdAt: "desc" },
    include: { actor: { select: { name: true } } },
  });
  const fields: Conflict["fields"] = [];
  for (const [field, before] of Object.entries(base)) {
    const now = (current as Record<string, unknown>)[field];
    if (show(now) !== show(before)) {
      fields.push({
        field,
        label: FIELD_LABELS[field] ?? field,
        theirs: field === "ownerId" ? (current.owner?.name ?? "(unassigned)") : show(now),
      });
    }
  }
  return {
    changedBy: last?.actor?.name ?? null,
    changedAt: (last?.createdAt ?? current.updatedAt).toISOString(),
    fields,
  };
}

/** A refusal from the pipeline as the form shows it; a change the actor may not make at all is a 403. */
function refusedToForm(r: RefusedChange): MutationResult {
  if (r.forbidden) throw forbidden(r.message);
  return fail({ fieldErrors: r.fieldErrors ?? { form: [r.message] } });
}

/**
 * Applies a change made on one action's form, which started from `version`:
 * someone else's save meanwhile is a conflict that says what changed since `base`.
 */
async function changeFromForm(
  { authorityId, actionId, actor }: ActionRequest,
  { version, base }: { version: number; base: Record<string, unknown> },
  change: ActionChange,
): Promise<MutationResult> {
  const r = await applyActionChange({ authorityId, actor, target: { actionId, expectedVersion: version }, change });
  if (r.ok) return ok({ version: r.version });
  if ("conflict" in r) return fail({ conflict: await conflictFor({ authorityId, actionId, base }) });
  return refusedToForm(r);
}

/** Edits the action's details. Due-date changes are recorded as extensions with a reason. */
export async function updateActionDetails({
  authorityId,
  actionId,
  actor,
  value,
  base,
}: ActorCall & {
  actionId: string;
  value: ActionDetailsValue;
  /** The values the user's form started from, to say what changed meanwhile on a conflict. */
  base: Record<string, unknown>;
}): Promise<MutationResult> {
  const { action } = await loadForChange({ authorityId, actionId, actor });
  if (action.version !== value.version) return fail({ conflict: await conflictFor({ authorityId, actionId, base }) });
  const owner = await resolveOwner({ authorityId, value: value.ownerId });
  if (!owner.ok) return fail({ fieldErrors: { ownerId: [owner.message] } });
  return changeFromForm(
    { authorityId, actionId, actor },
    { version: value.version, base },
    {
      kind: "details",
      fields: actionColumns(value, owner.id),
      impactRag: value.impactRag,
      impactReason: value.impactReason,
      extensionReason: value.extensionReason,
    },
  );
}

/** Records a dated progress update, optionally changing progress, RAG or status (under the workflow rules). */
export async function addProgressUpdate({
  authorityId,
  actionId,
  actor,
  value,
}: ActionRequest & { value: ProgressUpdateValue }): Promise<MutationResult> {
  const { action } = await loadForChange({ authorityId, actionId, actor });
  const base = { progress: action.progress, rag: action.rag, status: action.status };
  return changeFromForm(
    { authorityId, actionId, actor },
    { version: value.version, base },
    {
      kind: "progress",
      body: value.body,
      toProgress: value.progress,
      toRag: value.rag,
      ragReason: value.ragReason,
      toStatus: value.status,
      statusReason: value.statusReason,
    },
  );
}

/** Creates an action under a recommendation of the authority. Admins only. */
export async function createAction({
  authorityId,
  actor,
  recommendationId,
  value,
}: ActorCall & { recommendationId: string; value: Omit<NewActionValue, "intent"> }) {
  if (!roleHasPermission(actor.role, "write:action:any")) throw forbidden();
  const db = getDb();
  const rec = await db.recommendation.findFirst({
    where: { id: recommendationId, authorityId, deletedAt: null },
    select: { id: true },
  });
  if (!rec) throw notFound("recommendation");
  const owner = await resolveOwner({ authorityId, value: value.ownerId });
  if (!owner.ok) return fail({ fieldErrors: { ownerId: [owner.message] } });
  const r = await applyActionChange({
    authorityId,
    actor,
    target: { create: { recommendationId } },
    change: { kind: "create", fields: actionColumns(value, owner.id) },
  });
  if (!r.ok) return fail({ fieldErrors: "fieldErrors" in r && r.fieldErrors ? r.fieldErrors : { title: [r.message] } });
  const action = await db.action.findFirstOrThrow({ where: { id: r.actionId, authorityId } });
  return ok({ action });
}

/** Soft delete (admins): the action disappears from the plan but can be restored. */
export async function setActionDeleted({
  authorityId,
  actionId,
  actor,
  deleted,
}: ActorCall & { actionId: string; deleted: boolean }) {
  if (!roleHasPermission(actor.role, "write:action:any")) throw forbidden();
  const r = await applyActionChange({
    authorityId,
    actor,
    target: { actionId },
    change: { kind: deleted ? "remove" : "restore" },
  });
  if (!r.ok) throw new AppError({ status: 409, message: "Someone changed this action meanwhile. Try again." });
}

export type BulkChange =
  | { field: "owner"; ownerId: string | null }
  | { field: "dueDate"; dueDate: string; reason: string }
  | { field: "status"; status: string; reason: string };

/**
 * Bulk edit of owner, due date or status on selected actions (admins). Each
 * action is changed and audited on its own; the ones the rules refuse are
 * reported back, never silently skipped.
 */
export async function bulkUpdateActions({
  authorityId,
  actor,
  ids,
  change,
}: ActorCall & { ids: string[]; change: BulkChange }) {
  if (!roleHasPermission(actor.role, "write:action:any")) throw forbidden();
  const db = getDb();
  let newOwnerId: string | null = null;
  if (change.field === "owner") {
    const owner = await resolveOwner({ authorityId, value: change.ownerId });
    if (!owner.ok) throw new AppError({ status: 400, message: `${owner.message}.` });
    newOwnerId = owner.id;
  }
  const actions = await db.action.findMany({
    where: { id: { in: ids.slice(0, 500) }, authorityId, deletedAt: null },
    select: { id: true, title: true, version: true },
  });
  const refused: { id: string; title: string; message: string }[] = [];
  let changed = 0;
  for (const action of actions) {
    const r = await applyActionChange({
      authorityId,
      actor,
      target: { actionId: action.id, expectedVersion: action.version },
      change: {
        kind: "bulk",
        change:
          change.field === "owner"
            ? { field: "owner", toOwnerId: newOwnerId }
            : change.field === "dueDate"
              ? { field: "dueDate", toDueDate: dayFromIso(change.dueDate)!, reason: change.reason }
              : { field: "status", toStatus: change.status, reason: change.reason },
      },
    });
    if (!r.ok)
      refused.push({
        id: action.id,
        title: action.title,
        message: "conflict" in r ? "Someone changed this action meanwhile. Try again" : r.message,
      });
    else if (r.changed) changed += 1;
  }
  return { changed, refused };
}

/** A change to one of an action's milestones: made by `within`, inside the action's change, so that it is audited on the action. */
function milestoneChange(
  { authorityId, actor }: ActorCall,
  actionId: string,
  change: Omit<Extract<ActionChange, { kind: "milestone" }>, "kind">,
  within: (tx: Tx) => Promise<void>,
) {
  return applyActionChange({
    authorityId,
    actor,
    target: { actionId },
    change: { kind: "milestone", ...change },
    within,
  });
}

/** Adds a dated milestone to an action (its owner or an admin). */
export async function addMilestone({
  authorityId,
  actionId,
  actor,
  value,
}: ActionRequest & { value: Omit<MilestoneValue, "intent"> }) {
  const { action } = await loadForChange({ authorityId, actionId, actor });
  const made: { milestone?: Awaited<ReturnType<ReturnType<typeof getDb>["actionMilestone"]["create"]>> } = {};
  const auditChanges = { milestone: [null, value.milestoneTitle], milestoneDate: [null, value.milestoneDue] };
  await milestoneChange({ authorityId, actor }, action.id, { change: "add", auditChanges }, async (tx) => {
    const position = await tx.actionMilestone.count({ where: { actionId: action.id } });
    made.milestone = await tx.actionMilestone.create({
      data: {
        authorityId,
        actionId: action.id,
        title: value.milestoneTitle,
        dueDate: dayFromIso(value.milestoneDue),
        position,
      },
    });
  });
  if (!made.milestone) throw new Error("The milestone was not created");
  return made.milestone;
}

/** Marks a milestone done or not done, or removes it (its action's owner or an admin). */
export async function changeMilestone({
  authorityId,
  actionId,
  milestoneId,
  actor,
  change,
}: ActorCall & { actionId: string; milestoneId: string; change: "done" | "undone" | "remove" }) {
  const { action } = await loadForChange({ authorityId, actionId, actor });
  const m = await getDb().actionMilestone.findFirst({ where: { id: milestoneId, actionId: action.id, authorityId } });
  if (!m) throw notFound("milestone");
  const doneAt = change === "done" ? new Date() : null;
  const planned = {
    change: change === "remove" ? "remove" : doneAt ? "done" : "undone",
    auditChanges:
      change === "remove"
        ? { milestone: [m.title, null] }
        : { milestone: m.title, done: [m.doneAt !== null, doneAt !== null] },
  } as const;
  await milestoneChange({ authorityId, actor }, action.id, planned, async (tx) => {
    if (change === "remove") await tx.actionMilestone.delete({ where: { id: m.id } });
    else await tx.actionMilestone.update({ where: { id: m.id }, data: { doneAt } });
  });
}
