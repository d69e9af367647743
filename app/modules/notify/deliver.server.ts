/**
 * The "notify-deliver" job: sends one queued email delivery. Idempotent: the
 * job first claims the delivery (queued → sending); a delivery already
 * claimed, sent, failed or suppressed is left alone, so a job run twice
 * (at-least-once delivery, a retry beside the first job) does not send twice. The message id is the delivery's, so in the narrow case of
 * a crash after the mail server accepted the message but before the row
 * says so, the copy sent again is the same message to mail clients.
 */
import { getDb, Prisma, type Db } from "~/utils/db.server";
import { env, isPostgresUrl } from "~/utils/env.server";
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
  if (count !== 1) {
    await stillClaimed([delivery.id]);
    return;
  }
  await sendClaimed(delivery, context);
}

/**
 * Deliveries another claim still holds: of a live worker that is sending them,
 * or of one that died, whose lease has not quite passed (a job's lease is
 * counted from the job's claim, a delivery's from its own, a moment later). The
 * job must not end as if they were done: it fails, and its retry finds them sent,
 * or takes them over.
 */
async function stillClaimed(ids: string[]): Promise<void> {
  const held = await getDb().notificationDelivery.count({
    where: { id: { in: ids }, channel: "email", status: "sending" },
  });
  if (held > 0) throw new DeliveryClaimedError(held);
}

class DeliveryClaimedError extends Error {
  constructor(count: number) {
    super(`${count} deliveries are still claimed by another worker; tried again later`);
    this.name = "DeliveryClaimedError";
  }
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
 * over the pooled connections. Each one accepted is marked by group commit
 * (recordSent): it waits for the write in progress, if any, then goes with
 * all accepted meanwhile, in one statement (ADR 021). So the time between the
 * mail server's acceptance and the row saying so stays about one write, while
 * a busy run costs a few writes, not one a message. One that fails makes the
 * job retry; those sent are left alone.
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
  const mine = new Set(claimed.map((d) => d.id));
  await stillClaimed(ids.filter((id) => !mine.has(id)));
}

/** What is written of a delivery the mail service has accepted. */
type SentRow = {
  id: string;
  providerRef: string;
  subject: string;
  body: string;
  unsubscribeHash: string | null;
  sentAt: Date;
};

/** Rows in one group's statement: well inside both engines' limits on parameters. */
const GROUP_MAX = 200;

/**
 * Group commit, for the whole process: the function it returns resolves once
 * its row is written; rows added while a write is going on (by any job) are
 * written together by the next one.
 */
function groupCommit<T>(write: (rows: T[]) => Promise<void>) {
  const waiting: { row: T; done: () => void; fail: (e: unknown) => void }[] = [];
  let writing = false;
  const next = async () => {
    writing = true;
    // A write on SQLite runs without giving way to the event loop: wait one turn of it first, so that
    // the acceptances that have come in meanwhile (other connections' replies) go in the same write.
    await new Promise((r) => setImmediate(r));
    while (waiting.length > 0) {
      const group = waiting.splice(0, GROUP_MAX);
      try {
        await write(group.map((g) => g.row));
        for (const g of group) g.done();
      } catch (error) {
        for (const g of group) g.fail(error);
      }
    }
    writing = false;
  };
  return (row: T) =>
    new Promise<void>((done, fail) => {
      waiting.push({ row, done, fail });
      if (!writing) void next();
    });
}

/** Marks an accepted delivery sent (group commit: one statement for all accepted meanwhile). */
const recordSent = groupCommit((rows: SentRow[]) => markSent(getDb(), rows));

/**
 * Marks deliveries sent, in one statement for any number of them (only those
 * still "sending": a delivery taken over after its lease passed is the other
 * worker's). The times are written as Prisma writes them on each engine, so
 * that Prisma's own comparisons (the lease, the log's order) hold.
 */
export async function markSent(db: Db, rows: SentRow[]): Promise<void> {
  if (rows.length === 0) return;
  const postgres = isPostgresUrl(env().DATABASE_URL);
  const time = (d: Date) =>
    postgres
      ? Prisma.sql`CAST(${d.toISOString()} AS TIMESTAMP(3))`
      : Prisma.sql`${d.toISOString().replace(/Z$/, "+00:00")}`;
  const byId = <K extends keyof SentRow>(key: K, value: (v: SentRow[K]) => Prisma.Sql = (v) => Prisma.sql`${v}`) =>
    Prisma.sql`CASE "id" ${Prisma.join(
      rows.map((r) => Prisma.sql`WHEN ${r.id} THEN ${value(r[key])}`),
      " ",
    )} END`;
  await db.$executeRaw`
    UPDATE "NotificationDelivery" SET
      "status" = 'sent',
      "attempts" = "attempts" + 1,
      "lastError" = NULL,
      "providerRef" = ${byId("providerRef")},
      "subject" = ${byId("subject")},
      "body" = ${byId("body")},
      "unsubscribeHash" = ${byId("unsubscribeHash")},
      "sentAt" = ${byId("sentAt", (d) => time(d))},
      "updatedAt" = ${time(new Date())}
    WHERE "id" IN (${Prisma.join(rows.map((r) => r.id))}) AND "status" = 'sending'`;
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
    await recordSent({
      id: delivery.id,
      providerRef,
      subject: email.subject,
      body: withoutToken(email.text, secret),
      unsubscribeHash: token ? unsubscribeHashOf(token) : null,
      sentAt: new Date(),
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
