/**
 * The Word and PDF summaries, generated from one hand-built SummaryData and
 * read back (Word through mammoth, PDF through pdf.js via unpdf): structure,
 * every text the board needs, restricted evidence only as a count, alt text
 * on the charts, and the exception report keeping only the exceptions.
 */
import mammoth from "mammoth";
import { extractText, getDocumentProxy, getMeta } from "unpdf";
import { expect, test } from "vitest";
import { summaryDocx } from "./summary-docx.server";
import { summaryPdf } from "./summary-pdf.server";
import { NARRATIVE_LABELS, NARRATIVE_SECTIONS, exceptionsOf, type SummaryAction, type SummaryData } from "./summary";
import { LEEDS_BOARD_PACK, decodeEntities, itemsByStatus } from "../../../tests/helpers/board-pack";

/** The title of a restricted item: held by the action, never in SummaryData, so it must appear nowhere. */
const RESTRICTED_TITLE = "Child A case file";

const CHALLENGE =
  "Show the audit’s findings for disabled children, not just the sample totals – the board wants “real” cases.";

function action(a: Partial<SummaryAction> & Pick<SummaryAction, "id" | "title" | "status">): SummaryAction {
  return {
    ownerName: "Priya Shah",
    leadService: "Children’s Social Work Service",
    dueDate: "2026-09-30",
    rag: null,
    ragReason: null,
    overdue: false,
    latestUpdate: null,
    evidence: [],
    restrictedEvidence: 0,
    lastDecision: null,
    changes: [],
    ...a,
  };
}

const recruit = action({
  id: "a1",
  title: "Recruit 12 permanent social workers to the Front Door",
  status: "in_progress",
  rag: "red",
  ragReason: "Two offers withdrawn; agency cover costs £48,000 a quarter",
  dueDate: "2026-03-31",
  overdue: true,
  latestUpdate: { body: "Seven of twelve posts filled; the next recruitment day is 14 May.", at: "2026-04-20" },
  evidence: [
    { title: "Recruitment tracker, April 2026", state: "accepted" },
    { title: "Agency reduction plan", state: "challenged" },
  ],
  restrictedEvidence: 2,
  changes: ["RAG: Amber → Red", "Due date: 31 January 2026 → 31 March 2026"],
});
const audit = action({
  id: "a2",
  title: "Audit 50 child protection plans for the voice of the child",
  status: "submitted_for_review",
  rag: "amber",
  ragReason: "Audit done; findings not yet shared with partners",
  ownerName: null,
  leadService: "Quality Assurance",
  latestUpdate: { body: "Audit complete: 38 of 50 plans “good” or better.", at: "2026-04-28" },
  evidence: [{ title: "Audit summary report", state: "awaiting_review" }],
  lastDecision: {
    decision: "return",
    label: "Returned for more work",
    challenge: CHALLENGE,
    boardName: "Children’s Improvement Board",
    date: "2026-04-15",
  },
  changes: ["Status: In progress → Submitted for review"],
});
const frontDoor = action({
  id: "a3",
  title: "Launch the Family Help front door with health partners",
  status: "complete",
  rag: "green",
  lastDecision: {
    decision: "accept",
    label: "Accepted as complete",
    challenge: "",
    boardName: "Children’s Improvement Board",
    date: "2026-04-15",
  },
  changes: ["Status: Submitted for review → Complete"],
});
const policy = action({
  id: "a4",
  title: "Publish the revised supervision policy",
  status: "closed",
  rag: null,
  dueDate: null,
});
const placements = action({
  id: "a5",
  title: "Open two new in-house children’s homes",
  status: "blocked",
  rag: "amber",
  ragReason: "Waiting for the planning decision on the second site",
  dueDate: "2026-12-31",
});
const training = action({
  id: "a6",
  title: "Train all team managers in ‘Signs of Safety’ supervision",
  status: "not_started",
  rag: "green",
  ragReason: "Trainer booked for June",
  dueDate: "2026-10-31",
});

