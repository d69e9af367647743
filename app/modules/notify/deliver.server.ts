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
  // A batch (`deliveryIds`, from large runs such as the reminders) sends each over the pooled
  // connections; one that fails makes the job retry, and those already sent are left alone.
  if (Array.isArray(data.deliveryIds)) {
    const ids = data.deliveryIds.filter((id): id is string => typeof id === "string");
    const results = await Promise.allSettled(ids.map((deliveryId) => deliverOne(deliveryId, context)));
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    return;
  }
  const deliveryId = typeof data.deliveryId === "string" ? data.deliveryId : null;
  if (!deliveryId) return;
  await deliverOne(deliveryId, context);
}

async function deliverOne(deliveryId: string, context: JobContext): Promise<void> {
  const db = getDb();
  const delivery = await db.notificationDelivery.findUnique({
    where: { id: deliveryId },
    include: { notification: { include: { authority: { select: { slug: true } } } } },
  });
  if (!delivery || delivery.channel !== "email") return;
  // Claim the delivery: of two jobs for one delivery (a retry beside the first, a lease that passed),
  // only one sends. A claim whose worker died (kill -9) is taken again once the lease has passed.
  const leaseEnd = new Date(Date.now() - env().JOBS_LEASE_SECONDS * 1000);
  const { count } = await db.notificationDelivery.updateMany({
    where: {
      id: delivery.id,
      OR: [{ status: "queued" }, { status: "sending", updatedAt: { lt: leaseEnd } }],
    },
    data: { status: "sending" },
  });
  if (count !== 1) return;
  const n = delivery.notification;
  const kind = NotificationKindSchema.parse(n.kind);
  const origin = appOrigin();
  const token = KIND_INFO[kind].account ? null : newUnsubscribeToken();
  // A reset or invitation email carries a single-use link, made now (secret-links.server.ts).
  const secret = await secretLinkFor(kind, n.eventKey);
  if (secret === null) {
    await db.notificationDelivery.updateMany({
      where: { id: delivery.id, status: "sending" },
      data: { status: "suppressed", lastError: "Not sent: its link had been used, cancelled or had expired." },
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
        lastError: reason,
        subject: email.subject,
        body: withoutToken(email.text, secret),
        status: permanent || context.lastAttempt ? "failed" : "queued",
      },
    });
    if (!permanent) throw error;
  }
}
