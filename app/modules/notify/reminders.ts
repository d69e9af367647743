/**
 * The reminder planner: which reminders are due today, for one authority.
 * Pure (no database, no clock of its own): runReminders (reminders.server.ts)
 * loads the plan, calls this with `now`, and queues what it returns through
 * the outbox. Exhaustively tested in reminders.test.ts.
 *
 * "Today" is the date in England (Europe/London) at `now`. Due dates are
 * calendar dates; update times and meeting times are instants, read as their
 * date in England. An action is reminded about only while its work is with
 * its owner: not once it is done (complete, closed), nor while it is
 * submitted for review (the board has it), nor when nobody owns it.
 *
 *  - due_soon, to the owner, at each of the authority's reminder days before
 *    the due date (e.g. 14, 7 and 1 days before). Each reminder day is one
 *    period: the reminder for "7 days" is sent on the first run at 7 days or
 *    fewer before the due date (and before the next, smaller reminder day is
 *    reached), so a day the runner missed is caught up, and an action made
 *    due in 3 days gets the 7-day reminder at once (its title says 3 days).
 *  - overdue, to the owner, on the first day after the due date (the due
 *    date itself is not overdue) and then weekly: days 1, 8, 15 … overdue;
 *    each week is one period.
 *  - no_update (the chaser), to the owner:
 *      · before a meeting: when the next meeting of a board that covers the
 *        action is at most `meetingChaserDays` days away (and not today),
 *        and the action has had no update since that board's previous
 *        meeting (with no previous meeting: in the last `chaserDays` days).
 *        One per meeting. While that window is open (up to and including
 *        the meeting's day), the cadence chaser waits, so an owner is not
 *        chased twice for the same meeting.
 *      · by cadence: when the last update (or, with none, the action's
 *        creation) is `chaserDays` or more days ago, and again every
 *        `chaserDays` days while none comes. Each cycle is one period, and a
 *        new update starts the count again.
 *  - statutory_clock, to the authority's admins, for each published
 *    inspection: the post-inspection action plan (70 working days after
 *    publication) due in 10 working days and in 2 working days; the early
 *    draft (20 working days, focused visits with areas for priority action)
 *    likewise. Working days as the statutory clock counts them
 *    (app/modules/inspection/clock.ts), England-and-Wales bank holidays
 *    excluded.
 *
 * Each reminder has an event key naming its period, e.g.
 * "due_soon:<actionId>:2026-12-18:7"; the outbox keeps one notification per
 * (recipient, event key), so running the same day twice, or a run that
 * catches up a missed day, never sends anything twice. A due date that
 * moves gives new keys, so its reminders start again.
 */
import { DONE_STATUSES } from "../action/status";
import {
  calendarDaysBetween,
  statutoryDates,
  todayInEngland,
  toIsoDate,
  workingDaysBetween,
} from "../inspection/clock";
import { formatDate } from "../../utils/format";

/** Working days before a statutory deadline at which admins are told. */
export const STATUTORY_WARNING_WORKING_DAYS = [10, 2] as const;
/** Default days before a covering board meeting at which an owner with no update is chased. */
export const DEFAULT_MEETING_CHASER_DAYS = 7;

export type ReminderSettings = {
  /** Days before the due date, e.g. [14, 7, 1] (any order; repeats and non-positive values are ignored). */
  reminderDays: readonly number[];
  /** The chaser's cadence: days without an update. */
  chaserDays: number;
  /** Days before the next covering meeting at which an owner with no update is chased. */
  meetingChaserDays: number;
};

export type ReminderAction = {
  id: string;
  title: string;
  status: string;
  ownerId: string | null;
  dueDate: Date | null;
  lastUpdateAt: Date | null;
  createdAt: Date;
  /** The next meeting of a board covering the action's inspection, if any is planned. */
  nextMeeting?: { id: string; at: Date; previousAt: Date | null } | null;
};

export type ReminderInspection = {
  id: string;
  title: string;
  type: string;
  publishedAt: Date | null;
  hasPriorityActions: boolean;
};

export type StatutoryDeadline = "action_plan" | "early_draft";

export type Reminder =
  | {
      kind: "due_soon" | "overdue" | "no_update";
      eventKey: string;
      to: { ownerId: string };
      actionId: string;
      title: string;
    }
  | {
      kind: "statutory_clock";
      eventKey: string;
      to: "admins";
      inspectionId: string;
      deadline: StatutoryDeadline;
      title: string;
    };

/** "14,7,1" as stored on the authority → [14, 7, 1]; anything that is not a positive whole number is dropped. */
export function parseReminderDays(stored: string): number[] {
  const days = stored
    .split(",")
    .map((p) => Number(p.trim()))
    .filter((d) => Number.isInteger(d) && d > 0);
  return [...new Set(days)].sort((a, b) => b - a);
}

