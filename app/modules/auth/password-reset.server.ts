/**
 * Forgotten passwords (issue 14).
 *
 * 1. At /reset-password a person gives an email address. The page answers
 *    the same whatever the address, and the request does the same work
 *    either way (the rate limit, one user lookup, one "password-reset" job),
 *    so neither the words nor the timing say whether it has an account.
 * 2. The job: for an account with a password, a PasswordReset row (expires
 *    after an hour) and a `password_reset` notification, in one transaction.
 * 3. Delivery (notify/secret-links.server.ts): the email's token is made as
 *    the email is sent; only its SHA-256 is stored, in the PasswordReset row.
 *    The notification links to /reset-password, and the delivery log keeps
 *    the body without the token.
 * 4. At /reset-password/<token>: a new password, twice. The link works once;
 *    using it ends every session of the account, stops any other reset link
 *    of the account and is audited.
 */
import { getDb } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { fail, ok, type Result } from "~/utils/result";
import { recordAudit } from "~/modules/audit/service.server";
import type { JobContext } from "~/modules/jobs/queue";
import { jobQueue } from "~/modules/jobs/runner.server";
import type { SecretLink } from "~/modules/notify/secret-links.server";
import { queueNotifications } from "~/modules/notify/outbox.server";
import { hashPassword, passwordProblem } from "./password.server";
import { allowResetRequest, recordSignInSuccess, type ResetGate } from "./rate-limit.server";
import { generateToken, hashToken, invalidateAllSessions, type LinkLookup, type LinkState } from "./session.server";

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

/** The notification's event key names its reset: "password_reset:<PasswordReset id>". */
const EVENT_PREFIX = "password_reset:";

/** Step 1, the request: rate limited; the same work whether or not the address has an account. */
export async function requestPasswordReset({
  email,
  ip,
  requestId,
}: {
  email: string;
  ip: string;
  requestId: string | null;
}): Promise<ResetGate> {
  const gate = await allowResetRequest({ email, ip });
  if (!gate.ok) return gate;
  const user = await getDb().user.findUnique({ where: { email: email.toLowerCase() }, select: { id: true } });
  // An unknown address sends the same job, which finds nothing to do.
  await (await jobQueue()).send(null, "password-reset", { userId: user?.id ?? null, requestId });
  return ok();
}

/**
 * Step 2, the "password-reset" job. The reset's id is the job's, so a job
 * run twice (at-least-once delivery) makes one reset and sends one email.
 */
export async function startPasswordReset(data: Record<string, unknown>, context: JobContext): Promise<void> {
  const userId = typeof data.userId === "string" ? data.userId : null;
  const requestId = typeof data.requestId === "string" ? data.requestId : null;
  if (!userId) return;
  const db = getDb();
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  // Someone invited who has not yet set a password has nothing to reset: the invitation sets it.
  if (!user?.passwordHash) return;
  await db.$transaction(async (tx) => {
    if (await tx.passwordReset.findUnique({ where: { id: context.id }, select: { id: true } })) return;
    const reset = await tx.passwordReset.create({
      data: {
        id: context.id,
        userId,
        // No link works until the email is sent: its token is made then (mintPasswordResetLink).
        tokenHash: hashToken(generateToken()),
        expiresAt: new Date(Date.now() + PASSWORD_RESET_TTL_MS),
      },
    });
    await queueNotifications(tx, [
      {
        authorityId: null,
        userId,
        kind: "password_reset",
        eventKey: `${EVENT_PREFIX}${reset.id}`,
        title: "Reset your Improvement Board password",
        link: "/reset-password",
      },
    ]);
    await recordAudit({
      tx,
      authorityId: null,
      actorId: null,
      action: "password_reset_requested",
      entityType: "User",
      entityId: userId,
      requestId,
    });
  });
}

/** Step 3, as the email is sent: a new token for the reset, if it can still be used. */
export async function mintPasswordResetLink(eventKey: string): Promise<SecretLink | null> {
  if (!eventKey.startsWith(EVENT_PREFIX)) return null;
  const token = generateToken();
  const { count } = await getDb().passwordReset.updateMany({
    where: { id: eventKey.slice(EVENT_PREFIX.length), usedAt: null, expiresAt: { gt: new Date() } },
    data: { tokenHash: hashToken(token) },
  });
  return count === 1 ? { path: `/reset-password/${token}`, token } : null;
}

export type PasswordResetState = LinkState<{ email: string }>;

/** What the emailed link shows. Never throws for a bad link: the page explains it. */
export async function inspectPasswordReset({ token, now = new Date() }: LinkLookup): Promise<PasswordResetState> {
  const reset = await getDb().passwordReset.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { usedAt: true, expiresAt: true, user: { select: { email: true } } },
  });
  if (!reset) return { status: "unknown" };
  if (reset.usedAt) return { status: "used" };
  if (reset.expiresAt <= now) return { status: "expired" };
  return { status: "valid", email: reset.user.email };
}

/**
 * Step 4: sets the new password from the link. The link works once, even
 * under a double submit; every session of the account ends, and so does any
 * other reset link it has. The account's sign-in failures are cleared (the
 * person has just shown they hold its email). Audited in each authority the
 * person belongs to, or outside any.
 */
export async function resetPassword({
  token,
  password,
  requestId,
}: {
  token: string;
  password: string;
  requestId: string | null;
}): Promise<Result<{ userId: string }, { status: "expired" | "used" | "unknown" }>> {
  const state = await inspectPasswordReset({ token });
  if (state.status !== "valid") return fail({ status: state.status });
  const problem = passwordProblem(password);
  if (problem) throw new AppError({ status: 400, message: problem });
  const passwordHash = await hashPassword(password);
  const result = await getDb().$transaction(async (tx) => {
    const now = new Date();
    const reset = await tx.passwordReset.findUnique({
      where: { tokenHash: hashToken(token) },
      select: { id: true, user: { select: { id: true, memberships: { select: { authorityId: true } } } } },
    });
    if (!reset) return fail({ status: "unknown" as const });
    const { count } = await tx.passwordReset.updateMany({
      where: { id: reset.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (count !== 1) return fail({ status: "used" as const });
    const userId = reset.user.id;
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    await tx.passwordReset.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
    const sessionsEnded = await invalidateAllSessions({ userId, tx });
    const authorityIds = reset.user.memberships.map((m) => m.authorityId);
    for (const authorityId of authorityIds.length > 0 ? authorityIds : [null]) {
      await recordAudit({
        tx,
        authorityId,
        actorId: userId,
        action: "password_reset",
        entityType: "User",
        entityId: userId,
        changes: { sessionsEnded },
        requestId,
      });
    }
    return ok({ userId });
  });
  if (result.ok) await recordSignInSuccess({ email: state.email, deviceId: null });
  return result;
}
