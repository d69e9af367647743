import { RouterContextProvider } from "react-router";
import { expect, test, vi } from "vitest";
import { getDb } from "~/utils/db.server";
import { requestIdContext } from "~/utils/request-context";
import { createAuthority, createUser } from "../../../prisma/factories";
import { action as loginAction } from "../../routes/login";
import { signIn } from "./login.server";
import { backoffMs, checkSignInAllowed, loginLimits, type LoginLimits } from "./rate-limit.server";
import { hashToken, validateSessionToken } from "./session.server";

const PASSWORD = "Otter-Compass-Meadow-42";
const LIMITS = loginLimits();

async function member() {
  const db = getDb();
  const authority = await createAuthority({ db });
  const user = await createUser({
    db,
    password: PASSWORD,
    memberships: [{ authorityId: authority.id, role: "viewer" }],
  });
  return { authority, user };
}

/** A fresh documentation-range address, so that tests do not share per-address counters. */
let ipSeq = 0;
const ip = () => `2001:db8::${(++ipSeq).toString(16)}:${Math.floor(Math.random() * 0xffff).toString(16)}`;

test("the right password signs in, in any letter case of the email, into the user's authority", async () => {
  const { user, authority } = await member();
  const result = await signIn({
    email: user.email.toUpperCase(),
    password: PASSWORD,
    requestId: "req-sign-in",
    ip: ip(),
  });
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  expect(result.authorityId).toBe(authority.id);
  expect((await validateSessionToken(result.token))?.user.id).toBe(user.id);
  const audit = await getDb().auditEvent.findFirst({ where: { actorId: user.id, action: "sign_in" } });
  expect(audit?.authorityId).toBe(authority.id);
  expect(audit?.requestId).toBe("req-sign-in");
});

test("a wrong password and an unknown email get the same answer", async () => {
  const { user } = await member();
  const from = ip();
  expect(await signIn({ email: user.email, password: "Wrong-Password-000", requestId: null, ip: from })).toEqual({
    ok: false,
    code: "invalid",
  });
  expect(await signIn({ email: "nobody-here@example.test", password: PASSWORD, requestId: null, ip: from })).toEqual({
    ok: false,
    code: "invalid",
  });
});

test(`after ${LIMITS.accountFailures} failures an unknown device must wait before each further try, even with the right password; the wait doubles`, async () => {
  const { user } = await member();
  for (let i = 0; i < LIMITS.accountFailures; i++) {
    expect((await signIn({ email: user.email, password: `wrong-${i}-xxxxxxxx`, requestId: null, ip: ip() })).ok).toBe(
      false,
    );
  }
  const slowed = await signIn({ email: user.email, password: PASSWORD, requestId: null, ip: ip() });
  expect(slowed).toMatchObject({ ok: false, code: "throttled", limit: "account" });
  if (!slowed.ok && slowed.code === "throttled") expect(slowed.retryAfterSeconds).toBeGreaterThanOrEqual(25);
  expect([5, 6, 7, 20].map((n) => backoffMs(n, LIMITS) / 1000)).toEqual([30, 60, 120, 15 * 60]);
  // The wait is over after it has passed, and everything lifts when the window has passed.
  const args = { email: user.email, ip: ip(), knownDevice: false, limits: LIMITS };
  expect(await checkSignInAllowed({ ...args, now: new Date(Date.now() + 31_000) })).toEqual({ ok: true });
  expect(await checkSignInAllowed({ ...args, now: new Date(Date.now() + 16 * 60_000) })).toEqual({ ok: true });
  // The table holds hashes, never the email or an address.
  const rows = await getDb().loginAttempt.findMany({ where: { keyHash: hashToken(`login:${user.email}`) } });
  expect(rows.length).toBe(LIMITS.accountFailures);
  expect(JSON.stringify(await getDb().loginAttempt.findMany())).not.toMatch(new RegExp(`${user.email}|2001:db8`));
});

