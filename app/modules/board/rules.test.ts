import { describe, expect, test } from "vitest";
import { ACTION_STATUSES, checkTransition, type ActionStatus } from "../action/status";
import { ROLES } from "../auth/permissions";
import {
  ATTENDANCE,
  ATTENDANCE_LABELS,
  BOARD_KINDS,
  BOARD_KIND_LABELS,
  BOARD_ROLES,
  BOARD_ROLE_LABELS,
  DECISIONS,
  DECISION_LABELS,
  MEETING_STATUSES,
  MEETING_STATUS_LABELS,
  PROPOSAL_REASONS,
  PROPOSAL_REASON_LABELS,
  applyDecision,
  canDecide,
  canEditAgenda,
  canManageMeeting,
  canRecordDecisions,
  checkMeetingTransition,
  decisionOptions,
  isBoardRole,
  isDecision,
  isMeetingStatus,
  isProposalReason,
  proposeAgenda,
  type BoardRole,
  type Decision,
  type DecisionInput,
  type MeetingStatus,
  type ProposalInput,
  type ProposalReason,
} from "./rules";

// ─── Vocabulary ─────────────────────────────────────────────────────────────

test("every code has a label, and the labels are plain English", () => {
  const pairs: [readonly string[], Record<string, string>][] = [
    [BOARD_KINDS, BOARD_KIND_LABELS],
    [BOARD_ROLES, BOARD_ROLE_LABELS],
    [MEETING_STATUSES, MEETING_STATUS_LABELS],
    [ATTENDANCE, ATTENDANCE_LABELS],
    [DECISIONS, DECISION_LABELS],
    [PROPOSAL_REASONS, PROPOSAL_REASON_LABELS],
  ];
  for (const [codes, labels] of pairs) {
    expect(Object.keys(labels).sort()).toEqual([...codes].sort());
    for (const code of codes) expect(labels[code]).toMatch(/^[A-Z][a-z]/);
  }
  // The labels in the order of their codes (a proposal gives its reasons in that order).
  expect(DECISIONS.map((d) => DECISION_LABELS[d])).toEqual([
    "Accept as complete",
    "Continue",
    "Return with challenge",
    "Escalate",
    "Extend the due date",
  ]);
  expect(PROPOSAL_REASONS.map((r) => PROPOSAL_REASON_LABELS[r])).toEqual([
    "Submitted for review",
    "Due since the last meeting",
    "Red",
    "Amber for a second meeting running",
    "Overdue",
    "Returned at the last meeting",
    "New evidence since the last meeting",
  ]);
});

test("type guards accept only the codes", () => {
  expect(isBoardRole("chair")).toBe(true);
  expect(isBoardRole("Chair")).toBe(false);
  expect(isMeetingStatus("held")).toBe(true);
  expect(isMeetingStatus(null)).toBe(false);
  expect(isDecision("extend")).toBe(true);
  expect(isDecision("defer")).toBe(false);
  expect(isProposalReason("amber_again")).toBe(true);
  expect(isProposalReason(3)).toBe(false);
});

// ─── Who may do what ────────────────────────────────────────────────────────

const ROLES_OR_NONE: (BoardRole | null)[] = [...BOARD_ROLES, null];

test("only the chair and members of the board decide; never observers or non-members", () => {
  const expected: Record<string, boolean> = { chair: true, member: true, observer: false, null: false };
  for (const role of ROLES_OR_NONE) expect(canDecide(role), String(role)).toBe(expected[String(role)]);
});

describe("the chair or an authority admin (the clerk) manages the meeting", () => {
  for (const boardRole of ROLES_OR_NONE) {
    for (const authorityRole of ROLES) {
      const expected = boardRole === "chair" || authorityRole === "admin";
      test(`board role ${String(boardRole)}, authority role ${authorityRole}: ${expected ? "may" : "may not"}`, () => {
        expect(canManageMeeting({ boardRole, authorityRole })).toBe(expected);
      });
    }
  }
});

