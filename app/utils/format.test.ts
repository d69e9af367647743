import { expect, test } from "vitest";
import { z } from "zod";
import { AppError } from "./errors";
import {
  addDays,
  dayFromIso,
  dayFromParts,
  dayStart,
  daysBetween,
  formatDate,
  formatDateTime,
  isoDay,
  optionalDay,
  parseDay,
  requiredDay,
} from "./format";

test("30 February is refused with the real day, month name and year, never moved to 2 March", () => {
  expect(parseDay("2026-02-30")).toEqual({
    ok: false,
    code: "impossible",
    message: "30 February 2026 is not a real date",
  });
  expect(parseDay("2026-04-31")).toMatchObject({ ok: false, message: "31 April 2026 is not a real date" });
  expect(parseDay("2025-02-29")).toMatchObject({ ok: false, message: "29 February 2025 is not a real date" });
  expect(parseDay("2026-01-00")).toMatchObject({ ok: false, message: "0 January 2026 is not a real date" });
  expect(parseDay("2026-12-32")).toMatchObject({ ok: false, message: "32 December 2026 is not a real date" });
});

test("leap days, month ends and the turn of the year are accepted as UTC midnight", () => {
  for (const iso of ["2024-02-29", "2000-02-29", "2026-01-31", "2026-04-30", "2026-12-31", "2027-01-01"]) {
    const r = parseDay(iso);
    expect(r.ok, iso).toBe(true);
    if (r.ok) expect(r.date.toISOString()).toBe(`${iso}T00:00:00.000Z`);
  }
  expect(parseDay("1900-02-29").ok).toBe(false);
  expect(isoDay(dayFromIso("2024-02-29"))).toBe("2024-02-29");
  expect(formatDate(dayFromIso("2026-03-02"))).toBe("2 March 2026");
});

test("text that is not a YYYY-MM-DD date is refused with the field's label", () => {
  for (const bad of [
    "2026-13-01",
    "2026-00-10",
    "0000-01-01",
    "2026-2-3",
    "30/02/2026",
    "2026-02-30T00:00",
    "",
    "x\u00002026-01-01",
    "tomorrow",
  ]) {
    expect(parseDay(bad, "Due date"), bad).toMatchObject({ ok: false, message: "Due date must be a real date" });
  }
});

test("dayFromIso refuses an impossible day with a 400 instead of shifting it", () => {
  expect(dayFromIso(null)).toBeNull();
  expect(dayFromIso("")).toBeNull();
  const thrown = (() => {
    try {
      dayFromIso("2026-02-30");
    } catch (e) {
      return e;
    }
  })();
  expect(thrown).toBeInstanceOf(AppError);
  expect((thrown as AppError).status).toBe(400);
  expect((thrown as AppError).message).toBe("30 February 2026 is not a real date");
});

test("the zod date fields give the same messages, and empty optional dates are null", () => {
  const schema = z.object({
    dueDate: optionalDay("Due date"),
    date: requiredDay("The date", "Enter the date of the meeting"),
  });
  expect(schema.safeParse({ dueDate: "2026-02-30", date: "2026-03-01" }).error?.issues.map((i) => i.message)).toEqual([
    "30 February 2026 is not a real date",
  ]);
  expect(schema.safeParse({ dueDate: "soon", date: "" }).error?.issues.map((i) => i.message)).toEqual([
    "Due date must be a real date",
    "Enter the date of the meeting",
  ]);
  expect(schema.safeParse({ date: ["2026-03-01", "2026-03-02"] }).error?.issues.map((i) => i.message)).toEqual([
    "Enter the date of the meeting",
  ]);
  expect(schema.parse({ dueDate: "", date: " 2026-03-01 " })).toEqual({ dueDate: null, date: "2026-03-01" });
});

test.each([
  [
    { day: "27", month: "3", year: "2027" },
    { ok: true, iso: "2027-03-27" },
  ],
  [
    { day: " 1 ", month: "01", year: "2027" },
    { ok: true, iso: "2027-01-01" },
  ],
  [
    { day: "", month: "", year: "" },
    { ok: true, iso: null },
  ],
  [{}, { ok: true, iso: null }],
  [
    { day: "27", month: "", year: "2027" },
    { ok: false, message: "Due date must include a month" },
  ],
  [
    { day: "", month: "", year: "2027" },
    { ok: false, message: "Due date must include a day and month" },
  ],
  [
    { day: "27", month: "3", year: "27" },
    { ok: false, message: "Year must include 4 numbers" },
  ],
  [
    { day: "x", month: "3", year: "2027" },
    { ok: false, message: "Due date must be a real date" },
  ],
  [
    { day: "123", month: "3", year: "2027" },
    { ok: false, message: "Due date must be a real date" },
  ],
])("the date input's boxes %j read as %j", (parts, expected) => {
  expect(dayFromParts(parts, "Due date")).toEqual(expected);
});

test("the zod date fields read a GOV.UK date input's boxes as well as YYYY-MM-DD", () => {
  const schema = z.object({
    dueDate: optionalDay("Due date"),
    date: requiredDay("The date", "Enter the date of the meeting"),
  });
  expect(
    schema.parse({ dueDate: { day: "3", month: "9", year: "2027" }, date: { day: "1", month: "3", year: "2026" } }),
  ).toEqual({
    dueDate: "2027-09-03",
    date: "2026-03-01",
  });
  expect(schema.parse({ dueDate: { day: "", month: "", year: "" }, date: "2026-03-01" }).dueDate).toBeNull();
  expect(
    schema
      .safeParse({ dueDate: { day: "30", month: "2", year: "2026" }, date: {} })
      .error?.issues.map((i) => [i.path.join("."), i.message]),
  ).toEqual([
    ["dueDate", "30 February 2026 is not a real date"],
    ["date", "Enter the date of the meeting"],
  ]);
  expect(schema.safeParse({ date: { day: "1", year: "2026" } }).error?.issues.map((i) => i.message)).toEqual([
    "The date must include a month",
  ]);
});

test("times are shown in Europe/London: GMT in winter, BST in summer", () => {
  expect(formatDateTime("2026-12-02T14:05:00Z")).toBe("14:05 on 2 December 2026");
  expect(formatDateTime(new Date("2026-07-01T08:30:00Z"))).toBe("09:30 on 1 July 2026");
  // Just before midnight UTC in summer is already the next day in London.
  expect(formatDateTime("2026-06-30T23:30:00Z")).toBe("00:30 on 1 July 2026");
  expect(formatDateTime(null)).toBe("");
  expect(formatDateTime("not a date")).toBe("");
});

test("day arithmetic counts whole UTC calendar days", () => {
  expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
  expect(daysBetween(new Date("2026-03-30T23:59:00Z"), "2026-03-28")).toBe(-2);
  expect(daysBetween(null, "2026-03-28")).toBeNaN();
  expect(addDays(new Date("2026-12-31T15:00:00Z"), 1).toISOString()).toBe("2027-01-01T00:00:00.000Z");
  expect(addDays(new Date("2026-03-01T00:00:00Z"), -1).toISOString()).toBe("2026-02-28T00:00:00.000Z");
  expect(dayStart("2026-05-05T22:00:00Z")).toBe(Date.UTC(2026, 4, 5));
  expect(isoDay("2026-05-05T22:00:00Z")).toBe("2026-05-05");
  expect(isoDay(new Date("2026-05-05T00:00:00Z"))).toBe("2026-05-05");
  expect(isoDay("nonsense")).toBeNull();
  expect(isoDay(null)).toBeNull();
});
