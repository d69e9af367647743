/**
 * The data the minutes are written from (minutes-docx.server.ts), gathered by
 * the board service. Pure types: shared by the server and the UI.
 */
import type { Attendance, BoardKind, BoardRole, Decision, MeetingStatus, ProposalReason } from "./rules";

export type MinutesData = {
  authorityName: string;
  boardName: string;
  boardKind: BoardKind;
  meeting: {
    /** ISO date-time. */
    scheduledAt: string;
    /** Place or online link. */
    location: string;
    status: MeetingStatus;
    /** ISO date-time the minutes were approved (at a later meeting); null while they are a draft. */
    minutesApprovedAt: string | null;
  };
  attendance: {
    name: string;
    organisation: string | null;
    /** Null for someone attending who is not on the board (an officer presenting, say). */
    boardRole: BoardRole | null;
    status: Attendance;
  }[];
  /** The agenda in order. */
  items: {
    position: number;
    inspectionTitle: string;
    recommendationReference: string;
    /** The recommendation's text, verbatim from the report. */
    recommendationText: string;
    actionTitle: string;
    ownerName: string | null;
    /** The action's status code (or its label) when the agenda was published. */
    statusAtAgenda: string;
    /** red | amber | green (or a label), null when not set. */
    ragAtAgenda: string | null;
    /** ISO date (YYYY-MM-DD or date-time). */
    dueDateAtAgenda: string | null;
    /** Why it came to the meeting; empty when the chair added it. */
    reasons: ProposalReason[];
    decision: null | {
      decision: Decision;
      notes: string;
      challenge: string;
      /** YYYY-MM-DD, for extend. */
      newDueDate: string | null;
      extensionReason: string;
      /** Name of the person who recorded it. */
      decidedBy: string | null;
      /** ISO date-time. */
      decidedAt: string;
    };
    /** New actions arising from the decision on this item. */
    actionsArising: { title: string; ownerName: string | null; dueDate: string | null }[];
  }[];
};
