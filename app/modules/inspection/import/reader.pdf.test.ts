/**
 * The report reader on the 17 complete Ofsted fixtures read from their PDFs
 * (PDF → text with pdf.js → reader): the same checks as from the text.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  expectFacts,
  expectItemDetails,
  expectItems,
  expectJudgements,
} from "../../../../tests/helpers/fixture-assertions";
import { ofstedExpectations } from "../../../../tests/helpers/fixture-expectations";
import { closePdfReader, extractPdfText } from "./pdf-text.server";
import { readReport, type ReadResult } from "./reader";

const withPdf = ofstedExpectations().filter((e) => e.pdfPath);
const results = new Map<string, ReadResult>();

beforeAll(async () => {
  for (const exp of withPdf) {
    const pdf = await extractPdfText(readFileSync(exp.pdfPath!));
    if (!pdf.ok) throw new Error(`${exp.name}: ${pdf.error.code} ${pdf.error.message}`);
    results.set(exp.name, readReport(pdf.text));
  }
}, 120_000);
afterAll(() => closePdfReader());

const read = (name: string) => results.get(name)!;

describe("complete documents, from their PDF", () => {
  test("all 17 complete Ofsted fixtures have a PDF", () => {
    expect(withPdf).toHaveLength(17);
  });

  test.each(withPdf)("$name: every item is read verbatim, in order, with its kind", (exp) => {
    expectItems(read(exp.name), exp);
  });

  test.each(withPdf)("$name: printed numbers, addressees, timescales and sub-headings", (exp) => {
    expectItemDetails(read(exp.name), exp);
  });

  test.each(withPdf)("$name: kind of document, authority, dates and lead inspector", (exp) => {
    expectFacts(read(exp.name), exp);
  });

  test.each(withPdf)("$name: judgements with their grades as printed", (exp) => {
    expectJudgements(read(exp.name), exp);
  });

  test.each(withPdf)("$name: the same body recommendations as from the text", (exp) => {
    const fromText = readReport(readFileSync(exp.textPath, "utf8"));
    expect(read(exp.name).bodyRecommendations.map((b) => b.reference)).toEqual(
      fromText.bodyRecommendations.map((b) => b.reference),
    );
  });
});
