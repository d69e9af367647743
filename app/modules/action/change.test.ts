import { describe, expect, test } from "vitest";
import type { Actor } from "~/modules/auth/actor";
import {
  planActionChange,
  type ActionChange,
  type ActionChangeResult,
  type ActionColumns,
  type DetailFields,
  type PlannedChange,
} from "./change";
import { ACTION_STATUSES, TRANSITIONS, type ActionStatus } from "./status";

const NOW = new Date("2026-12-02T09:00:00Z");
const EARLIER = new Date("2026-10-01T10:00:00Z");
const OWNER = "user-owner";
const admin: Actor = { id: "user-admin", role: "admin" };
const owner: Actor = { id: OWNER, role: "action_owner" };
const boardMember: Actor = { id: "user-board", role: "board_member" };

function action(over: Partial<ActionColumns> = {}): ActionColumns {
  return {
    title: "Health at every strategy discussion",
    description: "",
    ownerId: OWNER,
    leadService: "",
    partnerAgencies: "",
    successMeasure: "",
    startDate: null,
    dueDate: new Date("2030-01-31T00:00:00Z"),
    status: "in_progress",
    rag: null,
    ragReason: null,
    impactRag: null,
    impactReason: null,
    progress: 0,
    blockedReason: null,
    completedAt: null,
    lastUpdateAt: null,
    deletedAt: null,
    ...over,
  };
}
const fieldsOf = (a: ActionColumns, over: Partial<DetailFields> = {}): DetailFields => ({
  title: a.title,
  description: a.description,
  ownerId: a.ownerId,
  leadService: a.leadService,
  partnerAgencies: a.partnerAgencies,
  successMeasure: a.successMeasure,
  startDate: a.startDate,
  dueDate: a.dueDate,
  ...over,
});
const progress = (over: Partial<Extract<ActionChange, { kind: "progress" }>> = {}): ActionChange => ({
  kind: "progress",
  body: "Update",
  toProgress: null,
  toRag: null,
  ragReason: "",
  toStatus: null,
  statusReason: "",
  ...over,
});
function ok(r: ActionChangeResult): PlannedChange {
  if (!r.ok) throw new Error(`refused: ${r.message}`);
  return r;
}
/** The change planned now for `a` by `actor`, which must not be refused. */
const planned = (a: ActionColumns, change: ActionChange, actor: Actor) => ok(planActionChange(a, change, actor, NOW));
/** What planning says now when `actor` moves an action with these columns to `toStatus`, giving `statusReason`. */
const move = (from: Partial<ActionColumns>, toStatus: ActionStatus, statusReason: string, actor: Actor) =>
  planActionChange(action(from), progress({ toStatus, statusReason }), actor, NOW);
/** The same move, which must not be refused: the change planned. */
const moved = (...args: Parameters<typeof move>) => ok(move(...args));
const types = (r: ActionChangeResult) => ok(r).events.map((e) => e.type);

describe("creation", () => {
  test("a new action starts not started, with every field given, audited and announced (assigned when it has an owner)", () => {
    const fields = fieldsOf(action(), { description: "Across all areas" });
    const r = ok(planActionChange(null, { kind: "create", fields }, admin, NOW));
    expect(r.columns).toMatchObject({ ...fields, status: "not_started", progress: 0 });
    expect(r.columns.lastUpdateAt).toBeUndefined();
    expect(r.timeline).toBeNull();
    expect(r.audit).toEqual({
      action: "create",
      changes: {
        title: [null, fields.title],
        description: [null, "Across all areas"],
        ownerId: [null, OWNER],
        dueDate: [null, "2030-01-31T00:00:00.000Z"],
      },
    });
    expect(r.events).toEqual([{ type: "created" }, { type: "assigned", ownerId: OWNER, previousOwnerId: null }]);
  });
  test("an action arising from a board decision keeps the decision's own audit", () => {
    const r = ok(
      planActionChange(
        null,
        {
          kind: "create",
          fields: fieldsOf(action(), { ownerId: null }),
          auditChanges: { title: [null, "T"], arisingFrom: [null, "Board, 1 Dec"] },
        },
        boardMember,
        NOW,
      ),
    );
    expect(r.audit?.changes).toEqual({ title: [null, "T"], arisingFrom: [null, "Board, 1 Dec"] });
    expect(types(r)).toEqual(["created"]);
  });
  test("every change but create needs an action", () => {
    expect(planActionChange(null, { kind: "remove" }, admin, NOW)).toMatchObject({ ok: false });
  });
});

