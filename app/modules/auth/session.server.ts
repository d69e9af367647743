/**
 * DB-backed sessions following Lucia's current guidance (lucia-auth.com,
 * "Basic session API"): a random token lives only in the user's HttpOnly
 * cookie, the database stores its SHA-256, expiry slides, and a session can be
 * revoked by deleting its row. See ADR 002.
 */
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { getDb } from "~/utils/db.server";
import { cookieSecure } from "~/utils/env.server";

export const SESSION_TTL_MS = 1000 * 60 * 60 * 24 * 14; // 14 days
/** Extend the expiry when less than this remains (sliding expiry). */
const SESSION_RENEW_MS = 1000 * 60 * 60 * 24 * 7;

export function generateToken(): string {
  const bytes = new Uint8Array(20); // 160 bits of entropy
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession({ userId, authorityId }: { userId: string; authorityId: string | null }) {
  const token = generateToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await getDb().session.create({ data: { id: hashToken(token), userId, authorityId, expiresAt } });
  return { token, expiresAt };
}

export type SessionWithUser = NonNullable<Awaited<ReturnType<typeof validateSessionToken>>>;

/** Returns the session and its user, or null. Extends the expiry when it is getting close. */
export async function validateSessionToken(token: string) {
  const db = getDb();
  const id = hashToken(token);
  const session = await db.session.findUnique({
    where: { id },
    include: { user: { select: { id: true, email: true, name: true, organisation: true } } },
  });
  if (!session) return null;
  const now = Date.now();
  if (session.expiresAt.getTime() <= now) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  let renewed = false;
  if (session.expiresAt.getTime() - now < SESSION_RENEW_MS) {
    session.expiresAt = new Date(now + SESSION_TTL_MS);
    await db.session.update({ where: { id }, data: { expiresAt: session.expiresAt } });
    renewed = true;
  }
  return { ...session, renewed };
}

export async function setSessionAuthority({ sessionId, authorityId }: { sessionId: string; authorityId: string }) {
  await getDb().session.update({ where: { id: sessionId }, data: { authorityId } });
}

export async function invalidateSession({ sessionId }: { sessionId: string }) {
  await getDb().session.deleteMany({ where: { id: sessionId } });
}

/** "Sign out everywhere": revokes every session of the user. */
export async function invalidateAllSessions({ userId }: { userId: string }) {
  const { count } = await getDb().session.deleteMany({ where: { userId } });
  return count;
}

// ---- cookie -----------------------------------------------------------------

/** `__Host-` prefix when Secure: the browser then refuses it without HTTPS, a Path of / and no Domain. */
export function sessionCookieName(): string {
  return cookieSecure() ? "__Host-ib_session" : "ib_session";
}

export function readSessionToken(request: Request): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  const name = sessionCookieName();
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) {
      const value = v.join("=");
      return /^[a-z2-7]{32}$/.test(value) ? value : null;
    }
  }
  return null;
}

export function sessionCookie(token: string, expiresAt: Date): string {
  const parts = [`${sessionCookieName()}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax", `Expires=${expiresAt.toUTCString()}`];
  if (cookieSecure()) parts.push("Secure");
  return parts.join("; ");
}

export function blankSessionCookie(): string {
  const parts = [`${sessionCookieName()}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0"];
  if (cookieSecure()) parts.push("Secure");
  return parts.join("; ");
}
