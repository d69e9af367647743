/**
 * The reminder planner, run day by day as the 07:00 job would: which days
 * send what, and that a rerun, a missed day or a moved due date never sends
 * anything twice.
 */
import { describe, expect, test } from "vitest";
import { addWorkingDays, toIsoDate, workingDaysBetween } from "../inspection/clock";
import {
  DEFAULT_MEETING_CHASER_DAYS,
  isRemindable,
  parseReminderDays,
  planActionReminders,
  planReminders,
  planStatutoryReminders,
  type Reminder,
  type ReminderAction,
  type ReminderInspection,
  type ReminderSettings,
} from "./reminders";

const SETTINGS: ReminderSettings = { reminderDays: [14, 7, 1], chaserDays: 30, meetingChaserDays: 7 };
const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
/** 07:00 in London on that day (GMT in winter, BST in summer). */
const sevenAm = (iso: string) => {
  const d = day(iso);
  const month = d.getUTCMonth();
  const bst = month >= 3 && month <= 8; // April to September are wholly in BST
  return new Date(d.getTime() + (bst ? 6 : 7) * 3_600_000);
};
const addDays = (iso: string, n: number) => toIsoDate(new Date(day(iso).getTime() + n * 86_400_000));

const action = (fields: Partial<ReminderAction> = {}): ReminderAction => ({
  id: "a1",
  title: "Strengthen strategy discussions",
  status: "in_progress",
  ownerId: "u1",
  dueDate: day("2026-12-31"),
  // Updated "today" by default, so that only what a test is about is due.
  lastUpdateAt: null,
  createdAt: day("2026-12-01"),
  nextMeeting: null,
  ...fields,
});
// Not published by default, so that no statutory clock runs unless a test starts one.
const reminderInspection = (fields: Partial<ReminderInspection> = {}): ReminderInspection => ({
  id: "i1",
  title: "Inspection",
  type: "ilacs_standard",
  publishedAt: null,
  hasPriorityActions: false,
  ...fields,
});

/**
 * Runs the planner at 07:00 on each day from `from` to `to`, as the scheduled
 * job would, with the outbox's one-per-event-key rule; returns, per day, the
 * reminders that were new that day.
 */
function runDays(
  from: string,
  to: string,
  plan: (now: Date, today: string) => Reminder[],
  { twice = false }: { twice?: boolean } = {},
) {
  const sent = new Set<string>();
  const byDay: Record<string, Reminder[]> = {};
  for (let d = from; d <= to; d = addDays(d, 1)) {
    for (let run = 0; run < (twice ? 2 : 1); run++) {
      for (const r of plan(sevenAm(d), d)) {
        if (sent.has(r.eventKey)) continue;
        sent.add(r.eventKey);
        (byDay[d] ??= []).push(r);
      }
    }
  }
  return byDay;
}
const daysOf = (byDay: Record<string, Reminder[]>, kind: Reminder["kind"]) =>
  Object.entries(byDay)
    .filter(([, rs]) => rs.some((r) => r.kind === kind))
    .map(([d]) => d);

describe("parseReminderDays", () => {
  test("reads the stored list, longest first, without repeats or nonsense", () => {
    expect(parseReminderDays("14,7,1")).toEqual([14, 7, 1]);
    expect(parseReminderDays(" 1, 14 ,7,7")).toEqual([14, 7, 1]);
    expect(parseReminderDays("")).toEqual([]);
    expect(parseReminderDays("0,-3,2.5,x,3")).toEqual([3]);
  });
});