/** The smallest threshold at or above `left` (the period `left` falls in), or null when `left` is above them all. */
function periodOf(thresholds: readonly number[], left: number): number | null {
  let best: number | null = null;
  for (const t of thresholds) if (t >= left && (best === null || t < best)) best = t;
  return best;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function dueSoonTitle(daysLeft: number, due: Date, title: string): string {
  const when = daysLeft === 0 ? "Due today" : daysLeft === 1 ? "Due tomorrow" : `Due in ${daysLeft} days`;
  return `${when} (${formatDate(due)}): ${title}`;
}

/** Whether reminders about the action go to its owner at all. */
export function isRemindable(action: Pick<ReminderAction, "status" | "ownerId">): boolean {
  return (
    action.ownerId !== null &&
    action.status !== "submitted_for_review" &&
    !(DONE_STATUSES as readonly string[]).includes(action.status)
  );
}

/** The reminders about one action due today (`today` from `todayInEngland`). */
export function planActionReminders(action: ReminderAction, settings: ReminderSettings, today: Date): Reminder[] {
  if (!isRemindable(action)) return [];
  const ownerId = action.ownerId!;
  const out: Reminder[] = [];
  const base = { to: { ownerId }, actionId: action.id } as const;

  if (action.dueDate) {
    const dueIso = toIsoDate(action.dueDate);
    const left = calendarDaysBetween(today, action.dueDate);
    if (left >= 0) {
      const period = periodOf(
        settings.reminderDays.filter((d) => d > 0),
        left,
      );
      if (period !== null)
        out.push({
          ...base,
          kind: "due_soon",
          eventKey: `due_soon:${action.id}:${dueIso}:${period}`,
          title: dueSoonTitle(left, action.dueDate, action.title),
        });
    } else {
      const week = Math.floor((-left - 1) / 7);
      out.push({
        ...base,
        kind: "overdue",
        eventKey: `overdue:${action.id}:${dueIso}:w${week}`,
        title: `Overdue (due ${formatDate(action.dueDate)}): ${action.title}`,
      });
    }
  }

  const lastActivity = todayInEngland(action.lastUpdateAt ?? action.createdAt);
  const meeting = action.nextMeeting;
  const meetingDay = meeting ? todayInEngland(meeting.at) : null;
  const toMeeting = meetingDay ? calendarDaysBetween(today, meetingDay) : null;
  if (meeting && meetingDay && toMeeting !== null && toMeeting >= 0 && toMeeting <= settings.meetingChaserDays) {
    // On the meeting's day it is too late to chase for it, and too soon to chase by cadence.
    const since = meeting.previousAt
      ? todayInEngland(meeting.previousAt)
      : new Date(today.getTime() - settings.chaserDays * 86_400_000);
    if (toMeeting > 0 && lastActivity.getTime() <= since.getTime())
      out.push({
        ...base,
        kind: "no_update",
        eventKey: `no_update:${action.id}:meeting:${meeting.id}`,
        title: `Update needed before the board meets on ${formatDate(meetingDay)}: ${action.title}`,
      });
  } else if (settings.chaserDays > 0) {
    const quiet = calendarDaysBetween(lastActivity, today);
    const cycle = Math.floor(quiet / settings.chaserDays);
    if (cycle >= 1)
      out.push({
        ...base,
        kind: "no_update",
        eventKey: `no_update:${action.id}:${toIsoDate(lastActivity)}:c${cycle}`,
        title: `No update for ${plural(quiet, "day")}: ${action.title}`,
      });
  }
  return out;
}

const DEADLINE_LABEL: Record<StatutoryDeadline, string> = {
  action_plan: "Post-inspection action plan",
  early_draft: "Early draft of the action plan",
};

/** The statutory-clock reminders for one inspection due today. */
export function planStatutoryReminders(inspection: ReminderInspection, today: Date): Reminder[] {
  if (!inspection.publishedAt) return [];
  const dates = statutoryDates({
    publishedAt: inspection.publishedAt,
    type: inspection.type,
    hasPriorityActions: inspection.hasPriorityActions,
  });
  const out: Reminder[] = [];
  const deadlines: [StatutoryDeadline, Date | null][] = [
    ["early_draft", dates.earlyDraftDue],
    ["action_plan", dates.actionPlanDue],
  ];
  for (const [deadline, due] of deadlines) {
    if (!due || calendarDaysBetween(today, due) < 0) continue;
    const left = workingDaysBetween(today, due);
    const period = periodOf(STATUTORY_WARNING_WORKING_DAYS, left);
    if (period === null) continue;
    const when = left === 0 ? "due today" : `due in ${plural(left, "working day")}`;
    out.push({
      kind: "statutory_clock",
      eventKey: `statutory_clock:${inspection.id}:${deadline}:${toIsoDate(due)}:${period}`,
      to: "admins",
      inspectionId: inspection.id,
      deadline,
      title: `${DEADLINE_LABEL[deadline]} ${when} (${formatDate(due)}): ${inspection.title}`,
    });
  }
  return out;
}

/** Every reminder due today in one authority, given its settings, its open actions and its inspections. */
export function planReminders({
  settings,
  actions,
  inspections,
  now,
}: {
  settings: ReminderSettings;
  actions: readonly ReminderAction[];
  inspections: readonly ReminderInspection[];
  now: Date;
}): Reminder[] {
  const today = todayInEngland(now);
  const out: Reminder[] = [];
  for (const i of inspections) out.push(...planStatutoryReminders(i, today));
  for (const a of actions) out.push(...planActionReminders(a, settings, today));
  return out;
}
