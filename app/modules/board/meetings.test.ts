/**
 * Boards and meetings on the real database: the proposed agenda and its
 * reasons, the frozen published agenda, decisions written back to actions
 * (status, due date, timeline, audit, actions arising), who may decide, and
 * minutes locked once approved.
 */
import { expect, test } from "vitest";
import type { Role } from "~/modules/auth/permissions";
import { createAuthority, createUser } from "../../../prisma/factories";
import { snapshotRefusals, statusOf } from "../../../tests/helpers/errors";
import { createWorld, type ActionInput } from "../../../tests/helpers/world";
import { recordDecision } from "./decisions.server";
import { minutesDocx } from "./minutes-docx.server";
import {
  approvePreviousMinutes,
  changeAgenda,
  createBoard,
  getMeeting,
  markHeld,
  minutesData,
  planMeeting,
  publishAgenda,
  setBoardMember,
} from "./service.server";

const input = (
  v: Partial<{
    decision: "accept" | "continue" | "return" | "escalate" | "extend";
    notes: string;
    challenge: string;
    newDueDate: string | null;
    extensionReason: string;
  }>,
) => ({
  decision: "continue" as const,
  notes: "",
  challenge: "",
  newDueDate: null,
  extensionReason: "",
  ...v,
});

async function world() {
  const {
    db,
    authority,
    member: person,
    action,
  } = await createWorld({
    items: [{ reference: "R1", text: "Strengthen management oversight.", kind: "improvement_item" }],
  });
  const [admin, chair, member, observer, owner] = await Promise.all([
    person("admin"),
    person("board_member"),
    person("board_member"),
    person("viewer"),
    person("action_owner"),
  ]);
  const mk = (title: string, extra: ActionInput) => action({ ownerId: owner.id, title, ...extra });
  const submitted = await mk("Supervision audit", {
    status: "submitted_for_review",
    rag: "green",
    dueDate: new Date("2030-06-30"),
  });
  const red = await mk("Caseload reduction", { status: "in_progress", rag: "red", dueDate: new Date("2030-06-30") });
  const overdue = await mk("Training plan", { status: "in_progress", rag: "green", dueDate: new Date("2025-01-31") });
  const quiet = await mk("Practice standards", {
    status: "in_progress",
    rag: "green",
    dueDate: new Date("2031-01-31"),
  });
  const done = await mk("Closed long ago", { status: "closed", rag: "red", dueDate: new Date("2020-01-31") });
  const adminActor = { id: admin.id, role: "admin" as const };
  const board = await createBoard({
    authorityId: authority.id,
    actor: adminActor,
    value: { name: "Improvement Board", kind: "improvement" },
  });
  for (const [u, r] of [
    [chair, "chair"],
    [member, "member"],
    [observer, "observer"],
  ] as const)
    await setBoardMember({
      authorityId: authority.id,
      actor: adminActor,
      boardId: board.id,
      userId: u.id,
      boardRole: r,
    });
  const chairActor = { id: chair.id, role: "board_member" as const };
  /** The chair plans a meeting of the board (on 10 December at the Civic Hall unless told). */
  const plan = (value: Partial<{ date: string; time: string; location: string }> = {}) =>
    planMeeting({
      authorityId: authority.id,
      actor: chairActor,
      boardId: board.id,
      value: { date: "2026-12-10", time: "14:00", location: "Civic Hall", ...value },
    });
  return {
    db,
    authority,
    board,
    plan,
    chair: chairActor,
    users: { admin, chair, member, observer, owner },
    actions: { submitted, red, overdue, quiet, done },
  };
}