describe("progress updates", () => {
  test("a narrative update alone is an update: lastUpdateAt, a timeline entry, no audit of the action", () => {
    const r = planned(action(), progress({ body: "Met the partners" }), owner);
    expect(r.columns).toEqual({ lastUpdateAt: NOW });
    expect(r.timeline).toMatchObject({
      kind: "update",
      body: "Met the partners",
      status: null,
      rag: null,
      createdAt: NOW,
    });
    expect(r.audit).toBeNull();
    expect(types(r)).toEqual(["update_posted"]);
    expect(r.refreshSearchText).toBe(true);
  });
  test("progress and RAG change together, with the RAG's reason, and are audited field by field", () => {
    const r = planned(action(), progress({ toProgress: 60, toRag: "amber", ragReason: "Improving" }), owner);
    expect(r.columns).toEqual({ progress: 60, rag: "amber", ragReason: "Improving", lastUpdateAt: NOW });
    expect(r.audit).toEqual({
      action: "update",
      changes: { progress: [0, 60], rag: [null, "amber"], ragReason: [null, "Improving"] },
    });
    expect(r.timeline).toMatchObject({ progress: 60, rag: "amber", ragReason: "Improving" });
    expect(r.events).toEqual([
      { type: "update_posted" },
      { type: "rag_changed", from: null, to: "amber" },
      { type: "progress_changed", from: 0, to: 60 },
    ]);
  });
  test("a RAG change without a reason is refused on the reason field", () => {
    expect(planActionChange(action(), progress({ toRag: "red" }), owner, NOW)).toMatchObject({
      ok: false,
      fieldErrors: { ragReason: [expect.stringMatching(/reason/)] },
    });
  });
  test("the same RAG and progress again change nothing but the update time", () => {
    const r = planned(action({ rag: "green", progress: 40 }), progress({ toRag: "green", toProgress: 40 }), owner);
    expect(r.columns).toEqual({ lastUpdateAt: NOW });
  });
  test("blocking records the reason; unblocking clears it", () => {
    const blocked = moved({}, "blocked", "No data", owner);
    expect(blocked.columns).toMatchObject({ status: "blocked", blockedReason: "No data" });
    expect(types(blocked)).toEqual(["update_posted", "status_changed", "blocked"]);
    expect(blocked.timeline).toMatchObject({ kind: "status_change", status: "blocked" });
    const unblocked = moved({ status: "blocked", blockedReason: "No data" }, "in_progress", "", owner);
    expect(unblocked.columns).toMatchObject({ status: "in_progress", blockedReason: null });
    expect(types(unblocked)).toEqual(["update_posted", "status_changed", "unblocked"]);
  });
  test("an admin completing sets completedAt; an admin reopening clears it; a return is announced", () => {
    const done = moved({ status: "submitted_for_review" }, "complete", "Evidence seen", admin);
    expect(done.columns).toMatchObject({ status: "complete", completedAt: NOW });
    expect(types(done)).toContain("completed");
    const reopened = moved({ status: "complete", completedAt: EARLIER }, "in_progress", "Gaps found", admin);
    expect(reopened.columns).toMatchObject({ status: "in_progress", completedAt: null });
    expect(reopened.audit?.changes).toMatchObject({ completedAt: [EARLIER.toISOString(), null] });
    expect(types(reopened)).toContain("reopened");
    const returned = moved({ status: "submitted_for_review" }, "in_progress", "Show the audit", admin);
    expect(types(returned)).toContain("returned");
  });
  test("closing keeps the completion date; undoing a closure marks it complete again now", () => {
    const closed = moved({ status: "complete", completedAt: EARLIER }, "closed", "", admin);
    expect(closed.columns.completedAt).toBeUndefined();
    expect(types(closed)).toContain("closed");
    const undone = moved({ status: "closed", completedAt: EARLIER }, "complete", "Closed by mistake", admin);
    expect(undone.columns).toMatchObject({ status: "complete", completedAt: NOW });
    expect(types(undone)).not.toContain("completed");
  });
  test("an owner cannot mark complete; the message goes on the status field when a reason was given, else on the reason", () => {
    expect(move({ status: "submitted_for_review" }, "complete", "done", owner)).toMatchObject({
      ok: false,
      fieldErrors: { status: [expect.any(String)] },
    });
    expect(move({}, "blocked", "", owner)).toMatchObject({
      ok: false,
      fieldErrors: { statusReason: ["Enter why the action is blocked"] },
    });
  });
  test("someone who is not the owner, and not an admin, cannot change the status", () => {
    expect(move({ ownerId: "someone-else" }, "blocked", "x", owner)).toMatchObject({ ok: false });
  });

  // Every rule of the workflow, through the progress update, with the side effects every channel shares.
  const updateRules = TRANSITIONS.filter((r) => r.by !== "board");
  test.each(updateRules.map((r) => [r.from, r.to, r.by] as const))(
    "%s → %s by %s: allowed, with the shared side effects",
    (from, to, by) => {
      const before = action({
        status: from,
        blockedReason: from === "blocked" ? "Why" : null,
        completedAt: from === "complete" || from === "closed" ? EARLIER : null,
      });
      const r = ok(
        planActionChange(
          before,
          progress({ toStatus: to, statusReason: "Because" }),
          by === "admin" ? admin : owner,
          NOW,
        ),
      );
      expect(r.columns.status).toBe(to);
      expect(r.columns.lastUpdateAt).toEqual(NOW);
      const blockedReason = "blockedReason" in r.columns ? r.columns.blockedReason : before.blockedReason;
      expect(blockedReason).toBe(to === "blocked" ? "Because" : null);
      const completedAt = "completedAt" in r.columns ? r.columns.completedAt : before.completedAt;
      if (to === "complete") expect(completedAt).toEqual(NOW);
      else if (to === "closed") expect(completedAt).toEqual(EARLIER);
      else expect(completedAt).toBeNull();
    },
  );
  const pairs = ACTION_STATUSES.flatMap((from) =>
    ACTION_STATUSES.filter((to) => to !== from).map((to) => [from, to] as [ActionStatus, ActionStatus]),
  );
  test.each(pairs.filter(([from, to]) => !TRANSITIONS.some((r) => r.from === from && r.to === to && r.by === "admin")))(
    "%s → %s is refused even for an admin",
    (from, to) => {
      expect(
        planActionChange(action({ status: from }), progress({ toStatus: to, statusReason: "Because" }), admin, NOW),
      ).toMatchObject({ ok: false });
    },
  );
});

