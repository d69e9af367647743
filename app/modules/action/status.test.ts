import { describe, expect, test } from "vitest";
import { ROLES, type Role } from "../auth/permissions";
import {
  ACTION_STATUSES,
  TRANSITIONS,
  actorCapacity,
  allowedTransitions,
  checkImpactChange,
  checkProgress,
  checkRagChange,
  checkTransition,
  compareByUrgency,
  daysOverdue,
  deriveRecommendation,
  isDueSoon,
  isOverdue,
  noRecentUpdate,
  statusLabel,
  worstRag,
  type ActionStatus,
  type TransitionActor,
  type TransitionVia,
} from "./status";

// ─── The whole workflow, written out ────────────────────────────────────────
// Every (role, isOwner, via) and the moves it may make: "FROM>TO(requirements)".
// Anything not listed must be refused. A change to who may do what must change
// this table.
// NS not_started · IP in_progress · SR submitted_for_review · C complete · CL closed · B blocked
const S: Record<string, ActionStatus> = {
  NS: "not_started",
  IP: "in_progress",
  SR: "submitted_for_review",
  C: "complete",
  CL: "closed",
  B: "blocked",
};

const EXPECTED: Record<string, string> = {
  "admin owner update":
    "NS>IP NS>B(reason) IP>B(reason) B>IP IP>SR SR>IP(challenge) SR>C(reason) C>IP(challenge) C>CL CL>C(reason)",
  "admin not-owner update":
    "NS>IP NS>B(reason) IP>B(reason) B>IP IP>SR SR>IP(challenge) SR>C(reason) C>IP(challenge) C>CL CL>C(reason)",
  "admin owner bulk": "NS>IP NS>B(reason) IP>B(reason) B>IP IP>SR C>CL",
  "admin not-owner bulk": "NS>IP NS>B(reason) IP>B(reason) B>IP IP>SR C>CL",
  "admin owner board_decision": "SR>C(reason) SR>IP(challenge) C>IP(challenge)",
  "admin not-owner board_decision": "SR>C(reason) SR>IP(challenge) C>IP(challenge)",

  "board_member owner update": "",
  "board_member not-owner update": "",
  "board_member owner bulk": "",
  "board_member not-owner bulk": "",
  "board_member owner board_decision": "SR>C(reason) SR>IP(challenge) C>IP(challenge)",
  "board_member not-owner board_decision": "SR>C(reason) SR>IP(challenge) C>IP(challenge)",

  "action_owner owner update": "NS>IP NS>B(reason) IP>B(reason) B>IP IP>SR SR>IP(reason)",
  "action_owner not-owner update": "",
  "action_owner owner bulk": "NS>IP NS>B(reason) IP>B(reason) B>IP IP>SR",
  "action_owner not-owner bulk": "",
  "action_owner owner board_decision": "",
  "action_owner not-owner board_decision": "",

  "viewer owner update": "",
  "viewer not-owner update": "",
  "viewer owner bulk": "",
  "viewer not-owner bulk": "",
  "viewer owner board_decision": "",
  "viewer not-owner board_decision": "",

  "partner owner update": "NS>IP NS>B(reason) IP>B(reason) B>IP IP>SR SR>IP(reason)",
  "partner not-owner update": "",
  "partner owner bulk": "NS>IP NS>B(reason) IP>B(reason) B>IP IP>SR",
  "partner not-owner bulk": "",
  "partner owner board_decision": "",
  "partner not-owner board_decision": "",
};

const VIAS: TransitionVia[] = ["update", "bulk", "board_decision"];
const actorKey = (a: TransitionActor) => `${a.role} ${a.isOwner ? "owner" : "not-owner"} ${a.via}`;

type Move = { from: ActionStatus; to: ActionStatus; requires: string[] };
function parse(row: string): Move[] {
  return row
    .split(/\s+/)
    .filter(Boolean)
    .map((cell) => {
      const m = /^(\w+)>(\w+)(?:\(([\w,]+)\))?$/.exec(cell);
      if (!m || !S[m[1]!] || !S[m[2]!]) throw new Error(`bad cell in EXPECTED: ${cell}`);
      return { from: S[m[1]!]!, to: S[m[2]!]!, requires: m[3] ? m[3].split(",") : [] };
    });
}

