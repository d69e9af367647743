/**
 * The Word and PDF summaries, generated from one hand-built SummaryData
 * (LEEDS_SUMMARY, tests/helpers/board-pack.ts) and
 * read back (Word through mammoth, PDF through pdf.js via unpdf): structure,
 * every text the board needs, restricted evidence only as a count, alt text
 * on the charts, and the exception report keeping only the exceptions.
 */
import mammoth from "mammoth";
import { extractText, getDocumentProxy, getMeta } from "unpdf";
import { expect, test } from "vitest";
import { summaryDocx } from "./summary-docx.server";
import { summaryPdf } from "./summary-pdf.server";
import { NARRATIVE_LABELS, NARRATIVE_SECTIONS, exceptionsOf, type SummaryData } from "./summary";
import { CHALLENGE, LEEDS_ACTIONS, LEEDS_SUMMARY as DATA, decodeEntities } from "../../../tests/helpers/board-pack";

const { recruit, audit, frontDoor, policy, placements, training } = LEEDS_ACTIONS;

/** The title of a restricted item: held by the action, never in SummaryData, so it must appear nowhere. */
const RESTRICTED_TITLE = "Child A case file";

const ALL_ACTIONS = DATA.inspections.flatMap((i) => i.recommendations.flatMap((r) => r.actions));
const ALL_EVIDENCE_TITLES = new Set(ALL_ACTIONS.flatMap((a) => a.evidence.map((e) => e.title)));

const squash = (s: string) => s.replace(/\s+/g, " ").trim();
const tagTexts = (html: string, tag: string) =>
  [...html.matchAll(new RegExp(`<${tag}[^>]*>(.*?)</${tag}>`, "g"))].map((m) =>
    decodeEntities(m[1]!.replace(/<[^>]+>/g, "")),
  );

async function docxHtml(data: SummaryData) {
  const buffer = await summaryDocx(data);
  const { value, messages } = await mammoth.convertToHtml({ buffer });
  return { html: value, text: decodeEntities(value.replace(/<[^>]+>/g, " ")), messages, buffer };
}

async function pdfText(data: SummaryData) {
  const buffer = await summaryPdf(data);
  const pdf = await getDocumentProxy(new Uint8Array(buffer));
  const { totalPages, text } = await extractText(pdf, { mergePages: true });
  const meta = await getMeta(pdf);
  return { text: squash(text), totalPages, info: meta.info as Record<string, unknown>, buffer };
}

test("the Word summary has the title, headings and a headlines table with header cells", async () => {
  const { html, messages } = await docxHtml(DATA);
  expect(messages.filter((m) => m.type === "error")).toEqual([]);
  expect(tagTexts(html, "h1")).toEqual(["Scrutiny summary: Children’s Improvement Board"]);
  const h2 = tagTexts(html, "h2");
  expect(h2).toEqual(["Headlines", ...NARRATIVE_SECTIONS.map((s) => NARRATIVE_LABELS[s]), "The plan"]);
  expect(tagTexts(html, "h3")).toEqual(expect.arrayContaining(DATA.inspections.map((i) => i.title)));
  expect(tagTexts(html, "h4")).toEqual(["Recommendation 1", "Recommendation 2", "JTAI 1"]);
  const th = tagTexts(html, "th");
  expect(th).toEqual(
    expect.arrayContaining([
      "Measure",
      "Number",
      "Action",
      "Owner and lead service",
      "Status",
      "RAG and reason",
      "Evidence",
      "Board's last decision",
      "Changes since last time",
    ]),
  );
  expect(html).toContain("As at 1 May 2026; compared with the meeting on 1 March 2026 (1 March 2026)");
});

test("the Word summary shows every action, recommendation, count and narrative in words", async () => {
  const { text } = await docxHtml(DATA);
  for (const a of ALL_ACTIONS) expect(text).toContain(a.title);
  for (const r of DATA.inspections.flatMap((i) => i.recommendations)) {
    expect(text).toContain(r.reference);
    expect(text).toContain(r.text);
  }
  for (const said of [
    `Challenge: ${CHALLENGE}`,
    "Returned for more work, Children’s Improvement Board, 15 April 2026",
    "Restricted evidence held: 2 items",
    "Recruitment tracker, April 2026 (Accepted)",
    "Agency reduction plan (Challenged)",
    "RAG: Amber → Red",
    "Red: Two offers withdrawn; agency cover costs £48,000 a quarter",
    "Submitted for review",
    "31 March 2026",
    "Overdue",
    "No owner",
    "We have “turned the curve”: over £4m of partner investment supports cluster working.",
    "report the audit’s findings to partners",
    "Not written yet",
  ])
    expect(text).toContain(said);
  expect(text).toMatch(/RAG: Amber\s+2/);
  expect(text).toMatch(/Completed since the meeting on 1 March 2026\s+1/);
});