describe("detail edits", () => {
  const details = (
    a: ActionColumns,
    over: Partial<DetailFields> = {},
    rest: Partial<Extract<ActionChange, { kind: "details" }>> = {},
  ): ActionChange => ({
    kind: "details",
    fields: fieldsOf(a, over),
    impactRag: null,
    impactReason: "",
    extensionReason: "",
    ...rest,
  });
  test("nothing changed is nothing to write", () => {
    const a = action();
    expect(ok(planActionChange(a, details(a), admin, NOW))).toMatchObject({
      columns: {},
      audit: null,
      timeline: null,
      events: [],
    });
  });
  test("only the changed fields are written and audited; a title change refreshes the search text", () => {
    const a = action();
    const r = ok(planActionChange(a, details(a, { title: "New title", leadService: "Front door" }), admin, NOW));
    expect(r.columns).toEqual({ title: "New title", leadService: "Front door" });
    expect(r.audit).toEqual({
      action: "update",
      changes: { title: [a.title, "New title"], leadService: ["", "Front door"] },
    });
    expect(r.refreshSearchText).toBe(true);
    expect(r.columns.lastUpdateAt).toBeUndefined();
  });
  test("a new owner is an assignment; no owner is an unassignment", () => {
    const a = action();
    expect(ok(planActionChange(a, details(a, { ownerId: "user-new" }), admin, NOW)).events).toEqual([
      { type: "assigned", ownerId: "user-new", previousOwnerId: OWNER },
    ]);
    expect(ok(planActionChange(a, details(a, { ownerId: null }), admin, NOW)).events).toEqual([
      { type: "unassigned", previousOwnerId: OWNER },
    ]);
  });
  test("moving a due date needs a reason, is an extension on the timeline, and counts as an update", () => {
    const a = action();
    const later = new Date("2030-06-30T00:00:00Z");
    expect(planActionChange(a, details(a, { dueDate: later }), admin, NOW)).toMatchObject({
      ok: false,
      fieldErrors: { extensionReason: ["Enter why the due date is changing"] },
    });
    const r = ok(planActionChange(a, details(a, { dueDate: later }, { extensionReason: "Re-planned" }), admin, NOW));
    expect(r.columns).toEqual({ dueDate: later, lastUpdateAt: NOW });
    expect(r.timeline).toMatchObject({
      kind: "extension",
      body: "Re-planned",
      oldDueDate: a.dueDate,
      newDueDate: later,
    });
    expect(r.events).toEqual([{ type: "due_date_extended", from: "2030-01-31", to: "2030-06-30" }]);
  });
  test("a first due date needs no reason", () => {
    const a = action({ dueDate: null });
    const r = ok(planActionChange(a, details(a, { dueDate: new Date("2030-06-30T00:00:00Z") }), admin, NOW));
    expect(r.timeline).toMatchObject({ kind: "extension", body: "Due date set." });
  });
  test("the impact RAG needs a reason; a blank impact RAG or reason keeps the one there", () => {
    const a = action({ impactRag: "amber", impactReason: "Some change" });
    expect(planActionChange(a, details(a, {}, { impactRag: "green" }), owner, NOW)).toMatchObject({
      ok: false,
      fieldErrors: { impactReason: [expect.any(String)] },
    });
    const r = ok(
      planActionChange(a, details(a, {}, { impactRag: "green", impactReason: "Children say so" }), owner, NOW),
    );
    expect(r.columns).toEqual({ impactRag: "green", impactReason: "Children say so" });
    expect(types(r)).toEqual(["impact_rag_changed"]);
    expect(ok(planActionChange(a, details(a), owner, NOW)).columns).toEqual({});
  });
  test("an owner may change only their own fields; the rest is forbidden, naming the fields", () => {
    const a = action();
    expect(ok(planActionChange(a, details(a, { description: "Mine" }), owner, NOW)).columns).toEqual({
      description: "Mine",
    });
    expect(planActionChange(a, details(a, { title: "x", ownerId: null }), owner, NOW)).toEqual({
      ok: false,
      message: "Only an authority admin can change: Title, Owner.",
      forbidden: true,
    });
  });
});

