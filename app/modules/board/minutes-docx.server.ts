/**
 * A meeting's minutes as an accessible Word document: real headings (Heading
 * 1–3 styles), tables with a repeating header row, the document title and
 * language (en-GB) set, UK dates, and every RAG, status and attendance shown
 * in words (never by colour alone).
 */
import { Paragraph, TextRun } from "docx";
import { heading, HeadingLevel, para, strong, table, wordDocument, type Block } from "~/utils/docx.server";
import { formatDate } from "~/utils/format";
import { RAG_LABELS, isRag, statusLabel } from "../action/status";
import type { MinutesData } from "./minutes";
import { agendaReasonsText, ATTENDANCE_LABELS, BOARD_KIND_LABELS, BOARD_ROLE_LABELS, DECISION_LABELS } from "./rules";

type Item = MinutesData["items"][number];

export function minutesTitle(data: Pick<MinutesData, "boardName" | "meeting">): string {
  return `${data.boardName}: minutes of the meeting on ${formatDate(data.meeting.scheduledAt)}`;
}

const ragText = (rag: string | null) => (rag === null || rag === "" ? "Not set" : isRag(rag) ? RAG_LABELS[rag] : rag);
const dateOr = (date: string | null, none: string) => (date ? formatDate(date) : none);

function itemRows(item: Item): string[][] {
  const rows: string[][] = [
    ["Owner", item.ownerName || "No owner"],
    ["Status at the agenda", statusLabel(item.statusAtAgenda)],
    ["RAG", ragText(item.ragAtAgenda)],
    ["Due date", dateOr(item.dueDateAtAgenda, "No due date")],
    ["Why it was on the agenda", agendaReasonsText(item.reasons) ?? "Added by the chair"],
  ];
  const d = item.decision;
  if (!d) {
    rows.push(["Decision", "No decision recorded"]);
    return rows;
  }
  rows.push(["Decision", DECISION_LABELS[d.decision]]);
  if (d.challenge.trim()) rows.push(["Challenge", d.challenge.trim()]);
  if (d.decision === "extend") {
    rows.push(["New due date", dateOr(d.newDueDate, "Not given")]);
    rows.push(["Reason for the new due date", d.extensionReason.trim() || "Not given"]);
  }
  if (d.notes.trim()) rows.push(["Notes", d.notes.trim()]);
  rows.push(["Recorded", `${d.decidedBy ? `By ${d.decidedBy} on` : "On"} ${formatDate(d.decidedAt)}`]);
  return rows;
}

function attendanceSection(data: MinutesData): Block[] {
  const out: Block[] = [heading("Attendance", HeadingLevel.HEADING_2)];
  if (data.attendance.length === 0) return [...out, para("No attendance was recorded.")];
  out.push(
    table(
      ["Name", "Organisation", "Role on the board", "Attendance"],
      data.attendance.map((a) => [
        a.name,
        a.organisation || "Not given",
        a.boardRole ? BOARD_ROLE_LABELS[a.boardRole] : "Not a board member",
        ATTENDANCE_LABELS[a.status],
      ]),
      [2708, 2708, 1805, 1805],
    ),
  );
  return out;
}

function decisionsSection(data: MinutesData): Block[] {
  const out: Block[] = [heading("Decisions", HeadingLevel.HEADING_2)];
  if (data.items.length === 0) return [...out, para("There were no items on the agenda.")];
  for (const item of data.items) {
    out.push(heading(`${item.position}. ${item.actionTitle}`, HeadingLevel.HEADING_3));
    out.push(
      new Paragraph({
        children: [
          new TextRun({
            text: `${item.inspectionTitle}, recommendation ${item.recommendationReference}: `,
            bold: true,
          }),
          new TextRun({ text: item.recommendationText }),
        ],
      }),
    );
    out.push(table(["Detail", "Record"], itemRows(item), [2708, 6318]));
  }
  return out;
}

function arisingSection(data: MinutesData): Block[] {
  const out: Block[] = [heading("Actions arising", HeadingLevel.HEADING_2)];
  const rows = data.items.flatMap((item) =>
    item.actionsArising.map((a) => [
      a.title,
      a.ownerName || "No owner",
      dateOr(a.dueDate, "No due date"),
      `${item.position}. ${item.actionTitle}`,
    ]),
  );
  if (rows.length === 0) return [...out, para("No new actions arose at this meeting.")];
  out.push(table(["Action", "Owner", "Due date", "Arising from agenda item"], rows, [3159, 1805, 1805, 2257]));
  return out;
}

function approvalText(meeting: MinutesData["meeting"]): string {
  if (meeting.status !== "minutes_approved") return "Draft: not yet approved";
  return meeting.minutesApprovedAt
    ? `Approved at the meeting on ${formatDate(meeting.minutesApprovedAt)}`
    : "Approved at a later meeting";
}

/** The minutes of one meeting as a .docx file. */
export async function minutesDocx(data: MinutesData): Promise<Buffer> {
  const title = minutesTitle(data);
  const { meeting } = data;
  const draft = meeting.status !== "minutes_approved";
  return wordDocument({
    title,
    subject: `Minutes of the ${data.boardName}`,
    description: `${data.authorityName}: ${title}${draft ? " (draft)" : ""}`,
    sections: [
      {
        children: [
          heading(title, HeadingLevel.HEADING_1),
          para(data.authorityName),
          para(`${BOARD_KIND_LABELS[data.boardKind]}: ${data.boardName}`),
          para(`Date: ${formatDate(meeting.scheduledAt)}`),
          para(`Place: ${meeting.location.trim() || "Not recorded"}`),
          ...(draft ? [strong("Draft minutes: not yet approved")] : []),
          ...attendanceSection(data),
          ...decisionsSection(data),
          ...arisingSection(data),
          heading("Approval", HeadingLevel.HEADING_2),
          para(approvalText(meeting)),
        ],
      },
    ],
  });
}
