/**
 * Action status and RAG vocabulary, and the rules derived from them. Pure (no
 * Prisma, no node-only imports): the tags, the services, the action pipeline
 * (change.ts) and the board pack all use this one truth. Exhaustively tested in status.test.ts.
 *
 * Status workflow (TRANSITIONS is the table; anything not in it is refused):
 *   not_started → in_progress → submitted_for_review → complete → closed
 *   not_started | in_progress → blocked (reason), blocked → in_progress (unblock)
 *   submitted_for_review → in_progress: returned with a challenge (board or admin),
 *     or withdrawn by the owner (reason)
 *   complete → in_progress: reopened with a challenge (board or admin)
 *   closed → complete: closure undone (admin, reason)
 *
 * Who may do what is decided by the actor's *capacity*, derived from the
 * permission matrix (app/modules/auth/permissions.ts) and the channel used:
 *  - "owner": the action's owner with `update:action:own` (action owners,
 *    partner users) editing the action or bulk-editing their own actions.
 *    Board members and viewers cannot, even when they are named owner.
 *  - "admin": a user with `write:action:any` (authority admins) editing the
 *    action or bulk-editing.
 *  - "board": a user with `decide:board:any` (board members and admins)
 *    recording a board decision. A board decision only accepts, returns or
 *    reopens; it never starts, blocks or submits work.
 * Complete is reached only from submitted_for_review, by a board decision or an
 * admin, always with a recorded reason (the decision text). Closed is reached
 * only by an admin from complete; an admin can undo a closure with a reason.
 * Bulk edit offers only changes that need no per-action judgement (start,
 * block, unblock, submit, close): never complete, return, reopen or withdraw.
 */
import { roleHasPermission, type Role } from "../auth/permissions";
import { dayStart, daysBetween } from "../../utils/format";
import { fail, ok, type Result } from "../../utils/result";
import { isOneOf, keysOf, labelOf } from "../../utils/vocabulary";

export const ACTION_STATUS_LABELS = {
  not_started: "Not started",
  in_progress: "In progress",
  submitted_for_review: "Submitted for review",
  complete: "Complete",
  closed: "Closed",
  blocked: "Blocked",
};
export type ActionStatus = keyof typeof ACTION_STATUS_LABELS;
export const ACTION_STATUSES = keysOf(ACTION_STATUS_LABELS);

export const ACTION_STATUS_TONES: Record<ActionStatus, "grey" | "blue" | "purple" | "green" | "red"> = {
  not_started: "grey",
  in_progress: "blue",
  submitted_for_review: "purple",
  complete: "green",
  closed: "grey",
  blocked: "red",
};

export const RAG_LABELS = { red: "Red", amber: "Amber", green: "Green" };
export type Rag = keyof typeof RAG_LABELS;
export const RAGS = keysOf(RAG_LABELS);

/** Statuses at which the work is done: never overdue, never due soon, 100 % in roll-ups. */
export const DONE_STATUSES: readonly ActionStatus[] = ["complete", "closed"];

/** Days ahead that count as "due soon" (dashboard, My actions). */
export const DUE_SOON_DAYS = 30;
/** Days without an update after which an open action is flagged on the dashboard. */
export const NO_UPDATE_DAYS = 30;

export const isActionStatus = isOneOf(ACTION_STATUSES);
export const isRag = isOneOf(RAGS);
/**
 * A status read from the database or a stored snapshot, parsed at the edge:
 * an unknown value is an error (a 500 with the value in the logs), never a
 * silent fallback to some other status.
 */
export function parseActionStatus(value: unknown): ActionStatus {
  if (isActionStatus(value)) return value;
  throw new Error(`Unknown action status ${JSON.stringify(value)} read from storage`);
}
/** A stored RAG: null when unset; an unknown value is an error. */
export function parseRag(value: unknown): Rag | null {
  if (value === null || value === undefined) return null;
  if (isRag(value)) return value;
  throw new Error(`Unknown RAG ${JSON.stringify(value)} read from storage`);
}
export function isDone(status: string): boolean {
  return (DONE_STATUSES as readonly string[]).includes(status);
}