test("planning a meeting proposes the actions that need the board, each with its reasons; publishing freezes the agenda", async () => {
  const { db, authority, users, actions, chair, plan } = await world();
  const meeting = await plan();
  const viewer = { id: users.chair.id, role: "board_member" as const };
  const m = await getMeeting({ authorityId: authority.id, meetingId: meeting.id, viewer });
  const reasons = Object.fromEntries(m.agenda.map((i) => [i.actionId, i.reasons]));
  expect(reasons).toEqual({
    [actions.submitted.id]: ["submitted_for_review"],
    [actions.red.id]: ["red"],
    [actions.overdue.id]: ["due_since_last_meeting", "overdue"],
  });
  // Observers and owners cannot change the agenda; the chair can, with the version they saw.
  const edit = (
    actor: { id: string; role: Role },
    version: number,
    change: Parameters<typeof changeAgenda>[0]["change"],
  ) => changeAgenda({ authorityId: authority.id, actor, meetingId: meeting.id, version, change });
  expect(
    await statusOf(edit({ id: users.observer.id, role: "viewer" }, 1, { op: "add", actionId: actions.quiet.id })),
  ).toBe(403);
  await edit(chair, 1, { op: "add", actionId: actions.quiet.id });
  expect(await statusOf(edit(chair, 1, { op: "add", actionId: actions.done.id }))).toBe(409);
  await publishAgenda({ authorityId: authority.id, actor: chair, meetingId: meeting.id, version: 2 });
  // A later edit to the action does not rewrite the published agenda.
  await db.action.update({ where: { id: actions.red.id }, data: { title: "Renamed afterwards", rag: "amber" } });
  const published = await getMeeting({ authorityId: authority.id, meetingId: meeting.id, viewer });
  const redItem = published.agenda.find((i) => i.actionId === actions.red.id)!;
  expect(redItem.shown).toMatchObject({ title: "Caseload reduction", rag: "red", recommendationReference: "R1" });
  expect(await statusOf(edit(chair, 3, { op: "remove", itemId: redItem.id }))).toBe(409);
});

test("decisions are written back to the action: accept completes, return records the challenge, extend moves the due date; observers cannot decide", async () => {
  const { db, authority, users, actions, chair, plan } = await world();
  const member = { id: users.member.id, role: "board_member" as const };
  const meeting = await plan();
  const itemFor = async (actionId: string) =>
    (await db.agendaItem.findFirstOrThrow({ where: { meetingId: meeting.id, actionId } })).id;
  const decide = (
    actor: { id: string; role: Role },
    actionId: string,
    v: Parameters<typeof input>[0],
    arising: { title: string; owner: string; dueDate: string | null }[] = [],
  ) =>
    itemFor(actionId).then((agendaItemId) =>
      recordDecision({
        authorityId: authority.id,
        actor,
        meetingId: meeting.id,
        agendaItemId,
        input: input(v),
        arising,
      }),
    );

  // Not before the agenda is published.
  expect(await statusOf(decide(member, actions.submitted.id, { decision: "accept" }))).toBe(409);
  await publishAgenda({ authorityId: authority.id, actor: chair, meetingId: meeting.id, version: 1 });
  expect(
    await statusOf(decide({ id: users.observer.id, role: "viewer" }, actions.submitted.id, { decision: "accept" })),
  ).toBe(403);
  expect(
    await statusOf(decide({ id: users.admin.id, role: "admin" }, actions.submitted.id, { decision: "accept" })),
  ).toBe(403);

  await expect(
    decide(member, actions.submitted.id, {
      decision: "accept",
      notes: "Audit shows 92% of cases with monthly supervision.",
    }),
  ).resolves.toEqual({ ok: true });
  const accepted = await db.action.findUniqueOrThrow({
    where: { id: actions.submitted.id },
    include: { updates: { include: { boardDecision: { include: { meeting: { include: { board: true } } } } } } },
  });
  expect(accepted.status).toBe("complete");
  expect(accepted.completedAt).not.toBeNull();
  expect(accepted.updates[0]).toMatchObject({ kind: "decision", status: "complete" });
  expect(accepted.updates[0]!.body).toContain("Improvement Board");
  expect(accepted.updates[0]!.boardDecision!.meeting.board.name).toBe("Improvement Board");
  expect(await statusOf(decide(member, actions.submitted.id, { decision: "continue" }))).toBe(409);

  const noChallenge = await decide(chair, actions.red.id, { decision: "return" });
  expect(noChallenge).toMatchObject({ ok: false, fieldErrors: { challenge: [expect.any(String)] } });
  await expect(
    decide(chair, actions.red.id, { decision: "return", challenge: "Bring the caseload data by team." }, [
      { title: "Report caseloads by team monthly", owner: users.owner.email, dueDate: "2027-01-31" },
    ]),
  ).resolves.toEqual({ ok: true });
  const returned = await db.action.findUniqueOrThrow({ where: { id: actions.red.id } });
  expect(returned.status).toBe("in_progress");
  const arising = await db.action.findFirstOrThrow({
    where: { arisingFromDecisionId: { not: null }, authorityId: authority.id },
  });
  expect(arising).toMatchObject({
    title: "Report caseloads by team monthly",
    ownerId: users.owner.id,
    recommendationId: returned.recommendationId,
  });
  const audit = await db.auditEvent.findFirstOrThrow({
    where: { entityType: "Action", entityId: actions.red.id, action: "board_decision" },
  });
  expect(JSON.parse(audit.changes!)).toMatchObject({
    decision: [null, "Return with challenge"],
    challenge: [null, "Bring the caseload data by team."],
  });

  const badExtend = await decide(chair, actions.overdue.id, { decision: "extend", newDueDate: "2027-03-31" });
  expect(badExtend).toMatchObject({ ok: false, fieldErrors: { extensionReason: [expect.any(String)] } });
  await expect(
    decide(chair, actions.overdue.id, {
      decision: "extend",
      newDueDate: "2027-03-31",
      extensionReason: "Trainer recruited late",
    }),
  ).resolves.toEqual({ ok: true });
  const extended = await db.action.findUniqueOrThrow({ where: { id: actions.overdue.id }, include: { updates: true } });
  expect(extended.dueDate?.toISOString().slice(0, 10)).toBe("2027-03-31");
  expect(extended.updates.find((u) => u.kind === "extension")).toMatchObject({
    newDueDate: new Date("2027-03-31T00:00:00.000Z"),
  });
});

