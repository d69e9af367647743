/**
 * The one date module. Dates are shown in UK form, e.g. "29 October 2018",
 * and stored as UTC midnight. Forms send YYYY-MM-DD; `parseDay` is the one
 * parser, and it refuses a day the calendar does not have ("30 February 2026
 * is not a real date") instead of letting JavaScript roll it over to 2 March.
 * The zod fields below are what every date field of every schema uses.
 */
import { z } from "zod";
import { badRequest } from "./errors";
import { fail, ok, type Result } from "./result";

const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

export const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

export type DayParse = Result<{ iso: string; date: Date }, { code: "format" | "impossible"; message: string }>;

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * A YYYY-MM-DD day as UTC midnight, or why it is not one. `label` names the
 * field in the message for text that is not a date at all; a date-shaped
 * value whose day is not in the calendar gets "30 February 2026 is not a real date".
 */
export function parseDay(input: string, label = "The date"): DayParse {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.trim());
  if (!m) return fail({ code: "format", message: `${label} must be a real date` });
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12) return fail({ code: "format", message: `${label} must be a real date` });
  if (day < 1 || day > daysInMonth(year, month))
    return fail({ code: "impossible", message: `${day} ${MONTH_NAMES[month - 1]} ${year} is not a real date` });
  // setUTCFullYear keeps years below 100 as written (Date.UTC would read 26 as 1926).
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return ok({ iso: m[0], date });
}

/** Whether the text is a real YYYY-MM-DD day. */
export const isRealDay = (input: string) => parseDay(input).ok;

/**
 * A stored date (UTC midnight) from a YYYY-MM-DD that the form schema has
 * already checked, or null. An impossible day is refused with a 400, never shifted.
 */
export function dayFromIso(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const r = parseDay(iso);
  if (!r.ok) throw badRequest(r.message);
  return r.date;
}

/** The last moment (UTC) of a YYYY-MM-DD day: "as at 31 March" includes all of 31 March. */
export const endOfDay = (iso: string) => new Date(`${iso}T23:59:59.999Z`);

/** YYYY-MM-DD (the UTC calendar day) of a stored date or an ISO date-time; null when missing or invalid. */
export function isoDay(d: Date | string | null | undefined): string | null {
  if (d === null || d === undefined || d === "") return null;
  const time = typeof d === "string" ? Date.parse(d) : d.getTime();
  return Number.isNaN(time) ? null : new Date(time).toISOString().slice(0, 10);
}

// ─── Day arithmetic (whole UTC calendar days; dates are stored as UTC midnight) ─

export const DAY_MS = 86_400_000;

/** UTC midnight of the day of `d`, in milliseconds; NaN for a missing or invalid date. */
export function dayStart(d: Date | string | null | undefined): number {
  if (d === null || d === undefined) return NaN;
  const date = typeof d === "string" ? new Date(d) : d;
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

/** UTC midnight of the day `days` after (or before, when negative) the day of `d`. */
export function addDays(d: Date, days: number): Date {
  return new Date(dayStart(d) + days * DAY_MS);
}

/** Whole calendar days from `a` to `b` (positive when `b` is later); NaN if either is missing. */
export function daysBetween(a: Date | string | null | undefined, b: Date | string | null | undefined): number {
  return Math.round((dayStart(b) - dayStart(a)) / DAY_MS);
}

/** The day, month and year boxes of a GOV.UK date input, as posted (`due.day`, `due.month`, `due.year`). */
export type DateParts = { day?: string; month?: string; year?: string };

const isParts = (v: unknown): v is DateParts => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The date input's boxes as YYYY-MM-DD, or what is wrong with them in the
 * GOV.UK words: "<label> must include a month", "Year must include 4
 * numbers", "<label> must be a real date". All boxes empty is no date.
 */
export function dayFromParts(parts: DateParts, label: string): Result<{ iso: string | null }> {
  const [d, m, y] = [parts.day, parts.month, parts.year].map((x) => (typeof x === "string" ? x.trim() : ""));
  if (!d && !m && !y) return { ok: true, iso: null };
  const missing = (
    [
      [d, "day"],
      [m, "month"],
      [y, "year"],
    ] as const
  )
    .filter(([v]) => !v)
    .map(([, n]) => n);
  if (missing.length) return { ok: false, message: `${label} must include a ${missing.join(" and ")}` };
  if (![d, m, y].every((v) => /^\d+$/.test(v!))) return { ok: false, message: `${label} must be a real date` };
  if (y!.length !== 4) return { ok: false, message: "Year must include 4 numbers" };
  const iso = `${y}-${m!.padStart(2, "0")}-${d!.padStart(2, "0")}`;
  if (m!.length > 2 || d!.length > 2) return { ok: false, message: `${label} must be a real date` };
  return { ok: true, iso };
}

/** A date field's posted value: the date input's boxes become YYYY-MM-DD; a string (API, spreadsheet) stays. */
const fromDateInput = (label: string) => (value: unknown, ctx: z.core.$RefinementCtx) => {
  if (!isParts(value)) return value;
  const r = dayFromParts(value, label);
  if (!r.ok) {
    ctx.addIssue({ code: "custom", message: r.message });
    return "";
  }
  return r.iso ?? undefined;
};

/**
 * An optional date field: YYYY-MM-DD or empty (null), from a GOV.UK date
 * input's boxes or from a YYYY-MM-DD string. Refuses text that is not a date ("<label> must be a real date") and impossible days.
 */
export const optionalDay = (label: string, notADate?: string) =>
  z.preprocess(
    fromDateInput(label),
    z
      .string({ error: notADate ?? `${label} must be a real date` })
      .trim()
      .optional()
      .transform((v) => (v ? v : null))
      .superRefine((v, ctx) => {
        if (v === null) return;
        const r = parseDay(v, label);
        if (!r.ok) ctx.addIssue({ code: "custom", message: r.code === "format" && notADate ? notADate : r.message });
      }),
  );

/** A date field that must be filled in: `empty` is the message when it is not. */
export const requiredDay = (label: string, empty: string, notADate?: string) =>
  z.preprocess(
    fromDateInput(label),
    z
      .string({ error: empty })
      .trim()
      .min(1, { error: empty, abort: true })
      .superRefine((v, ctx) => {
        const r = parseDay(v, label);
        if (!r.ok) ctx.addIssue({ code: "custom", message: r.code === "format" && notADate ? notADate : r.message });
      }),
  );

const TIME = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });
const LONDON_DATE = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "Europe/London",
});

/**
 * A moment as people in England read it, in Europe/London time (GMT or BST):
 * "14:05 on 2 December 2026". Stored dates without a time use formatDate.
 */
export function formatDateTime(d: Date | string | null | undefined): string {
  if (!d) return "";
  const date = typeof d === "string" ? new Date(d) : d;
  if (Number.isNaN(date.getTime())) return "";
  return `${TIME.format(date)} on ${LONDON_DATE.format(date)}`;
}

/** The time of day of a moment in Europe/London, e.g. "14:05". */
export function formatTime(d: Date | string | null | undefined): string {
  if (!d) return "";
  const date = typeof d === "string" ? new Date(d) : d;
  return Number.isNaN(date.getTime()) ? "" : TIME.format(date);
}

export function formatDate(d: Date | string | null | undefined): string {
  if (!d) return "";
  return DATE.format(typeof d === "string" ? new Date(d) : d);
}

export function formatDateRange(
  start: Date | string | null | undefined,
  end: Date | string | null | undefined,
): string {
  if (!start) return "";
  if (!end || formatDate(start) === formatDate(end)) return formatDate(start);
  return `${formatDate(start)} to ${formatDate(end)}`;
}