// ─── Meeting workflow ───────────────────────────────────────────────────────

describe("meeting status moves one step forward at a time", () => {
  const allowed = new Set(["planned>agenda_published", "agenda_published>held", "held>minutes_approved"]);
  for (const from of MEETING_STATUSES) {
    for (const to of MEETING_STATUSES) {
      const ok = allowed.has(`${from}>${to}`);
      test(`${from} → ${to} is ${ok ? "allowed" : "refused"}`, () => {
        const check = checkMeetingTransition(from, to);
        if (ok) expect(check).toEqual({ ok: true });
        else {
          expect(check.ok).toBe(false);
          if (!check.ok) expect(check.message).toMatch(/^[A-Z]\S*/);
        }
      });
    }
  }
});

test("what the user is told when a meeting cannot move", () => {
  const msg = (from: MeetingStatus, to: MeetingStatus) => {
    const c = checkMeetingTransition(from, to);
    return c.ok ? "ok" : c.message;
  };
  expect(msg("held", "held")).toBe('The meeting is already "Held"');
  expect(msg("planned", "held")).toBe("Publish the agenda before marking the meeting as held");
  expect(msg("planned", "minutes_approved")).toBe("The minutes can only be approved after the meeting has been held");
  expect(msg("agenda_published", "minutes_approved")).toBe(
    "The minutes can only be approved after the meeting has been held",
  );
  expect(msg("held", "planned")).toBe('A meeting cannot go back from "Held" to "Planned"');
  expect(msg("agenda_published", "planned")).toBe('A meeting cannot go back from "Agenda published" to "Planned"');
  expect(msg("minutes_approved", "held")).toBe("The minutes have been approved, so the meeting can no longer change");
  expect(msg("held", "cancelled" as MeetingStatus)).toBe("Choose a meeting status from the list");
  expect(msg("archived" as MeetingStatus, "held")).toMatch(/not recognised/);
});

test("decisions only while the agenda is published or the meeting held; the agenda is edited only while planned", () => {
  const decide: Record<MeetingStatus, boolean> = {
    planned: false,
    agenda_published: true,
    held: true,
    minutes_approved: false,
  };
  const edit: Record<MeetingStatus, boolean> = {
    planned: true,
    agenda_published: false,
    held: false,
    minutes_approved: false,
  };
  for (const s of MEETING_STATUSES) {
    expect(canRecordDecisions(s), s).toBe(decide[s]);
    expect(canEditAgenda(s), s).toBe(edit[s]);
  }
});

// ─── Decisions ──────────────────────────────────────────────────────────────

// Every action status and the decisions offered, in DECISIONS order.
const OPTIONS: Record<ActionStatus, Decision[]> = {
  not_started: ["continue", "return", "escalate", "extend"],
  in_progress: ["continue", "return", "escalate", "extend"],
  submitted_for_review: ["accept", "continue", "return", "escalate", "extend"],
  complete: ["return"],
  closed: [],
  blocked: ["continue", "return", "escalate", "extend"],
};

// What a valid decision does to the status: a new status, "same", or "refused" (not offered).
const EFFECT: Record<ActionStatus, Record<Decision, ActionStatus | "same" | "refused">> = {
  not_started: { accept: "refused", continue: "same", return: "same", escalate: "same", extend: "same" },
  in_progress: { accept: "refused", continue: "same", return: "same", escalate: "same", extend: "same" },
  submitted_for_review: {
    accept: "complete",
    continue: "same",
    return: "in_progress",
    escalate: "same",
    extend: "same",
  },
  complete: { accept: "refused", continue: "refused", return: "in_progress", escalate: "refused", extend: "refused" },
  closed: { accept: "refused", continue: "refused", return: "refused", escalate: "refused", extend: "refused" },
  blocked: { accept: "refused", continue: "same", return: "same", escalate: "same", extend: "same" },
};

