/**
 * Boards, meetings, decisions and the agenda proposal: vocabulary and rules.
 * Pure (no Prisma, no node-only imports): the meeting pages, the board
 * services, the minutes and the reports all use this one truth. Exhaustively
 * tested in rules.test.ts.
 *
 * Meeting workflow: planned → agenda_published (publish) → held (close the
 * meeting) → minutes_approved (approved at a later meeting). The agenda is
 * edited only while planned; decisions are recorded only while the agenda is
 * published or the meeting is held; approved minutes are locked.
 *
 * A decision's effect on an action's status goes through the action workflow
 * (checkTransition in ../action/status.ts, as a board decision), so the two can
 * never disagree.
 */
import { roleHasPermission, rolesWith, type Role } from "../auth/permissions";
import { formatDate, isoDay, parseDay } from "../../utils/format";
import { fail, ok, type Result } from "../../utils/result";
import { isOneOf, keysOf } from "../../utils/vocabulary";
import {
  ACTION_STATUS_LABELS,
  allowedTransitions,
  checkTransition,
  isActionStatus,
  isDone,
  isOverdue,
  type ActionStatus,
  type Check,
  type Rag,
  type TransitionActor,
} from "../action/status";

export type { Check };

// ─── Vocabulary ─────────────────────────────────────────────────────────────

export const BOARD_KIND_LABELS = {
  improvement: "Improvement board",
  scrutiny: "Scrutiny committee",
  corporate_parenting: "Corporate parenting panel",
  custom: "Other board",
};
export type BoardKind = keyof typeof BOARD_KIND_LABELS;
export const BOARD_KINDS = keysOf(BOARD_KIND_LABELS);

export const BOARD_ROLE_LABELS = {
  chair: "Chair",
  member: "Member",
  observer: "Observer",
};
export type BoardRole = keyof typeof BOARD_ROLE_LABELS;
export const BOARD_ROLES = keysOf(BOARD_ROLE_LABELS);

export const MEETING_STATUS_LABELS = {
  planned: "Planned",
  agenda_published: "Agenda published",
  held: "Held",
  minutes_approved: "Minutes approved",
};
export type MeetingStatus = keyof typeof MEETING_STATUS_LABELS;
export const MEETING_STATUSES = keysOf(MEETING_STATUS_LABELS);

export const ATTENDANCE_LABELS = {
  present: "Present",
  apologies: "Apologies",
  absent: "Absent",
};
export type Attendance = keyof typeof ATTENDANCE_LABELS;
export const ATTENDANCE = keysOf(ATTENDANCE_LABELS);

export const DECISION_LABELS = {
  accept: "Accept as complete",
  continue: "Continue",
  return: "Return with challenge",
  escalate: "Escalate",
  extend: "Extend the due date",
};
export type Decision = keyof typeof DECISION_LABELS;
export const DECISIONS = keysOf(DECISION_LABELS);

export const PROPOSAL_REASON_LABELS = {
  submitted_for_review: "Submitted for review",
  due_since_last_meeting: "Due since the last meeting",
  red: "Red",
  amber_again: "Amber for a second meeting running",
  overdue: "Overdue",
  returned_last_time: "Returned at the last meeting",
  new_evidence: "New evidence since the last meeting",
};
export type ProposalReason = keyof typeof PROPOSAL_REASON_LABELS;
export const PROPOSAL_REASONS = keysOf(PROPOSAL_REASON_LABELS);

export const isBoardRole = isOneOf(BOARD_ROLES);
export const isMeetingStatus = isOneOf(MEETING_STATUSES);
export const isDecision = isOneOf(DECISIONS);
export const isProposalReason = isOneOf(PROPOSAL_REASONS);

/** Why an item is on the agenda, in one line ("Submitted for review; Red"), or null for an item the chair added. */
export function agendaReasonsText(reasons: readonly ProposalReason[]): string | null {
  return reasons.length > 0 ? reasons.map((r) => PROPOSAL_REASON_LABELS[r] ?? r).join("; ") : null;
}

const OK: Check = ok();
const blank = (text: string | null | undefined) => !text || text.trim() === "";
/** Text for a one-line summary: trimmed, with runs of white space (including line breaks) made one space. */
const oneLine = (text: string) => text.trim().replace(/\s+/g, " ");

