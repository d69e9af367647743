/**
 * Forgotten passwords, below the browser: the request page's action, the
 * "password-reset" job and the delivery job running on the real job runner,
 * the email read back from a real SMTP server, then the reset itself.
 */
import { RouterContextProvider } from "react-router";
import { afterEach, expect, test } from "vitest";
import { getDb } from "~/utils/db.server";
import { requestIdContext } from "~/utils/request-context";
import { jobQueue, startJobWorkers, stopJobQueue } from "~/modules/jobs/runner.server";
import { deliverEmail } from "~/modules/notify/deliver.server";
import { createAuthority, createUser } from "../../../prisma/factories";
import { rejection } from "../../../tests/helpers/errors";
import { smtpSinkForFile } from "../../../tests/helpers/mail";
import { tablesContaining } from "../../../tests/helpers/stored-text";
import { until } from "../../../tests/helpers/until";
import { action as forgottenAction } from "../../routes/reset-password";
import { action as resetAction } from "../../routes/reset-password.$token";
import { signIn } from "./login.server";
import {
  inspectPasswordReset,
  mintPasswordResetLink,
  requestPasswordReset,
  resetPassword,
  startPasswordReset,
} from "./password-reset.server";
import { verifyPassword } from "./password.server";
import { allowResetRequest, loginLimits, RESET_REQUESTS_PER_ADDRESS } from "./rate-limit.server";
import { createSession, hashToken, validateSessionToken } from "./session.server";

const OLD_PASSWORD = "Otter-Compass-Meadow-42";
const NEW_PASSWORD = "Kestrel-Harbour-Lantern-93";

const smtp = smtpSinkForFile();
afterEach(async () => {
  await stopJobQueue();
});

const workers = () =>
  startJobWorkers(
    [
      { queue: "password-reset", handler: startPasswordReset },
      { queue: "notify-deliver", handler: deliverEmail },
    ],
    [],
  );

/** A fresh documentation-range address, so that tests do not share per-address counters. */
let ipSeq = 0;
const ip = () => `2001:db8:5::${(++ipSeq).toString(16)}:${Math.floor(Math.random() * 0xffff).toString(16)}`;

async function person(role: "admin" | "viewer" = "viewer") {
  const db = getDb();
  const authority = await createAuthority({ db });
  const user = await createUser({ db, password: OLD_PASSWORD, memberships: [{ authorityId: authority.id, role }] });
  return { db, authority, user };
}

/** The real request page's action, as the root middleware would call it. */
async function postForgotten(email: string, address: string) {
  const context = new RouterContextProvider();
  context.set(requestIdContext, crypto.randomUUID());
  const request = new Request("http://localhost/reset-password", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "x-ib-client-address": address },
    body: new URLSearchParams({ email }),
  });
  const { data, init } = (await forgottenAction({ request, params: {}, context } as never)) as {
    data: { sentTo: string | null; result: { error?: Record<string, string[]> } };
    init?: ResponseInit;
  };
  return { status: init?.status ?? 200, headers: new Headers(init?.headers), body: data };
}

/** Asks for a link as the page does and waits for the email; returns the token in its link. */
async function resetLinkFor(email: string): Promise<{ token: string; text: string }> {
  const before = smtp.inbox(email).length;
  expect((await postForgotten(email, ip())).status).toBe(200);
  await until(() => smtp.inbox(email).length > before);
  const mail = smtp.inbox(email).at(-1)!;
  const token = /http:\/\/localhost:\d+\/reset-password\/([a-z2-7]{32})\n/.exec(mail.text ?? "")?.[1];
  expect(token, mail.text).toBeDefined();
  return { token: token!, text: mail.text! };
}