export const statusLabel = labelOf(ACTION_STATUS_LABELS);

/** The result of every check here: messages are for the user, in GOV.UK error-message style. */
export type Check = Result;
const OK: Check = ok();
const blank = (text: string | null | undefined) => !text || text.trim() === "";

// ─── Status workflow ────────────────────────────────────────────────────────

export type Capacity = "owner" | "admin" | "board";
export type Requirement = "reason" | "challenge";
export type TransitionVia = "update" | "board_decision" | "bulk";
export type TransitionActor = { role: Role; isOwner: boolean; via: TransitionVia };

export type TransitionRule = {
  from: ActionStatus;
  to: ActionStatus;
  by: Capacity;
  /** Text the user must give (the keys of `missing`). `reason` is recorded on the update (and as blockedReason when blocking). */
  requires: readonly Requirement[];
  /** Offered in bulk edit (needs no per-action judgement). */
  bulk: boolean;
  /** Button text. */
  label: string;
  /** Error message when a required text is missing, one per requirement. */
  missing: Partial<Record<Requirement, string>>;
};

/** What a move says when a text it requires is missing; the texts a move requires are the keys of its entry. */
const MISSING = {
  none: {},
  block: { reason: "Enter why the action is blocked" },
  withdraw: { reason: "Enter why you are withdrawing the action from review" },
  complete: { reason: "Enter the reason for marking the action complete" },
  undoClosure: { reason: "Enter why the closure is being undone" },
  accept: { reason: "Enter the board's reason for accepting the action as complete" },
  challenge: { challenge: "Enter the challenge: what must change before the action is submitted again" },
} satisfies Record<string, TransitionRule["missing"]>;

type Move = Omit<TransitionRule, "by" | "requires" | "bulk"> & { bulk?: true };
const moves = (by: Capacity, list: readonly Move[]): TransitionRule[] =>
  list.map((m) => ({ ...m, by, bulk: m.bulk ?? false, requires: Object.keys(m.missing) as Requirement[] }));

/** The work itself (start, block, unblock, submit): the owner's, and an admin's. */
const WORK: readonly Move[] = [
  { from: "not_started", to: "in_progress", bulk: true, label: "Start work", missing: MISSING.none },
  { from: "not_started", to: "blocked", bulk: true, label: "Mark as blocked", missing: MISSING.block },
  { from: "in_progress", to: "blocked", bulk: true, label: "Mark as blocked", missing: MISSING.block },
  { from: "blocked", to: "in_progress", bulk: true, label: "Unblock", missing: MISSING.none },
  { from: "in_progress", to: "submitted_for_review", bulk: true, label: "Submit for review", missing: MISSING.none },
];
/** Sending work back with a challenge: a board decision's, and an admin's. */
const RETURN: Move = {
  from: "submitted_for_review",
  to: "in_progress",
  label: "Return with a challenge",
  missing: MISSING.challenge,
};
const REOPEN: Move = { ...RETURN, from: "complete", label: "Reopen with a challenge" };

/** Every allowed status change, by capacity. At most one rule per (from, to, by). */
export const TRANSITIONS: readonly TransitionRule[] = [
  // The owner's own work.
  ...moves("owner", [
    ...WORK,
    { from: "submitted_for_review", to: "in_progress", label: "Withdraw from review", missing: MISSING.withdraw },
  ]),
  // An authority admin: everything an owner can do, plus the decisions.
  ...moves("admin", [
    ...WORK,
    RETURN,
    { from: "submitted_for_review", to: "complete", label: "Mark as complete", missing: MISSING.complete },
    REOPEN,
    { from: "complete", to: "closed", bulk: true, label: "Close", missing: MISSING.none },
    { from: "closed", to: "complete", label: "Undo closure", missing: MISSING.undoClosure },
  ]),
  // A board decision.
  ...moves("board", [
    { from: "submitted_for_review", to: "complete", label: "Accept as complete", missing: MISSING.accept },
    RETURN,
    REOPEN,
  ]),
];

