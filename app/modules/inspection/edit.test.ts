import { expect, test } from "vitest";
import { getDb } from "~/utils/db.server";
import { createAuthority } from "../../../prisma/factories";
import { statusOf as err } from "../../../tests/helpers/errors";
import { createWorld } from "../../../tests/helpers/world";
import { setActionDeleted } from "~/modules/action/mutations.server";
import { InspectionEditSchema, RecommendationEditSchema } from "./forms";
import { inspectionCorrection, recommendationCorrection } from "./edit.server";

async function world() {
  const { db, authority, inspection, recommendations, member, action } = await createWorld({
    items: [
      { reference: "1", text: "Strengthen management oversight.", kind: "improvement_item" },
      { reference: "2", text: "Improve return home interviews.", kind: "improvement_item" },
    ],
  });
  const admin = await member("admin");
  const owner = await member("action_owner");
  const [r1, r2] = recommendations;
  const a1 = await action({ recommendationId: r1!.id, ownerId: owner.id, title: "Supervision audit" });
  const a2 = await action({ recommendationId: r2!.id, ownerId: owner.id, title: "RHI tracker" });
  const a3 = await action({ recommendationId: r2!.id, ownerId: owner.id, title: "Removed before" });
  const actor = { id: admin.id, role: "admin" as const, requestId: "req-1" };
  return { db, authority, inspection, r1: r1!, r2: r2!, a1, a2, a3, admin, owner, actor };
}

/** What an edit form posts for a record still at version 1, with these fields. */
const editForm = <T>(schema: { parse: (form: unknown) => T }, fields: Record<string, string>) =>
  schema.parse({ intent: "edit", version: "1", ...fields });

/** The audit event of a record's update: its changes ([before, after] by field) and the request that made it. */
async function updateAudit(entityType: string, entityId: string) {
  const audit = await getDb().auditEvent.findFirstOrThrow({ where: { entityType, entityId, action: "update" } });
  return { changes: JSON.parse(audit.changes!) as Record<string, unknown>, requestId: audit.requestId };
}

test("an admin corrects an inspection: field-level audit, and a stale version is refused without saving", async () => {
  const { db, authority, inspection, actor } = await world();
  const value = editForm(InspectionEditSchema, {
    type: "ilacs_standard",
    title: "Corrected title",
    startDate: "2026-03-02",
    endDate: "2026-03-13",
    leadInspector: "Jane Doe HMI",
  });
  const correct = (form: typeof value) =>
    inspectionCorrection.edit({ authorityId: authority.id, id: inspection.id, actor, value: form });
  expect(await correct(value)).toEqual({ ok: true });
  const audit = await updateAudit("Inspection", inspection.id);
  expect(audit.changes).toMatchObject({
    title: [inspection.title, "Corrected title"],
    leadInspector: [inspection.leadInspector ?? null, "Jane Doe HMI"],
  });
  expect(audit.requestId).toBe("req-1");
  const stale = await correct({ ...value, title: "Someone else's title" });
  expect(stale).toMatchObject({ ok: false, conflict: { changedAt: expect.any(String) } });
  expect((await db.inspection.findUniqueOrThrow({ where: { id: inspection.id } })).title).toBe("Corrected title");
});

test("an admin corrects an item's kind and text; the audit keeps before and after", async () => {
  const { authority, r1, actor } = await world();
  const value = editForm(RecommendationEditSchema, {
    reference: "R1",
    text: "Strengthen management oversight of casework.",
    kind: "area_for_priority_action",
    addressedTo: "the local authority",
  });
  expect(await recommendationCorrection.edit({ authorityId: authority.id, id: r1.id, actor, value })).toEqual({
    ok: true,
  });
  expect((await updateAudit("Recommendation", r1.id)).changes).toMatchObject({
    reference: ["1", "R1"],
    text: ["Strengthen management oversight.", "Strengthen management oversight of casework."],
    kind: ["improvement_item", "area_for_priority_action"],
  });
});

test("removing an inspection takes its items and actions with it; restoring brings back exactly those", async () => {
  const { db, authority, inspection, r2, a1, a2, a3, actor } = await world();
  await setActionDeleted({ authorityId: authority.id, actionId: a3.id, actor, deleted: true });
  await inspectionCorrection.setRemoved({
    authorityId: authority.id,
    id: inspection.id,
    actor,
    removed: true,
    reason: "Entered twice",
  });
  const live = () =>
    db.action
      .findMany({ where: { authorityId: authority.id, deletedAt: null }, select: { id: true } })
      .then((rows) => rows.map((r) => r.id).sort());
  expect(await live()).toEqual([]);
  expect(await db.recommendation.count({ where: { inspectionId: inspection.id, deletedAt: null } })).toBe(0);
  // An item under a removed inspection cannot be restored on its own.
  expect(
    await err(
      recommendationCorrection.setRemoved({
        authorityId: authority.id,
        id: r2.id,
        actor,
        removed: false,
        reason: "x",
      }),
    ),
  ).toBe(409);

  await inspectionCorrection.setRemoved({
    authorityId: authority.id,
    id: inspection.id,
    actor,
    removed: false,
    reason: "Removed by mistake",
  });
  expect(await live()).toEqual([a1.id, a2.id].sort());
  expect((await db.action.findUniqueOrThrow({ where: { id: a3.id } })).deletedAt).not.toBeNull();
  const events = await db.auditEvent.findMany({
    where: { entityType: "Inspection", entityId: inspection.id },
    orderBy: { createdAt: "asc" },
  });
  expect(events.map((e) => [e.action, JSON.parse(e.changes!).reason, JSON.parse(e.changes!).actions])).toEqual([
    ["delete", "Entered twice", 2],
    ["restore", "Removed by mistake", 2],
  ]);
});

test("removing one item takes its actions; restoring it brings them back", async () => {
  const { db, authority, r2, a2, actor } = await world();
  await recommendationCorrection.setRemoved({
    authorityId: authority.id,
    id: r2.id,
    actor,
    removed: true,
    reason: "Duplicate of item 1",
  });
  expect((await db.action.findUniqueOrThrow({ where: { id: a2.id } })).deletedAt).not.toBeNull();
  await recommendationCorrection.setRemoved({
    authorityId: authority.id,
    id: r2.id,
    actor,
    removed: false,
    reason: "Not a duplicate",
  });
  expect((await db.action.findUniqueOrThrow({ where: { id: a2.id } })).deletedAt).toBeNull();
});

test("only admins of the authority can correct or remove", async () => {
  const { authority, inspection, r1, owner, actor } = await world();
  const ownerActor = { id: owner.id, role: "action_owner" as const };
  const value = editForm(InspectionEditSchema, { type: "ilacs_standard", title: "x" });
  expect(
    await err(inspectionCorrection.edit({ authorityId: authority.id, id: inspection.id, actor: ownerActor, value })),
  ).toBe(403);
  expect(
    await err(
      recommendationCorrection.setRemoved({
        authorityId: authority.id,
        id: r1.id,
        actor: ownerActor,
        removed: true,
        reason: "x",
      }),
    ),
  ).toBe(403);
  const other = await createAuthority({ db: getDb() });
  expect(await err(inspectionCorrection.edit({ authorityId: other.id, id: inspection.id, actor, value }))).toBe(404);
  expect(
    await err(
      inspectionCorrection.setRemoved({ authorityId: other.id, id: inspection.id, actor, removed: true, reason: "x" }),
    ),
  ).toBe(404);
});
