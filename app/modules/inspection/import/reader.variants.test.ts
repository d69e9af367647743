/**
 * The same reports with surface changes a user's copy may have (other bullet
 * glyphs, no page breaks, Windows line ends, other heading capitalisation,
 * straight quotes, stray spaces) must give the same items. This checks that
 * the rules follow the reports' structure rather than one file's exact bytes.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  normaliseWhitespace as norm,
  ofstedExpectations,
  seedExpectations,
  type Expectation,
} from "../../../../tests/helpers/fixture-expectations";
import { readReport } from "./reader";

const docs = [...ofstedExpectations().filter((e) => e.complete), ...seedExpectations()].map((e) => ({
  ...e,
  text: readFileSync(e.textPath, "utf8"),
}));

type Variant = { name: string; text: (t: string) => string; items?: (s: string) => string };

const variants: Variant[] = [
  { name: "Windows line ends", text: (t) => t.replace(/\n/g, "\r\n") },
  {
    name: "no page breaks (text copied out of a PDF viewer, headers and footers kept)",
    text: (t) => t.replace(/\f/g, ""),
  },
  { name: "◼ bullets written as •", text: (t) => t.replace(/◼/g, "•") },
  { name: "◼ bullets written as ● with a tab", text: (t) => t.replace(/◼ /g, "●\t") },
  { name: "Wingdings bullets written as ▪", text: (t) => t.replace(/[\uF06E\uF0A7]/g, "▪") },
  {
    name: "headings in title case",
    text: (t) =>
      t
        .replace(/^What needs to improve/gm, "What Needs To Improve")
        .replace(/^Areas for priority action/gm, "Areas For Priority Action"),
  },
  { name: "trailing spaces and tabs on every line", text: (t) => t.replace(/\n/g, " \t\n") },
  {
    name: "curly quotes and apostrophes made straight (items too)",
    text: (t) => t.replace(/[‘’]/g, "'").replace(/[“”]/g, '"'),
    items: (s) => s.replace(/[‘’]/g, "'").replace(/[“”]/g, '"'),
  },
  { name: "non-breaking spaces between words", text: (t) => t.replace(/ the /g, "\u00a0the\u00a0"), items: (s) => s },
];

const itemsOf = (exp: Expectation, map: (s: string) => string) =>
  exp.items.map((i) => ({ text: norm(map(i.text)), kind: i.kind }));

describe.each(variants)("$name", (variant) => {
  test.each(docs)("$name gives the same items", (doc) => {
    const result = readReport(variant.text(doc.text));
    expect(result.items.map((i) => ({ text: norm(i.text), kind: i.kind }))).toEqual(
      itemsOf(doc, variant.items ?? ((s) => s)),
    );
  });
});