/** The capacity in which an actor changes status, or null when they cannot change it at all. */
export function actorCapacity(actor: TransitionActor): Capacity | null {
  if (actor.via === "board_decision") return roleHasPermission(actor.role, "decide:board:any") ? "board" : null;
  if (roleHasPermission(actor.role, "write:action:any")) return "admin";
  if (actor.isOwner && roleHasPermission(actor.role, "update:action:own")) return "owner";
  return null;
}

function rulesFor(from: string, actor: TransitionActor): TransitionRule[] {
  const capacity = actorCapacity(actor);
  if (!capacity) return [];
  return TRANSITIONS.filter((r) => r.from === from && r.by === capacity && (actor.via !== "bulk" || r.bulk));
}

export type OfferedTransition = { to: ActionStatus; requires: readonly Requirement[]; label: string };

/** The status changes the UI should offer this actor, in workflow order. Empty for viewers. */
export function allowedTransitions({ from, actor }: { from: string; actor: TransitionActor }): OfferedTransition[] {
  return rulesFor(from, actor).map((r) => ({ to: r.to, requires: r.requires, label: r.label }));
}

/** Why no rule applies, in words the user can act on. */
function refusal(from: ActionStatus, to: ActionStatus, actor: TransitionActor): string {
  const capacity = actorCapacity(actor);
  if (!capacity) {
    const decides = roleHasPermission(actor.role, "decide:board:any");
    if (!decides && !roleHasPermission(actor.role, "update:action:own"))
      return "Viewers can read actions but cannot change them";
    if (actor.via === "board_decision") return "Only board members and authority admins can record a board decision";
    if (decides) return "Board members change an action's status through a board decision";
    return "Only the action's owner or an authority admin can change its status";
  }
  const pair = TRANSITIONS.filter((r) => r.from === from && r.to === to);
  const mine = pair.find((r) => r.by === capacity);
  if (mine && actor.via === "bulk") return `"${mine.label}" cannot be done in bulk. Change each action on its own page`;
  if (pair.length > 0) {
    if (to === "complete" && from === "submitted_for_review")
      return "Only a board decision or an authority admin can mark an action complete";
    if (to === "closed" || from === "closed") return "Only an authority admin can close an action or undo a closure";
    if (from === "complete") return "Only a board decision or an authority admin can reopen a complete action";
    if (capacity === "board")
      return "A board decision can only accept an action, return it with a challenge or reopen it";
  }
  if (to === "complete") return "An action must be submitted for review before it can be marked complete";
  if (to === "closed") return "Only a complete action can be closed";
  return `An action cannot go from "${ACTION_STATUS_LABELS[from]}" to "${ACTION_STATUS_LABELS[to]}"`;
}

/**
 * May this actor move the action from `from` to `to`, with these texts? The
 * server calls this on every status change; the UI offers only
 * allowedTransitions. Texts that are only whitespace count as missing.
 */
export function checkTransition(input: {
  from: string;
  to: string;
  actor: TransitionActor;
  reason?: string | null;
  challenge?: string | null;
}): Check {
  const { from, to, actor } = input;
  if (!isActionStatus(to)) return fail("Choose a status from the list");
  if (!isActionStatus(from))
    return fail(`The action's current status "${from}" is not recognised. Ask an authority admin to correct it`);
  if (from === to) return fail(`The action is already "${ACTION_STATUS_LABELS[to]}"`);
  const rule = rulesFor(from, actor).find((r) => r.to === to);
  if (!rule) return fail(refusal(from, to, actor));
  for (const need of rule.requires) {
    if (blank(need === "reason" ? input.reason : input.challenge))
      return fail(rule.missing[need] ?? `Enter the ${need}`);
  }
  return OK;
}

// ─── RAG ────────────────────────────────────────────────────────────────────

/**
 * A RAG change needs a reason every time it changes, including the first time
 * it is set. An empty `to` means "leave it as it is" (a RAG is never cleared).
 */
