import { expect, test } from "vitest";
import { getDb } from "~/utils/db.server";
import type { Role } from "~/modules/auth/permissions";
import { createAuthority, createInspection, createUser } from "../../../prisma/factories";
import { statusOf as err } from "../../../tests/helpers/errors";
import { createWorld } from "../../../tests/helpers/world";
import { ActionDetailsSchema, MilestoneSchema, NewActionSchema, ProgressUpdateSchema } from "./forms";
import {
  addMilestone,
  addProgressUpdate,
  bulkUpdateActions,
  changeMilestone,
  createAction as createActionService,
  setActionDeleted,
  updateActionDetails,
} from "./mutations.server";
import { getDashboard, listActions, parseActionFilters } from "./list.server";
import { listActionsForOwner } from "./service.server";

type DetailsRequest = Parameters<typeof updateActionDetails>[0];

async function world() {
  const { db, authority, recommendationId, member: user, action: addAction } = await createWorld();
  const owner = await user("action_owner");
  const admin = await user("admin");
  const action = await addAction({
    ownerId: owner.id,
    title: "Health at every strategy discussion",
    status: "in_progress",
    dueDate: new Date("2030-01-31"),
  });
  /** The world's action, as services name it. */
  const target = { authorityId: authority.id, actionId: action.id };
  /** Saving the world's action's details form, with these fields, as `actor`, who loaded the values `base`. */
  const saveDetails = (actor: DetailsRequest["actor"], base: DetailsRequest["base"], fields: Record<string, string>) =>
    updateActionDetails({ ...target, actor, base, value: details(fields) });
  return { db, authority, owner, admin, action, target, saveDetails, user, addAction, recommendationId };
}

/** Someone who reads every action of the authority but changes none (and so sees no removed ones). */
const READER = { id: "reader", role: "viewer" } as const;

const update = (v: Record<string, string>) => ProgressUpdateSchema.parse({ intent: "update", ...v });
const details = (v: Record<string, string>) => ActionDetailsSchema.parse({ intent: "edit", ...v });

test("an owner records a progress update with a new RAG and its reason; it is on the timeline and in the audit log", async () => {
  const { db, owner, action, target } = await world();
  const r = await addProgressUpdate({
    ...target,
    actor: { id: owner.id, role: "action_owner" },
    value: update({
      version: "1",
      body: "Health now attend 9 in 10 strategy discussions.",
      progress: "60",
      rag: "amber",
      ragReason: "Attendance improving but not yet consistent",
    }),
  });
  expect(r).toEqual({ ok: true, version: 2 });
  const saved = await db.action.findUniqueOrThrow({ where: { id: action.id }, include: { updates: true } });
  expect(saved).toMatchObject({
    progress: 60,
    rag: "amber",
    ragReason: "Attendance improving but not yet consistent",
    version: 2,
  });
  expect(saved.lastUpdateAt).not.toBeNull();
  expect(saved.updates.map((u) => u.body)).toEqual(["Health now attend 9 in 10 strategy discussions."]);
  const audit = await db.auditEvent.findFirstOrThrow({
    where: { entityType: "Action", entityId: action.id, action: "update" },
  });
  expect(JSON.parse(audit.changes!)).toEqual({
    progress: [0, 60],
    rag: [null, "amber"],
    ragReason: [null, "Attendance improving but not yet consistent"],
  });
});

test("a RAG change without a reason, and marking complete as an owner, are refused with messages", async () => {
  const { owner, target } = await world();
  const actor = { id: owner.id, role: "action_owner" as const };
  const noReason = await addProgressUpdate({
    ...target,
    actor,
    value: update({ version: "1", body: "x", rag: "red" }),
  });
  expect(noReason).toMatchObject({ ok: false, fieldErrors: { ragReason: [expect.stringMatching(/reason/i)] } });
  const complete = await addProgressUpdate({
    ...target,
    actor,
    value: update({ version: "1", body: "done", status: "complete", statusReason: "all done" }),
  });
  expect(complete).toMatchObject({ ok: false });
});

