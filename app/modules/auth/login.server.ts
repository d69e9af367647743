import { getDb } from "~/utils/db.server";
import { recordAudit } from "~/modules/audit/service.server";
import { dummyPasswordHash, verifyPassword } from "./password.server";
import { loginLockedForMinutes, recordLoginAttempt } from "./rate-limit.server";
import { createSession } from "./session.server";

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date; userId: string; authorityId: string | null }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; minutes: number };

/**
 * Checks the password (argon2id) under the per-account rate limit. The same
 * answer, and similar timing, whether or not the account exists.
 */
export async function signIn({ email, password, requestId }: { email: string; password: string; requestId?: string }): Promise<SignInResult> {
  const minutes = await loginLockedForMinutes({ email });
  if (minutes > 0) return { ok: false, reason: "locked", minutes };

  const db = getDb();
  const user = await db.user.findUnique({
    where: { email: email.toLowerCase() },
    select: { id: true, passwordHash: true, memberships: { select: { authorityId: true, authority: { select: { name: true } } } } },
  });
  const valid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, password)
    : (await verifyPassword(await dummyPasswordHash(), password), false);
  await recordLoginAttempt({ email, succeeded: valid });
  if (!user || !valid) {
    await recordAudit({ authorityId: null, actorId: user?.id ?? null, action: "sign_in_failed", entityType: "Session", requestId });
    return { ok: false, reason: "invalid" };
  }
  const first = [...user.memberships].sort((a, b) => a.authority.name.localeCompare(b.authority.name))[0];
  const authorityId = first?.authorityId ?? null;
  // Housekeeping on a path that runs often but not hot: drop this user's expired sessions.
  await db.session.deleteMany({ where: { userId: user.id, expiresAt: { lt: new Date() } } });
  const session = await createSession({ userId: user.id, authorityId });
  await recordAudit({ authorityId, actorId: user.id, action: "sign_in", entityType: "Session", requestId });
  return { ok: true, token: session.token, expiresAt: session.expiresAt, userId: user.id, authorityId };
}