export type RagChange = { from: string | null | undefined; to: string | null | undefined; reason?: string | null };
function checkRag(kind: "delivery" | "impact", input: RagChange): Check {
  const { from, to, reason } = input;
  const name = kind === "delivery" ? "delivery RAG" : "impact RAG";
  if (to === null || to === undefined || to === "" || to === from) return OK;
  if (!isRag(to)) return fail(`Choose red, amber or green for the ${name}`);
  if (blank(reason))
    return fail(isRag(from) ? `Enter why the ${name} has changed` : `Enter the reason for the ${name}`);
  return OK;
}

/** Delivery RAG: is the work being done? Set by the owner, with a reason each time it changes. */
export function checkRagChange(input: RagChange): Check {
  return checkRag("delivery", input);
}

/** Impact RAG: is it making a difference for children? Same rule as delivery. */
export function checkImpactChange(input: RagChange): Check {
  return checkRag("impact", input);
}

const RAG_SEVERITY: Record<Rag, number> = { green: 0, amber: 1, red: 2 };

/** The worst of some RAGs (red > amber > green), ignoring unset ones; null when none is set. */
export function worstRag(rags: readonly (string | null | undefined)[]): Rag | null {
  let worst: Rag | null = null;
  for (const r of rags) if (isRag(r) && (worst === null || RAG_SEVERITY[r] > RAG_SEVERITY[worst])) worst = r;
  return worst;
}

// ─── Progress ───────────────────────────────────────────────────────────────

/** Progress is a whole number from 0 to 100. Accepts a number or the text of a form field. */
export function checkProgress(value: unknown): Result<{ value: number }> {
  let n: number;
  if (typeof value === "number") n = value;
  else if (typeof value === "string" && value.trim() !== "") {
    const text = value.trim().replace(/%$/, "").trim();
    if (!/^-?\d+(\.\d+)?$/.test(text)) return fail("Progress must be a number, like 40");
    n = Number(text);
  } else return fail("Enter progress as a percentage from 0 to 100");
  if (!Number.isFinite(n)) return fail("Progress must be a number, like 40");
  if (!Number.isInteger(n)) return fail("Progress must be a whole number");
  if (n < 0 || n > 100) return fail("Progress must be between 0 and 100");
  return ok({ value: n });
}

// ─── Dates: overdue, due soon, no recent update (whole UTC days) ────────────

// Day arithmetic comes from the one date module (whole UTC days, so that "due today" is not overdue).
type DateInput = Date | string | null | undefined;

type Dated = { status: string; dueDate: DateInput };

/** Overdue is computed, never stored: a due date before today (UTC), and not complete or closed. */
export function isOverdue(action: Dated, now: Date = new Date()): boolean {
  return daysOverdue(action, now) > 0;
}

/** Whole UTC days past the due date: 1 the day after it is due, 0 when not overdue (or done). */
export function daysOverdue(action: Dated, now: Date = new Date()): number {
  if (isDone(action.status)) return 0;
  const days = daysBetween(action.dueDate, now);
  return Number.isFinite(days) && days > 0 ? days : 0;
}

/** Open and due from today up to `days` days ahead, inclusive. Overdue actions are not "due soon". */
export function isDueSoon(action: Dated, now: Date = new Date(), days: number = DUE_SOON_DAYS): boolean {
  if (isDone(action.status)) return false;
  const ahead = daysBetween(now, action.dueDate);
  return Number.isFinite(ahead) && ahead >= 0 && ahead <= days;
}

/**
 * No update for more than `days` whole UTC days (never updated counts).
 * An update exactly `days` days ago is still recent. Callers pass only open
 * actions (complete and closed ones need no updates).
 */
export function noRecentUpdate(
  lastUpdateAt: DateInput,
  now: Date = new Date(),
  days: number = NO_UPDATE_DAYS,
): boolean {
  const since = daysBetween(lastUpdateAt, now);
  return !Number.isFinite(since) || since > days;
}