const DATA: SummaryData = {
  ...LEEDS_BOARD_PACK,
  counts: {
    recommendations: 3,
    recommendationsByStatus: itemsByStatus({ in_progress: 1, blocked: 1, complete: 1 }),
    recommendationsByRag: { red: 1, amber: 0, green: 0, none: 0 },
    actions: 6,
    byStatus: { not_started: 1, in_progress: 1, submitted_for_review: 1, complete: 1, closed: 1, blocked: 1 },
    byRag: { red: 1, amber: 2, green: 2, none: 1 },
    overdue: 1,
    completedSince: 1,
  },
  progress: [
    { month: "Jun 2025", completed: 0, total: 4 },
    { month: "Sep 2025", completed: 0, total: 5 },
    { month: "Dec 2025", completed: 1, total: 6 },
    { month: "Mar 2026", completed: 1, total: 6 },
    { month: "Apr 2026", completed: 2, total: 6 },
  ],
  narrative: {
    baseline:
      "The number of children looked after has been stable at 76 per 10,000 for three years.\nWe have “turned the curve”: over £4m of partner investment supports cluster working.",
    next: "We will fill the remaining five posts by July and report the audit’s findings to partners.",
    barriers: "",
  },
  inspections: [
    {
      id: "i1",
      title: "Inspection of children’s social care services (ILACS), 2025",
      recommendations: [
        {
          id: "r1",
          reference: "Recommendation 1",
          text: "The stability and capacity of the social work workforce at the Front Door.",
          actions: [recruit, audit],
        },
        {
          id: "r2",
          reference: "Recommendation 2",
          text: "The sufficiency of local homes for children in care, so that fewer live far from home.",
          actions: [frontDoor, placements],
        },
      ],
    },
    {
      id: "i2",
      title: "Joint targeted area inspection (JTAI), 2026",
      recommendations: [
        {
          id: "r3",
          reference: "JTAI 1",
          text: "Managers’ oversight of “drift and delay” in plans for disabled children.",
          actions: [policy, training],
        },
      ],
    },
  ],
};

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
  expect(text).toContain(`Challenge: ${CHALLENGE}`);
  expect(text).toContain("Returned for more work, Children’s Improvement Board, 15 April 2026");
  expect(text).toContain("Restricted evidence held: 2 items");
  expect(text).toContain("Recruitment tracker, April 2026 (Accepted)");
  expect(text).toContain("Agency reduction plan (Challenged)");
  expect(text).toContain("RAG: Amber → Red");
  expect(text).toContain("Red: Two offers withdrawn; agency cover costs £48,000 a quarter");
  expect(text).toContain("Submitted for review");
  expect(text).toContain("31 March 2026");
  expect(text).toContain("Overdue");
  expect(text).toContain("No owner");
  expect(text).toContain("We have “turned the curve”: over £4m of partner investment supports cluster working.");
  expect(text).toContain("report the audit’s findings to partners");
  expect(text).toContain("Not written yet");
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
  expect(text).toContain(squash(`Challenge: ${CHALLENGE}`));
  expect(text).toContain("Restricted evidence held: 2 items");
  expect(text).toContain("Recruitment tracker, April 2026 (Accepted)");
  expect(text).toContain("RAG: Amber → Red");
  expect(text).toContain("We have “turned the curve”: over £4m of partner investment supports cluster working.");
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

  const pdf = await pdfText(exceptions);
  expect(pdf.text).toContain(squash(placements.title));
  expect(pdf.text).not.toContain(squash(training.title));
});

test("an empty exception report says there are no exceptions", async () => {
  const empty = exceptionsOf({ ...DATA, inspections: DATA.inspections.slice(1) });
  const { text } = await docxHtml(empty);
  expect(text).toContain("There are no exceptions");
  const pdf = await pdfText(empty);
  expect(pdf.text).toContain("There are no exceptions");
});
