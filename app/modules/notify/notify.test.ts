/**
 * Notifications end to end below the browser: a change to an action queues
 * its notifications in the same transaction; the job runner delivers them
 * over SMTP to a real SMTP server (smtp-server), read back with mailparser.
 */
import { afterEach, expect, test } from "vitest";
import { applyActionChange } from "~/modules/action/apply.server";
import { jobQueue, startJobWorkers, stopJobQueue } from "~/modules/jobs/runner.server";
import { getDb } from "~/utils/db.server";
import { smtpSinkForFile } from "../../../tests/helpers/mail";
import { createWorld } from "../../../tests/helpers/world";
import { until } from "../../../tests/helpers/until";
import { deliverEmail } from "./deliver.server";
import { listDeliveries, retryDelivery } from "./log.server";
import { setMailTransport, smtpTransport } from "./mailer.server";

const smtp = smtpSinkForFile();
afterEach(async () => {
  await stopJobQueue();
});

async function world() {
  const w = await createWorld();
  const admin = await w.member("admin");
  const owner = await w.member("action_owner");
  const action = await w.action({ title: "Strengthen strategy discussions" });
  const assign = (ownerId: string | null, version?: number) =>
    applyActionChange({
      authorityId: w.authority.id,
      actor: { id: admin.id, role: "admin" },
      target: { actionId: action.id, expectedVersion: version },
      change: { kind: "bulk", change: { field: "owner", toOwnerId: ownerId } },
    });
  return { ...w, admin, owner, actionRow: action, assign, inbox: smtp.inbox };
}

const workers = () => startJobWorkers([{ queue: "notify-deliver", handler: deliverEmail, concurrency: 2 }], []);