export type Urgency = "overdue" | "due_soon" | "later" | "no_due_date" | "done";
const URGENCY_ORDER: Urgency[] = ["overdue", "due_soon", "later", "no_due_date", "done"];

export function urgency(action: Dated, now: Date = new Date()): Urgency {
  if (isDone(action.status)) return "done";
  if (isOverdue(action, now)) return "overdue";
  if (isDueSoon(action, now)) return "due_soon";
  return Number.isFinite(dayStart(action.dueDate)) ? "later" : "no_due_date";
}

/** "My actions" order: overdue first (most overdue first), then due soon, later, no due date, done. */
export function compareByUrgency(now: Date = new Date()): (a: Dated, b: Dated) => number {
  return (a, b) => {
    const u = URGENCY_ORDER.indexOf(urgency(a, now)) - URGENCY_ORDER.indexOf(urgency(b, now));
    if (u !== 0) return u;
    const da = dayStart(a.dueDate);
    const db = dayStart(b.dueDate);
    return (Number.isFinite(da) ? da : Infinity) - (Number.isFinite(db) ? db : Infinity) || 0;
  };
}

// ─── Recommendation roll-up ─────────────────────────────────────────────────

export const RECOMMENDATION_STATUSES = [
  "no_actions",
  "not_started",
  "in_progress",
  "blocked",
  "submitted_for_review",
  "complete",
  "closed",
] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];
/** A recommendation's status is its actions' (see deriveRecommendation), or "no actions yet". */
export const RECOMMENDATION_STATUS_LABELS: Record<RecommendationStatus, string> = {
  no_actions: "No actions yet",
  ...ACTION_STATUS_LABELS,
};
export const RECOMMENDATION_STATUS_TONES: Record<RecommendationStatus, "grey" | "blue" | "purple" | "green" | "red"> = {
  no_actions: "grey",
  ...ACTION_STATUS_TONES,
};

export type DerivedRecommendation = {
  status: RecommendationStatus;
  /** Whole number 0–100, rounded down: 100 only when every action is at 100. */
  progress: number;
  actionCount: number;
  /** Actions complete or closed. */
  doneCount: number;
  overdueCount: number;
  /** Worst delivery RAG of the open actions; null when none is set or all are done. */
  worstRag: Rag | null;
};

/**
 * A recommendation's status and progress, derived from its (live) actions,
 * never typed. Status, first rule that applies:
 *  1. no actions → no_actions;
 *  2. every action closed → closed;
 *  3. every action complete or closed → complete;
 *  4. any action blocked → blocked;
 *  5. every action not started → not_started;
 *  6. every open action submitted for review → submitted_for_review;
 *  7. otherwise → in_progress.
 * Progress is the mean of the actions' progress, counting complete and closed
 * actions as 100 and clamping bad values into 0–100; 0 when there are none.
 */
export function deriveRecommendation(
  actions: readonly { status: string; progress: number | null; dueDate: DateInput; rag: string | null }[],
  now: Date = new Date(),
): DerivedRecommendation {
  const n = actions.length;
  const open = actions.filter((a) => !isDone(a.status));
  const all = (s: string) => n > 0 && actions.every((a) => a.status === s);
  const status: RecommendationStatus =
    n === 0
      ? "no_actions"
      : all("closed")
        ? "closed"
        : open.length === 0
          ? "complete"
          : open.some((a) => a.status === "blocked")
            ? "blocked"
            : all("not_started")
              ? "not_started"
              : open.every((a) => a.status === "submitted_for_review")
                ? "submitted_for_review"
                : "in_progress";
  const total = actions.reduce((sum, a) => {
    const p = isDone(a.status)
      ? 100
      : Number.isFinite(a.progress)
        ? Math.min(100, Math.max(0, a.progress as number))
        : 0;
    return sum + p;
  }, 0);
  return {
    status,
    progress: n === 0 ? 0 : Math.floor(total / n),
    actionCount: n,
    doneCount: n - open.length,
    overdueCount: actions.filter((a) => isOverdue(a, now)).length,
    worstRag: worstRag(open.map((a) => a.rag)),
  };
}
