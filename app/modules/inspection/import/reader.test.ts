/**
 * The report reader on real documents, from their text: the 17 complete
 * Ofsted fixtures, the 4 partial ones, and the seed documents behind the demo
 * data. (reader.pdf.test.ts runs the same checks from the PDFs.)
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import {
  expectFacts,
  expectItemDetails,
  expectItems,
  expectJudgements,
  expectNothingWrong,
} from "../../../../tests/helpers/fixture-assertions";
import {
  normaliseWhitespace as norm,
  ofstedExpectations,
  SEEDS_DIR,
  seedExpectations,
  type Expectation,
} from "../../../../tests/helpers/fixture-expectations";
import { readReport, type ReadResult } from "./reader";

const ofsted = ofstedExpectations();
const complete: Expectation[] = [...ofsted.filter((e) => e.complete), ...seedExpectations()];
const partial = ofsted.filter((e) => !e.complete);

const cache = new Map<string, ReadResult>();
function read(exp: Expectation): ReadResult {
  let r = cache.get(exp.textPath);
  if (!r) {
    r = readReport(readFileSync(exp.textPath, "utf8"));
    cache.set(exp.textPath, r);
  }
  return r;
}

describe("complete documents, from their text", () => {
  test("there are 17 complete Ofsted fixtures and 4 seed inspections", () => {
    expect(ofsted.filter((e) => e.complete)).toHaveLength(17);
    expect(complete).toHaveLength(21);
  });

  test.each(complete)("$name: every item is read verbatim, in order, with its kind", (exp) => {
    expectItems(read(exp), exp);
  });

  test.each(complete)("$name: printed numbers, addressees, timescales and sub-headings", (exp) => {
    expectItemDetails(read(exp), exp);
  });

  test.each(complete)("$name: kind of document, authority, dates and lead inspector", (exp) => {
    expectFacts(read(exp), exp);
  });

  test.each(complete)("$name: judgements with their grades as printed", (exp) => {
    expectJudgements(read(exp), exp);
  });

  test.each(complete)("$name: no item is marked truncated and the text is not reported as cut off", (exp) => {
    const r = read(exp);
    expect(r.truncated).toBe(false);
    expect(r.partial).toBe(false);
    expect(r.items.filter((i) => i.truncated)).toEqual([]);
  });
});

describe("partial documents (cut off after about 2,000 characters)", () => {
  test.each(partial)("$name: nothing wrong is extracted and the cut is reported", (exp) => {
    const r = read(exp);
    expectNothingWrong(r, exp);
    expect(r.truncated).toBe(true);
  });

  test.each(partial)("$name: kind of document and dates", (exp) => {
    const r = read(exp);
    expect({ kind: r.kind, variant: r.variant, startDate: r.startDate, endDate: r.endDate }).toEqual({
      kind: exp.kind,
      variant: exp.variant ?? exp.kind,
      startDate: exp.startDate,
      endDate: exp.endDate,
    });
  });
});

describe("expectations stay in step with the fixtures' JSON", () => {
  test.each(ofsted)("$name: the hand-written dates repeat the JSON's inspection dates", (exp) => {
    expect(exp.printedDates).toBe(exp.json.inspection_dates);
  });

  test.each(ofsted.filter((e) => e.letterDate))(
    "$name: the letter date is the JSON's publication or letter date",
    (exp) => {
      const [y, m, d] = exp.letterDate!.split("-").map(Number);
      const printed = `${d} ${new Date(Date.UTC(y!, m! - 1, d)).toLocaleString("en-GB", { month: "long", timeZone: "UTC" })} ${y}`;
      expect(exp.json.published).toContain(printed);
    },
  );

  test.each(ofsted.filter((e) => e.publishedAt))("$name: the printed publication date is the JSON's", (exp) => {
    const [y, m, d] = exp.publishedAt!.split("-").map(Number);
    const printed = `${d} ${new Date(Date.UTC(y!, m! - 1, d)).toLocaleString("en-GB", { month: "long", timeZone: "UTC" })} ${y}`;
    expect(exp.json.published).toBe(printed);
  });
});

describe("layout quirks named in the fixtures' README", () => {
  const byName = (prefix: string) => read(ofsted.find((e) => e.name.startsWith(prefix))!);

  test("a SIF's body paragraphs marked (Recommendation) are reported separately and are not items", () => {
    const r = byName("07_");
    const text = readFileSync(ofsted.find((e) => e.name.startsWith("07_"))!.textPath, "utf8");
    const markers = text.match(/\(Recommendations?\)/g) ?? [];
    expect(r.bodyRecommendations).toHaveLength(markers.length);
    expect(r.bodyRecommendations[0]).toEqual({
      reference: "20",
      text: expect.stringMatching(
        /^The local authority is aware of the deficiencies in practice in the MASH.*clearer guidance to staff\.$/,
      ),
    });
    const items = new Set(r.items.map((i) => norm(i.text)));
    for (const b of r.bodyRecommendations) expect(items.has(norm(b.text))).toBe(false);
  });

  test("“There are no priority actions following this focused visit.” gives no priority items, and the other list is still read", () => {
    const r = byName("09_");
    expect(r.items.filter((i) => i.kind === "area_for_priority_action")).toEqual([]);
    expect(r.items).toHaveLength(4);
  });

  test("a SEND priority table keeps its sub-bullets on new lines and names the responsible body", () => {
    const item = byName("13_").items[1]!;
    expect(item.text).toContain("they should urgently improve:\n• children’s access to support");
    expect(item.addressedTo).toBe("partnership");
  });

  test("items of a 2009 progress inspection are addressed to the body each one names", () => {
    const r = byName("17_");
    expect(r.items.map((i) => i.addressedTo)).toEqual([
      "partnership", // The council and its partners
      "partnership",
      "lscb", // The Haringey Safeguarding Children Board
      "police", // The Metropolitan Police Service
      "council", // The council’s children’s services
      "council",
      "council",
      "council",
      "partnership", // The Children’s Trust
      "council",
      "health", // The NHS provider trusts
    ]);
  });

  test("a JTAI letter's year-less dates take the year of the letter, with a warning", () => {
    const r = byName("15_");
    expect([r.startDate, r.endDate]).toEqual(["2016-06-20", "2016-06-24"]);
    expect(r.warnings.join(" ")).toMatch(/without a year/);
  });

  test("a monitoring visit restating old areas of concern gives no new items, and says why", () => {
    const r = byName("19_");
    expect(r.items).toEqual([]);
    expect(r.notFoundReason).toMatch(/cut off|monitoring visit/i);
  });

  test("a council scrutiny report (seed 001) is recognised and no items are guessed", () => {
    const r = readReport(readFileSync(path.join(SEEDS_DIR, "001_b5165465b8a6cf02.txt"), "utf8"));
    expect({ kind: r.kind, variant: r.variant, notFound: r.notFound, items: r.items }).toEqual({
      kind: "other",
      variant: "board_report",
      notFound: true,
      items: [],
    });
    expect(r.notFoundReason).toMatch(/not an Ofsted report/);
  });

  test("the lost bullet in the Leeds 2011 letter gives a separate item marked as uncertain", () => {
    const r = read(complete.find((e) => e.name.includes("leeds-unannounced"))!);
    expect(r.items.map((i) => i.confidence)).toEqual(["high", "high", "high", "low"]);
    expect(r.items[3]!.reason).toMatch(/bullet/i);
  });

  test("each item points at its lines in the source text", () => {
    const exp = ofsted.find((e) => e.name.startsWith("02_"))!;
    const lines = readFileSync(exp.textPath, "utf8").replace(/\f/g, "\n").split("\n");
    const item = read(exp).items[10]!;
    expect(lines[item.sourceLines.first]).toMatch(/^◼ The work with care leavers/);
    expect(lines[item.sourceLines.last]).toBe("their health histories and their understanding of the local offer.");
  });
});
