/**
 * The outbox (ADR 021): a notification and its deliveries are written in the
 * transaction of the change that causes them, with a job to deliver each
 * email. So a change never lacks its notification and a rolled-back change
 * never sends one. One notification per (recipient, event): the same event
 * queued twice is ignored, so nobody gets the same message twice.
 */
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import type { Tx } from "~/modules/action/apply.server";
import { jobQueue } from "~/modules/jobs/runner.server";
import { DeliveryModeSchema, modeFor, type NotificationKind } from "./kinds";

export type NotificationInput = {
  authorityId: string | null;
  userId: string;
  kind: NotificationKind;
  /** What happened, unique per recipient: e.g. "action_assigned:<actionId>:v7". */
  eventKey: string;
  /** Short and safe to email: no evidence content, case details or restricted titles. */
  title: string;
  /** In-app only (never emailed), e.g. the board's challenge. */
  detail?: string | null;
  /** A path inside the app. */
  link: string;
  actionId?: string | null;
  meetingId?: string | null;
  evidenceId?: string | null;
};

export const unsubscribeHashOf = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

function newToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/**
 * Queues notifications inside `tx`; an event already notified to that person is skipped.
 * `deliveriesPerJob` (default 1) puts that many email deliveries in one "notify-deliver"
 * job, for large runs such as the daily reminders.
 */
export async function queueNotifications(
  tx: Tx,
  inputs: NotificationInput[],
  { deliveriesPerJob = 1 }: { deliveriesPerJob?: number } = {},
): Promise<{ created: number }> {
  if (inputs.length === 0) return { created: 0 };
  const userIds = [...new Set(inputs.map((i) => i.userId))];
  const [users, prefs, defaults, existing] = await Promise.all([
    tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }),
    tx.notificationPreference.findMany({ where: { userId: { in: userIds } } }),
    tx.notificationDefault.findMany({
      where: { authorityId: { in: [...new Set(inputs.map((i) => i.authorityId).filter((a) => a !== null))] } },
    }),
    tx.notification.findMany({
      where: { OR: inputs.map((i) => ({ userId: i.userId, eventKey: i.eventKey })) },
      select: { userId: true, eventKey: true },
    }),
  ]);
  const emailOf = new Map(users.map((u) => [u.id, u.email]));
  const seen = new Set(existing.map((e) => `${e.userId} ${e.eventKey}`));
  const fresh = inputs.filter((input) => {
    const key = `${input.userId} ${input.eventKey}`;
    if (seen.has(key) || !emailOf.has(input.userId)) return false;
    seen.add(key);
    return true;
  });
  if (fresh.length === 0) return { created: 0 };
  const notifications = await tx.notification.createManyAndReturn({
    data: fresh.map((input) => ({
      authorityId: input.authorityId,
      userId: input.userId,
      kind: input.kind,
      eventKey: input.eventKey,
      title: input.title,
      detail: input.detail ?? null,
      link: input.link,
      actionId: input.actionId ?? null,
      meetingId: input.meetingId ?? null,
      evidenceId: input.evidenceId ?? null,
    })),
    select: { id: true, userId: true, eventKey: true },
  });
  const idOf = new Map(notifications.map((n) => [`${n.userId} ${n.eventKey}`, n.id]));
  const deliveries = fresh.flatMap((input) => {
    const choice = prefs.find(
      (p) => p.userId === input.userId && p.authorityId === input.authorityId && p.kind === input.kind,
    );
    const authorityDefault = defaults.find((d) => d.authorityId === input.authorityId && d.kind === input.kind);
    const mode = modeFor(
      input.kind,
      DeliveryModeSchema.safeParse(choice?.mode).data,
      DeliveryModeSchema.safeParse(authorityDefault?.mode).data,
    );
    if (mode === "in_app") return [];
    return [
      {
        notificationId: idOf.get(`${input.userId} ${input.eventKey}`)!,
        authorityId: input.authorityId,
        channel: mode === "email" ? "email" : "digest",
        address: emailOf.get(input.userId)!,
      },
    ];
  });
  if (deliveries.length > 0) {
    const rows = await tx.notificationDelivery.createManyAndReturn({
      data: deliveries,
      select: { id: true, channel: true },
    });
    const ids = rows.filter((r) => r.channel === "email").map((r) => r.id);
    const emails: Record<string, unknown>[] = [];
    if (deliveriesPerJob <= 1) for (const id of ids) emails.push({ deliveryId: id });
    else
      for (let i = 0; i < ids.length; i += deliveriesPerJob)
        emails.push({ deliveryIds: ids.slice(i, i + deliveriesPerJob) });
    if (emails.length > 0) await (await jobQueue()).sendMany(tx, "notify-deliver", emails);
  }
  const created = notifications.length;
  return { created };
}

export { newToken as newUnsubscribeToken };
