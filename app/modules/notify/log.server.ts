/**
 * The delivery log: what was sent, to whom, when, and whether it arrived —
 * for an authority's admins, searchable, per action, meeting or person. A
 * failed delivery can be sent again (audited). Scoped to the authority in
 * every query.
 */
import { recordAudit } from "~/modules/audit/service.server";
import type { Actor } from "~/modules/auth/actor";
import { jobQueue } from "~/modules/jobs/runner.server";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/errors";
import { fail, ok, type Result } from "~/utils/result";
import type { NotificationKind } from "./kinds";

export const DELIVERY_STATUSES = ["queued", "sending", "sent", "failed", "suppressed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export type LogFilter = {
  /** Part of the recipient's address. */
  address?: string;
  kind?: NotificationKind;
  status?: DeliveryStatus;
  actionId?: string;
  meetingId?: string;
  userId?: string;
};

export async function listDeliveries(authorityId: string, filter: LogFilter = {}, take = 100) {
  return getDb().notificationDelivery.findMany({
    where: {
      authorityId,
      ...(filter.address ? { address: { contains: filter.address.toLowerCase() } } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      notification: {
        authorityId,
        ...(filter.kind ? { kind: filter.kind } : {}),
        ...(filter.actionId ? { actionId: filter.actionId } : {}),
        ...(filter.meetingId ? { meetingId: filter.meetingId } : {}),
        ...(filter.userId ? { userId: filter.userId } : {}),
      },
    },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      channel: true,
      address: true,
      status: true,
      attempts: true,
      lastError: true,
      subject: true,
      sentAt: true,
      createdAt: true,
      notification: { select: { kind: true, title: true, link: true, user: { select: { name: true } } } },
    },
  });
}

/** Sends a failed email delivery again: queued afresh, in one transaction with its job and the audit event. */
export async function retryDelivery({
  authorityId,
  deliveryId,
  actor,
}: {
  authorityId: string;
  deliveryId: string;
  actor: Actor;
}): Promise<Result<{ deliveryId: string }, { message: string }>> {
  return getDb().$transaction(async (tx) => {
    const delivery = await tx.notificationDelivery.findFirst({ where: { id: deliveryId, authorityId } });
    if (!delivery) throw notFound("message");
    if (delivery.status !== "failed" || delivery.channel !== "email")
      return fail({ message: "Only a failed email can be sent again." });
    await tx.notificationDelivery.update({ where: { id: delivery.id }, data: { status: "queued", lastError: null } });
    await (await jobQueue()).send(tx, "notify-deliver", { deliveryId: delivery.id });
    await recordAudit({
      tx,
      authorityId,
      actorId: actor.id,
      action: "retry",
      entityType: "NotificationDelivery",
      entityId: delivery.id,
      changes: { status: ["failed", "queued"] },
      requestId: actor.requestId,
    });
    return ok({ deliveryId: delivery.id });
  });
}
