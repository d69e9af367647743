/**
 * The daily digest (the "notify-digest" job, 07:30 Europe/London): every
 * delivery queued on the "digest" channel (a person chose "include in a
 * daily email" for that kind of message) is gathered into one email per
 * person (per address) per day, listing each message's title and link.
 *
 * Once per day in England (a daily run named "notify-digest",
 * ~/modules/jobs/daily-run.server, as the reminders). For each person the run first claims their queued digest deliveries
 * (queued → sending, marked with the day), sends one email whose Message-ID
 * is the person's and the day's, then marks them sent; a run that died after
 * the claim sends the same claimed set again (the same message to mail
 * clients), and nothing claimed is ever put in a second digest. A permanent
 * refusal marks the deliveries failed with the reason (admins see it in the
 * log); any other failure puts them back in the queue and the job retries.
 */
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { runOncePerDay, type DailyRunOptions, type DailyRunResult } from "~/modules/jobs/daily-run.server";
import type { Db } from "~/utils/db.server";
import { appOrigin } from "~/utils/origin.server";
import { mailTransport, PermanentDeliveryError } from "./mailer.server";
import { renderEmail } from "./messages";
import { newUnsubscribeToken, unsubscribeHashOf } from "./outbox.server";

export const DIGEST_RUN = "notify-digest";
/** Messages listed in one digest email; more are counted, and all are on the notifications page. */
export const DIGEST_MAX_LINES = 50;

export type DigestResult = DailyRunResult & { emails: number; messages: number; failed: number };

const claimMark = (period: string) => `digest:${period}`;

type Scope = { authorityId?: { in: string[] } };

async function sendOne(
  db: Db,
  address: string,
  period: string,
  now: Date,
  scope: Scope,
): Promise<{ messages: number; sent: boolean }> {
  const mark = claimMark(period);
  await db.notificationDelivery.updateMany({
    where: { channel: "digest", status: "queued", address, createdAt: { lte: now }, ...scope },
    data: { status: "sending", providerRef: mark },
  });
  const claimed = await db.notificationDelivery.findMany({
    where: { channel: "digest", status: "sending", address, providerRef: mark },
    select: {
      id: true,
      notification: { select: { title: true, link: true, authority: { select: { slug: true } } } },
    },
    orderBy: { createdAt: "asc" },
  });
  if (claimed.length === 0) return { messages: 0, sent: false };
  const origin = appOrigin();
  const shown = claimed.slice(0, DIGEST_MAX_LINES);
  const lines = shown.map((d) => `- ${d.notification.title}: ${origin}${d.notification.link}`);
  if (claimed.length > shown.length) lines.push(`and ${claimed.length - shown.length} more.`);
  const slugs = [...new Set(claimed.flatMap((d) => (d.notification.authority ? [d.notification.authority.slug] : [])))];
  // One-click unsubscribe (RFC 8058) from the daily email: the token's hash is kept on the first delivery it lists,
  // whose authority it stops the daily email from (unsubscribe.server.ts).
  const token = claimed[0]!.notification.authority ? newUnsubscribeToken() : null;
  const unsubscribeUrl = token ? `${origin}/unsubscribe/${token}` : undefined;
  const email = renderEmail({
    kind: "daily_digest",
    title: `Improvement Board: ${claimed.length} ${claimed.length === 1 ? "message" : "messages"} for you`,
    lines: ["", ...lines],
    url: `${origin}/notifications`,
    settingsUrl: slugs.length === 1 ? `${origin}/a/${slugs[0]}/notifications/settings` : undefined,
    unsubscribeUrl,
  });
  const ids = claimed.map((d) => d.id);
  // Kept before the email goes, so that its link works the moment it arrives.
  if (token)
    await db.notificationDelivery.update({
      where: { id: ids[0]! },
      data: { unsubscribeHash: unsubscribeHashOf(token) },
    });
  const who = encodeHexLowerCase(sha256(new TextEncoder().encode(address))).slice(0, 16);
  try {
    const { providerRef } = await mailTransport().send({
      kind: "daily_digest",
      to: address,
      subject: email.subject,
      text: email.text,
      messageId: `<digest-${period}-${who}@improvement-board>`,
      unsubscribeUrl,
    });
    await db.notificationDelivery.updateMany({
      where: { id: { in: ids }, status: "sending" },
      data: {
        status: "sent",
        attempts: { increment: 1 },
        providerRef,
        subject: email.subject,
        body: email.text,
        sentAt: new Date(),
        lastError: null,
      },
    });
    return { messages: claimed.length, sent: true };
  } catch (error) {
    const permanent = error instanceof PermanentDeliveryError;
    await db.notificationDelivery.updateMany({
      where: { id: { in: ids }, status: "sending" },
      data: {
        attempts: { increment: 1 },
        status: permanent ? "failed" : "queued",
        providerRef: null,
        subject: email.subject,
        lastError: permanent
          ? error.reason
          : "Could not reach the mail service for the daily email; it will be tried again.",
      },
    });
    if (!permanent) throw error;
    return { messages: claimed.length, sent: false };
  }
}

/** Sends today's digest emails (once per day in England); `authorityIds` limits it to those authorities' messages. */
export function sendDigests(options: DailyRunOptions = {}): Promise<DigestResult> {
  const scope: Scope = options.authorityIds ? { authorityId: { in: options.authorityIds } } : {};
  return runOncePerDay({
    run: DIGEST_RUN,
    logAs: "daily digest run",
    options,
    counts: { emails: 0, messages: 0, failed: 0 },
    work: async ({ db, now, result }) => {
      const { period } = result;
      const mark = claimMark(period);
      let cursor: string | undefined;
      for (;;) {
        // People with something waiting: queued, or claimed by a run of today's that died.
        const rows = await db.notificationDelivery.findMany({
          where: {
            channel: "digest",
            ...scope,
            OR: [
              { status: "queued", createdAt: { lte: now } },
              { status: "sending", providerRef: mark },
            ],
            ...(cursor ? { address: { gt: cursor } } : {}),
          },
          distinct: ["address"],
          select: { address: true },
          orderBy: { address: "asc" },
          take: 200,
        });
        if (rows.length === 0) break;
        cursor = rows[rows.length - 1]!.address;
        for (const { address } of rows) {
          const r = await sendOne(db, address, period, now, scope);
          if (r.sent) result.emails += 1;
          else if (r.messages > 0) result.failed += 1;
          result.messages += r.messages;
        }
      }
    },
  });
}

/** The "notify-digest" job. */
export async function digestJob(): Promise<void> {
  await sendDigests({ now: new Date() });
}
