/**
 * The statutory clock: working-day arithmetic for post-inspection deadlines.
 * Pure (no Node-only imports): the inspection page, the import review, the
 * services and the reports all use this one truth.
 *
 * Dates are calendar dates, never instants. Every function takes a `Date`
 * (read by its UTC fields: the app stores dates as UTC midnight) or a
 * "yyyy-mm-dd" string (a full ISO string is read by its first ten
 * characters), and every date it returns is a `Date` at UTC midnight. No local
 * time zone is ever consulted, so a browser in BST and a server in UTC agree.
 * "Today" for a user in England is `todayInEngland()`, not the UTC date.
 *
 * Working day: Monday to Friday, except England-and-Wales bank holidays.
 *
 * Counting "N working days after D":
 *   - D itself is day 0, whatever kind of day it is (a report published on a
 *     Saturday or on a bank holiday still starts the clock that day);
 *   - the first working day after D is day 1, the next is day 2, and so on;
 *   - the deadline is day N, so for N >= 1 it is always a working day.
 *   Example: published Friday 12 January 2024, 20 working days: Mon 15 Jan is
 *   day 1 and Fri 9 Feb 2024 is day 20.
 *
 * Bank holidays come from ./bank-holidays.json, in GOV.UK's format
 * (https://www.gov.uk/bank-holidays.json, England and Wales only), bundled so
 * that the app works offline. `npm run bank-holidays:update` refreshes it
 * (scripts/update-bank-holidays.ts). Dates outside `bankHolidayCoverage()` are
 * treated as having weekends only; `statutoryDates` says when that happened.
 */
import bankHolidayFile from "./bank-holidays.json";
import type { InspectionType } from "./types";
import { DAY_MS } from "../../utils/format";

export type DateInput = Date | string;

/** Working days from publication to the post-inspection action plan. */
export const ACTION_PLAN_WORKING_DAYS = 70;
/** Working days from publication to the early draft (focused visits with areas for priority action). */
export const EARLY_DRAFT_WORKING_DAYS = 20;

const MS_PER_DAY = DAY_MS;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/;

// ---------------------------------------------------------------------------
// Calendar dates as whole day numbers (days since 1970-01-01, UTC)
// ---------------------------------------------------------------------------

function dayNumber(input: DateInput): number {
  if (input instanceof Date) {
    const t = input.getTime();
    if (Number.isNaN(t)) throw new RangeError("Invalid date");
    return Math.floor(Date.UTC(input.getUTCFullYear(), input.getUTCMonth(), input.getUTCDate()) / MS_PER_DAY);
  }
  if (typeof input === "string") {
    const m = ISO_DATE.exec(input.trim());
    if (m) {
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const t = Date.UTC(y, mo - 1, d);
      const check = new Date(t);
      if (check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d)
        return t / MS_PER_DAY;
    }
  }
  throw new RangeError(`Not a date: ${String(input)}`);
}

function fromDayNumber(n: number): Date {
  return new Date(n * MS_PER_DAY);
}