test("the Word summary names no restricted evidence and no evidence outside the data", async () => {
  const { html, text, buffer } = await docxHtml(DATA);
  expect(text).not.toContain(RESTRICTED_TITLE);
  expect(buffer.includes(Buffer.from(RESTRICTED_TITLE))).toBe(false);
  // Each evidence item is its own line (paragraph) in the Evidence cell.
  const named = tagTexts(html, "p").flatMap(
    (p) => /^(.+) \((?:Accepted|Challenged|Awaiting review)\)$/.exec(p)?.[1] ?? [],
  );
  expect(named).toEqual(["Recruitment tracker, April 2026", "Agency reduction plan", "Audit summary report"]);
  for (const title of named) expect(ALL_EVIDENCE_TITLES.has(title), title).toBe(true);
});

test("the Word summary's charts are images with alt text", async () => {
  const { html } = await docxHtml(DATA);
  const alts = [...html.matchAll(/<img [^>]*alt="([^"]*)"/g)].map((m) => decodeEntities(m[1]!));
  expect(alts).toEqual([
    "RAG mix of 6 actions: 1 red, 2 amber, 2 green, 1 not set.",
    "Actions completed over time: 0 of 4 in Jun 2025, 2 of 6 in Apr 2026.",
  ]);
  expect((html.match(/<img /g) ?? []).length).toBe(2);
});

test("the PDF summary has the same texts, a title and page numbers", async () => {
  const { text, totalPages, info } = await pdfText(DATA);
  expect(totalPages).toBeGreaterThanOrEqual(1);
  expect(info.Title).toBe("Scrutiny summary: Children’s Improvement Board");
  expect(info.Author).toBe("Improvement Board");
  expect(text).toContain("Scrutiny summary: Children’s Improvement Board");
  for (const heading of ["Headlines", ...NARRATIVE_SECTIONS.map((s) => NARRATIVE_LABELS[s]), "The plan"])
    expect(text).toContain(heading);
  for (const a of ALL_ACTIONS) expect(text).toContain(squash(a.title));
  for (const r of DATA.inspections.flatMap((i) => i.recommendations)) {
    expect(text).toContain(r.reference);
    expect(text).toContain(squash(r.text));
  }
  for (const said of [
    squash(`Challenge: ${CHALLENGE}`),
    "Restricted evidence held: 2 items",
    "Recruitment tracker, April 2026 (Accepted)",
    "RAG: Amber → Red",
    "We have “turned the curve”: over £4m of partner investment supports cluster working.",
  ])
    expect(text).toContain(said);
  expect(text).toMatch(/RAG: Amber 2/);
  expect(text).toMatch(/Overdue 1/);
  expect(text).toContain(`Page 1 of ${totalPages}`);
  expect(text).not.toContain(RESTRICTED_TITLE);
});

test("the PDF summary is tagged, in English (UK), with the title displayed", async () => {
  const { buffer } = await pdfText(DATA);
  const raw = buffer.toString("latin1");
  expect(raw).toContain("/Lang (en-GB)");
  expect(raw).toContain("/MarkInfo ");
  expect(raw).toContain("/Marked true");
  expect(raw).toContain("/StructTreeRoot");
  expect(raw).toMatch(/\/DisplayDocTitle true/);
  for (const tag of ["/H1", "/H2", "/H4", "/Table", "/TH", "/TD", "/Figure"]) expect(raw).toContain(`/S ${tag}`);
});

test("the exception report keeps only red, overdue, blocked and returned actions", async () => {
  const exceptions = exceptionsOf(DATA);
  const { html, text } = await docxHtml(exceptions);
  expect(tagTexts(html, "h1")).toEqual(["Exception report: Children’s Improvement Board"]);
  expect(text).toContain("lists only the actions that are red, overdue, blocked or returned");
  for (const kept of [recruit, audit, placements]) expect(text).toContain(kept.title);
  for (const dropped of [training, frontDoor, policy]) expect(text).not.toContain(dropped.title);
  // The JTAI's actions are neither red, overdue, blocked nor returned, so the inspection drops out.
  expect(text).not.toContain("JTAI 1");
  // The headline figures still cover the whole scope.
  expect(text).toMatch(/Actions\s+6/);

  // Each says why it is one.
  const why = [
    [recruit, "Why it is an exception: red, overdue"],
    [audit, "Why it is an exception: returned by the board"],
    [placements, "Why it is an exception: blocked"],
  ] as const;
  for (const [a, line] of why) expect(squash(text)).toContain(`${squash(a.title)} ${line}`);
  // The summary (every action) gives no reasons.
  expect((await docxHtml(DATA)).text).not.toContain("Why it is an exception");

  const pdf = await pdfText(exceptions);
  expect(pdf.text).toContain(squash(placements.title));
  expect(pdf.text).not.toContain(squash(training.title));
  for (const [, line] of why) expect(pdf.text).toContain(line);
});

test("an empty exception report says there are no exceptions", async () => {
  const empty = exceptionsOf({ ...DATA, inspections: DATA.inspections.slice(1) });
  const { text } = await docxHtml(empty);
  expect(text).toContain("There are no exceptions");
  const pdf = await pdfText(empty);
  expect(pdf.text).toContain("There are no exceptions");
});
