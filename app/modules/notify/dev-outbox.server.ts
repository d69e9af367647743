/**
 * The local outbox (/dev/outbox): with no mail service set (development, the
 * demo), emails are not sent but kept on their delivery rows (the outbox
 * transport, mailer.server.ts), and this lists them so the demo shows what
 * would have been sent. It exists only while outboxEnabled() — never in
 * production with a mail service — and only for authority admins, who see
 * the messages of the authorities they administer. A message outside any
 * authority (a password reset, a new sign-in) holds a link for its recipient
 * alone, so only they see it.
 */
import { listUserAuthorities } from "~/modules/auth/auth.server";
import { roleHasPermission } from "~/modules/auth/permissions";
import { getDb } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/errors";
import { outboxEnabled } from "./mailer.server";
import { newestFirstPage, pageOf } from "./list.server";

/** Deliveries the outbox transport kept: their provider reference starts so. */
const OUTBOX_REF = "outbox:";

/** The page does not exist unless mail goes to the outbox (a 404 even before signing in). */
export function assertOutboxOpen(): void {
  if (!outboxEnabled()) throw notFound();
}

export async function listOutbox({ userId, page = 1 }: { userId: string; page?: number }) {
  assertOutboxOpen();
  const administered = (await listUserAuthorities({ userId }))
    .filter((a) => roleHasPermission(a.role, "read:outbox:any"))
    .map((a) => a.id);
  if (administered.length === 0) throw forbidden("Only an authority's admins can read the local outbox.");
  const rows = await getDb().notificationDelivery.findMany({
    where: {
      providerRef: { startsWith: OUTBOX_REF },
      OR: [{ authorityId: { in: administered } }, { authorityId: null, notification: { userId } }],
    },
    ...newestFirstPage("sentAt", page),
    select: {
      id: true,
      address: true,
      subject: true,
      body: true,
      sentAt: true,
      notification: { select: { authority: { select: { name: true } } } },
    },
  });
  return pageOf(
    rows.map(({ notification, ...r }) => ({ ...r, authorityName: notification.authority?.name ?? null })),
    page,
  );
}
