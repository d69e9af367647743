import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { summaryEntries } from "./error-summary";
import { DateInput, dateParts, type AnyField } from "./fields";

/** Just what the kit reads of a conform field. */
const field = (name: string, initialValue?: unknown, errors?: string[]) =>
  ({ name, key: undefined, initialValue, errors, allErrors: errors ? { [name]: errors } : {} }) as unknown as AnyField;

test("the error summary lists the form's own errors first, then one link a field, a date's parts as the date", () => {
  expect(
    summaryEntries(
      {
        title: ["Enter a title"],
        "dueDate.day": ["Due date must include a day"],
        "dueDate.month": ["Due date must include a month"],
        "": ["Someone else changed this"],
      },
      ["Not saved", null, false],
    ),
  ).toEqual([
    { message: "Someone else changed this" },
    { message: "Not saved" },
    { message: "Enter a title", href: "#title" },
    { message: "Due date must include a day", href: "#dueDate" },
  ]);
  expect(summaryEntries({ title: [] })).toEqual([]);
});

test("the date input shows what the user typed, else the YYYY-MM-DD default, in three labelled boxes", () => {
  expect(dateParts(field("dueDate", { day: "31", month: "2", year: "20" }), "2026-01-05")).toEqual({
    day: "31",
    month: "2",
    year: "20",
  });
  expect(dateParts(field("dueDate"), "2026-01-05")).toEqual({ day: "5", month: "1", year: "2026" });
  expect(dateParts(field("dueDate", "nonsense"))).toEqual({ day: "", month: "", year: "" });

  const html = renderToStaticMarkup(
    createElement(DateInput, {
      field: field("dueDate", undefined, ["Due date must include a month"]),
      legend: "Due date",
      defaultValue: "2026-01-05",
    }),
  );
  expect(html).toContain('<legend class="mb-1 font-bold">Due date</legend>');
  expect(html).toMatch(
    /<label for="dueDate" class="block">Day<\/label><input id="dueDate"[^>]*name="dueDate.day" value="5"/,
  );
  expect(html).toMatch(
    /<label for="dueDate-month" class="block">Month<\/label><input id="dueDate-month"[^>]*name="dueDate.month" value="1"/,
  );
  expect(html).toMatch(/<input id="dueDate-year"[^>]*name="dueDate.year" value="2026"/);
  expect(html).toContain('<span class="sr-only">Error:</span> Due date must include a month');
  expect(html).not.toContain('type="date"');
});