test("wrong passwords from an attacker do not stop the owner signing in from a device they have used before", async () => {
  const { user } = await member();
  const first = await signIn({ email: user.email, password: PASSWORD, requestId: null, ip: ip() });
  if (!first.ok) throw new Error("first sign-in failed");
  // The device cookie's token is not stored: only a hash that includes the user.
  expect(
    await getDb().knownDevice.count({
      where: { userId: user.id, id: hashToken(`device:${user.id}:${first.device.token}`) },
    }),
  ).toBe(1);
  expect(JSON.stringify(await getDb().knownDevice.findMany({ where: { userId: user.id } }))).not.toContain(
    first.device.token,
  );

  const attacker = ip();
  for (let i = 0; i < LIMITS.accountFailures + 3; i++)
    await signIn({ email: user.email, password: `guess-${i}-xxxxxxxx`, requestId: null, ip: attacker });
  expect(await signIn({ email: user.email, password: PASSWORD, requestId: null, ip: attacker })).toMatchObject({
    ok: false,
    code: "throttled",
  });

  const owner = await signIn({
    email: user.email,
    password: PASSWORD,
    requestId: null,
    ip: ip(),
    deviceToken: first.device.token,
  });
  expect(owner.ok).toBe(true);
  // A device cookie taken to another account is not known there.
  const other = await member();
  for (let i = 0; i < LIMITS.accountFailures; i++)
    await signIn({ email: other.user.email, password: `guess-${i}-xxxxxxxx`, requestId: null, ip: attacker });
  expect(
    await signIn({
      email: other.user.email,
      password: PASSWORD,
      requestId: null,
      ip: ip(),
      deviceToken: first.device.token,
    }),
  ).toMatchObject({ ok: false, code: "throttled" });
});

test("a known device has its own failure budget: past it, the device counts as unknown", async () => {
  const { user } = await member();
  const first = await signIn({ email: user.email, password: PASSWORD, requestId: null, ip: ip() });
  if (!first.ok) throw new Error("first sign-in failed");
  const deviceToken = first.device.token;
  for (let i = 0; i < LIMITS.deviceFailures; i++)
    await signIn({ email: user.email, password: `guess-${i}-xxxxxxxx`, requestId: null, ip: ip(), deviceToken });
  // Those failures did not slow the account for other devices…
  expect(await checkSignInAllowed({ email: user.email, ip: ip(), knownDevice: false, limits: LIMITS })).toEqual({
    ok: true,
  });
  // …but the device is now treated as unknown, so the account's own limit applies to it.
  for (let i = 0; i < LIMITS.accountFailures; i++)
    await signIn({ email: user.email, password: `more-${i}-xxxxxxxx`, requestId: null, ip: ip(), deviceToken });
  expect(await signIn({ email: user.email, password: PASSWORD, requestId: null, ip: ip(), deviceToken })).toMatchObject(
    { ok: false, code: "throttled", limit: "account" },
  );
});

test("the account limit alerts the account's admins through the audit log, and a warning line with no email", async () => {
  const { user, authority } = await member();
  const warnings: string[] = [];
  vi.spyOn(console, "warn").mockImplementation((line: unknown) => void warnings.push(String(line)));
  const level = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = "info";
  try {
    for (let i = 0; i < LIMITS.accountFailures; i++)
      await signIn({ email: user.email, password: `wrong-${i}-xxxxxxxx`, requestId: `req-${i}`, ip: ip() });
  } finally {
    process.env.LOG_LEVEL = level;
  }
  const alert = await getDb().auditEvent.findFirst({ where: { authorityId: authority.id, action: "sign_in_limit" } });
  expect(alert).toMatchObject({
    entityType: "User",
    entityId: user.id,
    requestId: `req-${LIMITS.accountFailures - 1}`,
  });
  expect(JSON.parse(alert!.changes!)).toMatchObject({ limit: [null, "account"] });
  expect(warnings.filter((w) => w.includes("sign-in limit reached"))).toHaveLength(1);
  expect(warnings.join("\n")).not.toContain(user.email);
  // Failed sign-ins carry the request id too.
  expect(
    await getDb().auditEvent.count({ where: { actorId: user.id, action: "sign_in_failed", requestId: null } }),
  ).toBe(0);
});

