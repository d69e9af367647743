/**
 * DB-backed sessions following Lucia's current guidance (lucia-auth.com,
 * "Basic session API"): a random token lives only in the user's HttpOnly
 * cookie, the database stores its SHA-256, and a session can be revoked by
 * deleting its row. See ADR 002.
 *
 * Two limits (ADR 015): an idle timeout (SESSION_IDLE_MINUTES, default 120),
 * which `expiresAt` slides forward on use, and an absolute lifetime from
 * sign-in (SESSION_MAX_HOURS, default 12) that no amount of use extends.
 */
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { getDb, type Db } from "~/utils/db.server";
import { cookieSecure, env } from "~/utils/env.server";

/** Default idle timeout (2 hours); the live value comes from SESSION_IDLE_MINUTES. Scripts use it for sessions they make. */
export const SESSION_TTL_MS = 1000 * 60 * 120;
/** The sliding expiry is written at most this often per session, not on every request. */
const SESSION_RENEW_STEP_MS = 60_000;

/** Idle timeout and absolute lifetime, in milliseconds, from the environment. */
export function sessionLifetime(): { idleMs: number; maxMs: number } {
  const e = env();
  const maxMs = e.SESSION_MAX_HOURS * 60 * 60_000;
  return { idleMs: Math.min(e.SESSION_IDLE_MINUTES * 60_000, maxMs), maxMs };
}

export function generateToken(): string {
  const bytes = new Uint8Array(20); // 160 bits of entropy
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Looking up an emailed link (an invitation, a password reset) by its token, as at `now`. */
export type LinkLookup = { token: string; now?: Date };
/** What such a link shows: valid, with what it is for, or why not. Never an error: the page explains it. */
export type LinkState<Valid extends object> =
  ({ status: "valid" } & Valid) | { status: "expired" | "used" | "unknown" };

export async function createSession({ userId, authorityId }: { userId: string; authorityId: string | null }) {
  const token = generateToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + sessionLifetime().idleMs);
  await getDb().session.create({ data: { id: hashToken(token), userId, authorityId, expiresAt, createdAt: now } });
  return { token, expiresAt };
}

export type SessionWithUser = NonNullable<Awaited<ReturnType<typeof validateSessionToken>>>;

/**
 * Returns the session and its user, or null when it is unknown, idle for too
 * long or past its absolute lifetime (then its row is deleted). Use slides the
 * idle expiry forward, never past `createdAt` + the absolute lifetime.
 */
export async function validateSessionToken(token: string, { now = Date.now() }: { now?: number } = {}) {
  const db = getDb();
  const id = hashToken(token);
  const session = await db.session.findUnique({
    where: { id },
    include: { user: { select: { id: true, email: true, name: true, organisation: true } } },
  });
  if (!session) return null;
  const { idleMs, maxMs } = sessionLifetime();
  const hardEnd = session.createdAt.getTime() + maxMs;
  if (session.expiresAt.getTime() <= now || hardEnd <= now) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  let renewed = false;
  // The idle deadline moves to now + idle (capped by the absolute end). It is
  // also pulled in when it lies further out, e.g. after the settings were lowered.
  const target = Math.min(now + idleMs, hardEnd);
  if (Math.abs(target - session.expiresAt.getTime()) > SESSION_RENEW_STEP_MS) {
    session.expiresAt = new Date(target);
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

/** "Sign out everywhere" (and a password reset): revokes every session of the user; with `tx`, in that transaction. */
export async function invalidateAllSessions({ userId, tx }: { userId: string; tx?: Pick<Db, "session"> }) {
  const { count } = await (tx ?? getDb()).session.deleteMany({ where: { userId } });
  return count;
}

// ---- cookie -----------------------------------------------------------------

/** `__Host-` prefix when Secure: the browser then refuses it without HTTPS, a Path of / and no Domain. */
export function sessionCookieName(): string {
  return cookieSecure() ? "__Host-ib_session" : "ib_session";
}

export function readSessionToken(request: Request): string | null {
  return readTokenCookie(request, sessionCookieName());
}

/** The value of one of our token cookies (session, known device), or null when absent or not token-shaped. */
export function readTokenCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) {
      const value = v.join("=");
      return /^[a-z2-7]{32}$/.test(value) ? value : null;
    }
  }
  return null;
}

/** A token cookie: HttpOnly, Path=/, Secure when the app runs over HTTPS. */
export function tokenCookie(name: string, token: string, expiresAt: Date, sameSite: "Lax" | "Strict" = "Lax"): string {
  const parts = [
    `${name}=${token}`,
    "Path=/",
    "HttpOnly",
    `SameSite=${sameSite}`,
    `Expires=${expiresAt.toUTCString()}`,
  ];
  if (cookieSecure()) parts.push("Secure");
  return parts.join("; ");
}

export function sessionCookie(token: string, expiresAt: Date): string {
  return tokenCookie(sessionCookieName(), token, expiresAt);
}

export function blankSessionCookie(): string {
  const parts = [`${sessionCookieName()}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0"];
  if (cookieSecure()) parts.push("Secure");
  return parts.join("; ");
}
