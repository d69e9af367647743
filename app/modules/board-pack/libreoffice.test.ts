/**
 * The Word documents open in LibreOffice (Debian's headless Writer, installed
 * by .ci/run), and their headings and tables come through: each is converted
 * to PDF with `soffice --headless --convert-to pdf` and the PDF's text is read
 * back. Never skipped: without soffice the test fails and says how to get it.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, expect, test } from "vitest";
import { minutesDocx } from "~/modules/board/minutes-docx.server";
import type { MinutesData } from "~/modules/board/minutes";
import { summaryDocx } from "./summary-docx.server";
import type { SummaryData } from "./summary";
import { itemsByStatus } from "../../../tests/helpers/board-pack";

const run = promisify(execFile);
const dir = mkdtempSync(path.join(os.tmpdir(), "ib-lo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function throughLibreOffice(name: string, docx: Buffer): Promise<string> {
  const soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((p) => existsSync(p));
  expect(
    soffice,
    "LibreOffice is needed: sudo apt-get install -y libreoffice-writer-nogui (.ci/run does this)",
  ).toBeTruthy();
  const file = path.join(dir, `${name}.docx`);
  writeFileSync(file, docx);
  await run(
    soffice!,
    [`-env:UserInstallation=file://${dir}/profile`, "--headless", "--convert-to", "pdf", "--outdir", dir, file],
    { timeout: 120_000 },
  );
  const pdf = await getDocumentProxy(new Uint8Array(readFileSync(path.join(dir, `${name}.pdf`))));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, " ");
}

const summary: SummaryData = {
  kind: "summary",
  authorityName: "Leeds City Council",
  scopeName: "Children's Improvement Board",
  scope: { boardId: "b1", inspectionId: null },
  asAt: "2026-11-20",
  comparedWith: { date: "2026-10-08", label: "the Children's Improvement Board meeting of 8 October 2026" },
  generatedAt: "2026-11-20T10:00:00.000Z",
  counts: {
    recommendations: 1,
    recommendationsByStatus: itemsByStatus({ in_progress: 1 }),
    recommendationsByRag: { red: 1, amber: 0, green: 0, none: 0 },
    actions: 2,
    byStatus: { not_started: 0, in_progress: 1, submitted_for_review: 0, complete: 1, closed: 0, blocked: 0 },
    byRag: { red: 1, amber: 0, green: 1, none: 0 },
    overdue: 1,
    completedSince: 1,
  },
  progress: [
    { month: "Oct 2026", completed: 0, total: 2 },
    { month: "Nov 2026", completed: 1, total: 2 },
  ],
  narrative: {
    baseline: "Health partners rarely attended strategy discussions in 2018.",
    next: "Agree an on-call rota with the trusts.",
    barriers: "Out-of-hours cover.",
  },
  inspections: [
    {
      id: "i1",
      title: "Leeds ILACS 2018",
      recommendations: [
        {
          id: "r1",
          reference: "Area 1",
          text: "The consistency of health agencies' attendance at strategy discussions.",
          actions: [
            {
              id: "a1",
              title: "Health representation at every strategy discussion",
              ownerName: "Pat Partner",
              leadService: "Front door",
              dueDate: "2026-10-31",
              status: "in_progress",
              rag: "red",
              ragReason: "Attendance 78% in October",
              overdue: true,
              latestUpdate: {
                body: "Proposal for an on-call arrangement goes to the trusts.",
                at: "2026-11-02T10:00:00.000Z",
              },
              evidence: [{ title: "Attendance audit Q3", state: "accepted" }],
              restrictedEvidence: 1,
              lastDecision: {
                decision: "return",
                label: "Return with challenge",
                challenge: "Show attendance by trust.",
                boardName: "Children's Improvement Board",
                date: "2026-10-08",
              },
              changes: ["RAG: Amber → Red"],
            },
            {
              id: "a2",
              title: "Publish the care leavers' offer",
              ownerName: "Owen Owner",
              leadService: "Leaving care",
              dueDate: "2026-10-31",
              status: "complete",
              rag: "green",
              ragReason: null,
              overdue: false,
              latestUpdate: null,
              evidence: [],
              restrictedEvidence: 0,
              lastDecision: null,
              changes: ["Status: In progress → Complete"],
            },
          ],
        },
      ],
    },
  ],
};

test(
  "the summary's Word document opens in LibreOffice with its headings, tables and text",
  { timeout: 180_000 },
  async () => {
    const text = await throughLibreOffice("summary", await summaryDocx(summary));
    for (const expected of [
      "Scrutiny summary: Children's Improvement Board",
      "Headlines",
      "The story behind the baseline",
      "Health partners rarely attended strategy discussions in 2018.",
      "What we will do next",
      "Challenges and barriers",
      "Leeds ILACS 2018",
      "The consistency of health agencies' attendance at strategy discussions.",
      "Health representation at every strategy discussion",
      "Attendance 78% in October",
      "Show attendance by trust.",
      "Restricted evidence held",
      "Attendance audit Q3",
    ]) {
      expect(text, expected).toContain(expected.replace(/\s+/g, " "));
    }
  },
);

test("the minutes' Word document opens in LibreOffice with its headings and tables", { timeout: 180_000 }, async () => {
  const minutes: MinutesData = {
    authorityName: "Leeds City Council",
    boardName: "Children's Improvement Board",
    boardKind: "improvement",
    meeting: {
      scheduledAt: "2026-12-10T14:00:00.000Z",
      location: "Civic Hall, Leeds",
      status: "held",
      minutesApprovedAt: null,
    },
    attendance: [{ name: "Carol Chair", organisation: "Leeds City Council", boardRole: "chair", status: "present" }],
    items: [
      {
        position: 1,
        inspectionTitle: "Leeds ILACS 2018",
        recommendationReference: "Area 1",
        recommendationText: "The consistency of health agencies' attendance at strategy discussions.",
        actionTitle: "Health representation at every strategy discussion",
        ownerName: "Pat Partner",
        statusAtAgenda: "in_progress",
        ragAtAgenda: "red",
        dueDateAtAgenda: "2026-10-31",
        reasons: ["red", "overdue"],
        decision: {
          decision: "return",
          notes: "Good progress on the rota.",
          challenge: "Show attendance by trust.",
          newDueDate: null,
          extensionReason: "",
          decidedBy: "Carol Chair",
          decidedAt: "2026-12-10T15:00:00.000Z",
        },
        actionsArising: [
          { title: "Report attendance by trust monthly", ownerName: "Pat Partner", dueDate: "2027-01-31" },
        ],
      },
    ],
  };
  const text = await throughLibreOffice("minutes", await minutesDocx(minutes));
  for (const expected of [
    "Attendance",
    "Carol Chair",
    "Decisions",
    "Health representation at every strategy discussion",
    "Show attendance by trust.",
    "Actions arising",
    "Report attendance by trust monthly",
  ]) {
    expect(text, expected).toContain(expected);
  }
});
