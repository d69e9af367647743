/**
 * The three places where writers of an action used to disagree (issue 13,
 * ADR 018), each checked through the services people use, on a real database.
 */
import { expect, test } from "vitest";
import { createWorld, type ActionInput } from "../../../tests/helpers/world";
import { ProgressUpdateSchema } from "./forms";
import { getDashboard } from "./list.server";
import { addProgressUpdate, bulkUpdateActions } from "./mutations.server";

async function world(fields: ActionInput) {
  const { db, authority, member, action } = await createWorld();
  const admin = await member("admin");
  return {
    db,
    authority,
    actor: { id: admin.id, role: "admin" as const },
    action: await action(fields),
    addAction: action,
  };
}

test("a bulk unblock clears the blocked reason, so the action no longer shows “Blocked because…”", async () => {
  const { db, authority, actor, action } = await world({
    status: "blocked",
    blockedReason: "Waiting for the health data-sharing agreement",
  });
  const r = await bulkUpdateActions({
    authorityId: authority.id,
    actor,
    ids: [action.id],
    change: { field: "status", status: "in_progress", reason: "Agreement signed" },
  });
  expect(r).toEqual({ changed: 1, refused: [] });
  const saved = await db.action.findUniqueOrThrow({ where: { id: action.id } });
  expect(saved.status).toBe("in_progress");
  expect(saved.blockedReason).toBeNull();
});

test("an admin reopening a complete action clears its completion date, as a board reopen does", async () => {
  const { db, authority, actor, action } = await world({
    status: "complete",
    completedAt: new Date("2026-10-01T10:00:00Z"),
    progress: 100,
  });
  const r = await addProgressUpdate({
    authorityId: authority.id,
    actionId: action.id,
    actor,
    value: ProgressUpdateSchema.parse({
      intent: "update",
      version: "1",
      body: "Reopened: the audit found gaps.",
      status: "in_progress",
      statusReason: "Show the audit of 20 cases first",
    }),
  });
  expect(r).toEqual({ ok: true, version: 2 });
  const saved = await db.action.findUniqueOrThrow({ where: { id: action.id } });
  expect(saved.status).toBe("in_progress");
  expect(saved.completedAt).toBeNull();
});

test("a bulk change of status or due date counts as an update for “no update in 30 days”; a bulk change of owner does not", async () => {
  const longAgo = new Date(Date.now() - 60 * 86_400_000);
  const { db, authority, actor, action, addAction } = await world({
    status: "not_started",
    dueDate: new Date("2030-01-31"),
  });
  const other = await addAction({ status: "in_progress", dueDate: new Date("2030-01-31") });
  const third = await addAction({ status: "in_progress", dueDate: new Date("2030-01-31") });
  await db.action.updateMany({ where: { authorityId: authority.id }, data: { lastUpdateAt: longAgo } });
  expect((await getDashboard({ authorityId: authority.id })).staleUpdates).toBe(3);

  await bulkUpdateActions({
    authorityId: authority.id,
    actor,
    ids: [action.id],
    change: { field: "status", status: "in_progress", reason: "Work started across the plan" },
  });
  await bulkUpdateActions({
    authorityId: authority.id,
    actor,
    ids: [other.id],
    change: { field: "dueDate", dueDate: "2030-06-30", reason: "Re-planned with the partnership" },
  });
  await bulkUpdateActions({
    authorityId: authority.id,
    actor,
    ids: [third.id],
    change: { field: "owner", ownerId: actor.id },
  });

  expect((await getDashboard({ authorityId: authority.id })).staleUpdates).toBe(1);
  const saved = await db.action.findMany({ where: { authorityId: authority.id }, orderBy: { createdAt: "asc" } });
  const byId = new Map(saved.map((a) => [a.id, a]));
  expect(byId.get(action.id)!.lastUpdateAt!.getTime()).toBeGreaterThan(longAgo.getTime());
  expect(byId.get(other.id)!.lastUpdateAt!.getTime()).toBeGreaterThan(longAgo.getTime());
  expect(byId.get(third.id)!.lastUpdateAt!.getTime()).toBe(longAgo.getTime());
});
