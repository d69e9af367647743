import { expect, test } from "vitest";
import { getDb } from "~/utils/db.server";
import { createAuthority, createUser } from "../../../prisma/factories";
import { signIn } from "./login.server";
import { LOGIN_MAX_FAILURES, loginLockedForMinutes } from "./rate-limit.server";
import { hashToken, validateSessionToken } from "./session.server";

const PASSWORD = "Otter-Compass-Meadow-42";

async function member() {
  const db = getDb();
  const authority = await createAuthority({ db });
  const user = await createUser({ db, password: PASSWORD, memberships: [{ authorityId: authority.id, role: "viewer" }] });
  return { authority, user };
}

test("the right password signs in, in any letter case of the email, into the user's authority", async () => {
  const { user, authority } = await member();
  const result = await signIn({ email: user.email.toUpperCase(), password: PASSWORD });
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  expect(result.authorityId).toBe(authority.id);
  expect((await validateSessionToken(result.token))?.user.id).toBe(user.id);
  const audit = await getDb().auditEvent.findFirst({ where: { actorId: user.id, action: "sign_in" } });
  expect(audit?.authorityId).toBe(authority.id);
});

test("a wrong password and an unknown email get the same answer", async () => {
  const { user } = await member();
  expect(await signIn({ email: user.email, password: "Wrong-Password-000" })).toEqual({ ok: false, reason: "invalid" });
  expect(await signIn({ email: "nobody-here@example.test", password: PASSWORD })).toEqual({ ok: false, reason: "invalid" });
});

test(`after ${LOGIN_MAX_FAILURES} failures the account is locked for a while, even with the right password`, async () => {
  const { user } = await member();
  for (let i = 0; i < LOGIN_MAX_FAILURES; i++) {
    expect((await signIn({ email: user.email, password: `wrong-${i}-xxxxxxxx` })).ok).toBe(false);
  }
  const locked = await signIn({ email: user.email, password: PASSWORD });
  expect(locked).toMatchObject({ ok: false, reason: "locked" });
  if (!locked.ok && locked.reason === "locked") expect(locked.minutes).toBeGreaterThanOrEqual(1);
  // The limit lifts when the window has passed.
  expect(await loginLockedForMinutes({ email: user.email, now: new Date(Date.now() + 16 * 60_000) })).toBe(0);
  // The table holds hashes, never the email.
  const rows = await getDb().loginAttempt.findMany({ where: { keyHash: hashToken(`login:${user.email}`) } });
  expect(rows.length).toBe(LOGIN_MAX_FAILURES);
  expect(JSON.stringify(rows)).not.toContain(user.email);
});