test("two people editing at once: the second save is refused with what changed meanwhile, and nothing is overwritten", async () => {
  const { db, owner, admin, action, target, saveDetails } = await world();
  const base = { title: action.title, description: "", leadService: "", dueDate: "2030-01-31" };
  // Both loaded version 1. The admin saves first.
  const first = await saveDetails({ id: admin.id, role: "admin" }, base, {
    version: "1",
    title: "Health at every strategy discussion",
    ownerId: owner.id,
    leadService: "Front door",
    dueDate: "2030-01-31",
  });
  expect(first.ok).toBe(true);
  const second = await saveDetails({ id: owner.id, role: "action_owner" }, base, {
    version: "1",
    title: action.title,
    ownerId: owner.id,
    leadService: "",
    description: "Owner's text",
    dueDate: "2030-01-31",
  });
  expect(second.ok).toBe(false);
  if (second.ok || !("conflict" in second)) throw new Error("expected a conflict");
  expect(second.conflict.fields).toEqual([{ field: "leadService", label: "Lead service", theirs: "Front door" }]);
  const saved = await db.action.findUniqueOrThrow({ where: { id: action.id } });
  expect(saved.leadService).toBe("Front door");
  expect(saved.description).toBe("");
  // The same conflict for progress updates.
  const stale = await addProgressUpdate({
    ...target,
    actor: { id: owner.id, role: "action_owner" },
    value: update({ version: "1", body: "late" }),
  });
  expect(stale).toMatchObject({ ok: false, conflict: expect.anything() });
});

test("a due-date change needs a reason and is recorded as an extension with the old and new dates", async () => {
  const { db, admin, owner, action, saveDetails } = await world();
  const actor = { id: admin.id, role: "admin" as const };
  const v = { version: "1", title: action.title, ownerId: owner.id, dueDate: "2030-03-31" };
  expect(await saveDetails(actor, {}, v)).toMatchObject({
    ok: false,
    fieldErrors: { extensionReason: expect.any(Array) },
  });
  expect(await saveDetails(actor, {}, { ...v, extensionReason: "Waiting for the health partner's new rota" })).toEqual({
    ok: true,
    version: 2,
  });
  const ext = await db.actionUpdate.findFirstOrThrow({ where: { actionId: action.id, kind: "extension" } });
  expect(ext.oldDueDate?.toISOString().slice(0, 10)).toBe("2030-01-31");
  expect(ext.newDueDate?.toISOString().slice(0, 10)).toBe("2030-03-31");
  expect(ext.body).toBe("Waiting for the health partner's new rota");
});

test("a viewer cannot change anything; a partner cannot reach another's action; an owner cannot reassign", async () => {
  const { authority, action, user, owner, saveDetails } = await world();
  const viewer = await user("viewer");
  const partner = await user("partner");
  const other = await createAuthority({ db: getDb() });
  const post = (actor: { id: string; role: Role }, authorityId = authority.id) =>
    err(addProgressUpdate({ authorityId, actionId: action.id, actor, value: update({ version: "1", body: "x" }) }));
  expect(await post({ id: viewer.id, role: "viewer" })).toBe(403);
  expect(await post({ id: partner.id, role: "partner" })).toBe(404);
  expect(
    await err(
      saveDetails(
        { id: owner.id, role: "action_owner" },
        {},
        {
          version: "1",
          title: action.title,
          ownerId: viewer.id,
          dueDate: "2030-01-31",
        },
      ),
    ),
  ).toBe(403);
  expect(await post({ id: owner.id, role: "action_owner" }, other.id)).toBe(404);
});

test("bulk edit changes each selected action and audits each; the rules still apply", async () => {
  const { db, authority, admin, owner, action, addAction } = await world();
  const second = await addAction({ ownerId: owner.id, title: "Second", status: "not_started" });
  const actor = { id: admin.id, role: "admin" as const };
  const r = await bulkUpdateActions({
    authorityId: authority.id,
    actor,
    ids: [action.id, second.id],
    change: { field: "owner", ownerId: admin.id },
  });
  expect(r).toEqual({ changed: 2, refused: [] });
  expect(
    await db.auditEvent.count({ where: { action: "bulk_update", entityId: { in: [action.id, second.id] } } }),
  ).toBe(2);
  const s = await bulkUpdateActions({
    authorityId: authority.id,
    actor,
    ids: [action.id, second.id],
    change: { field: "status", status: "complete", reason: "done" },
  });
  expect(s.changed).toBe(0);
  expect(s.refused).toHaveLength(2);
});