test("the global limit stops guessing spread over many addresses and accounts, alerts every authority, and lets known devices in", async () => {
  const { user, authority } = await member();
  const first = await signIn({ email: user.email, password: PASSWORD, requestId: null, ip: ip() });
  if (!first.ok) throw new Error("first sign-in failed");
  // The failures already counted by this file's other tests, plus three more, so this test needs only three tries.
  const since = new Date(Date.now() - LIMITS.windowMs);
  const before = await getDb().loginAttempt.count({
    where: { keyHash: hashToken("global"), createdAt: { gt: since } },
  });
  const limits: LoginLimits = { ...LIMITS, globalFailures: before + 3, ipFailures: 1000 };
  for (let i = 0; i < 3; i++) {
    expect(
      await signIn({
        email: `spread-${i}-${ipSeq}@example.test`,
        password: PASSWORD,
        requestId: `req-global-${i}`,
        ip: ip(),
        limits,
      }),
    ).toEqual({ ok: false, code: "invalid" });
  }
  const refused = await signIn({
    email: `someone-else-${ipSeq}@example.test`,
    password: PASSWORD,
    requestId: null,
    ip: ip(),
    limits,
  });
  expect(refused).toMatchObject({ ok: false, code: "throttled", limit: "global" });
  expect(await signIn({ email: user.email, password: PASSWORD, requestId: null, ip: ip(), limits })).toMatchObject({
    ok: false,
    code: "throttled",
    limit: "global",
  });
  expect(
    (
      await signIn({
        email: user.email,
        password: PASSWORD,
        requestId: null,
        ip: ip(),
        deviceToken: first.device.token,
        limits,
      })
    ).ok,
  ).toBe(true);
  const alert = await getDb().auditEvent.findFirst({
    where: { authorityId: authority.id, action: "sign_in_limit", requestId: "req-global-2" },
  });
  expect(JSON.parse(alert!.changes!)).toMatchObject({ limit: [null, "global"] });
});

/** The real sign-in action, as the root middleware would call it. */
async function postLogin(
  body: Record<string, string>,
  { address, requestId = crypto.randomUUID() }: { address: string; requestId?: string },
) {
  const context = new RouterContextProvider();
  context.set(requestIdContext, requestId);
  const request = new Request("http://localhost/login", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "x-ib-client-address": address },
    body: new URLSearchParams(body),
  });
  const result = (await loginAction({ request, params: {}, context } as never)) as unknown;
  if (result instanceof Response) return { status: result.status, headers: result.headers, body: null };
  const { data, init } = result as { data: { result: { error?: Record<string, string[]> } }; init?: ResponseInit };
  return { status: init?.status ?? 200, headers: new Headers(init?.headers), body: data };
}

test(`guessing across many accounts from one address is refused with 429 and a message after ${LIMITS.ipFailures} failures`, async () => {
  const address = "203.0.113.77";
  for (let i = 0; i < LIMITS.ipFailures; i++) {
    const r = await postLogin(
      { email: `victim-${i}-${ipSeq}@example.test`, password: "Password-Guess-1" },
      { address },
    );
    expect(r.status).toBe(401);
  }
  const refused = await postLogin({ email: "one-more@example.test", password: "Password-Guess-1" }, { address });
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
  expect(JSON.stringify(refused.body)).toContain("Too many failed sign-in attempts from your network");
  // Another address is not affected.
  expect(
    (await postLogin({ email: "one-more@example.test", password: "Password-Guess-1" }, { address: "203.0.113.78" }))
      .status,
  ).toBe(401);
});

test("signing in through the page sets the session and known-device cookies, follows only safe targets, and audits with the request id", async () => {
  const { user } = await member();
  const r = await postLogin(
    { email: user.email, password: PASSWORD, redirectTo: "/\t/evil.example" },
    { address: "203.0.113.90", requestId: "req-page-sign-in" },
  );
  expect(r.status).toBe(302);
  expect(r.headers.get("Location")).toBe("/");
  const cookies = r.headers.getSetCookie();
  expect(cookies.some((c) => c.startsWith("ib_session="))).toBe(true);
  expect(cookies.some((c) => c.startsWith("ib_device=") && c.includes("HttpOnly"))).toBe(true);
  expect(
    await getDb().auditEvent.count({ where: { actorId: user.id, action: "sign_in", requestId: "req-page-sign-in" } }),
  ).toBe(1);
  const newline = await postLogin(
    { email: user.email, password: PASSWORD, redirectTo: "/a\r\nSet-Cookie: x=1" },
    { address: "203.0.113.90" },
  );
  expect(newline.status).toBe(302);
  expect(newline.headers.get("Location")).toBe("/");
});
