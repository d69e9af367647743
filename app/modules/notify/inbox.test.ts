/**
 * The in-app notification list (list.server.ts) on a real database: the
 * header's count, the list newest first and paged, and marking read, each
 * only ever about the person's own notifications from authorities they are
 * still a member of.
 */
import { afterEach, expect, test } from "vitest";
import { stopJobQueue } from "~/modules/jobs/runner.server";
import { assigningWorld } from "../../../tests/helpers/assigning";
import { createTenant, createWorld } from "../../../tests/helpers/world";
import {
  countUnreadNotifications,
  insideApp,
  listNotifications,
  markNotificationsRead,
  NOTIFICATIONS_PER_PAGE,
} from "./list.server";

afterEach(async () => {
  await stopJobQueue();
});

let seq = 0;
/** A notification as the outbox writes it, `minutesAgo` old. */
function note(
  db: Awaited<ReturnType<typeof createWorld>>["db"],
  {
    userId,
    authorityId,
    minutesAgo = 0,
    title,
  }: { userId: string; authorityId: string | null; minutesAgo?: number; title?: string },
) {
  const n = ++seq;
  return db.notification.create({
    data: {
      userId,
      authorityId,
      kind: "due_soon",
      eventKey: `test:${n}:${Math.random()}`,
      title: title ?? `Due soon: action ${n}`,
      link: `/a/x/actions/${n}`,
      createdAt: new Date(Date.now() - minutesAgo * 60_000),
    },
  });
}

test("an assignment shows in the owner's list, with its link, and counts as unread in the header", async () => {
  const { db, authority, admin, owner, row, assign } = await assigningWorld({
    title: "Named nurse at strategy discussions",
  });
  expect(await countUnreadNotifications({ userId: owner.id })).toBe(0);
  await assign(owner.id);
  expect(await countUnreadNotifications({ userId: owner.id })).toBe(1);
  const list = await listNotifications({ userId: owner.id });
  expect(list).toMatchObject({ page: 1, hasNext: false });
  expect(list.rows).toMatchObject([
    {
      title: "Assigned to you: Named nurse at strategy discussions",
      link: `/a/${authority.slug}/actions/${row.id}`,
      readAt: null,
      authority: { name: authority.name },
    },
  ]);
  // The admin made the change and is told nothing.
  expect(await countUnreadNotifications({ userId: admin.id })).toBe(0);
  expect(await db.notification.count({ where: { userId: admin.id } })).toBe(0);
});

test("the list is newest first and paged; the count covers every page", async () => {
  const { db, authority, member } = await createWorld();
  const owner = await member("action_owner");
  const total = NOTIFICATIONS_PER_PAGE + 3;
  for (let i = 0; i < total; i++)
    await note(db, { userId: owner.id, authorityId: authority.id, minutesAgo: i, title: `Message ${i}` });
  const first = await listNotifications({ userId: owner.id, page: 1 });
  expect(first.rows).toHaveLength(NOTIFICATIONS_PER_PAGE);
  expect(first.hasNext).toBe(true);
  expect(first.rows[0]!.title).toBe("Message 0");
  expect(first.rows.map((r) => r.createdAt.getTime())).toEqual(
    [...first.rows.map((r) => r.createdAt.getTime())].sort((a, b) => b - a),
  );
  const second = await listNotifications({ userId: owner.id, page: 2 });
  expect(second.rows.map((r) => r.title)).toEqual([
    `Message ${total - 3}`,
    `Message ${total - 2}`,
    `Message ${total - 1}`,
  ]);
  expect(second.hasNext).toBe(false);
  expect(await countUnreadNotifications({ userId: owner.id })).toBe(total);
});

test("only the person's own notifications, from authorities they still belong to (or none), are listed and counted", async () => {
  const { db, authority, member } = await createWorld();
  const owner = await member("action_owner");
  const someoneElse = await member("action_owner");
  const left = await createTenant();
  await db.membership.create({ data: { userId: owner.id, authorityId: left.authority.id, role: "action_owner" } });
  await note(db, { userId: owner.id, authorityId: authority.id, title: "Mine here" });
  await note(db, { userId: owner.id, authorityId: null, title: "About my account" });
  await note(db, { userId: owner.id, authorityId: left.authority.id, title: "From the authority I leave" });
  await note(db, { userId: someoneElse.id, authorityId: authority.id, title: "Someone else's" });
  expect(await countUnreadNotifications({ userId: owner.id })).toBe(3);
  await db.membership.deleteMany({ where: { userId: owner.id, authorityId: left.authority.id } });
  expect(await countUnreadNotifications({ userId: owner.id })).toBe(2);
  const titles = (await listNotifications({ userId: owner.id })).rows.map((r) => r.title).sort();
  expect(titles).toEqual(["About my account", "Mine here"]);
});

test("mark as read changes only the person's own notification; mark all as read, all of theirs", async () => {
  const { db, authority, member } = await createWorld();
  const owner = await member("action_owner");
  const other = await member("action_owner");
  const [a, b] = [
    await note(db, { userId: owner.id, authorityId: authority.id }),
    await note(db, { userId: owner.id, authorityId: authority.id }),
  ];
  const theirs = await note(db, { userId: other.id, authorityId: authority.id });
  // Someone else's id, posted by the owner: nothing changes.
  expect(await markNotificationsRead({ userId: owner.id, notificationId: theirs.id })).toEqual({ marked: 0 });
  expect((await db.notification.findUniqueOrThrow({ where: { id: theirs.id } })).readAt).toBeNull();
  expect(await markNotificationsRead({ userId: owner.id, notificationId: a.id })).toEqual({ marked: 1 });
  // Marking it again changes nothing (and keeps the first time it was read).
  const readAt = (await db.notification.findUniqueOrThrow({ where: { id: a.id } })).readAt;
  expect(readAt).not.toBeNull();
  expect(await markNotificationsRead({ userId: owner.id, notificationId: a.id })).toEqual({ marked: 0 });
  expect((await db.notification.findUniqueOrThrow({ where: { id: a.id } })).readAt).toEqual(readAt);
  expect(await countUnreadNotifications({ userId: owner.id })).toBe(1);
  expect(await markNotificationsRead({ userId: owner.id })).toEqual({ marked: 1 });
  expect((await db.notification.findUniqueOrThrow({ where: { id: b.id } })).readAt).not.toBeNull();
  expect(await countUnreadNotifications({ userId: owner.id })).toBe(0);
  expect(await countUnreadNotifications({ userId: other.id })).toBe(1);
});

test("a stored link is only ever a path inside the app", () => {
  expect(insideApp("/a/leeds/actions/1")).toBe("/a/leeds/actions/1");
  // Another site's address, a protocol-relative one (also with a backslash), a script: each becomes the home page.
  const elsewhere = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"];
  expect(elsewhere.map(insideApp)).toEqual(elsewhere.map(() => "/"));
});
