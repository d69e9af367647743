/**
 * One-click unsubscribe (RFC 8058) through the real route on a real
 * database: the email's link, posted `List-Unsubscribe=One-Click` with no
 * session and no Origin (as a mail provider does), turns that kind of email
 * off for that person in that authority, audited; opening the link changes
 * nothing; a link that is not ours finds nothing.
 */
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { stopJobQueue } from "~/modules/jobs/runner.server";
import { AppError } from "~/utils/errors";
import { assigningWorld } from "../../../tests/helpers/assigning";
import { action as unsubscribeAction, loader as unsubscribeLoader } from "../../routes/unsubscribe.$token";
import { deliverEmail } from "./deliver.server";
import { outboxTransport, setMailTransport } from "./mailer.server";
import { modeInForce } from "./settings.server";

beforeAll(() => setMailTransport(outboxTransport));
afterAll(() => setMailTransport(null));
afterEach(async () => {
  await stopJobQueue();
});

/** An admin assigns an action to the owner; the email goes to the outbox; its unsubscribe token. */
async function emailed() {
  const w = await assigningWorld();
  const { db, owner, assign } = w;
  await assign(owner.id);
  const queued = await db.notificationDelivery.findFirstOrThrow({ where: { address: owner.email } });
  await deliverEmail({ deliveryId: queued.id }, { id: "j", attempt: 1, lastAttempt: false });
  const sent = await db.notificationDelivery.findUniqueOrThrow({ where: { id: queued.id } });
  const token = /\/unsubscribe\/([a-z2-7]{32})/.exec(sent.body ?? "")?.[1];
  if (!token) throw new Error("the email has no unsubscribe link");
  return { ...w, sent, token };
}

const oneClick = (token: string, body = "List-Unsubscribe=One-Click") =>
  new Request(`http://localhost/unsubscribe/${token}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });

async function outcome(run: () => Promise<unknown>) {
  try {
    const result = (await run()) as { data?: unknown; init?: { status?: number } | null };
    return { status: result.init?.status ?? 200, data: result.data as Record<string, unknown> };
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, data: null };
    throw error;
  }
}

test("the email's one-click POST, with no session or Origin, turns off that kind of email for that person, audited", async () => {
  const { db, authority, owner, sent, token, assign, member } = await emailed();
  expect(sent.providerRef).toMatch(/^outbox:/);
  expect(sent.unsubscribeHash).toMatch(/^[0-9a-f]{64}$/);
  expect(sent.body).not.toContain(sent.unsubscribeHash!);

  // Opening the link shows what it is for and changes nothing.
  const page = await outcome(() => unsubscribeLoader({ params: { token } } as never));
  expect(page).toMatchObject({
    status: 200,
    data: { link: { kind: "action_assigned", authorityName: authority.name, emailed: true } },
  });
  expect(await db.notificationPreference.count({ where: { userId: owner.id } })).toBe(0);

  const posted = await outcome(() =>
    unsubscribeAction({ request: oneClick(token), params: { token }, context: undefined } as never),
  );
  expect(posted).toMatchObject({ status: 200, data: { done: { kind: "action_assigned", changed: true } } });
  expect(await db.notificationPreference.findMany({ where: { userId: owner.id } })).toMatchObject([
    { authorityId: authority.id, kind: "action_assigned", mode: "in_app" },
  ]);
  const audit = await db.auditEvent.findFirstOrThrow({ where: { authorityId: authority.id, action: "unsubscribed" } });
  expect(audit).toMatchObject({ actorId: owner.id, entityType: "NotificationPreference", entityId: owner.id });
  expect(audit.requestId).toBeTruthy();
  expect(JSON.parse(audit.changes!)).toEqual({ action_assigned: ["email", "in_app"] });
  // Other kinds still email.
  expect(await modeInForce({ userId: owner.id, authorityId: authority.id, kind: "due_soon" })).toBe("email");

  // Posting again is harmless; the page says it was already off.
  const again = await outcome(() =>
    unsubscribeAction({ request: oneClick(token), params: { token }, context: undefined } as never),
  );
  expect(again).toMatchObject({ status: 200, data: { done: { changed: false } } });
  expect(await db.auditEvent.count({ where: { authorityId: authority.id, action: "unsubscribed" } })).toBe(1);

  // The next assignment shows in the list but is not emailed.
  const next = await member("action_owner");
  await assign(next.id);
  await assign(owner.id);
  expect(await db.notification.count({ where: { userId: owner.id, kind: "action_assigned" } })).toBe(2);
  expect(await db.notificationDelivery.count({ where: { address: owner.email } })).toBe(2); // the first email and the "unassigned" one
  expect(
    await db.notificationDelivery.count({
      where: { address: owner.email, notification: { kind: "action_assigned" } },
    }),
  ).toBe(1);
});

test("a POST without the RFC 8058 body is refused; a link that is not ours finds nothing and changes nothing", async () => {
  const { db, owner, token } = await emailed();
  const wrongBody = await outcome(() =>
    unsubscribeAction({ request: oneClick(token, "unsubscribe=yes"), params: { token }, context: undefined } as never),
  );
  expect(wrongBody.status).toBe(400);
  for (const bad of ["a".repeat(32), "not-a-token", `${token}x`, token.toUpperCase()]) {
    const posted = await outcome(() =>
      unsubscribeAction({ request: oneClick(bad), params: { token: bad }, context: undefined } as never),
    );
    expect(posted, bad).toMatchObject({ status: 404, data: { done: null } });
    const page = await outcome(() => unsubscribeLoader({ params: { token: bad } } as never));
    expect(page, bad).toMatchObject({ status: 404, data: { link: null } });
  }
  expect(await db.notificationPreference.count({ where: { userId: owner.id } })).toBe(0);
});