test("removing is a soft delete that an admin can restore; lists and the dashboard follow", async () => {
  const { authority, admin, action } = await world();
  const actor = { id: admin.id, role: "admin" as const };
  const before = await getDashboard({ authorityId: authority.id });
  expect(before.total).toBe(1);
  await setActionDeleted({ authorityId: authority.id, actionId: action.id, actor, deleted: true });
  expect(
    (
      await listActions({
        authorityId: authority.id,
        viewer: READER,
        filters: parseActionFilters(new URLSearchParams()),
      })
    ).rows,
  ).toHaveLength(0);
  expect((await getDashboard({ authorityId: authority.id })).total).toBe(0);
  await setActionDeleted({ authorityId: authority.id, actionId: action.id, actor, deleted: false });
  expect(
    (
      await listActions({
        authorityId: authority.id,
        viewer: READER,
        filters: parseActionFilters(new URLSearchParams("q=strategy&status=in_progress")),
      })
    ).rows,
  ).toHaveLength(1);
});

test("list filters in the URL: bad values are ignored, overdue is computed, partners see only their own", async () => {
  const { authority, owner, user, addAction } = await world();
  const partner = await user("partner");
  await addAction({
    ownerId: partner.id,
    title: "Late partner action",
    status: "in_progress",
    dueDate: new Date("2020-01-01"),
    rag: "red",
  });
  const f = parseActionFilters(new URLSearchParams("status=nonsense&overdue=1&page=-3"));
  expect(f.status).toBeUndefined();
  const overdue = await listActions({ authorityId: authority.id, viewer: READER, filters: f });
  expect(overdue.rows.map((r) => r.title)).toEqual(["Late partner action"]);
  const mine = await listActions({
    authorityId: authority.id,
    viewer: { id: partner.id, role: "partner" },
    filters: parseActionFilters(new URLSearchParams()),
  });
  expect(mine.rows.map((r) => r.title)).toEqual(["Late partner action"]);
  const owners = await listActions({
    authorityId: authority.id,
    viewer: READER,
    filters: parseActionFilters(new URLSearchParams(`owner=${owner.id}`)),
  });
  expect(owners.rows.every((r) => r.owner?.id === owner.id)).toBe(true);
});

test("list filters read the date inputs' boxes as one date; a date that is not real is ignored", () => {
  const f = parseActionFilters(
    new URLSearchParams("dueFrom.day=5&dueFrom.month=1&dueFrom.year=2026&dueTo.day=31&dueTo.month=2&dueTo.year=2026"),
  );
  expect(f.dueFrom).toBe("2026-01-05");
  expect(f.dueTo).toBeUndefined();
  expect(parseActionFilters(new URLSearchParams("dueTo=2026-03-01")).dueTo).toBe("2026-03-01");
  expect(parseActionFilters(new URLSearchParams("dueFrom.day=&dueFrom.month=&dueFrom.year=")).dueFrom).toBeUndefined();
});

test("removed actions are listed only for admins who ask for them", async () => {
  const { authority, admin, action, target } = await world();
  await setActionDeleted({
    ...target,
    actor: { id: admin.id, role: "admin" },
    deleted: true,
  });
  const removed = parseActionFilters(new URLSearchParams("removed=1"));
  expect(
    (
      await listActions({ authorityId: authority.id, viewer: { id: admin.id, role: "admin" }, filters: removed })
    ).rows.map((r) => r.id),
  ).toEqual([action.id]);
  expect((await listActions({ authorityId: authority.id, viewer: READER, filters: removed })).rows).toHaveLength(0);
  expect(
    (
      await listActions({
        authorityId: authority.id,
        viewer: { id: admin.id, role: "admin" },
        filters: parseActionFilters(new URLSearchParams()),
      })
    ).rows,
  ).toHaveLength(0);
});