describe("bulk edits", () => {
  const bulk = (change: Extract<ActionChange, { kind: "bulk" }>["change"]): ActionChange => ({ kind: "bulk", change });
  test("an owner change is audited as a bulk update, and is not an update of the work", () => {
    const r = planned(action(), bulk({ field: "owner", toOwnerId: "user-new" }), admin);
    expect(r.columns).toEqual({ ownerId: "user-new" });
    expect(r.audit).toEqual({ action: "bulk_update", changes: { ownerId: [OWNER, "user-new"] } });
    expect(r.timeline).toBeNull();
    expect(types(r)).toEqual(["assigned"]);
  });
  test("the same owner or due date again changes nothing", () => {
    expect(planned(action(), bulk({ field: "owner", toOwnerId: OWNER }), admin).columns).toEqual({});
    expect(
      planned(action(), bulk({ field: "dueDate", toDueDate: new Date("2030-01-31T00:00:00Z"), reason: "r" }), admin)
        .columns,
    ).toEqual({});
  });
  test("a due-date change is an extension on the timeline and counts as an update", () => {
    const later = new Date("2030-06-30T00:00:00Z");
    const r = planned(action(), bulk({ field: "dueDate", toDueDate: later, reason: "Re-planned" }), admin);
    expect(r.columns).toEqual({ dueDate: later, lastUpdateAt: NOW });
    expect(r.timeline).toMatchObject({ kind: "extension", body: "Re-planned", newDueDate: later });
  });
  test("unblocking in bulk clears the blocked reason and counts as an update", () => {
    const r = planned(
      action({ status: "blocked", blockedReason: "No data" }),
      bulk({ field: "status", toStatus: "in_progress", reason: "Data came" }),
      admin,
    );
    expect(r.columns).toEqual({ status: "in_progress", blockedReason: null, lastUpdateAt: NOW });
    expect(r.audit?.changes).toEqual({ status: ["blocked", "in_progress"], blockedReason: ["No data", null] });
    expect(r.timeline).toMatchObject({ kind: "status_change", status: "in_progress", body: "Data came" });
  });
  test("blocking in bulk records the reason; closing keeps the completion date", () => {
    expect(
      planned(action(), bulk({ field: "status", toStatus: "blocked", reason: "Waiting" }), admin).columns,
    ).toMatchObject({ status: "blocked", blockedReason: "Waiting" });
    const closed = planned(
      action({ status: "complete", completedAt: EARLIER }),
      bulk({ field: "status", toStatus: "closed", reason: "Done" }),
      admin,
    );
    expect(closed.columns).toEqual({ status: "closed", lastUpdateAt: NOW });
  });
  test("what needs judgement, or is not a status, is refused with the workflow's reason", () => {
    expect(
      planActionChange(
        action({ status: "submitted_for_review" }),
        bulk({ field: "status", toStatus: "complete", reason: "r" }),
        admin,
        NOW,
      ),
    ).toMatchObject({ ok: false, message: expect.stringContaining("cannot be done in bulk") });
    expect(
      planActionChange(action(), bulk({ field: "status", toStatus: "nonsense", reason: "r" }), admin, NOW),
    ).toMatchObject({ ok: false, message: "Choose a status from the list" });
  });
});

