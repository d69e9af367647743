import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { expect, test } from "vitest";
import { z } from "zod";
import { cleanText, hasUnsafeCharacters, maxLengths, optionalText, postedId, stripUnsafeDeep, text } from "./text";

test("NUL, C0, DEL and C1 controls are removed from a single-line field; tabs and line breaks become spaces", () => {
  expect(cleanText("Audit\u0000 of\u0007 \u001b[31mcases\u007f\u0085\u009f")).toBe("Audit of [31mcases");
  expect(cleanText("Line one\r\nline\ttwo\rthree\n")).toBe("Line one line two three");
});

test("a multi-line field keeps newlines and tabs, with CRLF and lone CR made newlines", () => {
  expect(cleanText("One\r\nTwo\rThree\n\tFour\u0000\u000b\u000c", { multiline: true })).toBe("One\nTwo\nThree\n\tFour");
});

test("bidirectional overrides and isolates are removed, other right-to-left text is kept", () => {
  expect(cleanText("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
  for (const c of ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"])
    expect(cleanText(`a${c}b`)).toBe("ab");
  expect(cleanText("مراجعة الحالة")).toBe("مراجعة الحالة");
  expect(cleanText("Café – naïve “quotes” 👍")).toBe("Café – naïve “quotes” 👍");
});

test("text is trimmed after cleaning, so a value of only controls is empty", () => {
  expect(cleanText("  \u0000\u202E \t ")).toBe("");
  expect(hasUnsafeCharacters("fine text")).toBe(false);
  expect(hasUnsafeCharacters("bad\u0000")).toBe(true);
});

test("the schema refuses over-long text with the stated message, never cutting it", () => {
  const schema = z.object({ title: text({ label: "Title", max: 10, required: "Enter a title" }) });
  const long = schema.safeParse({ title: "x".repeat(11) });
  expect(long.success).toBe(false);
  expect(long.error?.issues[0]?.message).toBe("Title must be 10 characters or fewer");
  const big = z
    .object({ body: text({ label: "The update", max: 10_000, multiline: true }) })
    .safeParse({ body: "y".repeat(100_000) });
  expect(big.error?.issues[0]?.message).toBe("The update must be 10,000 characters or fewer");
  // The limit counts what is kept: controls removed do not count.
  expect(schema.parse({ title: ` ${"\u0000".repeat(50)}0123456789 ` })).toEqual({ title: "0123456789" });
});

test("a required field of only controls or spaces is empty; a repeated field or a non-string is refused", () => {
  const schema = z.object({ title: text({ label: "Title", max: 300, required: "Enter a title" }) });
  expect(schema.safeParse({ title: "\u0000 \u202E" }).error?.issues[0]?.message).toBe("Enter a title");
  expect(schema.safeParse({ title: ["a", "b"] }).error?.issues[0]?.message).toBe("Enter a title");
  expect(schema.safeParse({ title: 42 }).error?.issues[0]?.message).toBe("Enter a title");
  expect(schema.safeParse({}).error?.issues[0]?.message).toBe("Enter a title");
});

test("an optional field is an empty string when left empty", () => {
  const schema = z.object({ notes: optionalText({ label: "Notes", max: 50, multiline: true }) });
  expect(schema.parse({})).toEqual({ notes: "" });
  const fd = new FormData();
  fd.set("notes", "");
  expect(parseWithZod(fd, { schema }).status).toBe("success");
});

test("the maximum reaches the input as maxlength, and required as required", () => {
  const schema = z
    .object({
      title: text({ label: "Title", max: 300, required: "Enter a title" }),
      notes: optionalText({ label: "Notes", max: 5000, multiline: true }),
      reason: text({ label: "The reason", max: 2000 })
        .optional()
        .transform((v) => v ?? null),
      count: z.coerce.number(),
    })
    .refine(() => true);
  expect(maxLengths(schema)).toEqual({ title: 300, notes: 5000, reason: 2000 });
  const c = getZodConstraint(schema);
  expect(c.title).toMatchObject({ required: true });
  expect(c.notes).toMatchObject({ required: false });
});

test("an id posted back by a page is one cleaned string of at most 64 characters, or empty", () => {
  expect(postedId("cm0abc\u0000")).toBe("cm0abc");
  expect(postedId(["a", "b"])).toBe("");
  expect(postedId(null)).toBe("");
  expect(postedId("x".repeat(65))).toBe("");
});

test("exports drop controls and bidi overrides that stored values may still hold, keeping line breaks", async () => {
  const { csvCell } = await import("./csv");
  expect(csvCell("Audit\u202E fdp.exe\u0000\r\nline two\u0007")).toBe('"Audit fdp.exe\nline two"');
  expect(csvCell("=SUM(A1)")).toBe(`"'=SUM(A1)"`);
});

test("export data is cleaned deep inside, with dates and numbers kept", () => {
  const when = new Date("2026-03-31T00:00:00Z");
  const out = stripUnsafeDeep({ title: "Plan\u202E", rows: [{ text: "a\u0000b\r\nc", due: when, n: 3 }], none: null });
  expect(out).toEqual({ title: "Plan", rows: [{ text: "ab\nc", due: when, n: 3 }], none: null });
  expect(out.rows[0]!.due).toBe(when);
});

test("a document's text keeps its page breaks (form feeds) and C1 characters for the reader, and loses NUL and bidi overrides", () => {
  expect(cleanText("Page one\u0000\n\fPage\u202E two\u0092s\r\n", { pages: true })).toBe("Page one\n\fPage two\u0092s");
  expect(cleanText("a\fb", { multiline: true })).toBe("ab");
});
