import { expect, test } from "vitest";
import { getDb } from "~/utils/db.server";
import type { AppError } from "~/utils/errors";
import { createWorld } from "../../../tests/helpers/world";
import { applyActionChange } from "./apply.server";
import type { ActionChange } from "./change";

async function world() {
  const { db, authority, recommendationId, member, action: addAction } = await createWorld();
  const admin = await member("admin");
  const actor = { id: admin.id, role: "admin" as const, requestId: "req-1" };
  const action = await addAction({
    ownerId: admin.id,
    status: "blocked",
    blockedReason: "No data",
    dueDate: new Date("2030-01-31"),
  });
  /** Applies `change` to the world's action as the admin, carrying `expectedVersion` if given. */
  const apply = (change: ActionChange, expectedVersion?: number) =>
    applyActionChange({
      authorityId: authority.id,
      actor,
      target: expectedVersion === undefined ? { actionId: action.id } : { actionId: action.id, expectedVersion },
      change,
    });
  return { db, authority, recommendationId, actor, action, apply };
}
const status = (e: unknown) => (e as AppError).status;

test("a change writes the columns, the timeline entry and the audit in one go, bumps the version and returns the events", async () => {
  const { db, actor, action, apply } = await world();
  const r = await apply({ kind: "bulk", change: { field: "status", toStatus: "in_progress", reason: "Data came" } }, 1);
  expect(r).toMatchObject({ ok: true, version: 2, changed: true });
  if (!r.ok) throw new Error("refused");
  expect(r.events).toEqual([
    { type: "status_changed", from: "blocked", to: "in_progress", actionId: action.id },
    { type: "unblocked", actionId: action.id },
  ]);
  const saved = await db.action.findUniqueOrThrow({ where: { id: action.id }, include: { updates: true } });
  expect(saved).toMatchObject({ status: "in_progress", blockedReason: null, version: 2 });
  expect(saved.lastUpdateAt).not.toBeNull();
  expect(saved.updates).toMatchObject([
    { kind: "status_change", status: "in_progress", body: "Data came", authorId: actor.id },
  ]);
  expect(saved.searchText).toContain("data came");
  const audit = await db.auditEvent.findFirstOrThrow({ where: { entityType: "Action", entityId: action.id } });
  expect(audit).toMatchObject({ action: "bulk_update", actorId: actor.id, requestId: "req-1" });
  expect(JSON.parse(audit.changes!)).toEqual({ status: ["blocked", "in_progress"], blockedReason: ["No data", null] });
});

test("a stale version is a conflict and nothing is written", async () => {
  const { db, actor, action, apply } = await world();
  const r = await apply({ kind: "unassign" }, 7);
  expect(r).toMatchObject({ ok: false, conflict: true });
  const saved = await db.action.findUniqueOrThrow({ where: { id: action.id } });
  expect(saved).toMatchObject({ ownerId: actor.id, version: 1 });
  expect(await db.auditEvent.count({ where: { entityId: action.id } })).toBe(0);
});

test("a refusal writes nothing and says why", async () => {
  const { db, action, apply } = await world();
  const r = await apply({ kind: "bulk", change: { field: "status", toStatus: "complete", reason: "r" } });
  expect(r).toMatchObject({ ok: false, message: expect.any(String) });
  expect((await db.action.findUniqueOrThrow({ where: { id: action.id } })).version).toBe(1);
});

test("the authority is part of the query: another council's action is not found", async () => {
  const { authority, actor } = await world();
  const other = await world();
  await expect(
    applyActionChange({
      authorityId: authority.id,
      actor,
      target: { actionId: other.action.id },
      change: { kind: "remove" },
    }).catch(status),
  ).resolves.toBe(404);
  expect((await getDb().action.findUniqueOrThrow({ where: { id: other.action.id } })).deletedAt).toBeNull();
});

test("a removed action takes only restore and unassign; removal and restore are audited", async () => {
  const { db, action, apply } = await world();
  await apply({ kind: "remove" });
  await expect(apply({ kind: "bulk", change: { field: "owner", toOwnerId: null } }).catch(status)).resolves.toBe(404);
  expect(await apply({ kind: "unassign" })).toMatchObject({ ok: true, changed: true });
  expect(await apply({ kind: "restore" })).toMatchObject({ ok: true, version: 4 });
  const saved = await db.action.findUniqueOrThrow({ where: { id: action.id } });
  expect(saved).toMatchObject({ deletedAt: null, ownerId: null });
  const audits = await db.auditEvent.findMany({ where: { entityId: action.id }, orderBy: { createdAt: "asc" } });
  expect(audits.map((a) => a.action)).toEqual(["delete", "update", "restore"]);
});

test("creation places the action last under its item, with its search text, and inside a caller's transaction it rolls back with it", async () => {
  const { db, authority, recommendationId, actor } = await world();
  const fields = {
    title: "Audit twenty cases",
    description: "Quarterly",
    ownerId: null,
    leadService: "",
    partnerAgencies: "",
    successMeasure: "",
    startDate: null,
    dueDate: null,
  };
  const r = await applyActionChange({
    authorityId: authority.id,
    actor,
    target: { create: { recommendationId } },
    change: { kind: "create", fields },
  });
  if (!r.ok) throw new Error("refused");
  expect(r.events).toEqual([{ type: "created", actionId: r.actionId }]);
  expect(await db.action.findUniqueOrThrow({ where: { id: r.actionId } })).toMatchObject({
    position: 1,
    status: "not_started",
    searchText: "audit twenty cases quarterly",
  });

  await expect(
    db.$transaction(async (tx) => {
      await applyActionChange({
        authorityId: authority.id,
        actor,
        tx,
        target: { create: { recommendationId } },
        change: { kind: "create", fields: { ...fields, title: "Rolled back" } },
      });
      throw new Error("the decision failed");
    }),
  ).rejects.toThrow("the decision failed");
  expect(await db.action.count({ where: { authorityId: authority.id, title: "Rolled back" } })).toBe(0);
});