const FULL: Omit<DecisionInput, "decision"> = {
  notes: "",
  challenge: "Show the re-audit of 20 case files",
  newDueDate: "2027-06-30",
  extensionReason: "Recruitment is delayed",
};
const BOARD = { role: "board_member", isOwner: false, via: "board_decision" } as const;

test("decision options for every action status", () => {
  for (const s of ACTION_STATUSES) expect(decisionOptions(s), s).toEqual(OPTIONS[s]);
  expect(decisionOptions("archived" as ActionStatus)).toEqual([]);
});

test("accept and return agree with the action workflow's board rules", () => {
  for (const from of ACTION_STATUSES) {
    const accepts = checkTransition({ from, to: "complete", actor: BOARD, reason: "x" }).ok;
    expect(decisionOptions(from).includes("accept"), from).toBe(accepts);
    const returns = checkTransition({ from, to: "in_progress", actor: BOARD, challenge: "x" }).ok;
    const outcome = applyDecision({
      action: { status: from, dueDate: "2027-03-31" },
      input: { decision: "return", ...FULL },
    });
    if (returns) expect(outcome).toMatchObject({ ok: true, status: "in_progress" });
    else if (outcome.ok) expect(outcome.status).toBeNull();
  }
});

describe("every action status × every decision", () => {
  for (const status of ACTION_STATUSES) {
    for (const decision of DECISIONS) {
      const effect = EFFECT[status][decision];
      test(`${decision} on ${status}: ${effect}`, () => {
        expect(decisionOptions(status).includes(decision)).toBe(effect !== "refused");
        const outcome = applyDecision({ action: { status, dueDate: "2027-03-31" }, input: { decision, ...FULL } });
        if (effect === "refused") {
          expect(outcome.ok).toBe(false);
          if (!outcome.ok) {
            expect(Object.keys(outcome.fieldErrors)).toEqual(["decision"]);
            expect(outcome.fieldErrors.decision).toEqual([expect.stringMatching(/^[A-Z]/)]);
          }
          return;
        }
        expect(outcome).toMatchObject({
          ok: true,
          status: effect === "same" ? null : effect,
          dueDate: decision === "extend" ? "2027-06-30" : null,
          updateKind: decision === "extend" ? "extension" : "decision",
        });
        if (outcome.ok) expect(outcome.summary).toMatch(/^Board decision: /);
      });
    }
  }
});

describe("required texts, for every status where the decision is offered", () => {
  const blanks = ["", "   ", "\n\t"];
  for (const status of ACTION_STATUSES) {
    if (OPTIONS[status].includes("return")) {
      test(`return on ${status} needs a challenge`, () => {
        for (const challenge of blanks) {
          const r = applyDecision({
            action: { status, dueDate: null },
            input: { decision: "return", ...FULL, challenge },
          });
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.fieldErrors).toEqual({ challenge: [expect.stringMatching(/^Enter the challenge/)] });
        }
      });
    }
    if (OPTIONS[status].includes("extend")) {
      test(`extend on ${status} needs a new due date and a reason`, () => {
        const r = applyDecision({
          action: { status, dueDate: null },
          input: { decision: "extend", ...FULL, newDueDate: null, extensionReason: " " },
        });
        expect(r).toEqual({
          ok: false,
          fieldErrors: {
            newDueDate: ["Enter the new due date"],
            extensionReason: ["Enter the reason for extending the due date"],
          },
        });
      });
    }
    for (const decision of ["accept", "continue", "escalate"] as const) {
      if (!OPTIONS[status].includes(decision)) continue;
      test(`${decision} on ${status} needs nothing more`, () => {
        const r = applyDecision({
          action: { status, dueDate: null },
          input: { decision, notes: "", challenge: "", newDueDate: null, extensionReason: "" },
        });
        expect(r.ok).toBe(true);
      });
    }
  }
});