/** 0 = Sunday ... 6 = Saturday. 1 January 1970 (day 0) was a Thursday. */
function weekday(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

/** The calendar date as "yyyy-mm-dd". */
export function toIsoDate(date: DateInput): string {
  return fromDayNumber(dayNumber(date)).toISOString().slice(0, 10);
}

/** The calendar date as a `Date` at UTC midnight. Throws a RangeError on an invalid date. */
export function toUtcDate(date: DateInput): Date {
  return fromDayNumber(dayNumber(date));
}

// Made once: building a formatter costs far more than using one (the reminders planner asks for thousands of dates).
const LONDON_DAY = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** Today's date in England (Europe/London), as UTC midnight. Near midnight this differs from the UTC date. */
export function todayInEngland(now: Date = new Date()): Date {
  const parts = LONDON_DAY.formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return toUtcDate(`${get("year")}-${get("month")}-${get("day")}`);
}

// ---------------------------------------------------------------------------
// Bank holidays
// ---------------------------------------------------------------------------

export interface BankHoliday {
  title: string;
  /** yyyy-mm-dd */
  date: string;
  notes: string;
}

const HOLIDAYS: ReadonlyMap<number, BankHoliday> = new Map(
  bankHolidayFile["england-and-wales"].events.map((e) => [
    dayNumber(e.date),
    { title: e.title, date: e.date, notes: e.notes },
  ]),
);
const HOLIDAY_DAYS = [...HOLIDAYS.keys()].sort((a, b) => a - b);
const FIRST_YEAR = fromDayNumber(HOLIDAY_DAYS[0]!).getUTCFullYear();
const LAST_YEAR = fromDayNumber(HOLIDAY_DAYS[HOLIDAY_DAYS.length - 1]!).getUTCFullYear();
const COVER_FROM = dayNumber(`${FIRST_YEAR}-01-01`);
const COVER_TO = dayNumber(`${LAST_YEAR}-12-31`);

/** The whole calendar years the bundled bank-holiday data covers. */
export function bankHolidayCoverage(): { firstYear: number; lastYear: number; events: number } {
  return { firstYear: FIRST_YEAR, lastYear: LAST_YEAR, events: HOLIDAY_DAYS.length };
}

/** True when the date falls in a year the bundled bank-holiday data covers. */
export function isWithinBankHolidayCoverage(date: DateInput): boolean {
  const n = dayNumber(date);
  return n >= COVER_FROM && n <= COVER_TO;
}

/** The England-and-Wales bank holiday on that date, or null. */
export function bankHolidayOn(date: DateInput): BankHoliday | null {
  return HOLIDAYS.get(dayNumber(date)) ?? null;
}

// ---------------------------------------------------------------------------
// Working days
// ---------------------------------------------------------------------------

function isWorkingDayNumber(n: number): boolean {
  const w = weekday(n);
  return w !== 0 && w !== 6 && !HOLIDAYS.has(n);
}

/** Monday to Friday and not an England-and-Wales bank holiday. */
export function isWorkingDay(date: DateInput): boolean {
  return isWorkingDayNumber(dayNumber(date));
}

/**
 * The date `n` working days after `date` (day 0 is `date` itself; see the
 * header). `n = 0` gives `date` back. A negative `n` counts backwards: the
 * |n|th working day before `date`.
 */
export function addWorkingDays(date: DateInput, n: number): Date {
  if (!Number.isInteger(n)) throw new RangeError(`Working days must be a whole number, got ${n}`);
  let day = dayNumber(date);
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  while (left > 0) {
    day += step;
    if (isWorkingDayNumber(day)) left--;
  }
  return fromDayNumber(day);
}

/**
 * Working days from `a` to `b`: the number of working days d with a < d <= b,
 * so that `addWorkingDays(a, workingDaysBetween(a, b))` is `b` whenever `b` is
 * a working day. Negative when `b` is before `a` (minus the working days d
 * with b < d <= a); 0 when they are the same date.
 */
export function workingDaysBetween(a: DateInput, b: DateInput): number {
  const from = dayNumber(a);
  const to = dayNumber(b);
  const [lo, hi, sign] = from <= to ? [from, to, 1] : [to, from, -1];
  let count = 0;
  for (let d = lo + 1; d <= hi; d++) if (isWorkingDayNumber(d)) count++;
  return count === 0 ? 0 : sign * count; // never -0
}

/** Calendar days from `a` to `b` (negative when `b` is earlier). */
export function calendarDaysBetween(a: DateInput, b: DateInput): number {
  return dayNumber(b) - dayNumber(a);
}

// ---------------------------------------------------------------------------
// Statutory dates and countdown
// ---------------------------------------------------------------------------

export interface StatutoryDates {
  /** 70 working days after publication. */
  actionPlanDue: Date;
  /** 20 working days after publication, for a focused visit with areas for priority action; else null. */
  earlyDraftDue: Date | null;
  /** False when the count ran past the bundled bank holidays (update them: `npm run bank-holidays:update`). */
  holidaysKnown: boolean;
}

/** Post-inspection deadlines counted from the report's publication date. */
export function statutoryDates(input: {
  publishedAt: DateInput;
  type: InspectionType | (string & {});
  hasPriorityActions: boolean;
}): StatutoryDates {
  const actionPlanDue = addWorkingDays(input.publishedAt, ACTION_PLAN_WORKING_DAYS);
  const earlyDraftDue =
    input.type === "focused_visit" && input.hasPriorityActions
      ? addWorkingDays(input.publishedAt, EARLY_DRAFT_WORKING_DAYS)
      : null;
  return {
    actionPlanDue,
    earlyDraftDue,
    holidaysKnown: isWithinBankHolidayCoverage(input.publishedAt) && isWithinBankHolidayCoverage(actionPlanDue),
  };
}

export interface Countdown {
  /** Working days from today to the due date (see `workingDaysBetween`); negative once overdue. 0 on the due date. */
  workingDaysLeft: number;
  /** Calendar days from today to the due date; negative once overdue. */
  calendarDaysLeft: number;
  /** True once today is after the due date (the due date itself is not overdue). */
  overdue: boolean;
}

/** How long is left until `due`, seen from `today` (pass `todayInEngland()` for the user's today). */
export function countdown(input: { due: DateInput; today: DateInput }): Countdown {
  const calendarDaysLeft = calendarDaysBetween(input.today, input.due);
  return {
    workingDaysLeft: workingDaysBetween(input.today, input.due),
    calendarDaysLeft,
    overdue: calendarDaysLeft < 0,
  };
}