test("a forgotten password: the email's link works once, for an hour, and its token is stored nowhere", async () => {
  const { db, user } = await person();
  await workers();
  const { token, text } = await resetLinkFor(user.email);
  const mail = smtp.inbox(user.email).at(-1)!;
  expect(mail.subject).toBe("Reset your Improvement Board password");
  expect(text).toContain("within an hour");
  // An account message: no unsubscribe.
  expect(mail.headerLines.some((h) => h.key === "list-unsubscribe")).toBe(false);

  // Stored: the notification (link without the token), the delivery (body without it), the reset (its hash).
  const notification = await db.notification.findFirstOrThrow({ where: { userId: user.id, kind: "password_reset" } });
  expect(notification).toMatchObject({ authorityId: null, link: "/reset-password" });
  const delivery = await db.notificationDelivery.findFirstOrThrow({ where: { notificationId: notification.id } });
  await until(
    async () => (await db.notificationDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).status === "sent",
  );
  const sent = await db.notificationDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
  expect(sent.body).toContain("/reset-password/[single-use link, not kept]");
  expect(await tablesContaining(token)).toEqual([]);
  expect(await tablesContaining(hashToken(token))).toEqual(["PasswordReset"]);
  const reset = await db.passwordReset.findFirstOrThrow({ where: { userId: user.id } });
  expect(reset.expiresAt.getTime() - reset.createdAt.getTime()).toBeGreaterThan(59 * 60_000);
  expect(reset.expiresAt.getTime() - reset.createdAt.getTime()).toBeLessThanOrEqual(60 * 60_000 + 1000);

  expect(await inspectPasswordReset({ token })).toEqual({ status: "valid", email: user.email });
  // The person is signed in on two devices; the reset ends both.
  const sessions = [
    await createSession({ userId: user.id, authorityId: null }),
    await createSession({ userId: user.id, authorityId: null }),
  ];
  expect((await rejection(resetPassword({ token, password: "password1234", requestId: null }))).message).toMatch(
    /too common/,
  );
  expect(await resetPassword({ token, password: NEW_PASSWORD, requestId: "req-reset" })).toEqual({
    ok: true,
    userId: user.id,
  });
  for (const s of sessions) expect(await validateSessionToken(s.token)).toBeNull();
  const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
  expect(await verifyPassword(after.passwordHash!, NEW_PASSWORD)).toBe(true);
  expect((await signIn({ email: user.email, password: OLD_PASSWORD, requestId: null, ip: ip() })).ok).toBe(false);
  expect((await signIn({ email: user.email, password: NEW_PASSWORD, requestId: null, ip: ip() })).ok).toBe(true);

  // Single use.
  expect(await inspectPasswordReset({ token })).toEqual({ status: "used" });
  expect(await resetPassword({ token, password: "Another-Long-Pass-88", requestId: null })).toEqual({
    ok: false,
    status: "used",
  });
  // Audited where the person's admins look, without the password.
  const audit = await db.auditEvent.findMany({
    where: { entityId: user.id, action: { startsWith: "password_reset" } },
  });
  expect(audit.map((a) => [a.action, a.authorityId ?? "none"]).sort()).toEqual([
    ["password_reset", (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).authorityId],
    ["password_reset_requested", "none"],
  ]);
  const done = audit.find((a) => a.action === "password_reset")!;
  expect(done).toMatchObject({ actorId: user.id, requestId: "req-reset" });
  expect(JSON.parse(done.changes!)).toEqual({ sessionsEnded: 2 });
  expect(JSON.stringify(audit)).not.toContain("Kestrel");
});

test("the page answers every address the same; only an account with a password gets a link", async () => {
  const { db, user } = await person();
  const invited = await createUser({ db }); // no password yet: the invitation sets it
  const unknown = `nobody-${Date.now()}@example.test`;
  await workers();
  const answers = [];
  for (const email of [user.email, invited.email, unknown]) {
    const r = await postForgotten(email, ip());
    answers.push({ ...r, body: { ...r.body, sentTo: r.body.sentTo === email } });
  }
  expect(answers[1]).toEqual(answers[0]);
  expect(answers[2]).toEqual(answers[0]);
  expect(answers[0]).toMatchObject({ status: 200, body: { sentTo: true } });
  await until(() => smtp.inbox(user.email).length === 1);
  await until(async () => (await (await jobQueue()).pending("password-reset")) === 0);
  expect(smtp.inbox(invited.email)).toHaveLength(0);
  expect(smtp.inbox(unknown)).toHaveLength(0);
  expect(await db.passwordReset.count({ where: { userId: invited.id } })).toBe(0);
  expect(await db.notification.count({ where: { userId: invited.id } })).toBe(0);
});