// ─── Who may do what ────────────────────────────────────────────────────────

/** Who may record decisions: the chair and members of THIS board; never observers or non-members. */
export function canDecide(boardRole: BoardRole | null): boolean {
  return boardRole === "chair" || boardRole === "member";
}

/** Who may build/publish the agenda, record attendance, mark the meeting held: the chair, or an authority admin (the clerk). */
export function canManageMeeting({
  boardRole,
  authorityRole,
}: {
  boardRole: BoardRole | null;
  authorityRole: Role;
}): boolean {
  return boardRole === "chair" || roleHasPermission(authorityRole, "manage:meeting:any");
}

// ─── Meeting workflow ───────────────────────────────────────────────────────

/** The only moves a meeting makes, one step forward at a time. */
export const MEETING_TRANSITIONS: readonly { from: MeetingStatus; to: MeetingStatus; label: string }[] = [
  { from: "planned", to: "agenda_published", label: "Publish the agenda" },
  { from: "agenda_published", to: "held", label: "Mark the meeting as held" },
  { from: "held", to: "minutes_approved", label: "Approve the minutes" },
];

/** May a meeting move from `from` to `to`? Unknown statuses are refused with a message. */
export function checkMeetingTransition(from: MeetingStatus, to: MeetingStatus): Check {
  if (!isMeetingStatus(to)) return fail("Choose a meeting status from the list");
  if (!isMeetingStatus(from))
    return fail(
      `The meeting's current status "${String(from)}" is not recognised. Ask an authority admin to correct it`,
    );
  if (from === to) return fail(`The meeting is already "${MEETING_STATUS_LABELS[to]}"`);
  if (MEETING_TRANSITIONS.some((t) => t.from === from && t.to === to)) return OK;
  if (from === "minutes_approved") return fail("The minutes have been approved, so the meeting can no longer change");
  if (MEETING_STATUSES.indexOf(to) < MEETING_STATUSES.indexOf(from))
    return fail(`A meeting cannot go back from "${MEETING_STATUS_LABELS[from]}" to "${MEETING_STATUS_LABELS[to]}"`);
  if (to === "held") return fail("Publish the agenda before marking the meeting as held");
  // to === "minutes_approved", from planned or agenda_published
  return fail("The minutes can only be approved after the meeting has been held");
}

/** Decisions are recorded while the agenda is published or the meeting is held; never before, nor once the minutes are approved (locked). */
export function canRecordDecisions(status: MeetingStatus): boolean {
  return status === "agenda_published" || status === "held";
}

/** The agenda is edited only while the meeting is planned; publishing freezes it. */
export function canEditAgenda(status: MeetingStatus): boolean {
  return status === "planned";
}

// ─── Decisions ──────────────────────────────────────────────────────────────

/**
 * The actor a board decision acts as in the action workflow: the board, in the
 * capacity of a role that decides for boards (whoever records it is checked by
 * their board role, canDecide).
 */
const BOARD_ACTOR: TransitionActor = { role: rolesWith("decide:board:any")[0]!, isOwner: false, via: "board_decision" };

/** Does the action workflow let a board decision move the action from `from` to `to`? */
function boardMove(from: ActionStatus, to: ActionStatus): boolean {
  return allowedTransitions({ from, actor: BOARD_ACTOR }).some((t) => t.to === to);
}

/**
 * Which decisions are offered for an action in this status, in DECISIONS order:
 *  - accept only when the board's rules allow the move to complete (submitted for review);
 *  - return for every status except closed;
 *  - continue, escalate and extend while the action is not complete or closed.
 * Unknown statuses are offered nothing.
 */
export function decisionOptions(status: ActionStatus): Decision[] {
  if (!isActionStatus(status)) return [];
  return DECISIONS.filter((d) => {
    if (d === "accept") return boardMove(status, "complete");
    if (d === "return") return status !== "closed";
    return !isDone(status);
  });
}

export type DecisionInput = {
  decision: Decision;
  notes: string;
  challenge: string;
  /** YYYY-MM-DD */
  newDueDate: string | null;
  extensionReason: string;
};

