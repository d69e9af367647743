import { expect, test } from "vitest";
import { getDb } from "~/utils/db.server";
import { createTenant } from "../../../tests/helpers/world";
import {
  SESSION_TTL_MS,
  createSession,
  hashToken,
  invalidateAllSessions,
  invalidateSession,
  readSessionToken,
  sessionCookie,
  validateSessionToken,
} from "./session.server";

async function user() {
  return (await createTenant()).member("viewer");
}

test("only the SHA-256 of the token is stored, and the token validates", async () => {
  const u = await user();
  const { token } = await createSession({ userId: u.id, authorityId: null });
  const stored = await getDb().session.findMany({ where: { userId: u.id } });
  expect(stored).toHaveLength(1);
  expect(stored[0]!.id).toBe(hashToken(token));
  expect(stored[0]!.id).not.toContain(token);
  const session = await validateSessionToken(token);
  expect(session?.user.id).toBe(u.id);
  expect(await validateSessionToken(token.replace(/.$/, (c) => (c === "a" ? "b" : "a")))).toBeNull();
});

test("an expired session is refused and removed", async () => {
  const u = await user();
  const { token } = await createSession({ userId: u.id, authorityId: null });
  await getDb().session.update({ where: { id: hashToken(token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
  expect(await validateSessionToken(token)).toBeNull();
  expect(await getDb().session.count({ where: { userId: u.id } })).toBe(0);
});

test("expiry slides forward when a session is used in its second half", async () => {
  const u = await user();
  const { token } = await createSession({ userId: u.id, authorityId: null });
  const soon = new Date(Date.now() + 1000 * 60 * 60 * 24); // one day left
  await getDb().session.update({ where: { id: hashToken(token) }, data: { expiresAt: soon } });
  const session = await validateSessionToken(token);
  expect(session?.renewed).toBe(true);
  expect(session!.expiresAt.getTime()).toBeGreaterThan(Date.now() + SESSION_TTL_MS - 60_000);
  const fresh = await validateSessionToken(token);
  expect(fresh?.renewed).toBe(false);
});

test("sign out revokes one session; sign out everywhere revokes them all", async () => {
  const u = await user();
  const a = await createSession({ userId: u.id, authorityId: null });
  const b = await createSession({ userId: u.id, authorityId: null });
  const c = await createSession({ userId: u.id, authorityId: null });
  await invalidateSession({ sessionId: hashToken(a.token) });
  expect(await validateSessionToken(a.token)).toBeNull();
  expect(await validateSessionToken(b.token)).not.toBeNull();
  expect(await invalidateAllSessions({ userId: u.id })).toBe(2);
  expect(await validateSessionToken(b.token)).toBeNull();
  expect(await validateSessionToken(c.token)).toBeNull();
});

test("the cookie is HttpOnly and SameSite=Lax, and only well-formed tokens are read", () => {
  const cookie = sessionCookie("abcdefghijklmnopqrstuvwxyz234567", new Date("2030-01-01"));
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  expect(cookie).toMatch(/Path=\//);
  const ok = new Request("http://x/", { headers: { Cookie: "other=1; ib_session=abcdefghijklmnopqrstuvwxyz234567" } });
  expect(readSessionToken(ok)).toBe("abcdefghijklmnopqrstuvwxyz234567");
  const bad = new Request("http://x/", { headers: { Cookie: "ib_session=<script>" } });
  expect(readSessionToken(bad)).toBeNull();
});

const HOUR = 60 * 60_000;

test("a session in constant use still ends 12 hours after sign-in (absolute lifetime)", async () => {
  const u = await user();
  const { token } = await createSession({ userId: u.id, authorityId: null });
  const id = hashToken(token);
  // Signed in 13 hours ago and used a minute ago: the idle expiry is still ahead.
  await getDb().session.update({
    where: { id },
    data: { createdAt: new Date(Date.now() - 13 * HOUR), expiresAt: new Date(Date.now() + HOUR) },
  });
  expect(await validateSessionToken(token)).toBeNull();
  expect(await getDb().session.count({ where: { id } })).toBe(0);
});

test("use slides the idle expiry forward, but never past the absolute lifetime", async () => {
  const u = await user();
  const { token } = await createSession({ userId: u.id, authorityId: null });
  const id = hashToken(token);
  const signedInAt = Date.now() - 11 * HOUR - 30 * 60_000; // 11.5 hours ago
  await getDb().session.update({
    where: { id },
    data: { createdAt: new Date(signedInAt), expiresAt: new Date(Date.now() + 60_000) },
  });
  const session = await validateSessionToken(token);
  expect(session?.renewed).toBe(true);
  expect(session!.expiresAt.getTime()).toBe(signedInAt + 12 * HOUR);
  // Ten more minutes of use a minute apart: it never moves past that end.
  for (let i = 1; i <= 10; i++) {
    const s = await validateSessionToken(token, { now: Date.now() + i * 60_000 });
    expect(s!.expiresAt.getTime()).toBeLessThanOrEqual(signedInAt + 12 * HOUR);
  }
  expect(await validateSessionToken(token, { now: signedInAt + 12 * HOUR + 1 })).toBeNull();
});

test("a session left idle for two hours ends, and a new one starts with a two-hour idle expiry", async () => {
  const u = await user();
  const { token, expiresAt } = await createSession({ userId: u.id, authorityId: null });
  expect(Math.abs(expiresAt.getTime() - (Date.now() + 2 * HOUR))).toBeLessThan(5_000);
  expect(await validateSessionToken(token, { now: Date.now() + 2 * HOUR + 60_000 })).toBeNull();
});

test("a session from before these limits, with a far expiry, is pulled in to the idle timeout on its next use", async () => {
  const u = await user();
  const { token } = await createSession({ userId: u.id, authorityId: null });
  await getDb().session.update({
    where: { id: hashToken(token) },
    data: { expiresAt: new Date(Date.now() + 14 * 24 * HOUR) },
  });
  const session = await validateSessionToken(token);
  expect(session?.renewed).toBe(true);
  expect(session!.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 2 * HOUR);
});