test("an expired link, an unknown one, and one replaced by a later email are each explained", async () => {
  const { db, user } = await person();
  await workers();
  const { token } = await resetLinkFor(user.email);
  const reset = await db.passwordReset.findFirstOrThrow({ where: { userId: user.id } });
  expect(await inspectPasswordReset({ token: "a".repeat(32) })).toEqual({ status: "unknown" });

  // The email sent again (a retry) carries a new token; the first stops working.
  const again = await mintPasswordResetLink(`password_reset:${reset.id}`);
  expect(again?.path).toBe(`/reset-password/${again?.token}`);
  expect(await inspectPasswordReset({ token })).toEqual({ status: "unknown" });
  expect(await inspectPasswordReset({ token: again!.token })).toMatchObject({ status: "valid" });

  await db.passwordReset.update({ where: { id: reset.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  expect(await inspectPasswordReset({ token: again!.token })).toEqual({ status: "expired" });
  expect(await resetPassword({ token: again!.token, password: NEW_PASSWORD, requestId: null })).toEqual({
    ok: false,
    status: "expired",
  });
  // An expired reset is not given a new link at all.
  expect(await mintPasswordResetLink(`password_reset:${reset.id}`)).toBeNull();
});

test("a reset whose link expired before its email could go is not sent; the log says why", async () => {
  const { db, user } = await person();
  await postForgotten(user.email, ip());
  // The job runs (no delivery worker yet); an hour passes before the mail server is reached.
  await startJobWorkers([{ queue: "password-reset", handler: startPasswordReset }], []);
  await until(async () => (await db.passwordReset.count({ where: { userId: user.id } })) === 1);
  await db.passwordReset.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const delivery = await db.notificationDelivery.findFirstOrThrow({ where: { address: user.email } });
  await deliverEmail({ deliveryId: delivery.id }, { id: "j", attempt: 1, lastAttempt: false });
  expect(await db.notificationDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
    status: "suppressed",
    lastError: "Not sent: its link had been used, cancelled or had expired.",
  });
  expect(smtp.inbox(user.email)).toHaveLength(0);
});

test("the request job run twice makes one reset and one email (at-least-once jobs)", async () => {
  const { db, user } = await person();
  const context = { id: crypto.randomUUID(), attempt: 1, lastAttempt: false };
  await startPasswordReset({ userId: user.id, requestId: null }, context);
  await startPasswordReset({ userId: user.id, requestId: null }, { ...context, attempt: 2 });
  expect(await db.passwordReset.count({ where: { userId: user.id } })).toBe(1);
  expect(await db.notification.count({ where: { userId: user.id, kind: "password_reset" } })).toBe(1);
});

test("two submits of one link at once: one sets the password, the other is told the link was used", async () => {
  const { db, user } = await person();
  await workers();
  const { token } = await resetLinkFor(user.email);
  const results = await Promise.all([
    resetPassword({ token, password: NEW_PASSWORD, requestId: null }),
    resetPassword({ token, password: "Second-Lantern-Harbour-7", requestId: null }),
  ]);
  expect(results.filter((r) => r.ok)).toHaveLength(1);
  expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, status: "used" }]);
  expect(await db.auditEvent.count({ where: { entityId: user.id, action: "password_reset" } })).toBe(1);
});

test("a reset stops every other link of the account; the reset page's action sends the person to sign in", async () => {
  const { user } = await person();
  await workers();
  const first = await resetLinkFor(user.email);
  const second = await resetLinkFor(user.email);
  const post = (token: string, password: string, confirmPassword = password) =>
    resetAction({
      request: new Request(`http://localhost/reset-password/${token}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ password, confirmPassword }),
      }),
      params: { token },
      context: new RouterContextProvider(),
    } as never) as Promise<unknown>;

  const mismatch = (await post(second.token, NEW_PASSWORD, "something-else-entirely")) as {
    data: { result: { error?: Record<string, string[]> } };
  };
  expect(mismatch.data.result.error?.confirmPassword).toEqual(["Passwords do not match"]);
  const done = (await post(second.token, NEW_PASSWORD)) as Response;
  expect(done.status).toBe(302);
  expect(done.headers.get("Location")).toBe("/login?passwordReset=done");
  expect(await inspectPasswordReset({ token: first.token })).toEqual({ status: "used" });
  const gone = (await post(first.token, "Yet-Another-Lantern-55")) as { data: { gone: string }; init: ResponseInit };
  expect(gone.init.status).toBe(410);
  expect(gone.data.gone).toBe("used");
});

test(`at most ${RESET_REQUESTS_PER_ADDRESS} links per address in the window, and the per-IP limit, answered with 429 and a wait`, async () => {
  const email = `often-${Date.now()}@example.test`;
  const from = ip();
  for (let i = 0; i < RESET_REQUESTS_PER_ADDRESS; i++) expect((await postForgotten(email, from)).status).toBe(200);
  const refused = await postForgotten(email, ip());
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
  expect(JSON.stringify(refused.body.result.error)).toMatch(
    /several links for this address in the last few minutes\. Use the link in the latest email, or wait \d+ minutes? and ask again/,
  );
  expect(refused.body.sentTo).toBeNull();

  // Per address of the client, across email addresses (a small limit here, the sign-in one in service).
  const limits = { ...loginLimits(), ipFailures: 2 };
  const net = ip();
  expect((await allowResetRequest({ email: "a@example.test", ip: net, limits })).ok).toBe(true);
  expect((await allowResetRequest({ email: "b@example.test", ip: net, limits })).ok).toBe(true);
  expect(await allowResetRequest({ email: "c@example.test", ip: net, limits })).toMatchObject({
    ok: false,
    limit: "ip",
  });
  expect((await allowResetRequest({ email: "c@example.test", ip: ip(), limits })).ok).toBe(true);
});

test("requestPasswordReset finds the account in any letter case", async () => {
  const { db, user } = await person();
  const r = await requestPasswordReset({ email: user.email.toUpperCase(), ip: ip(), requestId: null });
  expect(r.ok).toBe(true);
  await startJobWorkers([{ queue: "password-reset", handler: startPasswordReset }], []);
  await until(async () => (await db.passwordReset.count({ where: { userId: user.id } })) === 1);
});
