/**
 * Changes to actions. Every change is scoped to the authority, checked
 * against the status/RAG rules (status.ts), made only if the action is still
 * at the version the user started from (no lost updates), and audited with
 * field-level before/after in the same transaction.
 */
import type { Role } from "~/modules/auth/permissions";
import { roleHasPermission } from "~/modules/auth/permissions";
import { diffFields, recordAudit } from "~/modules/audit/service.server";
import { getDb } from "~/utils/db.server";
import { AppError, forbidden, notFound } from "~/utils/errors";
import type { ActionDetailsValue, MilestoneValue, NewActionValue, ProgressUpdateValue } from "./forms";
import { resolveOwner } from "./history.server";
import { searchTextOf } from "./search-text";
import { refreshSearchText } from "./search-text.server";
import { checkImpactChange, checkRagChange, checkTransition } from "./status";
import { dayFromIso } from "~/utils/format";

export type Actor = { id: string; role: Role; requestId?: string };

/** What the user sees when someone else saved first: each field that changed meanwhile. */
export type Conflict = {
  changedBy: string | null;
  changedAt: string;
  fields: { field: string; label: string; theirs: string }[];
};
export type MutationResult = { ok: true; version: number } | { ok: false; conflict: Conflict } | { ok: false; fieldErrors: Record<string, string[]> };

const FIELD_LABELS: Record<string, string> = {
  title: "Title",
  description: "Description",
  ownerId: "Owner",
  leadService: "Lead service",
  partnerAgencies: "Partner agencies",
  successMeasure: "How we will know",
  startDate: "Start date",
  dueDate: "Due date",
  status: "Status",
  rag: "RAG",
  ragReason: "RAG reason",
  impactRag: "Impact RAG",
  impactReason: "Impact reason",
  progress: "Progress",
  blockedReason: "Blocked reason",
};
const DETAIL_FIELDS = ["title", "description", "ownerId", "leadService", "partnerAgencies", "successMeasure", "startDate", "dueDate", "impactRag", "impactReason"] as const;
/** Fields an owner may change on their own action; the rest need an admin. */
const OWNER_FIELDS: readonly string[] = ["description", "leadService", "partnerAgencies", "successMeasure", "impactRag", "impactReason"];

const show = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined || v === "" ? "(blank)" : String(v));

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

