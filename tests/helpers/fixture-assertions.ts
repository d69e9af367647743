/**
 * Assertions shared by the text and PDF tests of the report reader
 * (test-only). Each compares the reader's result with an Expectation built
 * from the fixtures' JSON or the demo data.
 */
import { expect } from "vitest";
import { normaliseWhitespace as norm, type Expectation, type ExpectedItem } from "./fixture-expectations";
import type { ReadItem, ReadResult } from "../../app/modules/inspection/import/reader";

/** Every expected item, verbatim after whitespace normalisation, in order, with its kind. */
export function expectItems(result: ReadResult, exp: Expectation) {
  expect(result.items.map((i) => ({ text: norm(i.text), kind: i.kind }))).toEqual(
    exp.items.map((i) => ({ text: norm(i.text), kind: i.kind })),
  );
  expect(result.notFound).toBe(exp.items.length === 0);
}

/** Printed numbers, addressees, timescale groups and sub-headings, where the expectation gives them. */
export function expectItemDetails(result: ReadResult, exp: Expectation) {
  const pick = (item: ReadItem | undefined, e: ExpectedItem) => ({
    reference: item?.reference ?? null,
    ...("addressedTo" in e ? { addressedTo: item?.addressedTo ?? null } : {}),
    ...("addressedToText" in e ? { addressedToText: item?.addressedToText ?? null } : {}),
    ...("timescale" in e ? { timescale: item?.timescale ?? null } : {}),
    ...("subheading" in e ? { subheading: item?.subheading ?? null } : {}),
  });
  const expected = exp.items.map((e) => ({
    reference: e.reference,
    ...("addressedTo" in e ? { addressedTo: e.addressedTo } : {}),
    ...("addressedToText" in e ? { addressedToText: e.addressedToText } : {}),
    ...("timescale" in e ? { timescale: e.timescale } : {}),
    ...("subheading" in e ? { subheading: e.subheading } : {}),
  }));
  expect(exp.items.map((e, k) => pick(result.items[k], e))).toEqual(expected);
}

/** Facts every expectation gives, and those compared only where it gives them. */
const FACTS = ["kind", "startDate", "endDate", "publishedAt", "letterDate"] as const;
const FACTS_WHEN_GIVEN = ["variant", "authorityName", "title", "leadInspector"] as const;

/** Kind of document, authority, dates and lead inspector. */
export function expectFacts(result: ReadResult, exp: Expectation) {
  const keys = [...FACTS, ...FACTS_WHEN_GIVEN.filter((k) => exp[k] !== undefined)];
  const facts = (of: Partial<Record<(typeof keys)[number], unknown>>) =>
    Object.fromEntries(keys.map((k) => [k, of[k]]));
  expect(facts(result)).toEqual(facts(exp));
}

/** Judgements: area and grade as printed, in order (and the grade key where the expectation gives one). */
export function expectJudgements(result: ReadResult, exp: Expectation) {
  if (!exp.judgements) return;
  expect(
    result.judgements.map((j, k) => ({
      area: norm(j.area),
      gradeText: norm(j.gradeText),
      ...(exp.judgements?.[k]?.grade ? { grade: j.grade } : {}),
    })),
  ).toEqual(
    exp.judgements.map((j) => ({
      area: norm(j.area),
      gradeText: norm(j.gradeText),
      ...(j.grade ? { grade: j.grade } : {}),
    })),
  );
}

/**
 * Partial documents: what is extracted must be right. Each item equals the
 * expected item at its place, or is flagged as truncated and is the start of
 * it; nothing the JSON keeps aside (restated old areas) becomes an item.
 */
export function expectNothingWrong(result: ReadResult, exp: Expectation) {
  result.items.forEach((item, k) => {
    const expected = exp.items[k];
    expect(expected, `item ${k + 1} "${item.text.slice(0, 60)}…" is not in the document's list`).toBeDefined();
    const got = norm(item.text);
    const want = norm(expected!.text);
    if (got !== want) {
      expect(item.truncated, `item ${k + 1} differs from the document but is not flagged as truncated`).toBe(true);
      expect(want.startsWith(got)).toBe(true);
    }
  });
  for (const decoy of exp.mustNotExtract) {
    expect(result.items.map((i) => norm(i.text))).not.toContain(norm(decoy));
  }
  if (result.items.length === 0) {
    expect(result.notFound).toBe(true);
    expect(result.notFoundReason).toMatch(/^\S.{30,}$/);
  }
}