test("text search ignores case on both engines and reaches progress updates", async () => {
  const { authority, owner, action, target } = await world();
  await addProgressUpdate({
    ...target,
    actor: { id: owner.id, role: "action_owner" },
    value: update({ version: "1", body: "Dip sample of Child Protection conferences done." }),
  });
  for (const q of ["STRATEGY", "strategy", "child protection"]) {
    const r = await listActions({
      authorityId: authority.id,
      viewer: READER,
      filters: parseActionFilters(new URLSearchParams({ q })),
    });
    expect(
      r.rows.map((x) => x.id),
      q,
    ).toEqual([action.id]);
  }
  expect(
    (
      await listActions({
        authorityId: authority.id,
        viewer: READER,
        filters: parseActionFilters(new URLSearchParams({ q: "fostering" })),
      })
    ).rows,
  ).toHaveLength(0);
});

test("an admin adds an action with every field; it is audited; owners from another authority and non-admins are refused", async () => {
  const { db, authority, admin, owner, recommendationId } = await world();
  const value = NewActionSchema.parse({
    intent: "create",
    title: "Joint audit of strategy meetings",
    ownerId: owner.id,
    leadService: "Front door",
    partnerAgencies: "NHS West Yorkshire ICB, West Yorkshire Police",
    successMeasure: "9 in 10 strategy meetings have health present, shown by monthly audit",
    description: "Monthly audit",
    startDate: "2026-12-01",
    dueDate: "2027-03-31",
  });
  const r = await createActionService({
    authorityId: authority.id,
    actor: { id: admin.id, role: "admin" },
    recommendationId,
    value,
  });
  if (!r.ok) throw new Error("expected ok");
  const saved = await db.action.findUniqueOrThrow({ where: { id: r.action.id } });
  expect(saved).toMatchObject({
    title: value.title,
    ownerId: owner.id,
    partnerAgencies: value.partnerAgencies,
    successMeasure: value.successMeasure,
    status: "not_started",
    position: 1,
  });
  expect(saved.dueDate?.toISOString()).toBe("2027-03-31T00:00:00.000Z");
  const audit = await db.auditEvent.findFirstOrThrow({
    where: { entityType: "Action", entityId: saved.id, action: "create" },
  });
  expect(JSON.parse(audit.changes!)).toMatchObject({
    title: [null, value.title],
    dueDate: [null, "2027-03-31T00:00:00.000Z"],
  });

  const stranger = await createUser({
    db,
    memberships: [{ authorityId: (await createAuthority({ db })).id, role: "action_owner" }],
  });
  const bad = await createActionService({
    authorityId: authority.id,
    actor: { id: admin.id, role: "admin" },
    recommendationId,
    value: { ...value, ownerId: stranger.id },
  });
  expect(bad).toEqual({ ok: false, fieldErrors: { ownerId: [expect.stringMatching(/owner/)] } });
  expect(
    await err(
      createActionService({
        authorityId: authority.id,
        actor: { id: owner.id, role: "action_owner" },
        recommendationId,
        value,
      }),
    ),
  ).toBe(403);
  // Every mistake is reported at once: a missing title does not hide a due date before the start.
  const both = NewActionSchema.safeParse({
    intent: "create",
    title: " ",
    startDate: "2027-05-01",
    dueDate: "2027-04-01",
  });
  expect(both.error?.issues.map((i) => i.path.join("."))).toEqual(["title", "dueDate"]);
});

test("milestones: the owner adds, completes and removes them; each step is in the action's history; others cannot", async () => {
  const { db, authority, owner, action, user, target } = await world();
  const actor = { id: owner.id, role: "action_owner" as const };
  const m = await addMilestone({
    ...target,
    actor,
    value: MilestoneSchema.parse({
      intent: "milestone-add",
      milestoneTitle: "Audit tool agreed",
      milestoneDue: "2027-01-15",
    }),
  });
  expect(m).toMatchObject({ title: "Audit tool agreed", doneAt: null });
  await changeMilestone({ authorityId: authority.id, actionId: action.id, milestoneId: m.id, actor, change: "done" });
  expect((await db.actionMilestone.findUniqueOrThrow({ where: { id: m.id } })).doneAt).not.toBeNull();
  await changeMilestone({ authorityId: authority.id, actionId: action.id, milestoneId: m.id, actor, change: "remove" });
  expect(await db.actionMilestone.count({ where: { actionId: action.id } })).toBe(0);
  const history = await db.auditEvent.findMany({
    where: { entityType: "Action", entityId: action.id },
    orderBy: { createdAt: "asc" },
  });
  expect(history.map((h) => h.action)).toEqual(["milestone_add", "milestone_done", "milestone_remove"]);

  const viewer = await user("viewer");
  const partner = await user("partner");
  const value = MilestoneSchema.parse({ intent: "milestone-add", milestoneTitle: "x" });
  expect(
    await err(
      addMilestone({ authorityId: authority.id, actionId: action.id, actor: { id: viewer.id, role: "viewer" }, value }),
    ),
  ).toBe(403);
  expect(
    await err(
      addMilestone({
        ...target,
        actor: { id: partner.id, role: "partner" },
        value,
      }),
    ),
  ).toBe(404);
});

