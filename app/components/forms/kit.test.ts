import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { createRoutesStub } from "react-router";
import { expect, test } from "vitest";
import { summaryEntries, type AnyForm } from "./error-summary";
import { DateInput, dateParts, type AnyField } from "./fields";
import { FormPageHead } from "./form-page-head";
import { SchemaForm } from "./schema-form";

/** Just what the kit reads of a conform field. */
const field = (name: string, initialValue?: unknown, errors?: string[]) =>
  ({ name, key: undefined, initialValue, errors, allErrors: errors ? { [name]: errors } : {} }) as unknown as AnyField;

/** Just what the kit reads of a conform form. */
const form = (id: string, allErrors: Record<string, string[]> = {}) =>
  ({ id, allErrors, errors: allErrors[""], noValidate: false, onSubmit: () => {} }) as unknown as AnyForm;

const head = (props: Parameters<typeof FormPageHead>[0]) => renderToStaticMarkup(createElement(FormPageHead, props));
const title = (html: string) => /<title>(.*?)<\/title>/.exec(html)?.[1];
const summary = (html: string) => [...html.matchAll(/<li[^>]*>(?:<a href="([^"]*)"[^>]*>)?([^<]*)/g)].map((m) => m[2]);

test('the page head: the title, "Error: " while a form has errors, and no summary without one', () => {
  const html = head({ title: "Boards", forms: [form("new-board")] });
  expect(title(html)).toBe("Boards – Improvement Board");
  expect(html).not.toContain('role="alert"');
  expect(title(head({ title: "Boards", forms: [form("a"), form("b", { name: ["Enter a name"] })] }))).toBe(
    "Error: Boards – Improvement Board",
  );
});

test("the page head's summary: the form shown (the one submitted), else the first with errors", () => {
  const edit = form("edit", { title: ["Enter a title"] });
  const removal = form("remove", { reason: ["Enter a reason"] });
  const html = head({ title: "Correct", forms: [edit, removal], shown: removal });
  expect(title(html)).toBe("Error: Correct – Improvement Board");
  expect(summary(html)).toEqual(["Enter a reason"]);
  expect(html).toContain('href="#reason"');
  // The form shown has no errors (another kept those of an earlier submit): no summary, still "Error:".
  const other = head({ title: "Correct", forms: [edit, form("remove")], shown: form("remove") });
  expect(title(other)).toBe("Error: Correct – Improvement Board");
  expect(summary(other)).toEqual([]);
  expect(summary(head({ title: "Correct", forms: [form("edit"), removal] }))).toEqual(["Enter a reason"]);
});

test("the page head's other errors: extra with the form's own, otherErrors only while no form has errors", () => {
  const conflict = { message: "Someone else changed this", href: "#conflict" };
  const update = form("update", { body: ["Enter the update"] });
  expect(summary(head({ title: "Action", forms: [update], extra: [conflict, null] }))).toEqual([
    "Someone else changed this",
    "Enter the update",
  ]);
  const alone = head({ title: "Action", forms: [form("update")], extra: [null, false] });
  expect(title(alone)).toBe("Action – Improvement Board");
  expect(title(head({ title: "Action", forms: [form("update")], extra: [conflict] }))).toBe(
    "Error: Action – Improvement Board",
  );

  const refused = ["You cannot remove the last chair"];
  expect(summary(head({ title: "Board", forms: [update], otherErrors: refused }))).toEqual(["Enter the update"]);
  const refusedOnly = head({ title: "Board", forms: [form("member")], otherErrors: refused });
  expect(title(refusedOnly)).toBe("Error: Board – Improvement Board");
  expect(summary(refusedOnly)).toEqual(refused);
  expect(title(head({ title: "Board", forms: [form("member")], otherErrors: [null] }))).toBe(
    "Board – Improvement Board",
  );
});

test("a schema form posts, bound to its conform form, without the browser's own checks", () => {
  const render = (props: Omit<Parameters<typeof SchemaForm>[0], "form">) => {
    const Page = () => createElement(SchemaForm, { form: form("new-board"), ...props }, "fields");
    return renderToStaticMarkup(
      createElement(createRoutesStub([{ path: "/boards", Component: Page }]), {
        initialEntries: ["/boards"],
      }),
    );
  };
  const html = render({ className: "max-w-xl", encType: "multipart/form-data" });
  expect(html).toMatch(/^<form id="new-board" noValidate=""[^>]*>fields<\/form>$/);
  expect(html).toContain('method="post"');
  expect(html).toContain('class="max-w-xl"');
  expect(html).toContain('encType="multipart/form-data"');
  expect(render({ method: "get" })).toContain('method="get"');
});

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
