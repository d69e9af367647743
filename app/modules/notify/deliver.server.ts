/**
 * The "notify-deliver" job: sends one queued email delivery. Idempotent: the
 * job first claims the delivery (queued → sending); a delivery already
 * claimed, sent, failed or suppressed is left alone, so a job run twice
 * (at-least-once delivery, a retry beside the first job) does not send twice. The message id is the delivery's, so in the narrow case of
 * a crash after the mail server accepted the message but before the row
 * says so, the copy sent again is the same message to mail clients.
 */
import { getDb } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { appOrigin } from "~/utils/origin.server";
import type { JobContext } from "~/modules/jobs/queue";
import { KIND_INFO, NotificationKindSchema, type NotificationKind } from "./kinds";
import { mailTransport, PermanentDeliveryError } from "./mailer.server";
import { renderEmail } from "./messages";
import { newUnsubscribeToken, unsubscribeHashOf } from "./outbox.server";
import { secretLinkFor, withoutToken } from "./secret-links.server";

/** The detail's lines after a blank one, for the kinds whose detail is made to be emailed; a path line becomes an absolute link. */
function emailLines(kind: NotificationKind, detail: string | null, origin: string): string[] {
  if (!KIND_INFO[kind].emailsDetail || !detail) return [];
  return ["", ...detail.split("\n").map((line) => (line.startsWith("/") ? `${origin}${line}` : line))];
}

export async function deliverEmail(data: Record<string, unknown>, context: JobContext): Promise<void> {
  if (Array.isArray(data.deliveryIds)) {
    await deliverBatch(
      data.deliveryIds.filter((id): id is string => typeof id === "string"),
      context,
    );
    return;
  }
  const deliveryId = typeof data.deliveryId === "string" ? data.deliveryId : null;
  if (!deliveryId) return;
  const db = getDb();
  const delivery = await db.notificationDelivery.findUnique({ where: { id: deliveryId }, include: WITH_NOTIFICATION });
  if (!delivery || delivery.channel !== "email") return;
  // Claim the delivery: of two jobs for one delivery (a retry beside the first, a lease that passed),
  // only one sends. A claim whose worker died (kill -9) is taken again once the lease has passed.
  const { count } = await db.notificationDelivery.updateMany({
    where: { id: delivery.id, OR: claimable() },
    data: { status: "sending" },
  });
  if (count !== 1) return;
  await sendClaimed(delivery, context);
}

const WITH_NOTIFICATION = { notification: { include: { authority: { select: { slug: true } } } } } as const;

/** Deliveries a job may take: queued, or claimed by a worker whose lease has passed. */
const claimable = () => [
  { status: "queued" },
  { status: "sending", updatedAt: { lt: new Date(Date.now() - env().JOBS_LEASE_SECONDS * 1000) } },
];

/**
 * A batch (`deliveryIds`, from large runs such as the reminders): one claim for
 * all, marked with this job attempt so it knows which it won, then each sent
 * over the pooled connections. One that fails makes the job retry; those sent
 * are left alone.
 */
async function deliverBatch(ids: string[], context: JobContext): Promise<void> {
  if (ids.length === 0) return;
  const db = getDb();
  const mark = `claim:${context.id}:${context.attempt}`;
  await db.notificationDelivery.updateMany({
    where: { id: { in: ids }, channel: "email", OR: claimable() },
    data: { status: "sending", providerRef: mark },
  });
  const claimed = await db.notificationDelivery.findMany({
    where: { id: { in: ids }, status: "sending", providerRef: mark },
    include: WITH_NOTIFICATION,
  });
  const results = await Promise.allSettled(claimed.map((d) => sendClaimed(d, context)));
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
}

type ClaimedDelivery = NonNullable<
  Awaited<ReturnType<ReturnType<typeof getDb>["notificationDelivery"]["findUnique"]>>
> & {
  notification: {
    kind: string;
    eventKey: string;
    title: string;
    detail: string | null;
    link: string;
    authority: { slug: string } | null;
  };
};

async function sendClaimed(delivery: ClaimedDelivery, context: JobContext): Promise<void> {
  const db = getDb();
  const n = delivery.notification;
  const kind = NotificationKindSchema.parse(n.kind);
  const origin = appOrigin();
  const token = KIND_INFO[kind].account ? null : newUnsubscribeToken();
  // A reset or invitation email carries a single-use link, made now (secret-links.server.ts).
  const secret = await secretLinkFor(kind, n.eventKey);
  if (secret === null) {
    await db.notificationDelivery.updateMany({
      where: { id: delivery.id, status: "sending" },
      data: {
        status: "suppressed",
        providerRef: null,
        lastError: "Not sent: its link had been used, cancelled or had expired.",
      },
    });
    return;
  }
  const email = renderEmail({
    kind,
    title: n.title,
    lines: emailLines(kind, n.detail, origin),
    url: `${origin}${secret?.path ?? n.link}`,
    settingsUrl: n.authority ? `${origin}/a/${n.authority.slug}/notifications/settings` : undefined,
    unsubscribeUrl: token ? `${origin}/unsubscribe/${token}` : undefined,
  });
  const transport = mailTransport();
  try {
    const { providerRef } = await transport.send({
      kind,
      to: delivery.address,
      subject: email.subject,
      text: email.text,
      messageId: `<${delivery.id}@improvement-board>`,
      unsubscribeUrl: token ? `${origin}/unsubscribe/${token}` : undefined,
    });
    await db.notificationDelivery.updateMany({
      where: { id: delivery.id, status: "sending" },
      data: {
        status: "sent",
        attempts: { increment: 1 },
        providerRef,
        subject: email.subject,
        body: withoutToken(email.text, secret),
        unsubscribeHash: token ? unsubscribeHashOf(token) : null,
        sentAt: new Date(),
        lastError: null,
      },
    });
  } catch (error) {
    const permanent = error instanceof PermanentDeliveryError;
    const reason = permanent
      ? error.reason
      : `Could not reach the mail service (${(error as { code?: string }).code ?? (error instanceof Error ? error.name : "error")}); it will be tried again.`;
    await db.notificationDelivery.updateMany({
      where: { id: delivery.id, status: "sending" },
      data: {
        attempts: { increment: 1 },
        providerRef: null,
        lastError: reason,
        subject: email.subject,
        body: withoutToken(email.text, secret),
        status: permanent || context.lastAttempt ? "failed" : "queued",
      },
    });
    if (!permanent) throw error;
  }
}