const ACTORS: TransitionActor[] = ROLES.flatMap((role: Role) =>
  [true, false].flatMap((isOwner) => VIAS.map((via) => ({ role, isOwner, via }))),
);

test("the expected table covers every actor", () => {
  expect(Object.keys(EXPECTED).sort()).toEqual(ACTORS.map(actorKey).sort());
});

const FULL = { reason: "Because the audit showed it", challenge: "Show the re-audit results" };

describe("every (from, to, role, isOwner, via)", () => {
  for (const actor of ACTORS) {
    const expected = parse(EXPECTED[actorKey(actor)]!);
    for (const from of ACTION_STATUSES) {
      for (const to of ACTION_STATUSES) {
        const move = expected.find((m) => m.from === from && m.to === to);
        test(`${actorKey(actor)}: ${from} → ${to} is ${move ? `allowed${move.requires.length ? ` with ${move.requires}` : ""}` : "refused"}`, () => {
          const offered = allowedTransitions({ from, actor }).find((t) => t.to === to);
          const full = checkTransition({ from, to, actor, ...FULL });
          if (!move) {
            expect(offered).toBeUndefined();
            expect(full.ok).toBe(false);
            if (!full.ok) expect(full.message).toMatch(/\S/);
            return;
          }
          expect(offered?.requires).toEqual(move.requires);
          expect(full).toEqual({ ok: true });
          // Each required text is really required, and whitespace is not a text.
          for (const need of ["reason", "challenge"] as const) {
            const without = checkTransition({ from, to, actor, ...FULL, [need]: "  " });
            expect(without.ok).toBe(!move.requires.includes(need));
          }
          expect(checkTransition({ from, to, actor }).ok).toBe(move.requires.length === 0);
        });
      }
    }
  }
});

test("allowedTransitions offers exactly the expected moves, in table order", () => {
  for (const actor of ACTORS) {
    for (const from of ACTION_STATUSES) {
      const expected = parse(EXPECTED[actorKey(actor)]!)
        .filter((m) => m.from === from)
        .map((m) => m.to)
        .sort();
      expect(
        allowedTransitions({ from, actor })
          .map((t) => t.to)
          .sort(),
        `${actorKey(actor)} from ${from}`,
      ).toEqual(expected);
    }
  }
});

test("the transition table is well formed", () => {
  const keys = TRANSITIONS.map((r) => `${r.from}>${r.to}:${r.by}`);
  expect(new Set(keys).size).toBe(keys.length);
  for (const r of TRANSITIONS) {
    expect(r.from).not.toBe(r.to);
    for (const need of r.requires) expect(r.missing[need], `${r.from}>${r.to}:${r.by}`).toMatch(/^Enter /);
  }
});

test("capacity follows the permission matrix", () => {
  expect(actorCapacity({ role: "admin", isOwner: false, via: "update" })).toBe("admin");
  expect(actorCapacity({ role: "admin", isOwner: false, via: "board_decision" })).toBe("board");
  expect(actorCapacity({ role: "board_member", isOwner: true, via: "update" })).toBeNull();
  expect(actorCapacity({ role: "partner", isOwner: true, via: "bulk" })).toBe("owner");
  expect(actorCapacity({ role: "viewer", isOwner: true, via: "update" })).toBeNull();
});

