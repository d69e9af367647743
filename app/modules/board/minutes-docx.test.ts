import mammoth from "mammoth";
import { text as readText } from "node:stream/consumers";
import yauzl from "yauzl";
import { expect, test } from "vitest";
import type { MinutesData } from "./minutes";
import { decodeEntities } from "../../../tests/helpers/board-pack";
import { minutesDocx, minutesTitle } from "./minutes-docx.server";
import { DECISIONS, DECISION_LABELS, PROPOSAL_REASON_LABELS, type Decision } from "./rules";

// ─── Reading the document back ──────────────────────────────────────────────

/** The named parts of the .docx (a zip), as text. */
async function parts(buffer: Buffer, names: string[]): Promise<Record<string, string>> {
  const zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true });
  const out: Record<string, string> = {};
  try {
    for await (const entry of zip.eachEntry()) {
      if (names.includes(entry.fileName)) out[entry.fileName] = await readText(await zip.openReadStreamPromise(entry));
    }
  } finally {
    zip.close();
  }
  return out;
}

/** The text of every element `tag` in the HTML, in order. */
const all = (html: string, tag: string) =>
  [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g"))].map((m) =>
    decodeEntities(m[1]!.replace(/<[^>]+>/g, "")).trim(),
  );
/** A table's cells (as `all` gives them, row by row) in rows of `width`. */
const rowsOf = (cells: string[], width: number) =>
  Array.from({ length: Math.ceil(cells.length / width) }, (_, i) => cells.slice(i * width, (i + 1) * width));
