/**
 * Corrections to saved inspections and their items (admins): version-checked
 * so that nobody's edit is silently overwritten, audited field by field in
 * the same transaction, and removal is a soft delete that can be undone.
 */
import type { Actor } from "~/modules/auth/actor";
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

export async function updateInspection({
  authorityId,
  inspectionId,
  actor,
  value,
}: {
  authorityId: string;
  inspectionId: string;
  actor: Actor;
  value: InspectionEditValue;
}): Promise<EditResult> {
  requireEditor(actor);
  const db = getDb();
  const current = await db.inspection.findFirst({ where: { id: inspectionId, authorityId } });
  if (!current) throw notFound("inspection");
  const next = {
    type: value.type,
    title: value.title,
    startDate: dayFromIso(value.startDate),
    endDate: dayFromIso(value.endDate),
    publishedAt: dayFromIso(value.publishedAt),
    leadInspector: value.leadInspector,
  };
  if (current.version !== value.version)
    return lastChange({ authorityId, entityType: "Inspection", entityId: current.id, updatedAt: current.updatedAt });
  const changes = diffFields(current, next, ["type", "title", "startDate", "endDate", "publishedAt", "leadInspector"]);
  if (Object.keys(changes).length === 0) return ok();
  return db.$transaction(async (tx) => {
    const { count } = await tx.inspection.updateMany({
      where: { id: current.id, authorityId, version: value.version },
      data: { ...next, version: { increment: 1 } },
    });
    if (count !== 1)
      return lastChange({ authorityId, entityType: "Inspection", entityId: current.id, updatedAt: current.updatedAt });
    await recordAudit({
      tx,
      authorityId,
      actorId: actor.id,
      action: "update",
      entityType: "Inspection",
      entityId: current.id,
      changes,
      requestId: actor.requestId,
    });
    return ok();
  });
}

/** Soft delete or restore of an inspection (with its items and actions left as they are, so that restoring brings everything back). */
export async function setInspectionRemoved({
  authorityId,
  inspectionId,
  actor,
  removed,
  reason,
}: {
  authorityId: string;
  inspectionId: string;
  actor: Actor;
  removed: boolean;
  reason: string;
}) {
  requireEditor(actor);
  const db = getDb();
  const current = await db.inspection.findFirst({ where: { id: inspectionId, authorityId } });
  if (!current) throw notFound("inspection");
  if ((current.deletedAt !== null) === removed) return;
  // Its items and their actions go (and come back) with it. They carry the
  // inspection's removal time, so restoring brings back exactly those, not
  // ones removed on their own before.
  const stamp = removed ? new Date() : current.deletedAt!;
  const cascade = removed ? { deletedAt: null } : { deletedAt: stamp };
  const to = removed ? stamp : null;
  await db.$transaction(async (tx) => {
    await tx.inspection.update({ where: { id: current.id }, data: { deletedAt: to, version: { increment: 1 } } });
    const recs = await tx.recommendation.updateMany({
      where: { authorityId, inspectionId: current.id, ...cascade },
      data: { deletedAt: to, version: { increment: 1 } },
    });
    const actions = await tx.action.updateMany({
      where: { authorityId, recommendation: { inspectionId: current.id }, ...cascade },
      data: { deletedAt: to, version: { increment: 1 } },
    });
    await recordAudit({
      tx,
      authorityId,
      actorId: actor.id,
      action: removed ? "delete" : "restore",
      entityType: "Inspection",
      entityId: current.id,
      changes: { title: current.title, reason, items: recs.count, actions: actions.count },
      requestId: actor.requestId,
    });
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

export async function updateRecommendation({
  authorityId,
  recommendationId,
  actor,
  value,
}: {
  authorityId: string;
  recommendationId: string;
  actor: Actor;
  value: RecommendationEditValue;
}): Promise<EditResult> {
  requireEditor(actor);
  const db = getDb();
  const current = await db.recommendation.findFirst({ where: { id: recommendationId, authorityId } });
  if (!current) throw notFound("recommendation");
  if (current.version !== value.version)
    return lastChange({
      authorityId,
      entityType: "Recommendation",
      entityId: current.id,
      updatedAt: current.updatedAt,
    });
  const next = {
    reference: value.reference,
    text: value.text,
    kind: value.kind,
    addressedTo: value.addressedTo,
    timescale: value.timescale,
  };
  const changes = diffFields(current, next, ["reference", "text", "kind", "addressedTo", "timescale"]);
  if (Object.keys(changes).length === 0) return ok();
  return db.$transaction(async (tx) => {
    const { count } = await tx.recommendation.updateMany({
      where: { id: current.id, authorityId, version: value.version },
      data: { ...next, version: { increment: 1 } },
    });
    if (count !== 1)
      return lastChange({
        authorityId,
        entityType: "Recommendation",
        entityId: current.id,
        updatedAt: current.updatedAt,
      });
    await recordAudit({
      tx,
      authorityId,
      actorId: actor.id,
      action: "update",
      entityType: "Recommendation",
      entityId: current.id,
      changes,
      requestId: actor.requestId,
    });
    return ok();
  });
}

export async function setRecommendationRemoved({
  authorityId,
  recommendationId,
  actor,
  removed,
  reason,
}: {
  authorityId: string;
  recommendationId: string;
  actor: Actor;
  removed: boolean;
  reason: string;
}) {
  requireEditor(actor);
  const db = getDb();
  const current = await db.recommendation.findFirst({
    where: { id: recommendationId, authorityId },
    include: { inspection: { select: { deletedAt: true } } },
  });
  if (!current) throw notFound("recommendation");
  if ((current.deletedAt !== null) === removed) return;
  if (!removed && current.inspection.deletedAt)
    throw new AppError({ status: 409, message: "This item's inspection is removed. Restore the inspection first." });
  // Its actions go (and come back) with it; see setInspectionRemoved.
  const stamp = removed ? new Date() : current.deletedAt!;
  const to = removed ? stamp : null;
  await db.$transaction(async (tx) => {
    await tx.recommendation.update({ where: { id: current.id }, data: { deletedAt: to, version: { increment: 1 } } });
    const actions = await tx.action.updateMany({
      where: { authorityId, recommendationId: current.id, deletedAt: removed ? null : stamp },
      data: { deletedAt: to, version: { increment: 1 } },
    });
    await recordAudit({
      tx,
      authorityId,
      actorId: actor.id,
      action: removed ? "delete" : "restore",
      entityType: "Recommendation",
      entityId: current.id,
      changes: { reference: current.reference, reason, actions: actions.count },
      requestId: actor.requestId,
    });
  });
}