describe("what the user is told", () => {
  const owner: TransitionActor = { role: "action_owner", isOwner: true, via: "update" };
  const admin: TransitionActor = { role: "admin", isOwner: false, via: "update" };
  const board: TransitionActor = { role: "board_member", isOwner: false, via: "board_decision" };
  const msg = (input: Parameters<typeof checkTransition>[0]) => {
    const r = checkTransition(input);
    return r.ok ? "ok" : r.message;
  };

  // Each rule (in the comment above it): what the user is told, and a move it refuses.
  const told: [string, Parameters<typeof checkTransition>[0]][] = [
    // An owner cannot mark their own action complete.
    [
      "Only a board decision or an authority admin can mark an action complete",
      { from: "submitted_for_review", to: "complete", actor: owner, reason: "done" },
    ],
    // Complete needs a submission first, even for an admin.
    [
      "An action must be submitted for review before it can be marked complete",
      { from: "in_progress", to: "complete", actor: admin, reason: "done" },
    ],
    // An admin must record a reason to mark complete.
    [
      "Enter the reason for marking the action complete",
      { from: "submitted_for_review", to: "complete", actor: admin },
    ],
    // Blocking needs a reason.
    ["Enter why the action is blocked", { from: "in_progress", to: "blocked", actor: owner, reason: " " }],
    // Returning needs a challenge.
    [
      "Enter the challenge: what must change before the action is submitted again",
      { from: "submitted_for_review", to: "in_progress", actor: board, reason: "x" },
    ],
    // Viewers are told they can only read.
    [
      "Viewers can read actions but cannot change them",
      { from: "not_started", to: "in_progress", actor: { role: "viewer", isOwner: true, via: "update" } },
    ],
    // Someone else's action.
    [
      "Only the action's owner or an authority admin can change its status",
      { from: "not_started", to: "in_progress", actor: { role: "partner", isOwner: false, via: "update" } },
    ],
    // Decisions are not made in bulk.
    [
      '"Mark as complete" cannot be done in bulk. Change each action on its own page',
      { from: "submitted_for_review", to: "complete", actor: { ...admin, via: "bulk" }, reason: "x" },
    ],
    // No move to the same status.
    ['The action is already "In progress"', { from: "in_progress", to: "in_progress", actor: admin }],
  ];
  test.each(told)("%s", (message, move) => expect(msg(move)).toBe(message));
  test("board members use a board decision", () => {
    expect(
      msg({
        from: "submitted_for_review",
        to: "complete",
        actor: { role: "board_member", isOwner: false, via: "update" },
        reason: "x",
      }),
    ).toBe("Board members change an action's status through a board decision");
    expect(msg({ from: "not_started", to: "in_progress", actor: board })).toBe(
      "A board decision can only accept an action, return it with a challenge or reopen it",
    );
    expect(msg({ from: "not_started", to: "submitted_for_review", actor: owner })).toBe(
      'An action cannot go from "Not started" to "Submitted for review"',
    );
  });
  test("only admins close", () => {
    expect(msg({ from: "complete", to: "closed", actor: board })).toBe(
      "Only an authority admin can close an action or undo a closure",
    );
    expect(msg({ from: "in_progress", to: "closed", actor: admin })).toBe("Only a complete action can be closed");
  });
  test("unknown statuses are refused", () => {
    expect(msg({ from: "in_progress", to: "done", actor: admin })).toBe("Choose a status from the list");
    expect(msg({ from: "archived", to: "in_progress", actor: admin })).toMatch(/not recognised/);
    expect(allowedTransitions({ from: "archived", actor: admin })).toEqual([]);
  });
  test("labels for the buttons", () => {
    expect(allowedTransitions({ from: "submitted_for_review", actor: board }).map((t) => t.label)).toEqual([
      "Accept as complete",
      "Return with a challenge",
    ]);
    expect(allowedTransitions({ from: "submitted_for_review", actor: owner }).map((t) => t.label)).toEqual([
      "Withdraw from review",
    ]);
  });
});

// ─── RAG ────────────────────────────────────────────────────────────────────