/** The document's text, with tags as spaces. */
const plain = (html: string) => decodeEntities(html.replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ");

async function read(data: MinutesData) {
  const buffer = await minutesDocx(data);
  const { value: html, messages } = await mammoth.convertToHtml({ buffer });
  const xml = await parts(buffer, ["word/document.xml", "word/styles.xml", "docProps/core.xml"]);
  return {
    buffer,
    html,
    messages,
    text: plain(html),
    document: xml["word/document.xml"]!,
    styles: xml["word/styles.xml"]!,
    core: xml["docProps/core.xml"]!,
  };
}

// ─── Sample minutes ─────────────────────────────────────────────────────────

type Item = MinutesData["items"][number];
const item = (position: number, decision: Decision | null, extra: Partial<Item> = {}): Item => ({
  position,
  inspectionTitle: "Inspection of local authority children's services 2026",
  recommendationReference: `R${position}`,
  recommendationText: `The quality & consistency of supervision <${position}>, so that "plans" are progressed.`,
  actionTitle: `Action ${position}: ${decision ?? "undecided"}`,
  ownerName: "Priya Shah",
  statusAtAgenda: "submitted_for_review",
  ragAtAgenda: "red",
  dueDateAtAgenda: "2026-11-30",
  reasons: ["submitted_for_review", "red", "overdue"],
  decision: decision && {
    decision,
    notes: decision === "escalate" ? "Escalate to the Director of Children's Services" : "",
    challenge: decision === "return" ? "Show the re-audit of 20 case files" : "",
    newDueDate: decision === "extend" ? "2027-03-31" : null,
    extensionReason: decision === "extend" ? "Recruitment of two team managers is delayed" : "",
    decidedBy: "Cllr Jo Evans",
    decidedAt: "2026-12-10T15:30:00Z",
  },
  actionsArising: [],
  ...extra,
});

const SAMPLE: MinutesData = {
  authorityName: "Northshire County Council",
  boardName: "Children's Improvement Board",
  boardKind: "improvement",
  meeting: {
    scheduledAt: "2026-12-10T14:00:00Z",
    location: "Council Chamber, County Hall",
    status: "held",
    minutesApprovedAt: null,
  },
  attendance: [
    { name: "Cllr Jo Evans", organisation: "Northshire County Council", boardRole: "chair", status: "present" },
    {
      name: "Dr Sam Okafor",
      organisation: "Northshire Integrated Care Board",
      boardRole: "member",
      status: "apologies",
    },
    { name: "Chief Supt Lee Grant", organisation: "Northshire Police", boardRole: "observer", status: "absent" },
    { name: "Priya Shah", organisation: null, boardRole: null, status: "present" },
  ],
  items: [
    ...DECISIONS.map((d, i) => item(i + 1, d)),
    item(DECISIONS.length + 1, null, {
      reasons: [],
      ragAtAgenda: null,
      dueDateAtAgenda: null,
      ownerName: null,
      statusAtAgenda: "in_progress",
    }),
  ],
};
SAMPLE.items[1]!.actionsArising = [
  { title: "Re-audit 20 case files", ownerName: "Priya Shah", dueDate: "2027-01-31" },
  { title: "Report on agency staffing", ownerName: null, dueDate: null },
];

const APPROVED: MinutesData = {
  ...SAMPLE,
  meeting: { ...SAMPLE.meeting, status: "minutes_approved", minutesApprovedAt: "2027-01-14T14:00:00Z" },
};

// ─── Tests ──────────────────────────────────────────────────────────────────

test("the minutes open with a real Heading 1 naming the board and the date, in UK form", async () => {
  const doc = await read(SAMPLE);
  expect(minutesTitle(SAMPLE)).toBe("Children's Improvement Board: minutes of the meeting on 10 December 2026");
  expect(all(doc.html, "h1")).toEqual(["Children's Improvement Board: minutes of the meeting on 10 December 2026"]);
  expect(doc.document).toContain('<w:pStyle w:val="Heading1"/>');
  expect(doc.text).toContain("Northshire County Council");
  expect(doc.text).toContain("Improvement board: Children's Improvement Board");
  expect(doc.text).toContain("Place: Council Chamber, County Hall");
  expect(doc.messages).toEqual([]);
});

test("the sections are Heading 2s, and each agenda item is a numbered Heading 3", async () => {
  const doc = await read(SAMPLE);
  expect(all(doc.html, "h2")).toEqual(["Attendance", "Decisions", "Actions arising", "Approval"]);
  expect(all(doc.html, "h3")).toEqual([
    "1. Action 1: accept",
    "2. Action 2: continue",
    "3. Action 3: return",
    "4. Action 4: escalate",
    "5. Action 5: extend",
    "6. Action 6: undecided",
  ]);
});

test("attendance is a table with a repeating header row, and attendance in words", async () => {
  const doc = await read(SAMPLE);
  const attendance = doc.html.slice(doc.html.indexOf("<h2>Attendance</h2>"), doc.html.indexOf("<h2>Decisions</h2>"));
  expect(attendance).toContain("<table>");
  expect(all(attendance, "th")).toEqual(["Name", "Organisation", "Role on the board", "Attendance"]);
  expect(rowsOf(all(attendance, "td"), 4)).toEqual([
    ["Cllr Jo Evans", "Northshire County Council", "Chair", "Present"],
    ["Dr Sam Okafor", "Northshire Integrated Care Board", "Member", "Apologies"],
    ["Chief Supt Lee Grant", "Northshire Police", "Observer", "Absent"],
    ["Priya Shah", "Not given", "Not a board member", "Present"],
  ]);
  // Every table's first row is marked as a header row that repeats on each page.
  const tables = doc.document.match(/<w:tbl>/g)?.length ?? 0;
  expect(tables).toBe(1 + SAMPLE.items.length + 1);
  expect(doc.document.match(/<w:tblHeader\/>/g)?.length).toBe(tables);
  expect((doc.html.match(/<thead>/g) ?? []).length).toBe(tables);
});

test("every decision is minuted in words, with its challenge, new due date and reason", async () => {
  const doc = await read(SAMPLE);
  for (const d of DECISIONS) expect(doc.text).toContain(DECISION_LABELS[d]);
  expect(doc.text).toContain("Challenge Show the re-audit of 20 case files");
  expect(doc.text).toContain("New due date 31 March 2027");
  expect(doc.text).toContain("Reason for the new due date Recruitment of two team managers is delayed");
  expect(doc.text).toContain("Notes Escalate to the Director of Children's Services");
  expect(doc.text).toContain("Recorded By Cllr Jo Evans on 10 December 2026");
  expect(doc.text).toContain("Decision No decision recorded");
  // Only the returned item has a challenge row; only the extended one a new due date.
  expect(doc.text.match(/Challenge /g)?.length).toBe(1);
  expect(doc.text.match(/New due date /g)?.length).toBe(1);
});

test("each item gives the recommendation verbatim and the action as it stood at the agenda", async () => {
  const doc = await read(SAMPLE);
  expect(doc.text).toContain(
    'Inspection of local authority children\'s services 2026, recommendation R1: The quality & consistency of supervision <1>, so that "plans" are progressed.',
  );
  const first = doc.html.slice(doc.html.indexOf("<h3>1."), doc.html.indexOf("<h3>2."));
  const last = doc.html.slice(doc.html.indexOf("<h3>6."), doc.html.indexOf("<h2>Actions arising</h2>"));
  expect(all(first, "th")).toEqual(["Detail", "Record"]);
  // Item 1 (decided) and item 6 (nothing set, undecided) side by side: each detail, then what each shows.
  const details = [
    ["Owner", "Priya Shah", "No owner"],
    ["Status at the agenda", "Submitted for review", "In progress"],
    ["RAG", "Red", "Not set"],
    ["Due date", "30 November 2026", "No due date"],
    [
      "Why it was on the agenda",
      `${PROPOSAL_REASON_LABELS.submitted_for_review}; ${PROPOSAL_REASON_LABELS.red}; ${PROPOSAL_REASON_LABELS.overdue}`,
      "Added by the chair",
    ],
    ["Decision", "Accept as complete", "No decision recorded"],
  ];
  expect(rowsOf(all(first, "td"), 2)).toEqual([
    ...details.map(([detail, one]) => [detail, one]),
    ["Recorded", "By Cllr Jo Evans on 10 December 2026"],
  ]);
  expect(rowsOf(all(last, "td"), 2)).toEqual(details.map(([detail, , six]) => [detail, six]));
});

test("RAG and status are words, never colour alone: the body sets no colours or shading", async () => {
  const doc = await read(SAMPLE);
  expect(doc.document).not.toMatch(/<w:shd\b/);
  expect(doc.document).not.toMatch(/<w:color\b/);
  expect(doc.document).not.toMatch(/<w:highlight\b/);
});

test("actions arising are a table with a header row; none is said in words", async () => {
  const doc = await read(SAMPLE);
  const arising = doc.html.slice(doc.html.indexOf("<h2>Actions arising</h2>"), doc.html.indexOf("<h2>Approval</h2>"));
  expect(all(arising, "th")).toEqual(["Action", "Owner", "Due date", "Arising from agenda item"]);
  expect(rowsOf(all(arising, "td"), 4)).toEqual([
    ["Re-audit 20 case files", "Priya Shah", "31 January 2027", "2. Action 2: continue"],
    ["Report on agency staffing", "No owner", "No due date", "2. Action 2: continue"],
  ]);

  const none = await read({ ...SAMPLE, items: SAMPLE.items.map((i) => ({ ...i, actionsArising: [] })) });
  const noneSection = none.html.slice(
    none.html.indexOf("<h2>Actions arising</h2>"),
    none.html.indexOf("<h2>Approval</h2>"),
  );
  expect(noneSection).not.toContain("<table>");
  expect(noneSection).toContain("No new actions arose at this meeting.");
});

test("draft minutes say so; approved minutes give the approval date", async () => {
  const draft = await read(SAMPLE);
  expect(draft.html).toContain("<h2>Approval</h2><p>Draft: not yet approved</p>");
  expect(draft.text).toContain("Draft minutes: not yet approved");
  expect(draft.core).toContain("(draft)");

  const approved = await read(APPROVED);
  expect(approved.html).toContain("<h2>Approval</h2><p>Approved at the meeting on 14 January 2027</p>");
  expect(approved.text).not.toContain("Draft");
  expect(approved.core).not.toContain("(draft)");

  // Approved without a recorded date still says approved, never "draft".
  const undated = await read({ ...APPROVED, meeting: { ...APPROVED.meeting, minutesApprovedAt: null } });
  expect(undated.html).toContain("<h2>Approval</h2><p>Approved at a later meeting</p>");
  // Planned or published meetings are drafts whatever date is passed.
  const published = await read({
    ...SAMPLE,
    meeting: { ...SAMPLE.meeting, status: "agenda_published", minutesApprovedAt: "2027-01-14T14:00:00Z" },
  });
  expect(published.html).toContain("<p>Draft: not yet approved</p>");
});

test("the document has a title, a creator and British English as its language", async () => {
  const doc = await read(SAMPLE);
  expect(doc.core).toContain(
    "<dc:title>Children&apos;s Improvement Board: minutes of the meeting on 10 December 2026</dc:title>",
  );
  expect(doc.core).toContain("<dc:creator>Improvement Board</dc:creator>");
  expect(doc.styles).toMatch(/<w:docDefaults>[\s\S]*<w:lang w:val="en-GB"\/>[\s\S]*<\/w:docDefaults>/);
});

test("empty minutes still have every section, each saying there is nothing", async () => {
  const doc = await read({ ...SAMPLE, attendance: [], items: [] });
  expect(all(doc.html, "h2")).toEqual(["Attendance", "Decisions", "Actions arising", "Approval"]);
  expect(doc.html).not.toContain("<table>");
  expect(doc.text).toContain("No attendance was recorded.");
  expect(doc.text).toContain("There were no items on the agenda.");
  expect(doc.text).toContain("No new actions arose at this meeting.");
});

test("the result is a Word file (a zip)", async () => {
  const { buffer } = await read(SAMPLE);
  expect(buffer).toBeInstanceOf(Buffer);
  expect(buffer.subarray(0, 2).toString("latin1")).toBe("PK");
});