describe("the new due date", () => {
  const extend = (newDueDate: string | null, dueDate: string | null = "2027-03-31") =>
    applyDecision({ action: { status: "in_progress", dueDate }, input: { decision: "extend", ...FULL, newDueDate } });
  const error = (r: ReturnType<typeof extend>) => (r.ok ? "ok" : (r.fieldErrors.newDueDate ?? []).join(" | "));

  test("must be a real date written YYYY-MM-DD", () => {
    for (const bad of [
      "2027-02-29",
      "2027-13-01",
      "2027-04-31",
      "2027-00-10",
      "31/03/2027",
      "2027-6-30",
      "next month",
      "2027-06-30T00:00:00Z",
    ]) {
      expect(error(extend(bad)), bad).toBe("The new due date must be a real date");
    }
    expect(error(extend("2028-02-29"))).toBe("ok"); // a leap day
    expect(error(extend(" 2027-06-30 "))).toBe("ok");
    expect(extend(" 2027-06-30 ")).toMatchObject({ dueDate: "2027-06-30" });
  });
  test("must differ from the current due date, however the current one is written", () => {
    const same = "The new due date must be different from the current due date, 31 March 2027";
    expect(error(extend("2027-03-31"))).toBe(same);
    expect(error(extend("2027-03-31", "2027-03-31T00:00:00.000Z"))).toBe(same);
    expect(error(extend("2027-04-01"))).toBe("ok"); // a day later
    expect(error(extend("2027-03-30"))).toBe("ok"); // a day earlier: the board may bring it forward
  });
  test("can set a due date on an action that has none", () => {
    expect(extend("2027-06-30", null)).toMatchObject({
      ok: true,
      dueDate: "2027-06-30",
      summary: "Board decision: due date set to 30 June 2027 — Recruitment is delayed",
    });
  });
  test("a missing reason is reported alongside a bad date", () => {
    const r = applyDecision({
      action: { status: "blocked", dueDate: null },
      input: { decision: "extend", ...FULL, newDueDate: "2027-02-30", extensionReason: "" },
    });
    expect(r.ok).toBe(false);
    expect(r).toEqual({
      ok: false,
      fieldErrors: {
        newDueDate: ["The new due date must be a real date"],
        extensionReason: ["Enter the reason for extending the due date"],
      },
    });
  });
});

describe("what the user is told when a decision is refused", () => {
  const error = (status: ActionStatus, decision: Decision) => {
    const r = applyDecision({ action: { status, dueDate: null }, input: { decision, ...FULL } });
    return r.ok ? "ok" : (r.fieldErrors.decision ?? []).join(" | ");
  };
  test("accept before submission", () => {
    expect(error("in_progress", "accept")).toBe(
      'Only an action submitted for review can be accepted as complete. This action is "In progress"',
    );
    expect(error("complete", "accept")).toBe(
      'Only an action submitted for review can be accepted as complete. This action is "Complete"',
    );
  });
  test("a complete action can only be returned", () => {
    expect(error("complete", "extend")).toBe(
      "The action is already complete: the board can only return it with a challenge",
    );
  });
  test("a closed action takes no decision", () => {
    expect(error("closed", "return")).toBe(
      "The action is closed, so the board cannot record a decision on it. Ask an authority admin to undo the closure first",
    );
  });
  test("unknown decisions and statuses", () => {
    expect(error("in_progress", "defer" as Decision)).toBe("Choose a decision from the list");
    expect(error("archived" as ActionStatus, "continue")).toMatch(/not recognised/);
  });
});