async function loadForChange({ authorityId, actionId, actor }: { authorityId: string; actionId: string; actor: Actor }) {
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
async function conflictFor({ authorityId, actionId, base }: { authorityId: string; actionId: string; base: Record<string, unknown> }): Promise<Conflict> {
  const db = getDb();
  const current = await db.action.findFirstOrThrow({ where: { id: actionId, authorityId }, include: { owner: { select: { name: true } } } });
  const last = await db.auditEvent.findFirst({
    where: { authorityId, entityType: "Action", entityId: actionId },
    orderBy: { createdAt: "desc" },
    include: { actor: { select: { name: true } } },
  });
  const fields: Conflict["fields"] = [];
  for (const [field, before] of Object.entries(base)) {
    const now = (current as Record<string, unknown>)[field];
    if (show(now) !== show(before)) {
      fields.push({ field, label: FIELD_LABELS[field] ?? field, theirs: field === "ownerId" ? (current.owner?.name ?? "(unassigned)") : show(now) });
    }
  }
  return { changedBy: last?.actor?.name ?? null, changedAt: (last?.createdAt ?? current.updatedAt).toISOString(), fields };
}

/** Edits the action's details. Due-date changes are recorded as extensions with a reason. */
export async function updateActionDetails({
  authorityId,
  actionId,
  actor,
  value,
  base,
}: {
  authorityId: string;
  actionId: string;
  actor: Actor;
  value: ActionDetailsValue;
  /** The values the user's form started from, to say what changed meanwhile on a conflict. */
  base: Record<string, unknown>;
}): Promise<MutationResult> {
  const { action, canAny } = await loadForChange({ authorityId, actionId, actor });
  if (action.version !== value.version) return { ok: false, conflict: await conflictFor({ authorityId, actionId, base }) };
  const owner = await resolveOwner({ authorityId, value: value.ownerId });
  if (!owner.ok) return { ok: false, fieldErrors: { ownerId: [owner.message] } };

  const next = {
    ...actionColumns(value, owner.id),
    impactRag: value.impactRag ?? action.impactRag,
    impactReason: value.impactReason || action.impactReason,
  };
  const changes = diffFields(action, next, [...DETAIL_FIELDS]);
  if (Object.keys(changes).length === 0) return { ok: true, version: action.version };
  if (!canAny) {
    const locked = Object.keys(changes).filter((f) => !OWNER_FIELDS.includes(f));
    if (locked.length) throw forbidden(`Only an authority admin can change: ${locked.map((f) => FIELD_LABELS[f] ?? f).join(", ")}.`);
  }
  const errors: Record<string, string[]> = {};
  const impact = checkImpactChange({ from: action.impactRag, to: value.impactRag, reason: value.impactReason });
  if (!impact.ok) errors.impactReason = [impact.message];
  if (changes.dueDate && action.dueDate && !value.extensionReason) errors.extensionReason = ["Enter why the due date is changing"];
  if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };

  const db = getDb();
  return db.$transaction(async (tx) => {
    const { count } = await tx.action.updateMany({
      where: { id: actionId, authorityId, version: value.version },
      data: { ...next, version: { increment: 1 } },
    });
    if (count !== 1) return { ok: false as const, conflict: await conflictFor({ authorityId, actionId, base }) };
    if (changes.dueDate) {
      await tx.actionUpdate.create({
        data: {
          authorityId,
          actionId,
          authorId: actor.id,
          kind: "extension",
          body: value.extensionReason || "Due date set.",
          oldDueDate: action.dueDate,
          newDueDate: next.dueDate,
        },
      });
    }
    await recordAudit({ tx, authorityId, actorId: actor.id, action: "update", entityType: "Action", entityId: actionId, changes, requestId: actor.requestId });
    if (changes.title || changes.description || changes.dueDate) await refreshSearchText({ tx, authorityId, actionId });
    return { ok: true as const, version: value.version + 1 };
  });
}

/** Records a dated progress update, optionally changing progress, RAG or status (under the workflow rules). */
export async function addProgressUpdate({
  authorityId,
  actionId,
  actor,
  value,
}: {
  authorityId: string;
  actionId: string;
  actor: Actor;
  value: ProgressUpdateValue;
}): Promise<MutationResult> {
  const { action, isOwner } = await loadForChange({ authorityId, actionId, actor });
  const base = { progress: action.progress, rag: action.rag, status: action.status };
  if (action.version !== value.version) return { ok: false, conflict: await conflictFor({ authorityId, actionId, base }) };

  const errors: Record<string, string[]> = {};
  const ragChanged = value.rag !== null && value.rag !== action.rag;
  const rag = checkRagChange({ from: action.rag, to: value.rag, reason: value.ragReason });
  if (!rag.ok) errors.ragReason = [rag.message];
  const statusChanged = value.status !== null && value.status !== action.status;
  if (statusChanged) {
    const t = checkTransition({
      from: action.status,
      to: value.status!,
      actor: { role: actor.role, isOwner, via: "update" },
      reason: value.statusReason,
      challenge: value.statusReason,
    });
    if (!t.ok) errors[value.statusReason ? "status" : "statusReason"] = [t.message];
  }
  if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };

  const next: Record<string, unknown> = {};
  if (value.progress !== null && value.progress !== action.progress) next.progress = value.progress;
  if (ragChanged) Object.assign(next, { rag: value.rag, ragReason: value.ragReason });
  if (statusChanged) {
    next.status = value.status;
    if (value.status === "blocked") next.blockedReason = value.statusReason;
    if (action.status === "blocked") next.blockedReason = null;
    if (value.status === "complete") next.completedAt = new Date();
  }
  const now = new Date();
  const changes = diffFields(action as unknown as Record<string, unknown>, next, Object.keys(next));
  return getDb().$transaction(async (tx) => {
    const { count } = await tx.action.updateMany({
      where: { id: actionId, authorityId, version: value.version },
      data: { ...next, lastUpdateAt: now, version: { increment: 1 } },
    });
    if (count !== 1) return { ok: false as const, conflict: await conflictFor({ authorityId, actionId, base }) };
    const update = await tx.actionUpdate.create({
      data: {
        authorityId,
        actionId,
        authorId: actor.id,
        kind: statusChanged ? "status_change" : "update",
        body: value.body,
        progress: value.progress,
        rag: ragChanged ? value.rag : null,
        ragReason: ragChanged ? value.ragReason : null,
        status: statusChanged ? value.status : null,
        createdAt: now,
      },
    });
    await recordAudit({ tx, authorityId, actorId: actor.id, action: "create", entityType: "ActionUpdate", entityId: update.id, changes: { actionId: [null, actionId] }, requestId: actor.requestId });
    await refreshSearchText({ tx, authorityId, actionId });
    if (Object.keys(changes).length) {
      await recordAudit({ tx, authorityId, actorId: actor.id, action: "update", entityType: "Action", entityId: actionId, changes, requestId: actor.requestId });
    }
    return { ok: true as const, version: value.version + 1 };
  });
}