test("the next meeting proposes what was returned and what stayed amber; minutes are approved there and locked; the Word minutes carry the decisions", async () => {
  const { db, authority, users, actions, chair, plan } = await world();
  // At the first meeting the red action was amber; it is returned with a challenge.
  await db.action.update({ where: { id: actions.red.id }, data: { rag: "amber" } });
  await db.actionUpdate.create({
    data: {
      authorityId: authority.id,
      actionId: actions.red.id,
      body: "Amber",
      rag: "amber",
      createdAt: new Date("2026-09-01T00:00:00Z"),
    },
  });
  const first = await plan({ date: "2026-10-08" });
  await changeAgenda({
    authorityId: authority.id,
    actor: chair,
    meetingId: first.id,
    version: 1,
    change: { op: "add", actionId: actions.red.id },
  });
  await publishAgenda({ authorityId: authority.id, actor: chair, meetingId: first.id, version: 2 });
  const item = await db.agendaItem.findFirstOrThrow({ where: { meetingId: first.id, actionId: actions.red.id } });
  await recordDecision({
    authorityId: authority.id,
    actor: chair,
    meetingId: first.id,
    agendaItemId: item.id,
    input: input({ decision: "return", challenge: "Show the trend." }),
    arising: [],
  });
  await markHeld({ authorityId: authority.id, actor: chair, meetingId: first.id, version: 3 });

  const second = await plan();
  const m = await getMeeting({
    authorityId: authority.id,
    meetingId: second.id,
    viewer: { id: users.chair.id, role: "board_member" },
  });
  expect(m.agenda.find((i) => i.actionId === actions.red.id)?.reasons).toEqual(["amber_again", "returned_last_time"]);

  const minutes = await minutesData({
    authorityId: authority.id,
    meetingId: first.id,
    viewer: { id: users.observer.id, role: "viewer" },
  });
  expect(minutes.items.map((i) => i.decision?.decision)).toContain("return");
  const docx = await minutesDocx(minutes);
  const mammoth = await import("mammoth");
  const html = (await mammoth.convertToHtml({ buffer: docx })).value;
  expect(html).toContain("Show the trend.");
  expect(html).toMatch(/<h1>[^<]*Improvement Board/);

  await publishAgenda({ authorityId: authority.id, actor: chair, meetingId: second.id, version: 1 });
  await approvePreviousMinutes({ authorityId: authority.id, actor: chair, meetingId: second.id });
  expect((await db.meeting.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("minutes_approved");
  const other = await db.agendaItem.create({
    data: { authorityId: authority.id, meetingId: first.id, actionId: actions.quiet.id, position: 9 },
  });
  expect(
    await statusOf(
      recordDecision({
        authorityId: authority.id,
        actor: chair,
        meetingId: first.id,
        agendaItemId: other.id,
        input: input({ decision: "continue" }),
        arising: [],
      }),
    ),
  ).toBe(409);
});

test("another authority sees nothing of a board's meetings", async () => {
  const { db, plan } = await world();
  const meeting = await plan({ location: "x" });
  const other = await createAuthority({ db });
  const stranger = await createUser({ db, memberships: [{ authorityId: other.id, role: "admin" }] });
  expect(
    await statusOf(
      getMeeting({ authorityId: other.id, meetingId: meeting.id, viewer: { id: stranger.id, role: "admin" } }),
    ),
  ).toBe(404);
});

test("a published agenda item is frozen with its snapshot version and reads back; an unversioned one still reads; a malformed one is refused clearly", async () => {
  const { db, authority, users, actions, chair, plan } = await world();
  const viewer = { id: users.chair.id, role: "board_member" as const };
  const meeting = await plan();
  const live = (await getMeeting({ authorityId: authority.id, meetingId: meeting.id, viewer })).agenda.find(
    (i) => i.actionId === actions.red.id,
  )!;
  await publishAgenda({ authorityId: authority.id, actor: chair, meetingId: meeting.id, version: 1 });
  const item = await db.agendaItem.findFirstOrThrow({ where: { meetingId: meeting.id, actionId: actions.red.id } });
  const stored = JSON.parse(item.snapshot!) as Record<string, unknown>;
  expect(stored.version).toBe(1);
  const { version: _version, ...frozen } = stored;
  const shown = async () =>
    (await getMeeting({ authorityId: authority.id, meetingId: meeting.id, viewer })).agenda.find(
      (i) => i.id === item.id,
    )!.shown;
  expect(await shown()).toEqual(frozen);
  expect(await shown()).toEqual(live.shown);
  expect(frozen).toMatchObject({ title: "Caseload reduction", status: "in_progress", rag: "red" });
  // Frozen before the version field existed: read as version 1.
  await db.agendaItem.update({ where: { id: item.id }, data: { snapshot: JSON.stringify(frozen) } });
  expect(await shown()).toEqual(frozen);
  const problemOf = snapshotRefusals({
    store: (snapshot) => db.agendaItem.update({ where: { id: item.id }, data: { snapshot } }),
    read: shown,
    message: "This published agenda was stored in a form we cannot read, so it cannot be shown.",
    details: { agendaItemId: item.id, snapshot: "published agenda" },
  });
  expect(await problemOf(JSON.stringify({ ...frozen, status: "done" }))).toContain('Unknown action status "done"');
  expect(await problemOf(JSON.stringify({ ...frozen, version: 1, rag: "blue" }))).toContain('Unknown RAG "blue"');
  expect(await problemOf(JSON.stringify({ ...frozen, version: 7 }))).toBe("unknown version 7");
  expect(await problemOf(JSON.stringify({ ...frozen, title: 42 }))).toMatch(/^version 1: title: /);
});