describe("who is reminded", () => {
  test("only an owned action whose work is with its owner", () => {
    expect(isRemindable({ status: "not_started", ownerId: "u" })).toBe(true);
    expect(isRemindable({ status: "in_progress", ownerId: "u" })).toBe(true);
    expect(isRemindable({ status: "blocked", ownerId: "u" })).toBe(true);
    expect(isRemindable({ status: "in_progress", ownerId: null })).toBe(false);
    expect(isRemindable({ status: "submitted_for_review", ownerId: "u" })).toBe(false);
    expect(isRemindable({ status: "complete", ownerId: "u" })).toBe(false);
    expect(isRemindable({ status: "closed", ownerId: "u" })).toBe(false);
  });

  test("a done, unowned or submitted action gets nothing, even when overdue and long without an update", () => {
    const stale = { dueDate: day("2026-11-01"), createdAt: day("2026-01-01") };
    for (const a of [
      action({ ...stale, status: "complete" }),
      action({ ...stale, status: "closed" }),
      action({ ...stale, status: "submitted_for_review" }),
      action({ ...stale, ownerId: null }),
    ])
      expect(planActionReminders(a, SETTINGS, day("2026-12-04"))).toEqual([]);
  });

  test("action reminders go to the owner, with the action's id", () => {
    const [r] = planActionReminders(
      action({ ownerId: "owner-9", lastUpdateAt: day("2026-12-04") }),
      SETTINGS,
      day("2026-12-24"),
    );
    expect(r).toMatchObject({ kind: "due_soon", to: { ownerId: "owner-9" }, actionId: "a1" });
  });
});

describe("due soon", () => {
  const fresh = (now: Date) => action({ lastUpdateAt: now });

  test("at each reminder day before the due date: 14, 7 and 1 days before, once each", () => {
    const byDay = runDays("2026-12-01", "2026-12-31", (now) =>
      planActionReminders(fresh(now), SETTINGS, day(toIsoDate(now))),
    );
    expect(daysOf(byDay, "due_soon")).toEqual(["2026-12-17", "2026-12-24", "2026-12-30"]);
    expect(byDay["2026-12-17"]!.map((r) => [r.eventKey, r.title])).toEqual([
      ["due_soon:a1:2026-12-31:14", "Due in 14 days (31 December 2026): Strengthen strategy discussions"],
    ]);
    expect(byDay["2026-12-30"]![0]!.title).toBe("Due tomorrow (31 December 2026): Strengthen strategy discussions");
  });

  test("running twice a day sends nothing more", () => {
    const once = runDays("2026-12-01", "2026-12-31", (now) =>
      planActionReminders(fresh(now), SETTINGS, day(toIsoDate(now))),
    );
    const twice = runDays(
      "2026-12-01",
      "2026-12-31",
      (now) => planActionReminders(fresh(now), SETTINGS, day(toIsoDate(now))),
      { twice: true },
    );
    expect(twice).toEqual(once);
  });

  test("a missed day is caught up on the next run, with the days actually left", () => {
    // The runner did not run on 17 December (14 days before).
    const byDay = runDays("2026-12-01", "2026-12-31", (now, d) =>
      d === "2026-12-17" ? [] : planActionReminders(fresh(now), SETTINGS, day(d)),
    );
    expect(daysOf(byDay, "due_soon")).toEqual(["2026-12-18", "2026-12-24", "2026-12-30"]);
    expect(byDay["2026-12-18"]![0]).toMatchObject({
      eventKey: "due_soon:a1:2026-12-31:14",
      title: "Due in 13 days (31 December 2026): Strengthen strategy discussions",
    });
  });

  test("an action made due in 3 days gets the 7-day reminder at once, then the 1-day one", () => {
    const byDay = runDays("2026-12-28", "2026-12-31", (now, d) => planActionReminders(fresh(now), SETTINGS, day(d)));
    expect(byDay["2026-12-28"]!.map((r) => r.eventKey)).toEqual(["due_soon:a1:2026-12-31:7"]);
    expect(byDay["2026-12-28"]![0]!.title).toMatch(/^Due in 3 days/);
    expect(daysOf(byDay, "due_soon")).toEqual(["2026-12-28", "2026-12-30"]);
  });

  test("on the due date itself, an action with no reminder yet is told it is due today; it is not overdue", () => {
    const rs = planActionReminders(fresh(day("2026-12-31")), SETTINGS, day("2026-12-31"));
    expect(rs).toEqual([expect.objectContaining({ kind: "due_soon", title: expect.stringMatching(/^Due today/) })]);
  });

  test("the authority's own reminder days, in any order", () => {
    const settings = { ...SETTINGS, reminderDays: [3, 30] };
    const byDay = runDays("2026-11-01", "2026-12-31", (now, d) => planActionReminders(fresh(now), settings, day(d)));
    expect(daysOf(byDay, "due_soon")).toEqual(["2026-12-01", "2026-12-28"]);
  });

  test("no reminder days: no due-soon reminders", () => {
    const settings = { ...SETTINGS, reminderDays: [] };
    const byDay = runDays("2026-12-01", "2026-12-31", (now, d) => planActionReminders(fresh(now), settings, day(d)));
    expect(daysOf(byDay, "due_soon")).toEqual([]);
  });

  test("a due date moved later starts its reminders again (new keys); no due date, no reminders", () => {
    const plan = (now: Date, d: string) =>
      planActionReminders(
        action({ lastUpdateAt: now, dueDate: d < "2026-12-20" ? day("2026-12-21") : day("2027-01-11") }),
        SETTINGS,
        day(d),
      );
    const byDay = runDays("2026-12-01", "2027-01-11", plan);
    expect(
      Object.values(byDay)
        .flat()
        .filter((r) => r.kind === "due_soon")
        .map((r) => r.eventKey),
    ).toEqual([
      "due_soon:a1:2026-12-21:14",
      "due_soon:a1:2026-12-21:7",
      "due_soon:a1:2027-01-11:14",
      "due_soon:a1:2027-01-11:7",
      "due_soon:a1:2027-01-11:1",
    ]);
    expect(
      planActionReminders(action({ dueDate: null, lastUpdateAt: day("2026-12-10") }), SETTINGS, day("2026-12-10")),
    ).toEqual([]);
  });
});

