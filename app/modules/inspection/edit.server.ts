/**
 * Corrections to saved inspections and their items (admins): version-checked
 * so that nobody's edit is silently overwritten, audited field by field in
 * the same transaction, and removal is a soft delete that can be undone.
 */
import type { Actor, ActorCall } from "~/modules/auth/actor";
import type { Tx } from "~/modules/action/apply.server";
import { roleHasPermission } from "~/modules/auth/permissions";
import { diffFields, recordAudit } from "~/modules/audit/service.server";
import { getDb } from "~/utils/db.server";
import { AppError, forbidden, notFound } from "~/utils/errors";
import type { InspectionEditValue, RecommendationEditValue } from "./forms";
import { dayFromIso } from "~/utils/format";
import { fail, ok, type Result } from "~/utils/result";

export type EditResult = Result<object, { conflict: { changedBy: string | null; changedAt: string } }>;

function requireEditor(actor: Actor) {
  if (!roleHasPermission(actor.role, "write:inspection:any"))
    throw forbidden("Only an authority admin can correct inspections.");
}

async function lastChange({
  authorityId,
  entityType,
  entityId,
  updatedAt,
}: {
  authorityId: string;
  entityType: string;
  entityId: string;
  updatedAt: Date;
}) {
  const last = await getDb().auditEvent.findFirst({
    where: { authorityId, entityType, entityId },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true, actor: { select: { name: true } } },
  });
  return fail({
    conflict: { changedBy: last?.actor?.name ?? null, changedAt: (last?.createdAt ?? updatedAt).toISOString() },
  });
}

/** An inspection for its edit page: admins see removed ones too, to restore them. */
export async function getInspectionForEdit({
  authorityId,
  inspectionId,
}: {
  authorityId: string;
  inspectionId: string;
}) {
  const inspection = await getDb().inspection.findFirst({ where: { id: inspectionId, authorityId } });
  if (!inspection) throw notFound("inspection");
  return inspection;
}

/**
 * An admin's correction of an inspection or an item, said once for both:
 * refused with who changed it last when someone saved first (the version), a
 * no-op when nothing changed, else written and audited field by field in one
 * transaction.
 */
function editor<T extends { id: string; version: number; updatedAt: Date }, V extends { version: number }, N>(spec: {
  entityType: "Inspection" | "Recommendation";
  find: (where: { id: string; authorityId: string }) => Promise<T | null>;
  /** The columns the edit form sets, from its value. */
  next: (value: V) => N & Partial<T>;
  updateMany: (
    tx: Tx,
    args: { where: { id: string; authorityId: string; version: number }; data: N & { version: { increment: 1 } } },
  ) => Promise<{ count: number }>;
}) {
  const { entityType } = spec;
  return async ({ authorityId, actor, id, value }: ActorCall & { id: string; value: V }): Promise<EditResult> => {
    requireEditor(actor);
    const current = await spec.find({ id, authorityId });
    if (!current) throw notFound(entityType.toLowerCase());
    const conflict = () => lastChange({ authorityId, entityType, entityId: current.id, updatedAt: current.updatedAt });
    if (current.version !== value.version) return conflict();
    const next = spec.next(value);
    const changes = diffFields<Partial<T>>(current, next, Object.keys(next) as (keyof T)[]);
    if (Object.keys(changes).length === 0) return ok();
    return getDb().$transaction(async (tx) => {
      const where = { id: current.id, authorityId, version: value.version };
      const { count } = await spec.updateMany(tx, { where, data: { ...next, version: { increment: 1 } } });
      if (count !== 1) return conflict();
      await recordAudit({
        tx,
        authorityId,
        actorId: actor.id,
        action: "update",
        entityType,
        entityId: current.id,
        changes,
        requestId: actor.requestId,
      });
      return ok();
    });
  };
}

type Removal = { removed: boolean; reason: string };

const editInspection = editor({
  entityType: "Inspection",
  find: (where) => getDb().inspection.findFirst({ where }),
  next: (value: InspectionEditValue) => ({
    type: value.type,
    title: value.title,
    startDate: dayFromIso(value.startDate),
    endDate: dayFromIso(value.endDate),
    publishedAt: dayFromIso(value.publishedAt),
    leadInspector: value.leadInspector,
  }),
  updateMany: (tx, args) => tx.inspection.updateMany(args),
});
export const updateInspection = ({
  inspectionId,
  ...call
}: ActorCall & { inspectionId: string; value: InspectionEditValue }) => editInspection({ ...call, id: inspectionId });

