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

/**
 * What an admin does to an inspection or an item, said once for both, from
 * what differs between them (`spec`). `get` finds it for its correction page
 * (removed ones too, to restore them). `edit` corrects it: refused with who
 * changed it last when someone saved first (the version), a no-op when
 * nothing changed, else written and audited field by field in one
 * transaction. `setRemoved` is the soft delete or restore, with what goes (and
 * comes back) with it: `cascade` marks those with the same removal time, so
 * restoring brings back exactly those, not ones removed on their own before.
 */
function correctable<
  T extends { id: string; version: number; updatedAt: Date; deletedAt: Date | null },
  V extends { version: number },
  N,
>(spec: {
  entityType: "Inspection" | "Recommendation";
  find: (where: { id: string; authorityId: string }) => Promise<T | null>;
  /** The columns the edit form sets, from its value. */
  next: (value: V) => N & Partial<T>;
  updateMany: (
    tx: Tx,
    args: { where: { id: string; authorityId: string; version: number }; data: N & { version: { increment: 1 } } },
  ) => Promise<{ count: number }>;
  /** Refuses (throws) a removal or a restore that cannot be made. */
  checkRemoval?: (current: T, removed: boolean) => void;
  update: (tx: Tx, where: { id: string }, data: Removed) => Promise<unknown>;
  /** Marks what goes with `current` (those `where` finds), and says how many of each. */
  cascade: (
    tx: Tx,
    current: T,
    where: { authorityId: string; deletedAt: Date | null },
    data: Removed,
  ) => Promise<object>;
  /** What the removal's audit names it by. */
  changes: (current: T) => object;
}) {
  const { entityType } = spec;
  const get = async ({ authorityId, id }: { authorityId: string; id: string }) => {
    const current = await spec.find({ id, authorityId });
    if (!current) throw notFound(entityType.toLowerCase());
    return current;
  };

  const edit = async ({ authorityId, actor, id, value }: ActorCall & { id: string; value: V }): Promise<EditResult> => {
    requireEditor(actor);
    const current = await get({ authorityId, id });
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

  const setRemoved = async ({ authorityId, actor, id, removed, reason }: ActorCall & Removal & { id: string }) => {
    requireEditor(actor);
    const current = await get({ authorityId, id });
    spec.checkRemoval?.(current, removed);
    if ((current.deletedAt !== null) === removed) return;
    const stamp = removed ? new Date() : current.deletedAt!;
    const data: Removed = { deletedAt: removed ? stamp : null, version: { increment: 1 } };
    await getDb().$transaction(async (tx) => {
      await spec.update(tx, { id: current.id }, data);
      const counts = await spec.cascade(tx, current, { authorityId, deletedAt: removed ? null : stamp }, data);
      await recordAudit({
        tx,
        authorityId,
        actorId: actor.id,
        action: removed ? "delete" : "restore",
        entityType,
        entityId: current.id,
        changes: { ...spec.changes(current), reason, ...counts },
        requestId: actor.requestId,
      });
    });
  };

  return { entityType, get, edit, setRemoved };
}

type Removal = { removed: boolean; reason: string };
type Removed = { deletedAt: Date | null; version: { increment: 1 } };

/** An inspection; it goes (and comes back) with its items and their actions. */
export const inspectionCorrection = correctable({
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
  update: (tx, where, data) => tx.inspection.update({ where, data }),
  cascade: async (tx, current, where, data) => ({
    items: (await tx.recommendation.updateMany({ where: { ...where, inspectionId: current.id }, data })).count,
    actions: (await tx.action.updateMany({ where: { ...where, recommendation: { inspectionId: current.id } }, data }))
      .count,
  }),
  changes: (current) => ({ title: current.title }),
});

/** An inspection item (a recommendation); it goes (and comes back) with its actions, but cannot come back while its inspection is removed. */
export const recommendationCorrection = correctable({
  entityType: "Recommendation",
  find: (where) =>
    getDb().recommendation.findFirst({
      where,
      include: { inspection: { select: { id: true, title: true, deletedAt: true } } },
    }),
  next: ({ reference, text, kind, addressedTo, timescale }: RecommendationEditValue) => ({
    reference,
    text,
    kind,
    addressedTo,
    timescale,
  }),
  updateMany: (tx, args) => tx.recommendation.updateMany(args),
  checkRemoval: (current, removed) => {
    if (!removed && current.deletedAt !== null && current.inspection.deletedAt)
      throw new AppError({ status: 409, message: "This item's inspection is removed. Restore the inspection first." });
  },
  update: (tx, where, data) => tx.recommendation.update({ where, data }),
  cascade: async (tx, current, where, data) => ({
    actions: (await tx.action.updateMany({ where: { ...where, recommendationId: current.id }, data })).count,
  }),
  changes: (current) => ({ reference: current.reference }),
});