describe("the line written to the action's timeline", () => {
  const summary = (
    status: ActionStatus,
    input: Partial<DecisionInput> & { decision: Decision },
    dueDate: string | null = "2027-03-31",
  ) => {
    const r = applyDecision({ action: { status, dueDate }, input: { ...FULL, ...input } });
    return r.ok ? r.summary : `refused: ${JSON.stringify(r.fieldErrors)}`;
  };
  test("for each decision", () => {
    expect(summary("submitted_for_review", { decision: "accept" })).toBe("Board decision: accepted as complete");
    expect(summary("in_progress", { decision: "continue" })).toBe("Board decision: continue");
    expect(summary("submitted_for_review", { decision: "return" })).toBe(
      "Board decision: returned with challenge — Show the re-audit of 20 case files",
    );
    expect(summary("blocked", { decision: "escalate" })).toBe("Board decision: escalated");
    expect(summary("not_started", { decision: "extend" })).toBe(
      "Board decision: due date extended from 31 March 2027 to 30 June 2027 — Recruitment is delayed",
    );
  });
  test("notes are added, and every text is made one line", () => {
    expect(
      summary("submitted_for_review", { decision: "accept", notes: "  Audit shows\nsustained improvement " }),
    ).toBe("Board decision: accepted as complete — Audit shows sustained improvement");
    expect(
      summary("complete", { decision: "return", challenge: "Re-audit\n\nin March", notes: "Chair to follow up" }),
    ).toBe("Board decision: returned with challenge — Re-audit in March — Chair to follow up");
  });
  test("texts belonging to other decisions are left out", () => {
    expect(summary("in_progress", { decision: "continue", challenge: "ignored", extensionReason: "ignored" })).toBe(
      "Board decision: continue",
    );
  });
});

// ─── Agenda proposal ────────────────────────────────────────────────────────

// The meeting is at 14:00 UTC on 10 December 2026; the last one at 14:00 UTC on 10 September 2026.
const MEETING = "2026-12-10T14:00:00.000Z";
const LAST = "2026-09-10T14:00:00.000Z";
type ProposalAction = ProposalInput["actions"][number];

/** An action that gives no reason to come to the meeting. */
const quiet = (over: Partial<ProposalAction> = {}): ProposalAction => ({
  id: "a1",
  status: "in_progress",
  rag: "green",
  dueDate: "2027-06-30",
  ragAtLastMeeting: null,
  returnedAtLastMeeting: false,
  latestEvidenceAt: null,
  ...over,
});
const reasonsFor = (
  action: ProposalAction,
  lastMeetingDate: string | null = LAST,
  meetingDate = MEETING,
): ProposalReason[] => proposeAgenda({ meetingDate, lastMeetingDate, actions: [action] })[0]?.reasons ?? [];

/** For each reason, a change to the quiet action that gives that reason and no other. */
const TRIGGERS: Record<ProposalReason, Partial<ProposalAction>> = {
  submitted_for_review: { status: "submitted_for_review" },
  due_since_last_meeting: { dueDate: "2026-12-10" },
  red: { rag: "red" },
  amber_again: { rag: "amber", ragAtLastMeeting: "amber" },
  overdue: { dueDate: "2026-09-10" },
  returned_last_time: { returnedAtLastMeeting: true },
  new_evidence: { latestEvidenceAt: "2026-11-01T09:00:00Z" },
};

test("a quiet action is left out", () => {
  expect(proposeAgenda({ meetingDate: MEETING, lastMeetingDate: LAST, actions: [quiet()] })).toEqual([]);
  expect(proposeAgenda({ meetingDate: MEETING, lastMeetingDate: null, actions: [quiet()] })).toEqual([]);
});

describe("each reason, on and off", () => {
  for (const reason of PROPOSAL_REASONS) {
    test(`${reason} on its own`, () => {
      expect(reasonsFor(quiet(TRIGGERS[reason]))).toEqual([reason]);
    });
  }
});

describe("every action status × every reason", () => {
  // Which statuses can give each reason: closed never; complete only new evidence.
  for (const status of ACTION_STATUSES) {
    for (const reason of PROPOSAL_REASONS) {
      if (reason === "submitted_for_review") continue; // the trigger is the status itself (below)
      const expected = status === "closed" ? false : status === "complete" ? reason === "new_evidence" : true;
      test(`${status}: ${reason} is ${expected ? "given" : "not given"}`, () => {
        expect(reasonsFor(quiet({ ...TRIGGERS[reason], status })).includes(reason)).toBe(expected);
      });
    }
  }
  test("submitted for review is given only for that status", () => {
    for (const status of ACTION_STATUSES)
      expect(reasonsFor(quiet({ status })), status).toEqual(
        status === "submitted_for_review" ? ["submitted_for_review"] : [],
      );
  });
});