const editRecommendation = editor({
  entityType: "Recommendation",
  find: (where) => getDb().recommendation.findFirst({ where }),
  next: ({ reference, text, kind, addressedTo, timescale }: RecommendationEditValue) => ({
    reference,
    text,
    kind,
    addressedTo,
    timescale,
  }),
  updateMany: (tx, args) => tx.recommendation.updateMany(args),
});
export const updateRecommendation = ({
  recommendationId,
  ...call
}: ActorCall & { recommendationId: string; value: RecommendationEditValue }) =>
  editRecommendation({ ...call, id: recommendationId });

/**
 * Soft delete or restore of an inspection or an item, with what goes (and
 * comes back) with it: `cascade` marks those with the same removal time, so
 * restoring brings back exactly those, not ones removed on their own before.
 */
async function setRemoved(
  { authorityId, actor, removed, reason }: ActorCall & Removal,
  spec: {
    entityType: "Inspection" | "Recommendation";
    current: { id: string; deletedAt: Date | null };
    update: (tx: Tx, data: Removed) => Promise<unknown>;
    /** Marks what goes with it (those `where` finds), and says how many of each. */
    cascade: (tx: Tx, where: { authorityId: string; deletedAt: Date | null }, data: Removed) => Promise<object>;
    /** What the audit names it by. */
    changes: object;
  },
) {
  const { current } = spec;
  if ((current.deletedAt !== null) === removed) return;
  const stamp = removed ? new Date() : current.deletedAt!;
  const data: Removed = { deletedAt: removed ? stamp : null, version: { increment: 1 } };
  await getDb().$transaction(async (tx) => {
    await spec.update(tx, data);
    const counts = await spec.cascade(tx, { authorityId, deletedAt: removed ? null : stamp }, data);
    await recordAudit({
      tx,
      authorityId,
      actorId: actor.id,
      action: removed ? "delete" : "restore",
      entityType: spec.entityType,
      entityId: current.id,
      changes: { ...spec.changes, reason, ...counts },
      requestId: actor.requestId,
    });
  });
}
type Removed = { deletedAt: Date | null; version: { increment: 1 } };

/** An inspection goes (and comes back) with its items and their actions. */
export async function setInspectionRemoved({ inspectionId, ...call }: ActorCall & Removal & { inspectionId: string }) {
  requireEditor(call.actor);
  const current = await getDb().inspection.findFirst({ where: { id: inspectionId, authorityId: call.authorityId } });
  if (!current) throw notFound("inspection");
  await setRemoved(call, {
    entityType: "Inspection",
    current,
    update: (tx, data) => tx.inspection.update({ where: { id: current.id }, data }),
    cascade: async (tx, where, data) => ({
      items: (await tx.recommendation.updateMany({ where: { ...where, inspectionId: current.id }, data })).count,
      actions: (await tx.action.updateMany({ where: { ...where, recommendation: { inspectionId: current.id } }, data }))
        .count,
    }),
    changes: { title: current.title },
  });
}

/** A recommendation for its edit page, removed ones included (admins). */
export async function getRecommendationForEdit({
  authorityId,
  recommendationId,
}: {
  authorityId: string;
  recommendationId: string;
}) {
  const recommendation = await getDb().recommendation.findFirst({
    where: { id: recommendationId, authorityId },
    include: { inspection: { select: { id: true, title: true, deletedAt: true } } },
  });
  if (!recommendation) throw notFound("recommendation");
  return recommendation;
}

/** An item goes (and comes back) with its actions; it cannot come back while its inspection is removed. */
export async function setRecommendationRemoved({
  recommendationId,
  ...call
}: ActorCall & Removal & { recommendationId: string }) {
  requireEditor(call.actor);
  const current = await getDb().recommendation.findFirst({
    where: { id: recommendationId, authorityId: call.authorityId },
    include: { inspection: { select: { deletedAt: true } } },
  });
  if (!current) throw notFound("recommendation");
  if (!call.removed && current.deletedAt !== null && current.inspection.deletedAt)
    throw new AppError({ status: 409, message: "This item's inspection is removed. Restore the inspection first." });
  await setRemoved(call, {
    entityType: "Recommendation",
    current,
    update: (tx, data) => tx.recommendation.update({ where: { id: current.id }, data }),
    cascade: async (tx, where, data) => ({
      actions: (await tx.action.updateMany({ where: { ...where, recommendationId: current.id }, data })).count,
    }),
    changes: { reference: current.reference },
  });
}