/** Messages per field, only for the fields in error (as conform's `submission.reply({ fieldErrors })` and the other services expect). */
export type DecisionFieldErrors = Partial<Record<keyof DecisionInput, string[]>>;

export type DecisionOutcome = Result<
  {
    /** The action's new status, or null when unchanged. */
    status: ActionStatus | null;
    /** The action's new due date (YYYY-MM-DD), or null when unchanged. */
    dueDate: string | null;
    updateKind: "decision" | "extension";
    /** One line for the action's timeline; for accept, also the reason recorded for completing it. */
    summary: string;
  },
  { fieldErrors: DecisionFieldErrors }
>;

/** A real calendar date written YYYY-MM-DD, or null (the one date parser, ~/utils/format). */
function parseYmd(text: string | null | undefined): string | null {
  const r = parseDay(text ?? "");
  return r.ok ? r.iso : null;
}

/** The UTC calendar day of a date or date-time, as YYYY-MM-DD; null when missing or invalid (the date module's isoDay). */
const utcDay = isoDay;

/**
 * What a decision does to an action: validated, and the write-back to make.
 * Required texts (white space alone is not a text): return needs a challenge;
 * extend needs a new due date (a real date, different from the current one)
 * and a reason; accept, continue and escalate need nothing more. A decision not
 * offered for the action's status (decisionOptions) is refused on `decision`.
 */
export function applyDecision({
  action,
  input,
}: {
  action: { status: ActionStatus; dueDate: string | null };
  input: DecisionInput;
}): DecisionOutcome {
  const errors: DecisionFieldErrors = {};
  const add = (field: keyof DecisionInput, message: string) => (errors[field] ??= []).push(message);
  const refuse = () => fail({ fieldErrors: errors });
  const { decision } = input;
  const from = action.status;
  const notes = oneLine(input.notes ?? "");
  const withNotes = (text: string) => (notes ? `${text} — ${notes}` : text);

  if (!isDecision(decision)) {
    add("decision", "Choose a decision from the list");
    return refuse();
  }
  if (!isActionStatus(from)) {
    add(
      "decision",
      `The action's current status "${String(from)}" is not recognised. Ask an authority admin to correct it`,
    );
    return refuse();
  }
  if (!decisionOptions(from).includes(decision)) {
    const label = ACTION_STATUS_LABELS[from];
    add(
      "decision",
      from === "closed"
        ? "The action is closed, so the board cannot record a decision on it. Ask an authority admin to undo the closure first"
        : decision === "accept"
          ? `Only an action submitted for review can be accepted as complete. This action is "${label}"`
          : `The action is already complete: the board can only return it with a challenge`,
    );
    return refuse();
  }

  switch (decision) {
    case "accept": {
      const summary = withNotes("Board decision: accepted as complete");
      const check = checkTransition({ from, to: "complete", actor: BOARD_ACTOR, reason: summary });
      if (!check.ok) {
        add("decision", check.message);
        return refuse();
      }
      return ok({ status: "complete", dueDate: null, updateKind: "decision", summary });
    }
    case "return": {
      const moves = boardMove(from, "in_progress");
      if (moves) {
        const check = checkTransition({ from, to: "in_progress", actor: BOARD_ACTOR, challenge: input.challenge });
        if (!check.ok) {
          add("challenge", check.message);
          return refuse();
        }
      } else if (blank(input.challenge)) {
        add("challenge", "Enter the challenge: what the board wants to see change");
        return refuse();
      }
      const summary = withNotes(`Board decision: returned with challenge — ${oneLine(input.challenge)}`);
      return ok({ status: moves ? "in_progress" : null, dueDate: null, updateKind: "decision", summary });
    }
    case "continue":
      return ok({
        status: null,
        dueDate: null,
        updateKind: "decision",
        summary: withNotes("Board decision: continue"),
      });
    case "escalate":
      return ok({
        status: null,
        dueDate: null,
        updateKind: "decision",
        summary: withNotes("Board decision: escalated"),
      });
    case "extend": {
      const current = utcDay(action.dueDate);
      const next = parseYmd(input.newDueDate);
      if (blank(input.newDueDate)) add("newDueDate", "Enter the new due date");
      else if (!next) add("newDueDate", "The new due date must be a real date");
      else if (next === current)
        add("newDueDate", `The new due date must be different from the current due date, ${formatDate(current)}`);
      if (blank(input.extensionReason)) add("extensionReason", "Enter the reason for extending the due date");
      if (!next || next === current || blank(input.extensionReason)) return refuse();
      const change = current
        ? `due date extended from ${formatDate(current)} to ${formatDate(next)}`
        : `due date set to ${formatDate(next)}`;
      const summary = withNotes(`Board decision: ${change} — ${oneLine(input.extensionReason)}`);
      return ok({ status: null, dueDate: next, updateKind: "extension", summary });
    }
  }
}