describe("RAG changes need a reason", () => {
  for (const [name, check] of [
    ["delivery", checkRagChange],
    ["impact", checkImpactChange],
  ] as const) {
    test(`${name}: a change without a reason is refused`, () => {
      expect(check({ from: "green", to: "red", reason: "" })).toEqual({
        ok: false,
        message: `Enter why the ${name} RAG has changed`,
      });
      expect(check({ from: "green", to: "red", reason: "   " }).ok).toBe(false);
      expect(check({ from: "green", to: "red" }).ok).toBe(false);
      expect(check({ from: "green", to: "red", reason: "Caseloads up" })).toEqual({ ok: true });
    });
    test(`${name}: setting it the first time needs a reason`, () => {
      expect(check({ from: null, to: "amber", reason: null })).toEqual({
        ok: false,
        message: `Enter the reason for the ${name} RAG`,
      });
      expect(check({ from: null, to: "amber", reason: "Early days" })).toEqual({ ok: true });
    });
    test(`${name}: no change needs no reason`, () => {
      expect(check({ from: "amber", to: "amber", reason: "" })).toEqual({ ok: true });
      expect(check({ from: "amber", to: null })).toEqual({ ok: true });
      expect(check({ from: "amber", to: "" })).toEqual({ ok: true });
      expect(check({ from: null, to: undefined })).toEqual({ ok: true });
    });
    test(`${name}: only red, amber or green`, () => {
      expect(check({ from: "amber", to: "blue", reason: "x" })).toEqual({
        ok: false,
        message: `Choose red, amber or green for the ${name} RAG`,
      });
      expect(check({ from: "amber", to: "Red", reason: "x" }).ok).toBe(false);
    });
  }
  test("worst RAG ignores unset values", () => {
    expect(worstRag([])).toBeNull();
    expect(worstRag([null, "green", "amber"])).toBe("amber");
    expect(worstRag(["green", "red", "amber"])).toBe("red");
    expect(worstRag(["purple", null])).toBeNull();
  });
});

// ─── Progress ───────────────────────────────────────────────────────────────

test("progress is a whole number from 0 to 100", () => {
  for (const ok of [0, 1, 50, 100]) expect(checkProgress(ok)).toEqual({ ok: true, value: ok });
  expect(checkProgress("40")).toEqual({ ok: true, value: 40 });
  expect(checkProgress(" 40% ")).toEqual({ ok: true, value: 40 });
  expect(checkProgress(-1)).toEqual({ ok: false, message: "Progress must be between 0 and 100" });
  expect(checkProgress(101)).toEqual({ ok: false, message: "Progress must be between 0 and 100" });
  expect(checkProgress(12.5)).toEqual({ ok: false, message: "Progress must be a whole number" });
  expect(checkProgress("12.5")).toEqual({ ok: false, message: "Progress must be a whole number" });
  expect(checkProgress(NaN)).toEqual({ ok: false, message: "Progress must be a number, like 40" });
  expect(checkProgress(Infinity)).toEqual({ ok: false, message: "Progress must be a number, like 40" });
  expect(checkProgress("forty")).toEqual({ ok: false, message: "Progress must be a number, like 40" });
  expect(checkProgress("")).toEqual({ ok: false, message: "Enter progress as a percentage from 0 to 100" });
  expect(checkProgress(null).ok).toBe(false);
  expect(checkProgress(undefined).ok).toBe(false);
});

// ─── Dates ──────────────────────────────────────────────────────────────────

// 10:00 UTC on 15 March 2027; late-evening and just-after-midnight cases below.
const NOW = new Date("2027-03-15T10:00:00Z");
const open = (dueDate: Date | string | null, status = "in_progress") => ({ status, dueDate });