describe("overdue", () => {
  test("on the day after the due date, then weekly", () => {
    const byDay = runDays("2026-12-30", "2027-01-31", (now, d) =>
      planActionReminders(action({ lastUpdateAt: now }), SETTINGS, day(d)),
    );
    expect(daysOf(byDay, "overdue")).toEqual(["2027-01-01", "2027-01-08", "2027-01-15", "2027-01-22", "2027-01-29"]);
    expect(byDay["2027-01-01"]!.map((r) => [r.eventKey, r.title])).toEqual([
      ["overdue:a1:2026-12-31:w0", "Overdue (due 31 December 2026): Strengthen strategy discussions"],
    ]);
    expect(byDay["2027-01-08"]![0]!.eventKey).toBe("overdue:a1:2026-12-31:w1");
  });

  test("several missed days send one catch-up, not one per day missed", () => {
    const byDay = runDays("2026-12-30", "2027-01-20", (now, d) =>
      d >= "2027-01-01" && d <= "2027-01-10"
        ? []
        : planActionReminders(action({ lastUpdateAt: now }), SETTINGS, day(d)),
    );
    expect(daysOf(byDay, "overdue")).toEqual(["2027-01-11", "2027-01-15"]);
    expect(byDay["2027-01-11"]!.map((r) => r.eventKey)).toEqual(["overdue:a1:2026-12-31:w1"]);
  });

  test("stops once the action is complete", () => {
    const byDay = runDays("2027-01-01", "2027-01-31", (now, d) =>
      planActionReminders(
        action({ lastUpdateAt: now, status: d >= "2027-01-05" ? "complete" : "in_progress" }),
        SETTINGS,
        day(d),
      ),
    );
    expect(daysOf(byDay, "overdue")).toEqual(["2027-01-01"]);
  });
});

