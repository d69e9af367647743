import { expect, test } from "vitest";
import { cellText, parseDateCell, parseProgressCell, parseRagCell, parseStatusCell, textCell } from "./cells";

test("dates: Excel dates, ISO, UK day/month/year and written months; impossible days refused", () => {
  expect(parseDateCell(new Date("2027-03-31T00:00:00Z"))).toEqual({ ok: true, value: "2027-03-31" });
  expect(parseDateCell("2027-03-31")).toEqual({ ok: true, value: "2027-03-31" });
  expect(parseDateCell("31/03/2027")).toEqual({ ok: true, value: "2027-03-31" });
  expect(parseDateCell("1.4.2027")).toEqual({ ok: true, value: "2027-04-01" });
  expect(parseDateCell("30 June 2027")).toEqual({ ok: true, value: "2027-06-30" });
  expect(parseDateCell("  ")).toEqual({ ok: true, value: null });
  expect(parseDateCell("31/02/2027")).toEqual({ ok: false, message: "'31/02/2027' is not a real date" });
  expect(parseDateCell("2027-02-29")).toEqual({ ok: false, message: "'2027-02-29' is not a real date" });
  expect(parseDateCell("next week")).toMatchObject({
    ok: false,
    message: expect.stringMatching(/^'next week' is not a date/),
  });
});

test("status by label or code, RAG by word or letter, progress as a whole percentage", () => {
  expect(parseStatusCell("submitted for review")).toEqual({ ok: true, value: "submitted_for_review" });
  expect(parseStatusCell("in_progress")).toEqual({ ok: true, value: "in_progress" });
  expect(parseStatusCell("Done")).toMatchObject({
    ok: false,
    message: expect.stringMatching(/^'Done' is not a status; use one of Not started, In progress/),
  });
  expect(parseRagCell("AMBER")).toEqual({ ok: true, value: "amber" });
  expect(parseRagCell("g")).toEqual({ ok: true, value: "green" });
  expect(parseRagCell("Purple")).toMatchObject({ ok: false });
  expect(parseProgressCell(40)).toEqual({ ok: true, value: 40 });
  expect(parseProgressCell("40%")).toEqual({ ok: true, value: 40 });
  expect(parseProgressCell("12.5")).toMatchObject({ ok: false, message: "'12.5': progress must be a whole number" });
});

test("cell text: rich text, formula results, and CSV neutralisation undone", () => {
  expect(cellText({ richText: [{ text: "a" }, { text: "b" }] })).toBe("ab");
  expect(cellText({ formula: "1+1", result: 2 })).toBe("2");
  expect(cellText({ text: "link", hyperlink: "http://x" })).toBe("link");
  expect(textCell("'=SUM(A1)", { csv: true })).toBe("=SUM(A1)");
  expect(textCell("'=SUM(A1)")).toBe("'=SUM(A1)");
  expect(textCell("'quoted", { csv: true })).toBe("'quoted");
});
