/**
 * The delivery log: what was sent, to whom, when, and whether it arrived —
 * for an authority's admins (read:notification_log:any), searchable, and per
 * action, meeting or person. Reading the log is audited; a failed delivery
 * can be sent again (manage:notifications:any, audited). Scoped to the
 * authority in every query.
 */
import type { z } from "zod";
import { recordAudit } from "~/modules/audit/service.server";
import type { Actor } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import { jobQueue } from "~/modules/jobs/runner.server";
import { containsText, getDb, type Prisma } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/errors";
import { dayFromIso, endOfDay } from "~/utils/format";
import { fail, ok, type Result } from "~/utils/result";
import type { LogSearchSchema } from "./forms";
import { DELIVERY_STATUSES, type DeliveryStatus, type NotificationKind } from "./kinds";
import { insideApp } from "./list.server";

export { DELIVERY_STATUSES, type DeliveryStatus };

export type LogSearch = z.infer<typeof LogSearchSchema>;

export type LogFilter = {
  /** Part of the recipient's address. */
  address?: string;
  /** Part of the recipient's address or name. */
  q?: string;
  kind?: NotificationKind;
  status?: DeliveryStatus;
  /** Queued on or after this day (YYYY-MM-DD), and on or before `to`. */
  from?: string;
  to?: string;
  actionId?: string;
  meetingId?: string;
  userId?: string;
};

/** Rows a page of the log holds. */
export const LOG_PAGE_SIZE = 25;
/** The most messages the "Messages sent" panel of an action, meeting or person lists (the log has the rest). */
export const MESSAGES_SENT_LIMIT = 20;

const canReadLog = (actor: Pick<Actor, "role">) => roleHasPermission(actor.role, "read:notification_log:any");

function deliveryWhere(authorityId: string, f: LogFilter): Prisma.NotificationDeliveryWhereInput {
  const from = f.from ? dayFromIso(f.from) : null;
  const to = f.to ? endOfDay(f.to) : null;
  return {
    authorityId,
    ...(f.address ? { address: { contains: f.address.toLowerCase() } } : {}),
    ...(f.q
      ? { OR: [{ address: { contains: f.q.toLowerCase() } }, { notification: { user: { name: containsText(f.q) } } }] }
      : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(from || to ? { createdAt: { ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) } } : {}),
    notification: {
      authorityId,
      ...(f.kind ? { kind: f.kind } : {}),
      ...(f.actionId ? { actionId: f.actionId } : {}),
      ...(f.meetingId ? { meetingId: f.meetingId } : {}),
      ...(f.userId ? { userId: f.userId } : {}),
    },
  };
}

const LOG_ROW = {
  id: true,
  channel: true,
  address: true,
  status: true,
  attempts: true,
  lastError: true,
  subject: true,
  sentAt: true,
  createdAt: true,
  notification: {
    select: {
      kind: true,
      title: true,
      link: true,
      actionId: true,
      meetingId: true,
      user: { select: { id: true, name: true } },
    },
  },
} satisfies Prisma.NotificationDeliverySelect;

export async function listDeliveries(authorityId: string, filter: LogFilter = {}, take = 100) {
  return getDb().notificationDelivery.findMany({
    where: deliveryWhere(authorityId, filter),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: LOG_ROW,
  });
}

/**
 * One page of the authority's delivery log, newest first, for the admins'
 * search; the search itself is audited (who looked, and for what).
 */
export async function searchDeliveryLog({
  authorityId,
  actor,
  search,
}: {
  authorityId: string;
  actor: Actor;
  search: LogSearch;
}) {
  if (!canReadLog(actor)) throw forbidden("Only the authority's admins can read the delivery log.");
  const page = search.page ?? 1;
  const filter: LogFilter = {
    q: search.q,
    kind: search.kind,
    status: search.status,
    from: search.from,
    to: search.to,
    actionId: search.action,
    meetingId: search.meeting,
    userId: search.user,
  };
  const [rows, failed] = await Promise.all([
    getDb().notificationDelivery.findMany({
      where: deliveryWhere(authorityId, filter),
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * LOG_PAGE_SIZE,
      take: LOG_PAGE_SIZE + 1,
      select: LOG_ROW,
    }),
    getDb().notificationDelivery.count({ where: { authorityId, status: "failed" } }),
  ]);
  const searched = Object.fromEntries(Object.entries({ ...filter, page }).filter(([, v]) => v !== undefined));
  await recordAudit({
    authorityId,
    actorId: actor.id,
    action: "viewed",
    entityType: "NotificationLog",
    changes: searched,
    requestId: actor.requestId,
  });
  return {
    rows: rows.slice(0, LOG_PAGE_SIZE).map((r) => ({
      ...r,
      notification: { ...r.notification, link: insideApp(r.notification.link) },
    })),
    page,
    pageSize: LOG_PAGE_SIZE,
    hasNext: rows.length > LOG_PAGE_SIZE,
    /** How many of the authority's emails have failed, whatever the search. */
    failed,
  };
}

export type MessagesAbout = { actionId: string } | { meetingId: string } | { userId: string };

/**
 * What was sent about one action or meeting, or to one person, in this
 * authority: the latest messages, each with whom it went to, how, and whether
 * it arrived (a message shown only in the app has no delivery). Null for
 * someone who may not read the delivery log: the page shows nothing.
 */
export async function messagesSentAbout({
  authorityId,
  viewer,
  about,
}: {
  authorityId: string;
  viewer: Actor;
  about: MessagesAbout;
}) {
  if (!canReadLog(viewer)) return null;
  const notifications = await getDb().notification.findMany({
    where: { authorityId, ...about },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: MESSAGES_SENT_LIMIT + 1,
    select: {
      id: true,
      kind: true,
      title: true,
      createdAt: true,
      user: { select: { id: true, name: true } },
      deliveries: {
        where: { authorityId },
        orderBy: { createdAt: "asc" },
        select: { id: true, channel: true, status: true, sentAt: true, lastError: true },
      },
    },
  });
  type Sent = { channel: string; status: string | null; sentAt: Date | null; lastError: string | null };
  const IN_APP: Sent = { channel: "in_app", status: null, sentAt: null, lastError: null };
  const rows = notifications.slice(0, MESSAGES_SENT_LIMIT).flatMap(({ deliveries, ...n }) =>
    (deliveries.length === 0 ? [{ id: n.id, ...IN_APP }] : deliveries).map(({ id, ...d }: Sent & { id: string }) => ({
      ...n,
      ...d,
      key: id,
    })),
  );
  return { rows, more: notifications.length > MESSAGES_SENT_LIMIT, about };
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
  if (!roleHasPermission(actor.role, "manage:notifications:any"))
    throw forbidden("Only the authority's admins can send a message again.");
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