/** Creates an action under a recommendation of the authority. Admins only. */
export async function createAction({ authorityId, actor, recommendationId, value }: { authorityId: string; actor: Actor; recommendationId: string; value: Omit<NewActionValue, "intent"> }) {
  if (!roleHasPermission(actor.role, "write:action:any")) throw forbidden();
  const db = getDb();
  const rec = await db.recommendation.findFirst({ where: { id: recommendationId, authorityId, deletedAt: null }, select: { id: true } });
  if (!rec) throw notFound("recommendation");
  const owner = await resolveOwner({ authorityId, value: value.ownerId });
  if (!owner.ok) return { ok: false as const, fieldErrors: { ownerId: [owner.message] } };
  const data = actionColumns(value, owner.id);
  const action = await db.$transaction(async (tx) => {
    const position = await tx.action.count({ where: { recommendationId } });
    const created = await tx.action.create({ data: { authorityId, recommendationId, position, ...data, searchText: searchTextOf([data.title, data.description]) } });
    const changes = Object.fromEntries(
      Object.entries(data)
        .filter(([, v]) => v !== null && v !== "")
        .map(([k, v]) => [k, [null, v instanceof Date ? v.toISOString() : v]]),
    ) as Record<string, [unknown, unknown]>;
    await recordAudit({ tx, authorityId, actorId: actor.id, action: "create", entityType: "Action", entityId: created.id, changes, requestId: actor.requestId });
    return created;
  });
  return { ok: true as const, action };
}

