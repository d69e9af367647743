/**
 * The invitation email: queued with the invitation, delivered over SMTP to a
 * real SMTP server, with a link of its own beside the admin's copyable one.
 * Neither token is stored.
 */
import { afterEach, expect, test } from "vitest";
import { createUser } from "../../../prisma/factories";
import { smtpSinkForFile } from "../../../tests/helpers/mail";
import { tablesContaining } from "../../../tests/helpers/stored-text";
import { until } from "../../../tests/helpers/until";
import { createTenant } from "../../../tests/helpers/world";
import { startJobWorkers, stopJobQueue } from "~/modules/jobs/runner.server";
import { deliverEmail } from "~/modules/notify/deliver.server";
import { acceptInvitation, cancelInvitation, createInvitation, inspectInvitation } from "./service.server";

const smtp = smtpSinkForFile();
afterEach(async () => {
  await stopJobQueue();
});

async function setup() {
  const { db, authority, member } = await createTenant({ name: "Kirklees Council" });
  const admin = await member("admin");
  const invite = (email: string, role: "viewer" | "action_owner" = "action_owner") =>
    createInvitation({ authorityId: authority.id, email, role, actor: { id: admin.id, role: "admin" } });
  return { db, authority, admin, invite };
}

/** The delivery of the invitation to `email`, once sent; and the token in the email's link. */
async function emailed(email: string) {
  await until(() => smtp.inbox(email).length === 1);
  const mail = smtp.inbox(email)[0]!;
  const token = /http:\/\/localhost:\d+\/invite\/([a-z2-7]{32})\n/.exec(mail.text ?? "")?.[1];
  expect(token, mail.text).toBeDefined();
  return { mail, token: token! };
}

test("an invitation is emailed with a link of its own; the admin's copyable link works too, and neither token is stored", async () => {
  const { db, authority, invite } = await setup();
  const email = `new-officer-${Date.now()}@example.test`;
  const { token: adminToken } = await invite(email);
  await startJobWorkers([{ queue: "notify-deliver", handler: deliverEmail }], []);
  const { mail, token } = await emailed(email);
  expect(token).not.toBe(adminToken);
  expect(mail.subject).toBe("Join Kirklees Council on Improvement Board as Action owner");
  expect(mail.text).toContain("The link below works once and expires in 7 days.");
  expect(mail.headerLines.some((h) => h.key === "list-unsubscribe")).toBe(false);

  // The person is recorded as a user without a password until they accept; the notification is theirs.
  const invitee = await db.user.findUniqueOrThrow({ where: { email } });
  expect(invitee.passwordHash).toBeNull();
  const notification = await db.notification.findFirstOrThrow({ where: { userId: invitee.id } });
  expect(notification).toMatchObject({ kind: "invitation", authorityId: authority.id, link: "/" });
  await until(
    async () => (await db.notificationDelivery.findFirstOrThrow({ where: { address: email } })).status === "sent",
  );
  const delivery = await db.notificationDelivery.findFirstOrThrow({ where: { address: email } });
  expect(delivery).toMatchObject({ authorityId: authority.id, status: "sent" });
  expect(delivery.body).toContain("/invite/[single-use link, not kept]");
  expect(await tablesContaining(token)).toEqual([]);
  expect(await tablesContaining(adminToken)).toEqual([]);

  // Both links open the invitation; accepting from the email's ends both.
  const valid = { status: "valid", email, role: "action_owner", authorityName: "Kirklees Council", hasAccount: false };
  expect(await inspectInvitation({ token })).toEqual(valid);
  expect(await inspectInvitation({ token: adminToken })).toEqual(valid);
  await acceptInvitation({ token, name: "Priya Officer", password: "Lantern-Quay-Orchid-51" });
  expect(await db.user.findUniqueOrThrow({ where: { email } })).toMatchObject({
    id: invitee.id,
    name: "Priya Officer",
  });
  expect(await inspectInvitation({ token })).toEqual({ status: "used" });
  expect(await inspectInvitation({ token: adminToken })).toEqual({ status: "used" });
});

test("an invitation cancelled before its email goes is not sent; the log says why", async () => {
  const { db, authority, admin, invite } = await setup();
  const email = `cancelled-${Date.now()}@example.test`;
  const { invitation } = await invite(email, "viewer");
  await cancelInvitation({
    authorityId: authority.id,
    invitationId: invitation.id,
    actor: { id: admin.id, role: "admin" },
  });
  const delivery = await db.notificationDelivery.findFirstOrThrow({ where: { address: email } });
  await deliverEmail({ deliveryId: delivery.id }, { id: "j", attempt: 1, lastAttempt: false });
  expect(await db.notificationDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
    status: "suppressed",
    lastError: "Not sent: its link had been used, cancelled or had expired.",
  });
  expect(smtp.inbox(email)).toHaveLength(0);
});

test("someone with an account is emailed too, and their account is left as it is", async () => {
  const { db, invite } = await setup();
  const existing = await createUser({ db, name: "Sam Existing", password: "Existing-Account-Pass-1" });
  await invite(existing.email, "viewer");
  await startJobWorkers([{ queue: "notify-deliver", handler: deliverEmail }], []);
  const { token } = await emailed(existing.email);
  expect(await inspectInvitation({ token })).toMatchObject({ status: "valid", hasAccount: true });
  const after = await db.user.findUniqueOrThrow({ where: { id: existing.id } });
  expect(after).toMatchObject({ name: "Sam Existing", passwordHash: existing.passwordHash });
});

test("a new invitation to the same address replaces the old one, whose emailed link stops working", async () => {
  const { db, invite } = await setup();
  const email = `twice-${Date.now()}@example.test`;
  await invite(email, "viewer");
  await startJobWorkers([{ queue: "notify-deliver", handler: deliverEmail }], []);
  const { token } = await emailed(email);
  await invite(email, "action_owner");
  expect(await inspectInvitation({ token })).toEqual({ status: "used" });
  await until(() => smtp.inbox(email).length === 2);
  expect(await db.user.count({ where: { email } })).toBe(1);
});