describe("no update: the chaser by cadence", () => {
  test("when there has been no update for chaserDays, then every chaserDays while none comes", () => {
    const a = action({ dueDate: null, lastUpdateAt: new Date("2026-10-01T15:00:00Z") });
    const byDay = runDays("2026-10-01", "2027-01-10", (_now, d) => planActionReminders(a, SETTINGS, day(d)));
    expect(daysOf(byDay, "no_update")).toEqual(["2026-10-31", "2026-11-30", "2026-12-30"]);
    expect(byDay["2026-10-31"]!.map((r) => [r.eventKey, r.title])).toEqual([
      ["no_update:a1:2026-10-01:c1", "No update for 30 days: Strengthen strategy discussions"],
    ]);
  });

  test("an update starts the count again", () => {
    const lastUpdateAt = (d: string) => (d >= "2026-11-10" ? day("2026-11-10") : day("2026-10-01"));
    const byDay = runDays("2026-10-01", "2026-12-31", (_now, d) =>
      planActionReminders(action({ dueDate: null, lastUpdateAt: lastUpdateAt(d) }), SETTINGS, day(d)),
    );
    expect(daysOf(byDay, "no_update")).toEqual(["2026-10-31", "2026-12-10"]);
  });

  test("an action never updated counts from its creation", () => {
    const a = action({ dueDate: null, lastUpdateAt: null, createdAt: new Date("2026-11-02T10:00:00Z") });
    const byDay = runDays("2026-11-02", "2026-12-31", (_now, d) => planActionReminders(a, SETTINGS, day(d)));
    expect(daysOf(byDay, "no_update")).toEqual(["2026-12-02"]);
  });

  test("an update late in the evening in summer counts for that day in England, not the UTC day", () => {
    // 23:30 UTC on 31 May is 00:30 on 1 June in London.
    const a = action({ dueDate: null, lastUpdateAt: new Date("2026-05-31T23:30:00Z") });
    expect(planActionReminders(a, SETTINGS, day("2026-06-30"))).toEqual([]);
    expect(planActionReminders(a, SETTINGS, day("2026-07-01")).map((r) => r.eventKey)).toEqual([
      "no_update:a1:2026-06-01:c1",
    ]);
  });

  test("the authority's own cadence", () => {
    const a = action({ dueDate: null, lastUpdateAt: day("2026-12-01") });
    const byDay = runDays("2026-12-01", "2026-12-31", (_now, d) =>
      planActionReminders(a, { ...SETTINGS, chaserDays: 14 }, day(d)),
    );
    expect(daysOf(byDay, "no_update")).toEqual(["2026-12-15", "2026-12-29"]);
  });
});

describe("no update: the chaser before a board meeting", () => {
  const meeting = { id: "m1", at: new Date("2026-12-10T14:00:00Z"), previousAt: new Date("2026-11-05T14:00:00Z") };

  test("N days before the next meeting covering the action, when there is no update since the board last met", () => {
    const a = action({ dueDate: null, lastUpdateAt: day("2026-11-04"), nextMeeting: meeting });
    const byDay = runDays("2026-11-20", "2026-12-10", (_now, d) => planActionReminders(a, SETTINGS, day(d)));
    expect(daysOf(byDay, "no_update")).toEqual(["2026-12-03"]);
    expect(byDay["2026-12-03"]!.map((r) => [r.eventKey, r.title])).toEqual([
      [
        "no_update:a1:meeting:m1",
        "Update needed before the board meets on 10 December 2026: Strengthen strategy discussions",
      ],
    ]);
  });

  test("an update since the last meeting means no chase", () => {
    const a = action({ dueDate: null, lastUpdateAt: day("2026-11-20"), nextMeeting: meeting });
    expect(planActionReminders(a, SETTINGS, day("2026-12-03"))).toEqual([]);
  });

  test("with no previous meeting, an update in the last chaserDays is enough", () => {
    const first = { ...meeting, previousAt: null };
    expect(
      planActionReminders(
        action({ dueDate: null, lastUpdateAt: day("2026-11-10"), nextMeeting: first }),
        SETTINGS,
        day("2026-12-03"),
      ),
    ).toEqual([]);
    expect(
      planActionReminders(
        action({ dueDate: null, lastUpdateAt: day("2026-10-20"), nextMeeting: first }),
        SETTINGS,
        day("2026-12-03"),
      ).map((r) => r.eventKey),
    ).toEqual(["no_update:a1:meeting:m1"]);
  });

  test("the meeting chaser stands in for the cadence chaser while it is near, and the cadence resumes after", () => {
    // Last update 1 November: the cadence chaser would be due on 1 December, inside the meeting's window.
    const a = action({ dueDate: null, lastUpdateAt: day("2026-11-01"), nextMeeting: meeting });
    const byDay = runDays("2026-11-01", "2026-12-12", (_now, d) =>
      planActionReminders({ ...a, nextMeeting: d <= "2026-12-10" ? meeting : null }, SETTINGS, day(d)),
    );
    expect(
      Object.values(byDay)
        .flat()
        .map((r) => r.eventKey),
    ).toEqual([
      "no_update:a1:2026-11-01:c1", // 1 December: 9 days before the meeting, outside its window
      "no_update:a1:meeting:m1", // 3 December
    ]);
    const later = runDays("2026-12-01", "2026-12-12", (_now, d) =>
      planActionReminders(
        { ...a, lastUpdateAt: day("2026-11-04"), nextMeeting: d <= "2026-12-10" ? meeting : null },
        SETTINGS,
        day(d),
      ),
    );
    // Cadence due on 4 December, inside the window: the meeting chaser goes on 3 December instead; after the meeting, the cadence one.
    expect(Object.entries(later).map(([d, rs]) => [d, rs.map((r) => r.eventKey)])).toEqual([
      ["2026-12-03", ["no_update:a1:meeting:m1"]],
      ["2026-12-11", ["no_update:a1:2026-11-04:c1"]],
    ]);
  });

  test("nothing on the day of the meeting itself: too late for the meeting's chaser, too soon for the cadence's", () => {
    const a = action({ dueDate: null, lastUpdateAt: day("2026-11-01"), nextMeeting: meeting });
    expect(planActionReminders(a, SETTINGS, day("2026-12-10"))).toEqual([]);
    expect(
      planActionReminders({ ...a, nextMeeting: null }, SETTINGS, day("2026-12-10")).map((r) => r.eventKey),
    ).toEqual(["no_update:a1:2026-11-01:c1"]);
  });

  test("the authority's own lead time", () => {
    const a = action({ dueDate: null, lastUpdateAt: day("2026-11-01"), nextMeeting: meeting });
    const byDay = runDays("2026-11-25", "2026-12-10", (_now, d) =>
      planActionReminders(a, { ...SETTINGS, meetingChaserDays: 2 }, day(d)),
    );
    expect(byDay["2026-12-08"]!.map((r) => r.eventKey)).toEqual(["no_update:a1:meeting:m1"]);
    expect(DEFAULT_MEETING_CHASER_DAYS).toBe(7);
  });
});

