/**
 * Property tests: mutated and random input never makes the reader throw or
 * hang, and what it returns always makes sense (items, or a plain
 * "not found"). The random generator is seeded, so a failure can be
 * reproduced from the seed in the test's name.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  normaliseWhitespace as norm,
  ofstedExpectations,
  seedExpectations,
} from "../../../../tests/helpers/fixture-expectations";
import { readReport, type ReadResult } from "./reader";

/** mulberry32: small, fast, seeded. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

const docs = [...ofstedExpectations(), ...seedExpectations()].map((e) => ({
  ...e,
  text: readFileSync(e.textPath, "utf8"),
}));
const completeDocs = docs.filter((d) => d.complete);

/** Time limit per call for report-sized input (the reader takes a few milliseconds on these). */
const FAST_MS = 250;

function timed(text: string): { result: ReadResult; ms: number } {
  const started = performance.now();
  const result = readReport(text);
  return { result, ms: performance.now() - started };
}

/** What every result must satisfy, whatever the input. */
function expectSane(result: ReadResult) {
  expect(result.notFound).toBe(result.items.length === 0);
  if (result.notFound) expect(result.notFoundReason).toMatch(/^\S.{20,}$/);
  else expect(result.notFoundReason).toBeNull();
  for (const item of result.items) {
    expect(item.text.trim()).not.toBe("");
    expect(["improvement_item", "area_for_priority_action", "area_for_development", "recommendation"]).toContain(
      item.kind,
    );
    expect(["high", "low"]).toContain(item.confidence);
    if (item.confidence === "low") expect(item.reason).toMatch(/\w/);
    expect(item.sourceLines.first).toBeLessThanOrEqual(item.sourceLines.last);
  }
  for (const d of [result.startDate, result.endDate, result.publishedAt, result.letterDate])
    if (d !== null) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  for (const j of result.judgements)
    expect(["outstanding", "good", "requires_improvement", "inadequate", "not_judged"]).toContain(j.grade);
}

/** Every word of every item occurs in the input (the reader copies; it never writes). */
function expectCopiedFromInput(result: ReadResult, input: string) {
  const source = input.replace(/\s+/g, "");
  for (const item of result.items)
    for (const word of item.text.replace(/\n• /g, " ").split(/[\s-]+/))
      // Lines ending in "-" are joined without a space ("pre-" + "proceedings"), so compare the parts.
      if (word !== "") expect(source.includes(word), `"${word}" is not in the input`).toBe(true);
}

describe("truncated reports", () => {
  const cases = Array.from({ length: 120 }, (_, k) => {
    const r = rng(1000 + k);
    const doc = pick(r, completeDocs);
    return { seed: 1000 + k, doc, cut: Math.floor(r() * doc.text.length) };
  });

  test.each(cases)(
    "seed $seed: $doc.name cut at character $cut gives only correct items or correct beginnings",
    ({ doc, cut }) => {
      const text = doc.text.slice(0, cut);
      const { result, ms } = timed(text);
      expect(ms).toBeLessThan(FAST_MS);
      expectSane(result);
      const expected = doc.items.map((i) => norm(i.text));
      result.items.forEach((item, k) => {
        const got = norm(item.text);
        // The reader may miss items at the cut, but what it gives is in the document, in order.
        const at = expected.findIndex((e, i) => i >= k && (e === got || e.startsWith(got)));
        expect(at, `item ${k + 1} "${got.slice(0, 80)}" is not (the start of) an expected item`).toBeGreaterThanOrEqual(
          0,
        );
        if (expected[at] !== got && item === result.items[result.items.length - 1])
          // A cut inside the last item: either flagged, or the cut fell at a sentence end the reader cannot tell from the real end.
          expect(item.truncated || /[.:;?!)]\s*$/.test(text)).toBe(true);
      });
    },
  );
});

describe("shuffled, duplicated and deleted lines", () => {
  const cases = Array.from({ length: 60 }, (_, k) => ({ seed: 2000 + k, doc: pick(rng(2000 + k), docs) }));

  test.each(cases)("seed $seed: $doc.name with its lines mixed up", ({ seed, doc }) => {
    const r = rng(seed);
    const lines = doc.text.split("\n");
    const mode = pick(r, ["shuffle", "delete", "duplicate", "swap-blocks"] as const);
    let out: string[];
    if (mode === "shuffle")
      out = lines
        .map((l) => [r(), l] as const)
        .sort((a, b) => a[0] - b[0])
        .map(([, l]) => l);
    else if (mode === "delete") out = lines.filter(() => r() > 0.3);
    else if (mode === "duplicate") out = lines.flatMap((l) => (r() < 0.2 ? [l, l, l] : [l]));
    else {
      const a = Math.floor(r() * lines.length);
      const b = Math.floor(r() * lines.length);
      out = [
        ...lines.slice(Math.max(a, b)),
        ...lines.slice(Math.min(a, b), Math.max(a, b)),
        ...lines.slice(0, Math.min(a, b)),
      ];
    }
    const text = out.join("\n");
    const { result, ms } = timed(text);
    expect(ms).toBeLessThan(FAST_MS);
    expectSane(result);
    expectCopiedFromInput(result, text);
  });
});