// ─── Agenda proposal ────────────────────────────────────────────────────────

export type ProposalInput = {
  /** ISO date-time of the meeting being planned. */
  meetingDate: string;
  /** The board's previous meeting (held or approved) before this one; null = first meeting. */
  lastMeetingDate: string | null;
  actions: {
    id: string;
    status: ActionStatus;
    rag: Rag | null;
    /** YYYY-MM-DD */
    dueDate: string | null;
    /** The action's RAG as it stood at the last meeting (the caller works it out); null if unknown or none. */
    ragAtLastMeeting: Rag | null;
    /** The board's decision on it at the last meeting was "return". */
    returnedAtLastMeeting: boolean;
    /** ISO time of the newest evidence linked to it or version uploaded. */
    latestEvidenceAt: string | null;
  }[];
};

export type Proposal = { actionId: string; reasons: ProposalReason[] };

const instant = (value: string | null | undefined) => (value ? Date.parse(value) : NaN);

/**
 * The actions that should come to this meeting, and why, in the input order
 * (the caller groups them). Reasons are in PROPOSAL_REASONS order:
 *  - submitted_for_review: the action is submitted for review;
 *  - due_since_last_meeting: due on a (UTC) day after the last meeting's day and
 *    on or before the meeting's day; at a first meeting, due on or before it;
 *  - red: delivery RAG red;
 *  - amber_again: amber now and amber at the last meeting (never at a first meeting);
 *  - overdue: due before the meeting's day (isOverdue, as at the meeting);
 *  - returned_last_time: returned with a challenge at the last meeting (never at a first meeting);
 *  - new_evidence: evidence newer than the last meeting (never at a first meeting).
 * Closed actions are never proposed; complete ones only for new evidence.
 * Actions with no reason are left out.
 */
export function proposeAgenda(input: ProposalInput): Proposal[] {
  const meetingDay = utcDay(input.meetingDate);
  const meetingAt = new Date(instant(input.meetingDate));
  const lastDay = utcDay(input.lastMeetingDate);
  const lastAt = instant(input.lastMeetingDate);
  const hasLast = input.lastMeetingDate !== null && !Number.isNaN(lastAt);

  const proposals: Proposal[] = [];
  for (const a of input.actions) {
    if (a.status === "closed") continue;
    const open = !isDone(a.status);
    const dueDay = utcDay(a.dueDate);
    const evidenceAt = instant(a.latestEvidenceAt);
    const on: Record<ProposalReason, boolean> = {
      submitted_for_review: a.status === "submitted_for_review",
      due_since_last_meeting:
        open &&
        dueDay !== null &&
        meetingDay !== null &&
        dueDay <= meetingDay &&
        (!hasLast || (lastDay !== null && dueDay > lastDay)),
      red: open && a.rag === "red",
      amber_again: open && hasLast && a.rag === "amber" && a.ragAtLastMeeting === "amber",
      overdue: open && meetingDay !== null && isOverdue({ status: a.status, dueDate: a.dueDate }, meetingAt),
      returned_last_time: open && hasLast && a.returnedAtLastMeeting,
      new_evidence: hasLast && !Number.isNaN(evidenceAt) && evidenceAt > lastAt,
    };
    const reasons = PROPOSAL_REASONS.filter((r) => on[r]);
    if (reasons.length > 0) proposals.push({ actionId: a.id, reasons });
  }
  return proposals;
}