describe("the statutory clock", () => {
  // Published Friday 12 January 2024: the early draft (20 working days) is due Friday 9 February 2024.
  const focused = reminderInspection({
    title: "Focused visit to children's services",
    type: "focused_visit",
    publishedAt: day("2024-01-12"),
    hasPriorityActions: true,
  });

  test("the action plan due in 10 and in 2 working days, on those working days, to the admins", () => {
    const inspection = { ...focused, hasPriorityActions: false, type: "ilacs_standard" };
    const due = addWorkingDays("2024-01-12", 70);
    const byDay = runDays("2024-01-12", toIsoDate(addWorkingDays(due, 5)), (_now, d) =>
      planStatutoryReminders(inspection, day(d)),
    );
    const sentOn = daysOf(byDay, "statutory_clock");
    expect(sentOn.map((d) => workingDaysBetween(d, due))).toEqual([10, 2]);
    expect(sentOn).toEqual([toIsoDate(addWorkingDays(due, -10)), toIsoDate(addWorkingDays(due, -2))]);
    const [first] = byDay[sentOn[0]!]!;
    expect(first).toMatchObject({
      kind: "statutory_clock",
      to: "admins",
      inspectionId: "i1",
      deadline: "action_plan",
      eventKey: `statutory_clock:i1:action_plan:${toIsoDate(due)}:10`,
    });
    expect(first!.title).toBe(
      `Post-inspection action plan due in 10 working days (${new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(due)}): Focused visit to children's services`,
    );
  });

  test("the 20-working-day early draft likewise, for a focused visit with areas for priority action", () => {
    const byDay = runDays("2024-01-12", "2024-02-12", (_now, d) => planStatutoryReminders(focused, day(d)));
    // 10 working days before Fri 9 Feb is Fri 26 Jan; 2 before is Wed 7 Feb.
    expect(
      Object.entries(byDay).map(([d, rs]) => [
        d,
        rs.map((r) => r.kind === "statutory_clock" && r.deadline),
        rs[0]!.title,
      ]),
    ).toEqual([
      [
        "2024-01-26",
        ["early_draft"],
        "Early draft of the action plan due in 10 working days (9 February 2024): Focused visit to children's services",
      ],
      [
        "2024-02-07",
        ["early_draft"],
        "Early draft of the action plan due in 2 working days (9 February 2024): Focused visit to children's services",
      ],
    ]);
  });

  test("bank holidays are not working days: the 10-day warning moves back over Easter", () => {
    // Published 1 March 2024; the early draft is due 20 working days later, over Good Friday and Easter Monday.
    const inspection = { ...focused, publishedAt: day("2024-03-01") };
    const due = addWorkingDays("2024-03-01", 20);
    expect(toIsoDate(due)).toBe("2024-04-02");
    const byDay = runDays("2024-03-01", "2024-04-05", (_now, d) => planStatutoryReminders(inspection, day(d)));
    const early = Object.entries(byDay).filter(([, rs]) =>
      rs.some((r) => r.kind === "statutory_clock" && r.deadline === "early_draft"),
    );
    expect(early.map(([d]) => d)).toEqual(["2024-03-15", "2024-03-27"]);
  });

  test("a weekend run between warnings sends nothing; no early draft for other inspections; none before publication", () => {
    expect(planStatutoryReminders({ ...focused, publishedAt: null }, day("2024-01-26"))).toEqual([]);
    expect(planStatutoryReminders({ ...focused, hasPriorityActions: false }, day("2024-01-26"))).toEqual([]);
    expect(planStatutoryReminders({ ...focused, type: "ilacs_standard" }, day("2024-01-26"))).toEqual([]);
    // A Saturday after the 10-day warning: still the 10-day period, already sent by the Friday's key.
    const [sat] = planStatutoryReminders(focused, day("2024-01-27"));
    expect(sat!.eventKey).toBe("statutory_clock:i1:early_draft:2024-02-09:10");
  });

  test("once the deadline has passed, nothing more", () => {
    expect(planStatutoryReminders(focused, day("2024-02-09")).map((r) => r.eventKey)).toEqual([
      "statutory_clock:i1:early_draft:2024-02-09:2",
    ]);
    expect(planStatutoryReminders({ ...focused, type: "ilacs_standard" }, day("2024-02-10"))).toEqual([]);
    expect(planStatutoryReminders(focused, day("2024-02-12"))).toEqual([]);
  });
});

