/**
 * Known devices (ADR 015). A successful sign-in leaves a long-lived random
 * token in an HttpOnly cookie; the database keeps only the SHA-256 of
 * "device:<userId>:<token>", so one browser can be known for several people
 * (a shared office PC) and a copied table reveals nothing usable. Sign-in from
 * a known device is not slowed by failures made elsewhere (OWASP's "device
 * cookies" against account lockout used as a weapon).
 */
import { getDb } from "~/utils/db.server";
import { cookieSecure } from "~/utils/env.server";
import { generateToken, hashToken, readTokenCookie, tokenCookie } from "./session.server";

/** A device is forgotten when nobody has signed in on it for this long. */
export const DEVICE_TTL_MS = 1000 * 60 * 60 * 24 * 180;

const deviceId = (userId: string, token: string) => hashToken(`device:${userId}:${token}`);

export function deviceCookieName(): string {
  return cookieSecure() ? "__Host-ib_device" : "ib_device";
}

export function readDeviceToken(request: Request): string | null {
  return readTokenCookie(request, deviceCookieName());
}

/** Only sent back to sign-in (SameSite=Strict); HttpOnly so page scripts never see it. */
export function deviceCookie(token: string, expiresAt: Date): string {
  return tokenCookie(deviceCookieName(), token, expiresAt, "Strict");
}

/**
 * The id of this user's known device for the token, or null. One primary-key
 * lookup whether or not the account exists or a cookie was sent, so the
 * answer's timing says nothing about the account.
 */
export async function findKnownDevice({
  userId,
  token,
  now = new Date(),
}: {
  userId: string | null;
  token: string | null;
  now?: Date;
}): Promise<string | null> {
  const id = deviceId(userId ?? "none", token ?? "none");
  const row = await getDb().knownDevice.findUnique({ where: { id }, select: { id: true, expiresAt: true } });
  return userId && token && row && row.expiresAt > now ? row.id : null;
}

/** After a successful sign-in: (re)remember this browser for the user, reusing its token when it has one. */
export async function rememberDevice({ userId, token }: { userId: string; token: string | null }) {
  const db = getDb();
  const value = token ?? generateToken();
  const expiresAt = new Date(Date.now() + DEVICE_TTL_MS);
  const id = deviceId(userId, value);
  await db.knownDevice.deleteMany({ where: { userId, expiresAt: { lt: new Date() } } });
  await db.knownDevice.upsert({ where: { id }, create: { id, userId, expiresAt }, update: { expiresAt } });
  return { token: value, expiresAt };
}