describe("board decisions", () => {
  const decision = (over: Partial<Extract<ActionChange, { kind: "decision" }>> = {}): ActionChange => ({
    kind: "decision",
    decision: "accept",
    toStatus: null,
    toDueDate: null,
    updateKind: "decision",
    body: "Board, 1 Dec: decision",
    boardDecisionId: "dec-1",
    auditChanges: { decision: [null, "Accept"] },
    ...over,
  });
  test("accepting completes the action now, links the timeline entry to the decision, and counts as an update", () => {
    const r = ok(
      planActionChange(
        action({ status: "submitted_for_review" }),
        decision({ toStatus: "complete" }),
        boardMember,
        NOW,
      ),
    );
    expect(r.columns).toEqual({ status: "complete", completedAt: NOW, blockedReason: null, lastUpdateAt: NOW });
    expect(r.timeline).toMatchObject({ kind: "decision", status: "complete", boardDecisionId: "dec-1" });
    expect(r.audit).toEqual({ action: "board_decision", changes: { decision: [null, "Accept"] } });
    expect(types(r)).toEqual(["board_decision", "status_changed", "completed"]);
  });
  test("reopening clears the completion date, as an admin reopen does", () => {
    const r = ok(
      planActionChange(
        action({ status: "complete", completedAt: EARLIER }),
        decision({ decision: "return", toStatus: "in_progress" }),
        boardMember,
        NOW,
      ),
    );
    expect(r.columns).toMatchObject({ status: "in_progress", completedAt: null });
    expect(types(r)).toContain("reopened");
  });
  test("a board's return with a challenge is a return whatever the status, so the owner is told once", () => {
    for (const status of ["in_progress", "submitted_for_review", "not_started", "complete"] as const) {
      const r = ok(
        planActionChange(
          action({ status }),
          decision({ decision: "return", toStatus: "in_progress" }),
          boardMember,
          NOW,
        ),
      );
      expect(
        types(r).filter((t) => t === "returned"),
        status,
      ).toEqual(["returned"]);
    }
    const kept = ok(planActionChange(action(), decision({ decision: "continue" }), boardMember, NOW));
    expect(types(kept)).not.toContain("returned");
  });
  test("continue changes no column but the update time; extend moves the due date", () => {
    expect(ok(planActionChange(action(), decision({ decision: "continue" }), boardMember, NOW)).columns).toEqual({
      lastUpdateAt: NOW,
    });
    const later = new Date("2030-06-30T00:00:00Z");
    const r = ok(
      planActionChange(
        action(),
        decision({ decision: "extend", toDueDate: later, updateKind: "extension" }),
        boardMember,
        NOW,
      ),
    );
    expect(r.columns).toEqual({ dueDate: later, lastUpdateAt: NOW });
    expect(r.timeline).toMatchObject({ kind: "extension", oldDueDate: action().dueDate, newDueDate: later });
    expect(types(r)).toEqual(["board_decision", "due_date_extended"]);
  });
});

describe("removal, restore, leaving the authority, milestones", () => {
  test("removal stamps deletedAt; removing again is nothing; restore clears it", () => {
    expect(planned(action(), { kind: "remove" }, admin)).toMatchObject({
      columns: { deletedAt: NOW },
      audit: { action: "delete", changes: null },
      events: [{ type: "removed" }],
    });
    expect(planned(action({ deletedAt: EARLIER }), { kind: "remove" }, admin).columns).toEqual({});
    expect(planned(action({ deletedAt: EARLIER }), { kind: "restore" }, admin)).toMatchObject({
      columns: { deletedAt: null },
      audit: { action: "restore" },
      events: [{ type: "restored" }],
    });
    expect(planned(action(), { kind: "restore" }, admin).columns).toEqual({});
  });
  test("when the owner leaves, the action is unassigned and audited", () => {
    const r = planned(action(), { kind: "unassign" }, admin);
    expect(r).toMatchObject({
      columns: { ownerId: null },
      audit: { action: "update", changes: { ownerId: [OWNER, null] } },
      events: [{ type: "unassigned", previousOwnerId: OWNER }],
    });
    expect(planned(action({ ownerId: null }), { kind: "unassign" }, admin).audit).toBeNull();
  });
  test("a milestone changes no column of the action and is recorded on it", () => {
    const r = planned(
      action(),
      { kind: "milestone", change: "done", auditChanges: { milestone: "Audit", done: [false, true] } },
      owner,
    );
    expect(r).toMatchObject({
      columns: {},
      timeline: null,
      audit: { action: "milestone_done", changes: { milestone: "Audit", done: [false, true] } },
      events: [{ type: "milestone_changed", change: "done" }],
    });
  });
});