describe("planReminders", () => {
  test("plans the whole authority for today in England, and the keys are stable from one run to the next", () => {
    const published = reminderInspection({ publishedAt: day("2026-05-01") });
    const actions = [
      action({ id: "due", dueDate: day("2026-12-18"), lastUpdateAt: day("2026-12-01") }),
      action({ id: "late", dueDate: day("2026-12-01"), lastUpdateAt: day("2026-12-01") }),
      action({ id: "quiet", dueDate: null, lastUpdateAt: day("2026-11-01") }),
      action({ id: "done", status: "complete", dueDate: day("2026-12-01") }),
    ];
    const plan = (now: Date) => planReminders({ settings: SETTINGS, actions, inspections: [published], now });
    // Any time on 4 December in London (GMT in winter) is the same day, so the same plan.
    const r = plan(new Date("2026-12-04T07:00:00Z"));
    expect(r.map((x) => x.eventKey).sort()).toEqual([
      "due_soon:due:2026-12-18:14",
      "no_update:quiet:2026-11-01:c1",
      "overdue:late:2026-12-01:w0",
    ]);
    expect(plan(new Date("2026-12-04T21:00:00Z")).map((x) => x.eventKey)).toEqual(r.map((x) => x.eventKey));
    // The plan of 1 May 2026 is due 70 working days later; 10 working days before, admins hear.
    const due = addWorkingDays("2026-05-01", 70);
    const warn = addWorkingDays(due, -10);
    const onWarn = plan(new Date(`${toIsoDate(warn)}T07:00:00Z`)).filter((x) => x.kind === "statutory_clock");
    expect(onWarn.map((x) => x.eventKey)).toEqual([`statutory_clock:i1:action_plan:${toIsoDate(due)}:10`]);
  });
});