test("assigning an action tells the new owner: in the list, and by a short email with a link and one-click unsubscribe", async () => {
  const { db, owner, actionRow, assign, inbox, authority } = await world();
  const r = await assign(owner.id);
  expect(r.ok).toBe(true);
  const notes = await db.notification.findMany({ where: { userId: owner.id } });
  expect(notes).toMatchObject([
    {
      kind: "action_assigned",
      title: "Assigned to you: Strengthen strategy discussions",
      link: `/a/${authority.slug}/actions/${actionRow.id}`,
      readAt: null,
    },
  ]);
  await workers();
  await until(() => inbox(owner.email).length === 1);
  const [mail] = inbox(owner.email);
  expect(mail!.subject).toBe("Assigned to you: Strengthen strategy discussions");
  expect(mail!.text).toContain(`/a/${authority.slug}/actions/${actionRow.id}`);
  // RFC 8058: both headers, raw as sent (mailparser folds List-* into one parsed "list" header).
  const raw = (key: string) => mail!.headerLines.find((h) => h.key === key)?.line;
  expect(raw("list-unsubscribe-post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
  expect(raw("list-unsubscribe")?.replace(/\r\n\s+/g, " ")).toMatch(
    /^List-Unsubscribe: <http:\/\/localhost:\d+\/unsubscribe\/[a-z2-7]{32}>/,
  );
  const delivery = await db.notificationDelivery.findFirstOrThrow({ where: { notificationId: notes[0]!.id } });
  await until(
    async () => (await db.notificationDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).status === "sent",
  );
  const sent = await db.notificationDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
  expect(sent).toMatchObject({ status: "sent", attempts: 1, address: owner.email, lastError: null });
  expect(sent.sentAt).not.toBeNull();
});

test("a change that rolls back sends nothing; the person who made the change is not told of it", async () => {
  const { db, admin, owner, actionRow, authority } = await world();
  await expect(
    getDb().$transaction(async (tx) => {
      await applyActionChange({
        authorityId: authority.id,
        actor: { id: admin.id, role: "admin" },
        target: { actionId: actionRow.id },
        change: { kind: "bulk", change: { field: "owner", toOwnerId: owner.id } },
        tx,
      });
      throw new Error("something later in the same change failed");
    }),
  ).rejects.toThrow();
  expect(await db.notification.count({ where: { userId: owner.id } })).toBe(0);
  expect(await (await jobQueue()).pending("notify-deliver")).toBe(0);

  // The admin assigns the action to themself: nobody else is involved, nobody is told.
  await applyActionChange({
    authorityId: authority.id,
    actor: { id: admin.id, role: "admin" },
    target: { actionId: actionRow.id },
    change: { kind: "bulk", change: { field: "owner", toOwnerId: admin.id } },
  });
  expect(await db.notification.count({ where: { userId: admin.id } })).toBe(0);
});

test("reassigning tells both the new and the previous owner", async () => {
  const { db, owner, member, assign } = await world();
  await assign(owner.id);
  const next = await member("action_owner");
  await assign(next.id);
  expect(await db.notification.findMany({ where: { userId: owner.id }, orderBy: { createdAt: "asc" } })).toMatchObject([
    { kind: "action_assigned" },
    { kind: "action_unassigned" },
  ]);
  expect(await db.notification.findMany({ where: { userId: next.id } })).toMatchObject([{ kind: "action_assigned" }]);
});

test("a delivery job run twice sends one email (at-least-once jobs, exactly-once mail)", async () => {
  const { db, owner, assign, inbox } = await world();
  await assign(owner.id);
  const delivery = await db.notificationDelivery.findFirstOrThrow({ where: { address: owner.email } });
  const context = { id: "j", attempt: 1, lastAttempt: false };
  await deliverEmail({ deliveryId: delivery.id }, context);
  await deliverEmail({ deliveryId: delivery.id }, context);
  expect(inbox(owner.email)).toHaveLength(1);
  expect(inbox(owner.email)[0]!.messageId).toBe(`<${delivery.id}@improvement-board>`);
});

test("a refused address (SMTP 550) fails for good with a reason admins can read; it is not retried", async () => {
  const { db, owner, assign, inbox } = await world();
  await assign(owner.id);
  const delivery = await db.notificationDelivery.findFirstOrThrow({ where: { address: owner.email } });
  smtp.refuseNext(550);
  await deliverEmail({ deliveryId: delivery.id }, { id: "j", attempt: 1, lastAttempt: false });
  const failed = await db.notificationDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
  expect(failed).toMatchObject({ status: "failed", attempts: 1 });
  expect(failed.lastError).toBe("The mail server refused the message (SMTP 550).");
  expect(inbox(owner.email)).toHaveLength(0);
});

test("an unreachable mail server is retried: the delivery stays queued with the reason, and fails on the last attempt", async () => {
  const { db, owner, assign } = await world();
  await assign(owner.id);
  const delivery = await db.notificationDelivery.findFirstOrThrow({ where: { address: owner.email } });
  setMailTransport(smtpTransport("smtp://127.0.0.1:9", "board@example.gov.uk"));
  /** One attempt, which fails (so the job runner would retry it): the delivery row after it. */
  const failedAttempt = async (attempt: number, lastAttempt: boolean) => {
    await expect(deliverEmail({ deliveryId: delivery.id }, { id: "j", attempt, lastAttempt })).rejects.toThrow();
    return db.notificationDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
  };
  try {
    expect(await failedAttempt(1, false)).toMatchObject({
      status: "queued",
      attempts: 1,
      lastError: expect.stringContaining("it will be tried again"),
    });
    expect(await failedAttempt(6, true)).toMatchObject({ status: "failed", attempts: 2 });
  } finally {
    setMailTransport(smtpTransport(smtp.url, "board@example.gov.uk"));
  }
});

test("a user who chose in-app only gets the notification and no email; a digest choice waits for the digest", async () => {
  const { db, owner, member, authority, assign } = await world();
  await db.notificationPreference.create({
    data: { userId: owner.id, authorityId: authority.id, kind: "action_assigned", mode: "in_app" },
  });
  await assign(owner.id);
  expect(await db.notification.count({ where: { userId: owner.id } })).toBe(1);
  expect(await db.notificationDelivery.count({ where: { address: owner.email } })).toBe(0);

  const digester = await member("action_owner");
  await db.notificationDefault.create({ data: { authorityId: authority.id, kind: "action_assigned", mode: "digest" } });
  await assign(digester.id);
  expect(await db.notificationDelivery.findFirstOrThrow({ where: { address: digester.email } })).toMatchObject({
    channel: "digest",
    status: "queued",
  });
});

test("submitted for review tells the chairs of boards covering the action and the admins; a partner chair only of their own actions", async () => {
  const { db, authority, member, action, admin } = await world();
  const partner = await member("partner");
  const chair = await member("board_member");
  const otherAdmin = await member("admin");
  const board = await db.board.create({
    data: { authorityId: authority.id, name: "Partnership board", kind: "improvement_board" },
  });
  for (const userId of [partner.id, chair.id])
    await db.boardMember.create({ data: { authorityId: authority.id, boardId: board.id, userId, boardRole: "chair" } });
  const owned = await action({ title: "Someone else's action", ownerId: admin.id, status: "in_progress" });
  await applyActionChange({
    authorityId: authority.id,
    actor: { id: admin.id, role: "admin" },
    target: { actionId: owned.id },
    change: { kind: "bulk", change: { field: "status", toStatus: "submitted_for_review", reason: "Done" } },
  });
  expect(await db.notification.count({ where: { userId: partner.id } })).toBe(0);
  expect(await db.notification.findMany({ where: { userId: chair.id } })).toMatchObject([{ kind: "action_submitted" }]);
  expect(await db.notification.findMany({ where: { userId: otherAdmin.id } })).toMatchObject([
    { kind: "action_submitted" },
  ]);
  // The admin who submitted it is not told of their own change.
  expect(await db.notification.count({ where: { userId: admin.id, kind: "action_submitted" } })).toBe(0);
});

test("the log shows what was sent to whom and why one failed; a failed email is sent again, audited; other councils' logs stay apart", async () => {
  const { db, owner, admin, assign, inbox, authority } = await world();
  await assign(owner.id);
  const delivery = await db.notificationDelivery.findFirstOrThrow({ where: { address: owner.email } });
  smtp.refuseNext(550);
  await deliverEmail({ deliveryId: delivery.id }, { id: "j", attempt: 1, lastAttempt: false });
  const log = await listDeliveries(authority.id, { status: "failed" });
  expect(log).toMatchObject([
    {
      id: delivery.id,
      address: owner.email,
      status: "failed",
      lastError: "The mail server refused the message (SMTP 550).",
      notification: { kind: "action_assigned", user: { name: owner.name } },
    },
  ]);
  expect(await listDeliveries(authority.id, { address: owner.email.slice(0, 6).toUpperCase() })).toHaveLength(1);
  const other = await world();
  expect(await listDeliveries(other.authority.id, {})).toEqual([]);
  await expect(
    retryDelivery({
      authorityId: other.authority.id,
      deliveryId: delivery.id,
      actor: { id: other.admin.id, role: "admin" },
    }),
  ).rejects.toMatchObject({ status: 404 });

  const retried = await retryDelivery({
    authorityId: authority.id,
    deliveryId: delivery.id,
    actor: { id: admin.id, role: "admin" },
  });
  expect(retried.ok).toBe(true);
  expect(
    await db.auditEvent.findFirst({ where: { entityType: "NotificationDelivery", entityId: delivery.id } }),
  ).toMatchObject({
    action: "retry",
    actorId: admin.id,
  });
  await workers();
  await until(() => inbox(owner.email).length === 1);
  await until(() => inbox(owner.email).length === 1);
  await until(
    async () => (await db.notificationDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).status === "sent",
  );
  expect(
    await retryDelivery({ authorityId: authority.id, deliveryId: delivery.id, actor: { id: admin.id, role: "admin" } }),
  ).toMatchObject({ ok: false, message: "Only a failed email can be sent again." });
});
