import { describe, expect, test } from "vitest";
import {
  formatBankHolidays,
  mergeBankHolidays,
  parseBankHolidayJson,
  type BankHolidayEvent,
} from "../../../scripts/update-bank-holidays";
import bankHolidayFile from "./bank-holidays.json";
import {
  ACTION_PLAN_WORKING_DAYS,
  EARLY_DRAFT_WORKING_DAYS,
  addWorkingDays,
  bankHolidayCoverage,
  bankHolidayOn,
  calendarDaysBetween,
  countdown,
  isWithinBankHolidayCoverage,
  isWorkingDay,
  statutoryDates,
  toIsoDate,
  toUtcDate,
  todayInEngland,
  workingDaysBetween,
} from "./clock";

const iso = (d: Date | null) => (d === null ? null : toIsoDate(d));
const events = bankHolidayFile["england-and-wales"].events;

// ---------------------------------------------------------------------------
// The bundled data
// ---------------------------------------------------------------------------

describe("bundled England-and-Wales bank holidays", () => {
  test("cover every year from 2009 (oldest fixture report) to 2027", () => {
    expect(bankHolidayCoverage()).toEqual({ firstYear: 2009, lastYear: 2027, events: events.length });
    const years = new Set(events.map((e) => Number(e.date.slice(0, 4))));
    for (let y = 2009; y <= 2027; y++) expect(years.has(y), `year ${y}`).toBe(true);
  });

  test("are in GOV.UK's shape, sorted, one per date, all on weekdays (GOV.UK lists the substitute weekday)", () => {
    expect(bankHolidayFile["england-and-wales"].division).toBe("england-and-wales");
    const dates = events.map((e) => e.date);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
    for (const e of events) {
      expect(Object.keys(e).sort()).toEqual(["bunting", "date", "notes", "title"]);
      expect(e.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(toIsoDate(e.date)).toBe(e.date);
      const day = toUtcDate(e.date).getUTCDay();
      expect(day === 0 || day === 6, `${e.date} ${e.title} falls on a weekend`).toBe(false);
    }
  });

  test("equal the standing rules plus the known one-off changes, year by year", () => {
    // An independent re-derivation of the whole list, so a typo in the JSON fails here.
    const add = (d: string, n: number) => toIsoDate(addDays(d, n));
    const addDays = (d: string, n: number) => new Date(toUtcDate(d).getTime() + n * 86_400_000);
    const dow = (d: string) => toUtcDate(d).getUTCDay();
    const firstMonday = (y: number, m: string) => {
      let d = `${y}-${m}-01`;
      while (dow(d) !== 1) d = add(d, 1);
      return d;
    };
    const lastMonday = (y: number, m: string, last: number) => {
      let d = `${y}-${m}-${last}`;
      while (dow(d) !== 1) d = add(d, -1);
      return d;
    };
    // Easter Sunday, anonymous Gregorian algorithm (Meeus / Jones / Butcher).
    const easter = (y: number) => {
      const a = y % 19,
        b = Math.floor(y / 100),
        c = y % 100,
        d = Math.floor(b / 4),
        e = b % 4;
      const f = Math.floor((b + 8) / 25),
        g = Math.floor((b - f + 1) / 3),
        h = (19 * a + b - d - g + 15) % 30;
      const i = Math.floor(c / 4),
        k = c % 4,
        l = (32 + 2 * e + 2 * i - h - k) % 7,
        m = Math.floor((a + 11 * h + 22 * l) / 451);
      const month = Math.floor((h + l - 7 * m + 114) / 31),
        day = ((h + l - 7 * m + 114) % 31) + 1;
      return `${y}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    };
    const expected: string[] = [];
    for (let y = 2009; y <= 2027; y++) {
      // New Year's Day, moved to Monday when it falls at a weekend.
      const nyd = `${y}-01-01`;
      expected.push(dow(nyd) === 6 ? add(nyd, 2) : dow(nyd) === 0 ? add(nyd, 1) : nyd);
      expected.push(add(easter(y), -2), add(easter(y), 1));
      expected.push(firstMonday(y, "05"), lastMonday(y, "05", 31), lastMonday(y, "08", 31));
      // Christmas and Boxing Day: a weekend day moves to the next free weekday.
      const xmas = `${y}-12-25`;
      const w = dow(xmas);
      if (w === 5) expected.push(xmas, `${y}-12-28`);
      else if (w === 6 || w === 0) expected.push(`${y}-12-27`, w === 6 ? `${y}-12-28` : `${y}-12-26`);
      else expected.push(xmas, `${y}-12-26`);
    }
    const oneOffs = {
      add: [
        "2011-04-29",
        "2012-06-04",
        "2012-06-05",
        "2020-05-08",
        "2022-06-02",
        "2022-06-03",
        "2022-09-19",
        "2023-05-08",
      ],
      remove: ["2012-05-28", "2020-05-04", "2022-05-30"],
    };
    const want = expected
      .filter((d) => !oneOffs.remove.includes(d))
      .concat(oneOffs.add)
      .sort();
    expect(events.map((e) => e.date)).toEqual(want);
  });

  test("include the one-off days with GOV.UK's titles", () => {
    expect(bankHolidayOn("2011-04-29")?.title).toBe("Royal wedding");
    expect(bankHolidayOn("2012-06-04")).toMatchObject({ title: "Spring bank holiday", notes: "Substitute day" });
    expect(bankHolidayOn("2012-06-05")?.title).toBe("Queen’s Diamond Jubilee");
    expect(bankHolidayOn("2020-05-08")?.title).toBe("Early May bank holiday (VE day)");
    expect(bankHolidayOn("2022-06-02")?.title).toBe("Spring bank holiday");
    expect(bankHolidayOn("2022-06-03")?.title).toBe("Platinum Jubilee bank holiday");
    expect(bankHolidayOn("2022-09-19")?.title).toBe("Bank Holiday for the State Funeral of Queen Elizabeth II");
    expect(bankHolidayOn("2023-05-08")?.title).toBe("Bank holiday for the coronation of King Charles III");
    // The normal dates those replaced are ordinary working days.
    for (const d of ["2012-05-28", "2020-05-04", "2022-05-30"]) expect(isWorkingDay(d), d).toBe(true);
    expect(bankHolidayOn("2019-04-19")?.title).toBe("Good Friday");
    expect(bankHolidayOn("2019-04-20")).toBeNull();
  });
});

// ---------------------------------------------------------------------------
// The counting rule
// ---------------------------------------------------------------------------

describe("isWorkingDay", () => {
  test("Monday to Friday are working days, Saturday and Sunday are not", () => {
    // 14–20 January 2019: Mon .. Sun, no bank holidays.
    const week = ["2019-01-14", "2019-01-15", "2019-01-16", "2019-01-17", "2019-01-18", "2019-01-19", "2019-01-20"];
    expect(week.map((d) => isWorkingDay(d))).toEqual([true, true, true, true, true, false, false]);
  });

  test("bank holidays are not working days; Scottish-only ones are", () => {
    expect(isWorkingDay("2018-12-25")).toBe(false);
    expect(isWorkingDay("2019-04-22")).toBe(false); // Easter Monday
    expect(isWorkingDay("2019-01-02")).toBe(true); // 2 January is a holiday in Scotland only
    expect(isWorkingDay("2019-08-05")).toBe(true); // Scotland's summer bank holiday
    expect(isWorkingDay("2018-11-30")).toBe(true); // St Andrew's Day
  });

  test("takes a Date by its UTC calendar date, whatever the time of day", () => {
    expect(isWorkingDay(new Date("2018-12-25T23:59:59.999Z"))).toBe(false);
    expect(isWorkingDay(new Date("2018-12-24T23:59:59.999Z"))).toBe(true);
    expect(isWorkingDay("2018-12-25T00:00:00.000Z")).toBe(false);
  });
});

describe("addWorkingDays", () => {
  test("day 0 is the date itself; day 1 is the next working day", () => {
    expect(iso(addWorkingDays("2019-01-16", 0))).toBe("2019-01-16");
    expect(iso(addWorkingDays("2019-01-16", 1))).toBe("2019-01-17");
    expect(iso(addWorkingDays("2019-01-16", 5))).toBe("2019-01-23");
  });

  test("skips weekends", () => {
    expect(iso(addWorkingDays("2019-01-18", 1))).toBe("2019-01-21"); // Fri -> Mon
    expect(iso(addWorkingDays("2019-01-18", 5))).toBe("2019-01-25");
    expect(iso(addWorkingDays("2019-01-18", 6))).toBe("2019-01-28");
  });

  test("a start date at a weekend is day 0; Monday is day 1", () => {
    expect(iso(addWorkingDays("2019-01-19", 1))).toBe("2019-01-21"); // Saturday
    expect(iso(addWorkingDays("2019-01-20", 1))).toBe("2019-01-21"); // Sunday
    expect(iso(addWorkingDays("2019-01-19", 0))).toBe("2019-01-19"); // day 0 stays put, even at a weekend
  });

  test("a bank holiday on the start date is day 0, and the next working day is day 1", () => {
    // Published on Christmas Day 2018 (Tue): 26 Dec is Boxing Day, so day 1 is Thu 27 Dec.
    expect(iso(addWorkingDays("2018-12-25", 1))).toBe("2018-12-27");
    // Published on Easter Monday 2019: day 1 is Tue 23 April.
    expect(iso(addWorkingDays("2019-04-22", 1))).toBe("2019-04-23");
  });

  test("skips Easter 2019 (Good Friday 19 and Easter Monday 22 April)", () => {
    expect(iso(addWorkingDays("2019-04-18", 1))).toBe("2019-04-23");
    // Mon 15 Apr 2019 + 10: 16,17,18 = 1-3; 19, 20, 21, 22 skipped; 23-26 = 4-7; 29, 30 Apr, 1 May = 8-10.
    expect(iso(addWorkingDays("2019-04-15", 10))).toBe("2019-05-01");
  });

  test("skips substitute days", () => {
    // Christmas 2021 fell on Saturday and Boxing Day on Sunday: Mon 27 and Tue 28 Dec were the bank holidays.
    expect(iso(addWorkingDays("2021-12-24", 1))).toBe("2021-12-29");
    // New Year's Day 2022 was a Saturday: Mon 3 Jan was the bank holiday.
    expect(iso(addWorkingDays("2021-12-31", 1))).toBe("2022-01-04");
    // Christmas 2016 was a Sunday: Boxing Day Mon 26, substitute Christmas Day Tue 27.
    expect(iso(addWorkingDays("2016-12-23", 1))).toBe("2016-12-28");
    // Boxing Day 2020 was a Saturday: substitute Mon 28 Dec.
    expect(iso(addWorkingDays("2020-12-24", 1))).toBe("2020-12-29");
    // 2026: Boxing Day Saturday, substitute Monday 28 December.
    expect(iso(addWorkingDays("2026-12-24", 1))).toBe("2026-12-29");
  });

  test("skips the one-off days and not the days they replaced", () => {
    expect(iso(addWorkingDays("2020-05-07", 1))).toBe("2020-05-11"); // VE day, Fri 8 May 2020
    expect(iso(addWorkingDays("2020-05-01", 1))).toBe("2020-05-04"); // Mon 4 May 2020 was a working day
    expect(iso(addWorkingDays("2022-06-01", 1))).toBe("2022-06-06"); // Platinum Jubilee, Thu 2 and Fri 3 June
    expect(iso(addWorkingDays("2022-09-16", 1))).toBe("2022-09-20"); // state funeral, Mon 19 Sep 2022
    expect(iso(addWorkingDays("2023-05-05", 1))).toBe("2023-05-09"); // coronation, Mon 8 May 2023
    expect(iso(addWorkingDays("2011-04-28", 1))).toBe("2011-05-03"); // royal wedding Fri 29 Apr, then Mon 2 May 2011
    expect(iso(addWorkingDays("2012-06-01", 1))).toBe("2012-06-06"); // Diamond Jubilee, Mon 4 and Tue 5 June
  });

  test("counts 29 February in leap years", () => {
    expect(iso(addWorkingDays("2024-02-28", 1))).toBe("2024-02-29"); // Thursday
    expect(iso(addWorkingDays("2024-02-29", 1))).toBe("2024-03-01");
    expect(iso(addWorkingDays("2023-02-28", 1))).toBe("2023-03-01"); // not a leap year
    expect(iso(addWorkingDays("2020-02-28", 1))).toBe("2020-03-02"); // 29 Feb 2020 was a Saturday
    expect(iso(addWorkingDays("2016-02-26", 2))).toBe("2016-03-01"); // Fri; Mon 29 Feb 2016 is day 1
  });

  test("crosses year ends", () => {
    // Fri 31 Dec 2010 + 1: Sat, Sun, then Mon 3 Jan 2011 is New Year's Day's substitute: Tue 4 Jan.
    expect(iso(addWorkingDays("2010-12-31", 1))).toBe("2011-01-04");
    // 23 Dec 2009 (Wed) + 3: 24 Dec = 1; 25 Christmas; 26-27 weekend; 28 Boxing Day substitute; 29, 30 = 2, 3.
    expect(iso(addWorkingDays("2009-12-23", 3))).toBe("2009-12-30");
  });

  test("a negative count goes backwards to the nth working day before", () => {
    expect(iso(addWorkingDays("2018-12-27", -1))).toBe("2018-12-24");
    expect(iso(addWorkingDays("2019-03-29", -ACTION_PLAN_WORKING_DAYS))).toBe("2018-12-18");
  });

  test("returns a Date at UTC midnight, whatever the input's time of day", () => {
    const d = addWorkingDays(new Date("2019-01-16T22:45:00.000Z"), 1);
    expect(d.toISOString()).toBe("2019-01-17T00:00:00.000Z");
  });

  test("rejects fractional counts and invalid dates", () => {
    expect(() => addWorkingDays("2019-01-16", 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays("2019-02-29", 1)).toThrow(RangeError);
    expect(() => addWorkingDays("2019-13-01", 1)).toThrow(RangeError);
    expect(() => addWorkingDays("18/12/2018", 1)).toThrow(RangeError);
    expect(() => addWorkingDays("2018-12-185", 1)).toThrow(RangeError);
    expect(() => addWorkingDays(new Date("nonsense"), 1)).toThrow(RangeError);
  });
});

describe("workingDaysBetween", () => {
  test("counts working days after a, up to and including b", () => {
    expect(workingDaysBetween("2019-01-16", "2019-01-16")).toBe(0);
    expect(workingDaysBetween("2019-01-18", "2019-01-21")).toBe(1); // Fri -> Mon
    expect(workingDaysBetween("2019-01-19", "2019-01-20")).toBe(0); // Sat -> Sun
    expect(workingDaysBetween("2018-12-21", "2019-01-02")).toBe(5); // 24, 27, 28, 31 Dec and 2 Jan
    expect(workingDaysBetween("2018-12-18", "2019-03-29")).toBe(70);
  });

  test("is negative when b is before a", () => {
    expect(workingDaysBetween("2019-01-21", "2019-01-18")).toBe(-1);
    expect(workingDaysBetween("2019-03-29", "2018-12-18")).toBe(-70);
  });

  test("undoes addWorkingDays for every start day of 2018-2020 and several counts", () => {
    for (let t = Date.UTC(2018, 0, 1); t <= Date.UTC(2020, 11, 31); t += 86_400_000) {
      const start = new Date(t);
      for (const n of [0, 1, 2, 5, 20, 70]) {
        const end = addWorkingDays(start, n);
        expect(workingDaysBetween(start, end)).toBe(n);
        if (n > 0) expect(isWorkingDay(end)).toBe(true);
        if (isWorkingDay(start)) expect(toIsoDate(addWorkingDays(end, -n))).toBe(toIsoDate(start));
      }
    }
  });
});

// ---------------------------------------------------------------------------
// Seed inspections, worked by hand
// ---------------------------------------------------------------------------

describe("statutory dates of the seed inspections (worked by hand)", () => {
  test("Leeds ILACS, published Tuesday 18 December 2018: action plan due Friday 29 March 2019", () => {
    // Day 0 = Tue 18 Dec 2018 (publication).
    // Dec 2018: Wed 19 = 1, Thu 20 = 2, Fri 21 = 3, (Sat 22, Sun 23), Mon 24 = 4,
    //           Tue 25 Christmas Day and Wed 26 Boxing Day are bank holidays,
    //           Thu 27 = 5, Fri 28 = 6, (29, 30), Mon 31 = 7.
    // Jan 2019: Tue 1 is New Year's Day (bank holiday). Wed 2 .. Fri 4 = 8-10,
    //           7-11 = 11-15, 14-18 = 16-20, 21-25 = 21-25, 28-31 = 26-29.
    // Feb 2019: Fri 1 = 30, 4-8 = 31-35, 11-15 = 36-40, 18-22 = 41-45, 25-28 = 46-49.
    // Mar 2019: Fri 1 = 50, 4-8 = 51-55, 11-15 = 56-60, 18-22 = 61-65, 25-29 = 66-70.
    // Day 70 = Friday 29 March 2019. The three bank holidays push it 3 working days
    // later than a weekends-only count (Tue 26 March). Easter 2019 (Good Friday
    // 19 April) comes three weeks after the deadline, so it is not in this window.
    const s = statutoryDates({ publishedAt: "2018-12-18", type: "ilacs_short", hasPriorityActions: false });
    expect(iso(s.actionPlanDue)).toBe("2019-03-29");
    expect(s.earlyDraftDue).toBeNull();
    expect(s.holidaysKnown).toBe(true);
    // The same from the Date the database stores (UTC midnight).
    expect(
      iso(
        statutoryDates({
          publishedAt: new Date("2018-12-18T00:00:00.000Z"),
          type: "ilacs_short",
          hasPriorityActions: false,
        }).actionPlanDue,
      ),
    ).toBe("2019-03-29");
  });

  test("Leeds's window holds exactly three bank holidays and ends at a working day", () => {
    const holidays: string[] = [];
    for (let d = toUtcDate("2018-12-19"); toIsoDate(d) <= "2019-03-29"; d = new Date(d.getTime() + 86_400_000)) {
      const h = bankHolidayOn(d);
      if (h) holidays.push(`${toIsoDate(d)} ${h.title}`);
    }
    expect(holidays).toEqual(["2018-12-25 Christmas Day", "2018-12-26 Boxing Day", "2019-01-01 New Year’s Day"]);
  });

  test("Leicester SIF, published Monday 4 September 2017: action plan due Monday 11 December 2017", () => {
    // Day 0 = Mon 4 Sep 2017. No England-and-Wales bank holiday falls between
    // 5 Sep and 11 Dec 2017 (the summer bank holiday was 28 Aug; Christmas is 25 Dec).
    // Sep 2017: Tue 5 .. Fri 8 = 1-4, 11-15 = 5-9, 18-22 = 10-14, 25-29 = 15-19.
    // Oct 2017 starts on a Sunday: 31 days, Mon/Tue occur 5 times, Wed-Fri 4 times = 22 weekdays -> 41.
    // Nov 2017 starts on a Wednesday: 30 days, Wed/Thu occur 5 times, Mon/Tue/Fri 4 times = 22 -> 63.
    // Dec 2017: Fri 1 = 64, Mon 4 .. Fri 8 = 65-69, Mon 11 = 70.
    const s = statutoryDates({ publishedAt: "2017-09-04", type: "sif", hasPriorityActions: false });
    expect(iso(s.actionPlanDue)).toBe("2017-12-11");
    expect(s.earlyDraftDue).toBeNull();
  });

  test("Shropshire focused visit with an area for priority action, published Friday 12 January 2024", () => {
    // Day 0 = Fri 12 Jan 2024.
    // Early draft, 20 working days:
    //   Jan 15-19 = 1-5, 22-26 = 6-10, Jan 29 - Feb 2 = 11-15, Feb 5-9 = 16-20 -> Friday 9 February 2024.
    // Action plan, 70 working days, continuing:
    //   Feb 12-16 = 21-25, 19-23 = 26-30, Feb 26 - Mar 1 = 31-35 (Thu 29 Feb, leap day, is day 34),
    //   Mar 4-8 = 36-40, 11-15 = 41-45, 18-22 = 46-50, 25-28 = 51-54,
    //   Fri 29 Mar Good Friday and Mon 1 Apr Easter Monday are bank holidays,
    //   Apr 2-5 = 55-58, 8-12 = 59-63, 15-19 = 64-68, Mon 22 = 69, Tue 23 = 70 -> Tuesday 23 April 2024.
    const s = statutoryDates({ publishedAt: "2024-01-12", type: "focused_visit", hasPriorityActions: true });
    expect(iso(s.earlyDraftDue)).toBe("2024-02-09");
    expect(iso(s.actionPlanDue)).toBe("2024-04-23");
    expect(workingDaysBetween("2024-01-12", "2024-02-29")).toBe(34);
  });

  test("the early draft date is only for focused visits with areas for priority action", () => {
    const base = { publishedAt: "2024-01-12" };
    expect(statutoryDates({ ...base, type: "focused_visit", hasPriorityActions: false }).earlyDraftDue).toBeNull();
    expect(statutoryDates({ ...base, type: "ilacs_standard", hasPriorityActions: true }).earlyDraftDue).toBeNull();
    expect(statutoryDates({ ...base, type: "monitoring_visit", hasPriorityActions: true }).earlyDraftDue).toBeNull();
    expect(EARLY_DRAFT_WORKING_DAYS).toBe(20);
    expect(ACTION_PLAN_WORKING_DAYS).toBe(70);
  });

  test("a publication date in 2026 (the fixtures' latest reports)", () => {
    // Slough focused visit (one area for priority action), published Mon 12 Jan 2026. 20 working days:
    // Jan 13-16 = 1-4, 19-23 = 5-9, 26-30 = 10-14, Feb 2-6 = 15-19, Mon 9 Feb = 20.
    const s = statutoryDates({ publishedAt: "2026-01-12", type: "focused_visit", hasPriorityActions: true });
    expect(iso(s.earlyDraftDue)).toBe("2026-02-09");
    // 70: Feb 10-13 = 21-24, 16-20 = 25-29, 23-27 = 30-34, Mar 2-6 = 35-39, 9-13 = 40-44, 16-20 = 45-49,
    // 23-27 = 50-54, Mar 30 - Apr 2 = 55-58, Fri 3 Apr Good Friday, Mon 6 Apr Easter Monday,
    // Apr 7-10 = 59-62, 13-17 = 63-67, 20-22 = 68-70 -> Wednesday 22 April 2026.
    expect(iso(s.actionPlanDue)).toBe("2026-04-22");
    expect(s.holidaysKnown).toBe(true);
  });

  test("says when the count runs past the bundled bank holidays", () => {
    const last = bankHolidayCoverage().lastYear;
    expect(statutoryDates({ publishedAt: `${last}-06-01`, type: "sif", hasPriorityActions: false }).holidaysKnown).toBe(
      true,
    );
    expect(statutoryDates({ publishedAt: `${last}-11-01`, type: "sif", hasPriorityActions: false }).holidaysKnown).toBe(
      false,
    );
    expect(isWithinBankHolidayCoverage(`${last + 1}-01-01`)).toBe(false);
    expect(isWithinBankHolidayCoverage("2008-12-31")).toBe(false);
    expect(isWithinBankHolidayCoverage("2009-01-01")).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// Countdown
// ---------------------------------------------------------------------------

describe("countdown", () => {
  const due = "2019-03-29"; // Leeds's action plan
  /** The countdown to Leeds's due date on `today`. */
  const on = (today: string) => countdown({ due, today });

  test("on publication day: 70 working days and 101 calendar days left", () => {
    // 18 Dec -> 29 Mar: 13 days of December + 31 + 28 + 29 = 101.
    expect(on("2018-12-18")).toEqual({ workingDaysLeft: 70, calendarDaysLeft: 101, overdue: false });
  });

  test("the day before and the due date itself are not overdue", () => {
    expect(on("2019-03-28")).toEqual({ workingDaysLeft: 1, calendarDaysLeft: 1, overdue: false });
    expect(on("2019-03-29")).toEqual({ workingDaysLeft: 0, calendarDaysLeft: 0, overdue: false });
  });

  test("after the due date it is overdue, with negative counts", () => {
    // Sat 30 Mar: no working day has passed since the due date, but it is a calendar day later.
    expect(on("2019-03-30")).toEqual({ workingDaysLeft: 0, calendarDaysLeft: -1, overdue: true });
    expect(on("2019-04-01")).toEqual({ workingDaysLeft: -1, calendarDaysLeft: -3, overdue: true });
  });

  test("a weekend today counts the working days still to come", () => {
    // Sat 23 Mar 2019 -> Fri 29 Mar: Mon-Fri = 5.
    expect(on("2019-03-23")).toEqual({ workingDaysLeft: 5, calendarDaysLeft: 6, overdue: false });
  });

  test("takes Dates and ignores their time of day", () => {
    expect(
      countdown({ due: new Date("2019-03-29T00:00:00.000Z"), today: new Date("2019-03-28T23:59:00.000Z") }),
    ).toEqual({ workingDaysLeft: 1, calendarDaysLeft: 1, overdue: false });
    expect(calendarDaysBetween("2019-03-29", "2019-03-28")).toBe(-1);
  });
});

describe("todayInEngland", () => {
  test("is the London date, which runs an hour ahead of UTC in summer", () => {
    // 23:30 UTC on 1 June 2026 is 00:30 BST on 2 June in England.
    expect(iso(todayInEngland(new Date("2026-06-01T23:30:00Z")))).toBe("2026-06-02");
    // In winter London is on GMT: the same clock time stays on the same date.
    expect(iso(todayInEngland(new Date("2026-01-15T23:30:00Z")))).toBe("2026-01-15");
    // Clocks go forward at 01:00 UTC on Sunday 29 March 2026.
    expect(iso(todayInEngland(new Date("2026-03-28T23:59:00Z")))).toBe("2026-03-28");
    expect(todayInEngland(new Date("2026-06-01T23:30:00Z")).toISOString()).toBe("2026-06-02T00:00:00.000Z");
  });
});

// ---------------------------------------------------------------------------
// npm run bank-holidays:update (merge logic)
// ---------------------------------------------------------------------------

describe("bank-holidays:update merging", () => {
  const ev = (date: string, title = "Holiday", notes = "", bunting = true): BankHolidayEvent => ({
    title,
    date,
    notes,
    bunting,
  });

  test("keeps bundled years the source no longer lists, and takes the source's own span", () => {
    const bundled = [ev("2009-01-01"), ev("2020-05-04", "Early May bank holiday"), ev("2020-12-25")];
    // The source starts in 2020: 4 May was moved to 8 May (VE day) and a new year is added.
    const incoming = [
      ev("2020-01-01"),
      ev("2020-05-08", "Early May bank holiday (VE day)"),
      ev("2020-12-25", "Christmas Day"),
      ev("2028-01-03"),
    ];
    const r = mergeBankHolidays(bundled, incoming);
    expect(r.events.map((e) => e.date)).toEqual(["2009-01-01", "2020-01-01", "2020-05-08", "2020-12-25", "2028-01-03"]);
    expect(r.added).toEqual(["2020-01-01", "2020-05-08", "2028-01-03"]);
    expect(r.removed).toEqual(["2020-05-04"]);
    expect(r.changed).toEqual(["2020-12-25"]);
  });

  test("merging the bundled file into itself changes nothing, and its format round-trips", () => {
    const bundled = parseBankHolidayJson(JSON.stringify(bankHolidayFile));
    const r = mergeBankHolidays(bundled, bundled);
    expect([r.added, r.removed, r.changed]).toEqual([[], [], []]);
    expect(JSON.parse(formatBankHolidays(r.events))).toEqual(bankHolidayFile);
  });

  test("reads GOV.UK's document, ignoring Scotland and Northern Ireland", () => {
    const gov = {
      "england-and-wales": {
        division: "england-and-wales",
        events: [{ title: "Boxing Day", date: "2027-12-28", notes: "Substitute day", bunting: true }],
      },
      scotland: {
        division: "scotland",
        events: [{ title: "St Andrew’s Day", date: "2027-11-30", notes: "", bunting: true }],
      },
    };
    expect(parseBankHolidayJson(JSON.stringify(gov))).toEqual([
      { title: "Boxing Day", date: "2027-12-28", notes: "Substitute day", bunting: true },
    ]);
  });

  test("rejects a document that is not GOV.UK's shape", () => {
    expect(() => parseBankHolidayJson("<html>")).toThrow(/not JSON/);
    expect(() => parseBankHolidayJson('{"scotland":{"events":[]}}')).toThrow(/england-and-wales/);
    expect(() => parseBankHolidayJson('{"england-and-wales":{"events":[{"title":"X","date":"2027-02-30"}]}}')).toThrow(
      /calendar date/,
    );
    expect(() => parseBankHolidayJson('{"england-and-wales":{"events":[{"title":"","date":"2027-02-03"}]}}')).toThrow(
      /title/,
    );
  });
});
