/**
 * markSent: many accepted deliveries marked in one statement (the group
 * commit of a busy run), each with its own values, written so that Prisma's
 * own comparisons of the times hold on both engines.
 */
import { expect, test } from "vitest";
import { getDb } from "~/utils/db.server";
import { queueEmails } from "../../../tests/helpers/worker-processes";
import { deliverEmail, markSent } from "./deliver.server";

test("markSent writes each delivery's own message and times, and only those still being sent", async () => {
  const db = getDb();
  const { ids } = await queueEmails(3);
  const rows = [...ids].sort().map((id) => ({ id }));
  expect(rows).toHaveLength(3);
  const [a, b, c] = rows.map((r) => r.id) as [string, string, string];
  // Two are being sent; the third was taken over by another worker and finished as failed.
  await db.notificationDelivery.updateMany({ where: { id: { in: [a, b] } }, data: { status: "sending" } });
  await db.notificationDelivery.update({ where: { id: c }, data: { status: "failed", lastError: "bounced" } });
  const at = (ms: number) => new Date(Date.UTC(2026, 11, 4, 7, 0, 1, ms));
  const before = new Date();
  await markSent(db, [
    { id: a, providerRef: "<a@x>", subject: "Subject A", body: "Body 'A'", unsubscribeHash: "hash-a", sentAt: at(123) },
    { id: b, providerRef: "<b@x>", subject: "Subject B", body: "Body B", unsubscribeHash: null, sentAt: at(456) },
    { id: c, providerRef: "<c@x>", subject: "Subject C", body: "Body C", unsubscribeHash: "hash-c", sentAt: at(789) },
  ]);
  const after = await db.notificationDelivery.findMany({
    where: { id: { in: [a, b, c] } },
    orderBy: { id: "asc" },
  });
  expect(
    after.map(({ status, providerRef, subject, body, unsubscribeHash, sentAt, attempts, lastError }) => ({
      status,
      providerRef,
      subject,
      body,
      unsubscribeHash,
      sentAt,
      attempts,
      lastError,
    })),
  ).toEqual([
    {
      status: "sent",
      providerRef: "<a@x>",
      subject: "Subject A",
      body: "Body 'A'",
      unsubscribeHash: "hash-a",
      sentAt: at(123),
      attempts: 1,
      lastError: null,
    },
    {
      status: "sent",
      providerRef: "<b@x>",
      subject: "Subject B",
      body: "Body B",
      unsubscribeHash: null,
      sentAt: at(456),
      attempts: 1,
      lastError: null,
    },
    {
      status: "failed",
      providerRef: null,
      subject: null,
      body: null,
      unsubscribeHash: null,
      sentAt: null,
      attempts: 0,
      lastError: "bounced",
    },
  ]);
  // The times compare as Prisma's own do: by equality, and the lease's "updated before".
  expect(await db.notificationDelivery.count({ where: { id: { in: [a, b] }, sentAt: at(123) } })).toBe(1);
  expect(await db.notificationDelivery.count({ where: { id: { in: [a, b] }, sentAt: { gt: at(200) } } })).toBe(1);
  expect(
    await db.notificationDelivery.count({
      where: { id: { in: [a, b] }, updatedAt: { gte: new Date(before.getTime() - 1) } },
    }),
  ).toBe(2);
  expect(await db.notificationDelivery.count({ where: { id: { in: [a, b] }, updatedAt: { lt: before } } })).toBe(0);
});

test("a job that finds its delivery claimed by another (a live worker, or one whose lease has not yet passed) fails, to look again later; once it is sent, the job ends", async () => {
  const db = getDb();
  const { ids } = await queueEmails(2);
  const [one, two] = ids as [string, string];
  // Claimed just now by another worker: not this job's to send, nor to drop.
  await db.notificationDelivery.updateMany({ where: { id: { in: ids } }, data: { status: "sending" } });
  const job = { id: "j", attempt: 1, lastAttempt: false };
  await expect(deliverEmail({ deliveryId: one }, job)).rejects.toMatchObject({ name: "DeliveryClaimedError" });
  await expect(deliverEmail({ deliveryIds: [one, two] }, job)).rejects.toMatchObject({ name: "DeliveryClaimedError" });
  expect(await db.notificationDelivery.count({ where: { id: { in: ids }, status: "sending" } })).toBe(2);
  // The other worker finishes: the retries end without sending.
  await markSent(
    db,
    ids.map((id) => ({
      id,
      providerRef: `<${id}>`,
      subject: "s",
      body: "b",
      unsubscribeHash: null,
      sentAt: new Date(),
    })),
  );
  await expect(deliverEmail({ deliveryId: one }, { ...job, attempt: 2 })).resolves.toBeUndefined();
  await expect(deliverEmail({ deliveryIds: [one, two] }, { ...job, attempt: 2 })).resolves.toBeUndefined();
  expect(await db.notificationDelivery.findMany({ where: { id: { in: ids } }, select: { attempts: true } })).toEqual([
    { attempts: 1 },
    { attempts: 1 },
  ]);
});
