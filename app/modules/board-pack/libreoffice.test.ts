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
import { NARRATIVE_LABELS } from "./summary";
import { LEEDS_SUMMARY } from "../../../tests/helpers/board-pack";

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

test(
  "the summary's Word document opens in LibreOffice with its headings, tables and text",
  { timeout: 180_000 },
  async () => {
    const text = await throughLibreOffice("summary", await summaryDocx(LEEDS_SUMMARY));
    for (const expected of [
      "Scrutiny summary: Children’s Improvement Board",
      "Headlines",
      NARRATIVE_LABELS.baseline,
      "The number of children looked after has been stable at 76 per 10,000 for three years.",
      NARRATIVE_LABELS.next,
      NARRATIVE_LABELS.barriers,
      "Inspection of children’s social care services (ILACS), 2025",
      "The stability and capacity of the social work workforce at the Front Door.",
      "Recruit 12 permanent social workers to the Front Door",
      "Two offers withdrawn; agency cover costs £48,000 a quarter",
      "Returned for more work, Children’s Improvement Board, 15 April 2026",
      // The challenge's first words: the rest runs over a page break, past the table's repeated header row.
      "Challenge: Show the audit’s findings for disabled children",
      "Restricted evidence held",
      "Recruitment tracker, April 2026",
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