describe("noise", () => {
  const cases = Array.from({ length: 40 }, (_, k) => ({ seed: 3000 + k }));

  test.each(cases)("seed $seed: binary noise spliced into a report", ({ seed }) => {
    const r = rng(seed);
    const doc = pick(r, docs);
    let text = doc.text;
    for (let n = 0; n < 20; n++) {
      const at = Math.floor(r() * text.length);
      const noise = String.fromCharCode(
        ...Array.from({ length: 1 + Math.floor(r() * 200) }, () => Math.floor(r() * 0xffff)),
      );
      text = text.slice(0, at) + noise + text.slice(at);
    }
    const { result, ms } = timed(text);
    expect(ms).toBeLessThan(FAST_MS);
    expectSane(result);
  });

  test.each(cases)("seed $seed: random bytes decoded as text", ({ seed }) => {
    const r = rng(seed);
    const bytes = Uint8Array.from({ length: 50_000 }, () => Math.floor(r() * 256));
    const { result, ms } = timed(new TextDecoder("utf-8").decode(bytes));
    expect(ms).toBeLessThan(FAST_MS);
    expectSane(result);
    expect(result.items).toEqual([]);
    expect(result.notFound).toBe(true);
  });

  test.each(cases)("seed $seed: random words, headings and bullets", ({ seed }) => {
    const r = rng(seed);
    const tokens = [
      "What needs to improve?",
      "Recommendations",
      "Areas for priority action",
      "◼",
      "•",
      "1.",
      "24.",
      "Strengths",
      "\f",
      "\n",
      "\n\n",
      "the",
      "quality",
      "of",
      "plans.",
      "Leaders",
      "should",
      "-",
      "(Recommendation)",
      "Immediately:",
      "Responsible body",
      "Council and NHS",
      "ICB",
      "12 to 16 February 2024",
      "Inspection dates:",
    ];
    const text = Array.from({ length: 3000 }, () => pick(r, tokens)).join(pick(r, [" ", "\n"]));
    const { result, ms } = timed(text);
    expect(ms).toBeLessThan(FAST_MS);
    expectSane(result);
    expectCopiedFromInput(result, text);
  });
});

describe("hostile sizes and shapes", () => {
  test("a 5 MB input is read within a second or two, and says it was cut", () => {
    const r = rng(4000);
    const doc = docs[0]!.text;
    let text = "";
    while (text.length < 5_000_000) text += doc.slice(Math.floor(r() * 1000)) + "\n";
    const { result, ms } = timed(text);
    expect(ms).toBeLessThan(3_000);
    expectSane(result);
    expect(result.warnings.join(" ")).toMatch(/only its first 2,000,000 characters/);
  });

  test("a 5 MB input on one line without any line break", () => {
    const r = rng(4001);
    const text = Array.from({ length: 1_000_000 }, () =>
      pick(r, ["abcd", "What", "needs", "1.", "◼", "improve?"]),
    ).join(" ");
    const { result, ms } = timed(text);
    expect(ms).toBeLessThan(3_000);
    expectSane(result);
  });

  test("a heading repeated 100,000 times", () => {
    const { result, ms } = timed("What needs to improve?\n".repeat(100_000));
    expect(ms).toBeLessThan(3_000);
    expectSane(result);
    expect(result.notFound).toBe(true);
  });

  test("headings and one-line items repeated 10,000 times", () => {
    const { result, ms } = timed(
      "Recommendations\n1. Ensure that plans are good.\nAreas for priority action\n◼ The quality of plans.\n".repeat(
        10_000,
      ),
    );
    expect(ms).toBeLessThan(3_000);
    expect(result.items.length).toBe(20_000);
    expect(new Set(result.items.map((i) => `${i.kind}|${i.text}`))).toEqual(
      new Set(["recommendation|Ensure that plans are good.", "area_for_priority_action|The quality of plans."]),
    );
  });

  test("one item with 50,000 sub-bullets", () => {
    const text = "Recommendations\n1. Ensure that:\n" + "• the plans are good\n".repeat(50_000) + "Summary\n";
    const { result, ms } = timed(text);
    expect(ms).toBeLessThan(3_000);
    expect(result.items).toHaveLength(1);
  });

  test("50,000 form feeds and empty lines", () => {
    const { result, ms } = timed("\f\n \n\t\f".repeat(50_000));
    expect(ms).toBeLessThan(3_000);
    expectSane(result);
    expect(result.notFoundReason).toBe("The text is empty: there is nothing to read.");
  });

  test("things that are not text at all do not throw", () => {
    for (const input of [undefined, null, 42, {}, [], ""] as unknown as string[]) {
      const result = readReport(input);
      expectSane(result);
      expect(result.notFound).toBe(true);
    }
  });
});