describe("overdue", () => {
  test("due today is not overdue, even at the end of the day", () => {
    expect(isOverdue(open("2027-03-15"), NOW)).toBe(false);
    expect(isOverdue(open("2027-03-15T00:00:00Z"), new Date("2027-03-15T23:59:59.999Z"))).toBe(false);
    expect(daysOverdue(open("2027-03-15"), NOW)).toBe(0);
  });
  test("due yesterday is one day overdue, from the first millisecond of today (UTC)", () => {
    expect(isOverdue(open("2027-03-14"), new Date("2027-03-15T00:00:00Z"))).toBe(true);
    expect(isOverdue(open("2027-03-14T23:59:59Z"), new Date("2027-03-15T00:00:00Z"))).toBe(true);
    expect(daysOverdue(open("2027-03-14"), NOW)).toBe(1);
  });
  test("days are UTC days, not local ones", () => {
    // 23:30 UTC on the 14th is already the 15th east of Greenwich; for us it is still the 14th.
    expect(daysOverdue(open("2027-03-14T23:30:00Z"), new Date("2027-03-15T00:10:00Z"))).toBe(1);
    // A due date late on the 15th is not overdue during the 15th.
    expect(isOverdue(open("2027-03-15T23:30:00Z"), new Date("2027-03-15T00:10:00Z"))).toBe(false);
  });
  test("the same answers whatever the server's time zone", () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ["Pacific/Kiritimati", "America/Los_Angeles", "Europe/London"]) {
        process.env.TZ = tz;
        expect(isOverdue(open("2027-03-15T00:00:00Z"), new Date("2027-03-15T23:59:59Z")), tz).toBe(false);
        expect(daysOverdue(open("2027-03-14T23:30:00Z"), new Date("2027-03-15T00:10:00Z")), tz).toBe(1);
        expect(isDueSoon(open("2027-04-14T23:00:00Z"), new Date("2027-03-15T01:00:00Z")), tz).toBe(true);
        expect(noRecentUpdate(new Date("2027-02-13T00:00:01Z"), new Date("2027-03-15T23:00:00Z")), tz).toBe(false);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
  test("counts whole days across months and a clock change", () => {
    expect(daysOverdue(open(new Date("2027-02-13T00:00:00Z")), NOW)).toBe(30);
    expect(daysOverdue(open("2027-03-01"), new Date("2027-04-01T12:00:00Z"))).toBe(31);
  });
  test("complete and closed actions are never overdue", () => {
    for (const status of ["complete", "closed"]) {
      expect(isOverdue(open("2020-01-01", status), NOW)).toBe(false);
      expect(daysOverdue(open("2020-01-01", status), NOW)).toBe(0);
    }
    for (const status of ["not_started", "in_progress", "submitted_for_review", "blocked"]) {
      expect(isOverdue(open("2020-01-01", status), NOW)).toBe(true);
    }
  });
  test("no due date, or a broken one, is not overdue", () => {
    expect(isOverdue(open(null), NOW)).toBe(false);
    expect(daysOverdue(open("not a date"), NOW)).toBe(0);
  });
});

describe("due soon", () => {
  test("from today to 30 days ahead, inclusive", () => {
    expect(isDueSoon(open("2027-03-15"), NOW)).toBe(true);
    expect(isDueSoon(open("2027-04-14"), NOW)).toBe(true); // 30 days
    expect(isDueSoon(open("2027-04-15"), NOW)).toBe(false); // 31 days
    expect(isDueSoon(open("2027-03-14"), NOW)).toBe(false); // overdue, not "soon"
  });
  test("the window can be changed", () => {
    expect(isDueSoon(open("2027-03-22"), NOW, 7)).toBe(true);
    expect(isDueSoon(open("2027-03-23"), NOW, 7)).toBe(false);
  });
  test("done or undated actions are never due soon", () => {
    expect(isDueSoon(open("2027-03-16", "complete"), NOW)).toBe(false);
    expect(isDueSoon(open("2027-03-16", "closed"), NOW)).toBe(false);
    expect(isDueSoon(open(null), NOW)).toBe(false);
  });
});

describe("no recent update", () => {
  test("an update exactly 30 UTC days ago is still recent; 31 is not", () => {
    expect(noRecentUpdate(new Date("2027-02-13T00:00:01Z"), NOW)).toBe(false);
    expect(noRecentUpdate(new Date("2027-02-12T23:59:59Z"), NOW)).toBe(true);
  });
  test("never updated counts as no recent update", () => {
    expect(noRecentUpdate(null, NOW)).toBe(true);
  });
  test("an update today is recent; the window can be changed", () => {
    expect(noRecentUpdate(NOW, NOW)).toBe(false);
    expect(noRecentUpdate("2027-03-07", NOW, 7)).toBe(true);
    expect(noRecentUpdate("2027-03-08", NOW, 7)).toBe(false);
  });
});

test("My actions order: most overdue first, then due soon, later, undated, done", () => {
  const actions = [
    { id: "done", ...open("2020-01-01", "complete") },
    { id: "undated", ...open(null) },
    { id: "later", ...open("2027-09-01") },
    { id: "soon-2", ...open("2027-03-20") },
    { id: "today", ...open("2027-03-15") },
    { id: "overdue-1", ...open("2027-03-14") },
    { id: "overdue-10", ...open("2027-03-05") },
  ];
  expect([...actions].sort(compareByUrgency(NOW)).map((a) => a.id)).toEqual([
    "overdue-10",
    "overdue-1",
    "today",
    "soon-2",
    "later",
    "undated",
    "done",
  ]);
});

// ─── Recommendation roll-up ─────────────────────────────────────────────────

describe("recommendation derived from its actions", () => {
  const a = (status: string, progress = 0, rag: string | null = null, dueDate: string | null = null) => ({
    status,
    progress,
    rag,
    dueDate,
  });
  const statusOf = (...statuses: string[]) =>
    deriveRecommendation(
      statuses.map((s) => a(s)),
      NOW,
    ).status;

  test("no actions", () => {
    expect(deriveRecommendation([], NOW)).toEqual({
      status: "no_actions",
      progress: 0,
      actionCount: 0,
      doneCount: 0,
      overdueCount: 0,
      worstRag: null,
    });
  });
  test("status rules, in order", () => {
    expect(statusOf("closed", "closed")).toBe("closed");
    expect(statusOf("complete", "closed")).toBe("complete");
    expect(statusOf("complete")).toBe("complete");
    expect(statusOf("blocked", "complete")).toBe("blocked");
    expect(statusOf("blocked", "not_started")).toBe("blocked");
    expect(statusOf("blocked", "submitted_for_review")).toBe("blocked");
    expect(statusOf("not_started", "not_started")).toBe("not_started");
    expect(statusOf("submitted_for_review", "complete")).toBe("submitted_for_review");
    expect(statusOf("submitted_for_review", "submitted_for_review")).toBe("submitted_for_review");
    expect(statusOf("not_started", "complete")).toBe("in_progress");
    expect(statusOf("not_started", "in_progress")).toBe("in_progress");
    expect(statusOf("submitted_for_review", "in_progress")).toBe("in_progress");
    expect(statusOf("not_started", "submitted_for_review")).toBe("in_progress");
  });
  test("progress is the mean, complete and closed count as 100, rounded down", () => {
    expect(deriveRecommendation([a("in_progress", 50), a("complete", 20), a("not_started", 0)], NOW).progress).toBe(50);
    expect(deriveRecommendation([a("closed", 0), a("in_progress", 99)], NOW).progress).toBe(99);
    expect(deriveRecommendation([a("in_progress", 33), a("in_progress", 34)], NOW).progress).toBe(33);
    expect(deriveRecommendation([a("complete"), a("closed")], NOW).progress).toBe(100);
    expect(deriveRecommendation([a("in_progress", 150), a("in_progress", -20)], NOW).progress).toBe(50);
    expect(
      deriveRecommendation([{ status: "in_progress", progress: null, rag: null, dueDate: null }], NOW).progress,
    ).toBe(0);
  });
  test("overdue count uses the same rule as the action tag", () => {
    const d = deriveRecommendation(
      [
        a("in_progress", 0, null, "2027-03-14"),
        a("blocked", 0, null, "2026-01-01"),
        a("in_progress", 0, null, "2027-03-15"),
        a("complete", 0, null, "2020-01-01"),
      ],
      NOW,
    );
    expect(d.overdueCount).toBe(2);
    expect(d.actionCount).toBe(4);
    expect(d.doneCount).toBe(1);
  });
  test("worst RAG of the open actions only", () => {
    expect(
      deriveRecommendation([a("in_progress", 0, "green"), a("in_progress", 0, "amber"), a("complete", 0, "red")], NOW)
        .worstRag,
    ).toBe("amber");
    expect(deriveRecommendation([a("in_progress", 0, "green"), a("blocked", 0, "red")], NOW).worstRag).toBe("red");
    expect(deriveRecommendation([a("complete", 0, "red")], NOW).worstRag).toBeNull();
    expect(deriveRecommendation([a("in_progress", 0, null)], NOW).worstRag).toBeNull();
  });
});

test("existing labels still work", () => {
  expect(statusLabel("submitted_for_review")).toBe("Submitted for review");
  expect(statusLabel("mystery")).toBe("mystery");
});