test("the dashboard counts per inspection, in one grouped query on both engines, leaving out removed actions", async () => {
  const { db, authority, owner, admin, addAction } = await world();
  await addAction({ ownerId: owner.id, title: "Done one", status: "complete", progress: 40 });
  const gone = await addAction({ ownerId: owner.id, title: "Removed one", status: "in_progress", progress: 90 });
  await setActionDeleted({
    authorityId: authority.id,
    actionId: gone.id,
    actor: { id: admin.id, role: "admin" },
    deleted: true,
  });
  const second = await createInspection({
    db,
    authorityId: authority.id,
    recommendations: [{ reference: "1", text: "Other.", kind: "improvement_item" }],
  });
  await addAction({
    recommendationId: second.recommendations[0]!.id,
    ownerId: owner.id,
    title: "Other",
    status: "in_progress",
    progress: 30,
  });
  const d = await getDashboard({ authorityId: authority.id });
  expect(d.total).toBe(3);
  const first = d.perInspection.find((i) => i.id !== second.id)!;
  // The world's action (in progress, 0%) and "Done one" (complete counts as 100%).
  expect(first).toMatchObject({ actions: 2, done: 1, meanProgress: 50 });
  expect(d.perInspection.find((i) => i.id === second.id)).toMatchObject({ actions: 1, done: 0, meanProgress: 30 });
});

test("an owner can be given by email address when the authority is too large to list everyone", async () => {
  const { db, authority, admin, action, owner, saveDetails } = await world();
  const email = (await db.user.findUniqueOrThrow({ where: { id: admin.id } })).email;
  const base = { title: action.title, ownerId: owner.id };
  const asAdmin = { id: admin.id, role: "admin" as const };
  const r = await saveDetails(asAdmin, base, {
    version: "1",
    title: action.title,
    ownerId: email.toUpperCase(),
    dueDate: "2030-01-31",
  });
  expect(r).toEqual({ ok: true, version: 2 });
  expect((await db.action.findUniqueOrThrow({ where: { id: action.id } })).ownerId).toBe(admin.id);
  const stranger = await createUser({ db });
  const bad = await saveDetails(asAdmin, base, {
    version: "2",
    title: action.title,
    ownerId: (await db.user.findUniqueOrThrow({ where: { id: stranger.id } })).email,
    dueDate: "2030-01-31",
  });
  expect(bad).toEqual({
    ok: false,
    fieldErrors: { ownerId: ["No one with that email address is a member of this authority"] },
  });
  const byEmail = await listActions({
    authorityId: authority.id,
    viewer: READER,
    filters: parseActionFilters(new URLSearchParams({ owner: email })),
  });
  expect(byEmail.rows.map((x) => x.id)).toEqual([action.id]);
});

test("my actions: open ones only, overdue first, no due date last, bounded with the total", async () => {
  const { authority, owner, action, addAction } = await world();
  const mk = (title: string, status: string, due: string | null) =>
    addAction({ ownerId: owner.id, title, status, dueDate: due ? new Date(due) : null });
  await mk("Done long ago", "complete", "2020-01-01");
  await mk("No date", "in_progress", null);
  await mk("Very late", "in_progress", "2021-05-01");
  await mk("Late", "blocked", "2022-05-01");
  const all = await listActionsForOwner({ authorityId: authority.id, ownerId: owner.id });
  expect(all.rows.map((r) => r.title)).toEqual(["Very late", "Late", action.title, "No date"]);
  expect(all.openCount).toBe(4);
  const two = await listActionsForOwner({ authorityId: authority.id, ownerId: owner.id, take: 2 });
  expect(two.rows.map((r) => r.title)).toEqual(["Very late", "Late"]);
  expect(two.openCount).toBe(4);
});
