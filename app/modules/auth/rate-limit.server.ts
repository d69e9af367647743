import { hashToken } from "./session.server";
import { getDb } from "~/utils/db.server";

/** At most this many failed sign-ins per account in the window. */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

function keyHash(email: string) {
  // Only a hash of the key is stored: the table holds no email addresses.
  return hashToken(`login:${email.trim().toLowerCase()}`);
}

/** Minutes until another attempt is allowed, or 0 when not limited. */
export async function loginLockedForMinutes({ email, now = new Date() }: { email: string; now?: Date }): Promise<number> {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  const failures = await getDb().loginAttempt.findMany({
    where: { keyHash: keyHash(email), succeeded: false, createdAt: { gt: since } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
    take: LOGIN_MAX_FAILURES,
  });
  if (failures.length < LOGIN_MAX_FAILURES) return 0;
  const oldest = failures[0]!.createdAt.getTime();
  return Math.max(1, Math.ceil((oldest + LOGIN_WINDOW_MS - now.getTime()) / 60_000));
}

export async function recordLoginAttempt({ email, succeeded }: { email: string; succeeded: boolean }) {
  const db = getDb();
  const hash = keyHash(email);
  // A successful sign-in clears the account's failures; a failure is recorded.
  // Rows older than the window are dropped for this key either way, so the table stays small.
  await db.loginAttempt.deleteMany({
    where: { keyHash: hash, OR: [{ createdAt: { lt: new Date(Date.now() - LOGIN_WINDOW_MS) } }, ...(succeeded ? [{ succeeded: false }] : [])] },
  });
  if (!succeeded) await db.loginAttempt.create({ data: { keyHash: hash, succeeded } });
}