test("a closed action is never proposed, whatever else is true", () => {
  const everything = quiet({
    status: "closed",
    rag: "red",
    dueDate: "2026-11-01",
    returnedAtLastMeeting: true,
    latestEvidenceAt: "2026-11-01T00:00:00Z",
  });
  expect(proposeAgenda({ meetingDate: MEETING, lastMeetingDate: LAST, actions: [everything] })).toEqual([]);
});

test("reasons come in PROPOSAL_REASONS order, and actions in the input order", () => {
  const everything = quiet({
    id: "b",
    status: "submitted_for_review",
    rag: "red",
    dueDate: "2026-11-01",
    returnedAtLastMeeting: true,
    latestEvidenceAt: "2026-11-01T00:00:00Z",
  });
  const amber = quiet({ id: "c", rag: "amber", ragAtLastMeeting: "amber", dueDate: "2026-09-01" });
  expect(
    proposeAgenda({
      meetingDate: MEETING,
      lastMeetingDate: LAST,
      actions: [quiet({ id: "z", ...TRIGGERS.red }), quiet({ id: "a" }), everything, amber],
    }),
  ).toEqual([
    { actionId: "z", reasons: ["red"] },
    {
      actionId: "b",
      reasons: [
        "submitted_for_review",
        "due_since_last_meeting",
        "red",
        "overdue",
        "returned_last_time",
        "new_evidence",
      ],
    },
    { actionId: "c", reasons: ["amber_again", "overdue"] },
  ]);
});

describe("due since the last meeting: a UTC day after the last meeting's, up to and including the meeting's", () => {
  const cases: [string, boolean][] = [
    ["2026-09-09", false], // before the last meeting
    ["2026-09-10", false], // the last meeting's day: it was due when the board last met
    ["2026-09-11", true], // the day after
    ["2026-12-09", true],
    ["2026-12-10", true], // the meeting's day
    ["2026-12-11", false], // after the meeting
  ];
  for (const [dueDate, expected] of cases) {
    test(`due ${dueDate}: ${expected}`, () => {
      expect(reasonsFor(quiet({ dueDate })).includes("due_since_last_meeting")).toBe(expected);
    });
  }
  test("a due date stored as UTC midnight date-time counts the same", () => {
    expect(reasonsFor(quiet({ dueDate: "2026-12-10T00:00:00.000Z" })).includes("due_since_last_meeting")).toBe(true);
    expect(reasonsFor(quiet({ dueDate: "2026-09-10T00:00:00.000Z" })).includes("due_since_last_meeting")).toBe(false);
  });
  test("at a first meeting: due on or before the meeting's day", () => {
    expect(reasonsFor(quiet({ dueDate: "2020-01-01" }), null)).toEqual(["due_since_last_meeting", "overdue"]);
    expect(reasonsFor(quiet({ dueDate: "2026-12-10" }), null)).toEqual(["due_since_last_meeting"]);
    expect(reasonsFor(quiet({ dueDate: "2026-12-11" }), null)).toEqual([]);
  });
  test("no due date, or a broken one, is never due", () => {
    expect(reasonsFor(quiet({ dueDate: null }))).toEqual([]);
    expect(reasonsFor(quiet({ dueDate: "soon" }))).toEqual([]);
    expect(reasonsFor(quiet({ dueDate: null }), null)).toEqual([]);
  });
});