/** Soft delete (admins): the action disappears from the plan but can be restored. */
export async function setActionDeleted({ authorityId, actionId, actor, deleted }: { authorityId: string; actionId: string; actor: Actor; deleted: boolean }) {
  if (!roleHasPermission(actor.role, "write:action:any")) throw forbidden();
  const db = getDb();
  const action = await db.action.findFirst({ where: { id: actionId, authorityId } });
  if (!action) throw notFound("action");
  await db.$transaction(async (tx) => {
    await tx.action.update({ where: { id: action.id }, data: { deletedAt: deleted ? new Date() : null, version: { increment: 1 } } });
    await recordAudit({ tx, authorityId, actorId: actor.id, action: deleted ? "delete" : "restore", entityType: "Action", entityId: action.id, requestId: actor.requestId });
  });
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
export async function bulkUpdateActions({ authorityId, actor, ids, change }: { authorityId: string; actor: Actor; ids: string[]; change: BulkChange }) {
  if (!roleHasPermission(actor.role, "write:action:any")) throw forbidden();
  const db = getDb();
  let newOwnerId: string | null = null;
  if (change.field === "owner") {
    const owner = await resolveOwner({ authorityId, value: change.ownerId });
    if (!owner.ok) throw new AppError({ status: 400, message: `${owner.message}.` });
    newOwnerId = owner.id;
  }
  const actions = await db.action.findMany({ where: { id: { in: ids.slice(0, 500) }, authorityId, deletedAt: null } });
  const refused: { id: string; title: string; message: string }[] = [];
  let changed = 0;
  for (const action of actions) {
    let data: Record<string, unknown>;
    if (change.field === "owner") data = { ownerId: newOwnerId };
    else if (change.field === "dueDate") data = { dueDate: dayFromIso(change.dueDate) };
    else {
      const t = checkTransition({ from: action.status, to: change.status, actor: { role: actor.role, isOwner: action.ownerId === actor.id, via: "bulk" }, reason: change.reason, challenge: change.reason });
      if (!t.ok) {
        refused.push({ id: action.id, title: action.title, message: t.message });
        continue;
      }
      data = { status: change.status, ...(change.status === "blocked" ? { blockedReason: change.reason } : {}), ...(change.status === "complete" ? { completedAt: new Date() } : {}) };
    }
    const diff = diffFields(action as unknown as Record<string, unknown>, data, Object.keys(data));
    if (Object.keys(diff).length === 0) continue;
    await db.$transaction(async (tx) => {
      await tx.action.update({ where: { id: action.id }, data: { ...data, version: { increment: 1 } } });
      if (change.field === "dueDate") {
        await tx.actionUpdate.create({ data: { authorityId, actionId: action.id, authorId: actor.id, kind: "extension", body: change.reason, oldDueDate: action.dueDate, newDueDate: dayFromIso(change.dueDate) } });
      }
      if (change.field === "status") {
        await tx.actionUpdate.create({ data: { authorityId, actionId: action.id, authorId: actor.id, kind: "status_change", body: change.reason, status: change.status } });
      }
      await recordAudit({ tx, authorityId, actorId: actor.id, action: "bulk_update", entityType: "Action", entityId: action.id, changes: diff, requestId: actor.requestId });
      if (change.field !== "owner") await refreshSearchText({ tx, authorityId, actionId: action.id });
    });
    changed += 1;
  }
  return { changed, refused };
}

/** Adds a dated milestone to an action (its owner or an admin). */
export async function addMilestone({ authorityId, actionId, actor, value }: { authorityId: string; actionId: string; actor: Actor; value: Omit<MilestoneValue, "intent"> }) {
  const { action } = await loadForChange({ authorityId, actionId, actor });
  return getDb().$transaction(async (tx) => {
    const position = await tx.actionMilestone.count({ where: { actionId: action.id } });
    const m = await tx.actionMilestone.create({ data: { authorityId, actionId: action.id, title: value.milestoneTitle, dueDate: dayFromIso(value.milestoneDue), position } });
    await recordAudit({
      tx,
      authorityId,
      actorId: actor.id,
      action: "milestone_add",
      entityType: "Action",
      entityId: action.id,
      changes: { milestone: [null, m.title], milestoneDate: [null, value.milestoneDue] },
      requestId: actor.requestId,
    });
    return m;
  });
}

/** Marks a milestone done or not done, or removes it (its action's owner or an admin). */
export async function changeMilestone({
  authorityId,
  actionId,
  milestoneId,
  actor,
  change,
}: {
  authorityId: string;
  actionId: string;
  milestoneId: string;
  actor: Actor;
  change: "done" | "undone" | "remove";
}) {
  const { action } = await loadForChange({ authorityId, actionId, actor });
  const db = getDb();
  const m = await db.actionMilestone.findFirst({ where: { id: milestoneId, actionId: action.id, authorityId } });
  if (!m) throw notFound("milestone");
  await db.$transaction(async (tx) => {
    if (change === "remove") {
      await tx.actionMilestone.delete({ where: { id: m.id } });
      await recordAudit({ tx, authorityId, actorId: actor.id, action: "milestone_remove", entityType: "Action", entityId: action.id, changes: { milestone: [m.title, null] }, requestId: actor.requestId });
      return;
    }
    const doneAt = change === "done" ? new Date() : null;
    await tx.actionMilestone.update({ where: { id: m.id }, data: { doneAt } });
    await recordAudit({
      tx,
      authorityId,
      actorId: actor.id,
      action: doneAt ? "milestone_done" : "milestone_undone",
      entityType: "Action",
      entityId: action.id,
      changes: { milestone: m.title, done: [m.doneAt !== null, doneAt !== null] },
      requestId: actor.requestId,
    });
  });
}