describe("overdue: due before the meeting's (UTC) day, as at the meeting, not today", () => {
  test("edges", () => {
    expect(reasonsFor(quiet({ dueDate: "2026-12-09" })).includes("overdue")).toBe(true);
    expect(reasonsFor(quiet({ dueDate: "2026-12-10" })).includes("overdue")).toBe(false);
    // Early in the morning of the meeting day, yesterday's due date is already overdue.
    expect(reasonsFor(quiet({ dueDate: "2026-12-09" }), LAST, "2026-12-10T00:00:00Z").includes("overdue")).toBe(true);
    // An action overdue today but not by a future meeting's date is not proposed as overdue.
    expect(
      reasonsFor(quiet({ dueDate: "2030-01-01" }), "2029-06-01T10:00:00Z", "2029-12-31T10:00:00Z").includes("overdue"),
    ).toBe(false);
    expect(
      reasonsFor(quiet({ dueDate: "2030-01-01" }), "2029-06-01T10:00:00Z", "2030-01-02T10:00:00Z").includes("overdue"),
    ).toBe(true);
  });
  test("overdue also at a first meeting", () => {
    expect(reasonsFor(quiet({ dueDate: "2026-12-09" }), null).includes("overdue")).toBe(true);
  });
});

describe("RAG reasons", () => {
  test("red is red now, whatever it was before", () => {
    expect(reasonsFor(quiet({ rag: "red", ragAtLastMeeting: "green" }))).toEqual(["red"]);
    expect(reasonsFor(quiet({ rag: "red" }), null)).toEqual(["red"]);
  });
  test("amber again needs amber now and at the last meeting", () => {
    expect(reasonsFor(quiet({ rag: "amber", ragAtLastMeeting: "amber" }))).toEqual(["amber_again"]);
    expect(reasonsFor(quiet({ rag: "amber", ragAtLastMeeting: "green" }))).toEqual([]);
    expect(reasonsFor(quiet({ rag: "amber", ragAtLastMeeting: "red" }))).toEqual([]);
    expect(reasonsFor(quiet({ rag: "amber", ragAtLastMeeting: null }))).toEqual([]);
    expect(reasonsFor(quiet({ rag: "green", ragAtLastMeeting: "amber" }))).toEqual([]);
    expect(reasonsFor(quiet({ rag: null, ragAtLastMeeting: "amber" }))).toEqual([]);
  });
  test("never amber again at a first meeting", () => {
    expect(reasonsFor(quiet({ rag: "amber", ragAtLastMeeting: "amber" }), null)).toEqual([]);
  });
});

describe("returned at the last meeting", () => {
  test("given when the flag is set and there was a last meeting", () => {
    expect(reasonsFor(quiet({ returnedAtLastMeeting: true }))).toEqual(["returned_last_time"]);
    expect(reasonsFor(quiet({ returnedAtLastMeeting: false }))).toEqual([]);
    expect(reasonsFor(quiet({ returnedAtLastMeeting: true }), null)).toEqual([]);
  });
});

describe("new evidence: strictly after the last meeting", () => {
  test("edges", () => {
    expect(reasonsFor(quiet({ latestEvidenceAt: LAST }))).toEqual([]);
    expect(reasonsFor(quiet({ latestEvidenceAt: "2026-09-10T14:00:00.001Z" }))).toEqual(["new_evidence"]);
    expect(reasonsFor(quiet({ latestEvidenceAt: "2026-09-10T13:59:59.999Z" }))).toEqual([]);
    expect(reasonsFor(quiet({ latestEvidenceAt: null }))).toEqual([]);
    expect(reasonsFor(quiet({ latestEvidenceAt: "yesterday" }))).toEqual([]);
  });
  test("never at a first meeting", () => {
    expect(reasonsFor(quiet({ latestEvidenceAt: "2026-11-01T00:00:00Z" }), null)).toEqual([]);
  });
  test("brings a complete action back", () => {
    expect(reasonsFor(quiet({ status: "complete", latestEvidenceAt: "2026-11-01T00:00:00Z" }))).toEqual([
      "new_evidence",
    ]);
    expect(
      reasonsFor(quiet({ status: "complete", rag: "red", dueDate: "2026-11-01", returnedAtLastMeeting: true })),
    ).toEqual([]);
  });
});
