/**
 * One way to change an action: `planActionChange(action, change, actor, now)`
 * is the only code that decides an action's status, blocked reason,
 * completion date, last update, RAG, impact RAG, progress, owner and due
 * date. Every writer (creation, progress updates, detail edits, bulk edits,
 * board decisions and the actions arising from them, the plan-spreadsheet
 * import, milestones, removal and restore, a member leaving the authority)
 * describes what it wants as an `ActionChange`; this returns the new column
 * values, the timeline entry, the audit diff and the events, or a refusal
 * with a reason. `applyActionChange` (apply.server.ts) runs it in a
 * transaction with the version check and the audit. Pure: no Prisma.
 *
 * The side effects every status change shares (ADR 018):
 *  - blockedReason is set on entering "blocked" and cleared on leaving it;
 *  - completedAt is set on entering "complete" and cleared on leaving the
 *    done statuses (complete, closed) for an open one; complete ↔ closed keeps it;
 *  - lastUpdateAt is set by every change that writes a timeline entry
 *    (progress update, status change, due-date change, board decision),
 *    whichever channel made it, bulk included.
 */
import { roleHasPermission } from "../auth/permissions";
import type { Actor } from "../auth/actor";
import { fail, type Fail, type Ok } from "~/utils/result";
import { isoDay } from "~/utils/format";
import {
  checkImpactChange,
  checkRagChange,
  checkTransition,
  isActionStatus,
  isDone,
  type ActionStatus,
  type Rag,
  type TransitionVia,
} from "./status";

/** The kinds of timeline entry (ActionUpdate.kind). */
export const TIMELINE_KINDS = ["update", "status_change", "extension", "decision"] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** The columns of an action this pipeline owns, as stored. */
export type ActionColumns = {
  title: string;
  description: string;
  ownerId: string | null;
  leadService: string;
  partnerAgencies: string;
  successMeasure: string;
  startDate: Date | null;
  dueDate: Date | null;
  status: string;
  rag: string | null;
  ragReason: string | null;
  impactRag: string | null;
  impactReason: string | null;
  progress: number;
  blockedReason: string | null;
  completedAt: Date | null;
  lastUpdateAt: Date | null;
  deletedAt: Date | null;
};

/** The fields an action is created with and its details form edits. */
export type DetailFields = Pick<
  ActionColumns,
  "title" | "description" | "ownerId" | "leadService" | "partnerAgencies" | "successMeasure" | "startDate" | "dueDate"
>;

/** Requested values are named `to…`, so that only this module writes an action's columns by name. */
export type BulkActionChange =
  | { field: "owner"; toOwnerId: string | null }
  | { field: "dueDate"; toDueDate: Date; reason: string }
  | { field: "status"; toStatus: string; reason: string };

export type ActionChange =
  /** A new action (admins, or a board decision's actions arising). `auditChanges` replaces the default "every field set". */
  | { kind: "create"; fields: DetailFields; auditChanges?: Record<string, [unknown, unknown]> }
  /** The details form. A due-date change needs `extensionReason` when there was a due date. */
  | { kind: "details"; fields: DetailFields; impactRag: Rag | null; impactReason: string; extensionReason: string }
  /** A dated progress update, optionally changing progress, RAG or status. */
  | {
      kind: "progress";
      body: string;
      toProgress: number | null;
      toRag: Rag | null;
      ragReason: string;
      toStatus: ActionStatus | null;
      statusReason: string;
    }
  | { kind: "bulk"; change: BulkActionChange }
  /** A board decision, already validated by board/rules.applyDecision (which defers to status.ts). */
  | {
      kind: "decision";
      decision: string;
      toStatus: ActionStatus | null;
      toDueDate: Date | null;
      updateKind: "decision" | "extension";
      body: string;
      boardDecisionId: string;
      auditChanges: Record<string, [unknown, unknown]>;
    }
  | { kind: "remove" }
  | { kind: "restore" }
  /** The owner left the authority: the action is unassigned. */
  | { kind: "unassign" }
  /** A milestone was added, done, undone or removed: no column changes, recorded on the action. */
  | { kind: "milestone"; change: "add" | "done" | "undone" | "remove"; auditChanges: Record<string, unknown> };

export type TimelineEntry = {
  kind: TimelineKind;
  body: string;
  progress: number | null;
  rag: string | null;
  ragReason: string | null;
  status: string | null;
  oldDueDate: Date | null;
  newDueDate: Date | null;
  boardDecisionId: string | null;
  createdAt: Date;
};

export type ActionEvent =
  | { type: "created" }
  | { type: "assigned"; ownerId: string; previousOwnerId: string | null }
  | { type: "unassigned"; previousOwnerId: string }
  | { type: "status_changed"; from: string; to: string }
  | { type: "blocked"; reason: string }
  | { type: "unblocked" }
  | { type: "submitted" }
  | { type: "returned" }
  | { type: "completed" }
  | { type: "reopened" }
  | { type: "closed" }
  | { type: "rag_changed"; from: string | null; to: string }
  | { type: "impact_rag_changed"; from: string | null; to: string }
  | { type: "progress_changed"; from: number; to: number }
  | { type: "due_date_extended"; from: string | null; to: string | null }
  | { type: "update_posted" }
  | { type: "board_decision"; decision: string }
  | { type: "removed" }
  | { type: "restored" }
  | { type: "milestone_changed"; change: "add" | "done" | "undone" | "remove" };

export type PlannedChange = Ok<{
  /** Only the columns that change (for create: every column set). Empty when nothing changes. */
  columns: Partial<ActionColumns>;
  timeline: TimelineEntry | null;
  /** The audit event on the action, or null when nothing changed. */
  audit: { action: string; changes: Record<string, unknown> | null } | null;
  events: ActionEvent[];
  /** The search text must be recomputed (title, description or the timeline changed). */
  refreshSearchText: boolean;
}>;
export type RefusedChange = Fail<{
  message: string;
  /** Per form field, for the form's error messages. */
  fieldErrors?: Record<string, string[]>;
  /** The actor may not make this change at all (a 403, not a form error). */
  forbidden?: boolean;
}>;
export type ActionChangeResult = PlannedChange | RefusedChange;

const DETAIL_FIELDS = [
  "title",
  "description",
  "ownerId",
  "leadService",
  "partnerAgencies",
  "successMeasure",
  "startDate",
  "dueDate",
  "impactRag",
  "impactReason",
] as const;
/** Fields an owner may change on their own action; the rest need an admin. */
const OWNER_FIELDS: readonly string[] = [
  "description",
  "leadService",
  "partnerAgencies",
  "successMeasure",
  "impactRag",
  "impactReason",
];
const AUDITED: readonly (keyof ActionColumns)[] = [
  ...DETAIL_FIELDS,
  "status",
  "rag",
  "ragReason",
  "progress",
  "blockedReason",
  "completedAt",
  "deletedAt",
];

export const FIELD_LABELS: Record<string, string> = {
  title: "Title",
  description: "Description",
  ownerId: "Owner",
  leadService: "Lead service",
  partnerAgencies: "Partner agencies",
  successMeasure: "How we will know",
  startDate: "Start date",
  dueDate: "Due date",
  status: "Status",
  rag: "RAG",
  ragReason: "RAG reason",
  impactRag: "Impact RAG",
  impactReason: "Impact reason",
  progress: "Progress",
  blockedReason: "Blocked reason",
};

const norm = (v: unknown) => (v instanceof Date ? v.toISOString() : (v ?? null));
const same = (a: unknown, b: unknown) => JSON.stringify(norm(a)) === JSON.stringify(norm(b));

/** The columns in `next` that differ from `before`. */
function changed(before: ActionColumns, next: Partial<ActionColumns>): Partial<ActionColumns> {
  const out: Partial<ActionColumns> = {};
  for (const [k, v] of Object.entries(next) as [keyof ActionColumns, unknown][])
    if (!same(before[k], v)) (out as Record<string, unknown>)[k] = v;
  return out;
}

function diff(
  before: ActionColumns,
  columns: Partial<ActionColumns>,
  fields: readonly (keyof ActionColumns)[] = AUDITED,
): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const f of fields)
    if (f in columns && !same(before[f], columns[f])) out[f] = [norm(before[f]), norm(columns[f])];
  return out;
}

/**
 * The side effects of a status change, the same for every channel: the
 * blocked reason, the completion date. `reason` is the blocking reason.
 */
function statusColumns(
  before: ActionColumns,
  to: ActionStatus,
  reason: string | null,
  now: Date,
): Partial<ActionColumns> {
  const out: Partial<ActionColumns> = { status: to };
  if (to === "blocked") out.blockedReason = reason;
  else if (before.status === "blocked" || before.blockedReason !== null) out.blockedReason = null;
  if (to === "complete") out.completedAt = now;
  else if (!isDone(to) && before.completedAt !== null) out.completedAt = null;
  return out;
}

/**
 * A board decision's events: the decision, what its column changes mean, and
 * "returned" whenever the board returns the action with a challenge, whatever
 * status it had (the owner must hear of a challenge to an action still in
 * progress, not only to one submitted for review).
 */
function decisionEvents(decision: string, fromColumns: ActionEvent[]): ActionEvent[] {
  const events: ActionEvent[] = [{ type: "board_decision", decision }, ...fromColumns];
  if (decision === "return" && !fromColumns.some((e) => e.type === "returned")) events.push({ type: "returned" });
  return events;
}

/** The events a set of column changes means, whoever made them. */
function eventsOf(before: ActionColumns, c: Partial<ActionColumns>): ActionEvent[] {
  const events: ActionEvent[] = [];
  if ("ownerId" in c) {
    if (c.ownerId) events.push({ type: "assigned", ownerId: c.ownerId, previousOwnerId: before.ownerId });
    else if (before.ownerId) events.push({ type: "unassigned", previousOwnerId: before.ownerId });
  }
  if (c.status !== undefined && c.status !== before.status) {
    const from = before.status;
    const to = c.status;
    events.push({ type: "status_changed", from, to });
    if (to === "blocked") events.push({ type: "blocked", reason: c.blockedReason ?? "" });
    else if (from === "blocked") events.push({ type: "unblocked" });
    if (to === "submitted_for_review") events.push({ type: "submitted" });
    if (from === "submitted_for_review" && to === "in_progress") events.push({ type: "returned" });
    if (to === "complete" && from !== "closed") events.push({ type: "completed" });
    if (isDone(from) && !isDone(to)) events.push({ type: "reopened" });
    if (to === "closed") events.push({ type: "closed" });
  }
  if (c.rag !== undefined && c.rag !== null && c.rag !== before.rag)
    events.push({ type: "rag_changed", from: before.rag, to: c.rag });
  if (c.impactRag !== undefined && c.impactRag !== null && c.impactRag !== before.impactRag)
    events.push({ type: "impact_rag_changed", from: before.impactRag, to: c.impactRag });
  if (c.progress !== undefined && c.progress !== before.progress)
    events.push({ type: "progress_changed", from: before.progress, to: c.progress });
  if ("dueDate" in c && !same(c.dueDate, before.dueDate))
    events.push({ type: "due_date_extended", from: isoDay(before.dueDate), to: isoDay(c.dueDate) });
  return events;
}

const entry = (now: Date, e: Partial<TimelineEntry> & Pick<TimelineEntry, "kind" | "body">): TimelineEntry => ({
  progress: null,
  rag: null,
  ragReason: null,
  status: null,
  oldDueDate: null,
  newDueDate: null,
  boardDecisionId: null,
  createdAt: now,
  ...e,
});

const refuse = (message: string, fieldErrors?: Record<string, string[]>, forbidden?: boolean): RefusedChange =>
  fail({ message, ...(fieldErrors ? { fieldErrors } : {}), ...(forbidden ? { forbidden } : {}) });
const refuseFields = (fieldErrors: Record<string, string[]>): RefusedChange =>
  refuse(Object.values(fieldErrors).flat().join("; "), fieldErrors);
const nothing: PlannedChange = {
  ok: true,
  columns: {},
  timeline: null,
  audit: null,
  events: [],
  refreshSearchText: false,
};

/**
 * Plans a change to an action. `action` is null only for `create`. The caller
 * has already established that the actor may touch the action at all (owner
 * or admin; board member for decisions); the rules here decide what they may
 * change and what follows from it.
 */
export function planActionChange(
  action: ActionColumns | null,
  change: ActionChange,
  actor: Actor,
  now: Date,
): ActionChangeResult {
  if (change.kind === "create") {
    const columns: Partial<ActionColumns> = { ...change.fields, status: "not_started", progress: 0 };
    const auditChanges =
      change.auditChanges ??
      (Object.fromEntries(
        Object.entries(change.fields)
          .filter(([, v]) => v !== null && v !== "")
          .map(([k, v]) => [k, [null, norm(v)]]),
      ) as Record<string, [unknown, unknown]>);
    const events: ActionEvent[] = [{ type: "created" }];
    if (change.fields.ownerId) events.push({ type: "assigned", ownerId: change.fields.ownerId, previousOwnerId: null });
    return {
      ok: true,
      columns,
      timeline: null,
      audit: { action: "create", changes: auditChanges },
      events,
      refreshSearchText: false,
    };
  }
  if (!action) return refuse("The action does not exist");
  const isOwner = action.ownerId !== null && action.ownerId === actor.id;
  /** The workflow's verdict on moving this action to `to`; the one text the user gave serves as reason or challenge. */
  const transition = (to: string, via: TransitionVia, text: string | null) =>
    checkTransition({
      from: action.status,
      to,
      actor: { role: actor.role, isOwner, via },
      reason: text,
      challenge: text,
    });

  switch (change.kind) {
    case "details": {
      const next: Partial<ActionColumns> = {
        ...change.fields,
        impactRag: change.impactRag ?? action.impactRag,
        impactReason: change.impactReason || action.impactReason,
      };
      const columns = changed(action, next);
      if (Object.keys(columns).length === 0) return nothing;
      if (!roleHasPermission(actor.role, "write:action:any")) {
        const locked = Object.keys(columns).filter((f) => !OWNER_FIELDS.includes(f));
        if (locked.length)
          return refuse(
            `Only an authority admin can change: ${locked.map((f) => FIELD_LABELS[f] ?? f).join(", ")}.`,
            undefined,
            true,
          );
      }
      const errors: Record<string, string[]> = {};
      const impact = checkImpactChange({ from: action.impactRag, to: change.impactRag, reason: change.impactReason });
      if (!impact.ok) errors.impactReason = [impact.message];
      const dueChanged = "dueDate" in columns;
      if (dueChanged && action.dueDate && !change.extensionReason)
        errors.extensionReason = ["Enter why the due date is changing"];
      if (Object.keys(errors).length) return refuseFields(errors);
      const timeline = dueChanged
        ? entry(now, {
            kind: "extension",
            body: change.extensionReason || "Due date set.",
            oldDueDate: action.dueDate,
            newDueDate: columns.dueDate ?? null,
          })
        : null;
      if (timeline) columns.lastUpdateAt = now;
      return {
        ok: true,
        columns,
        timeline,
        audit: { action: "update", changes: diff(action, columns, DETAIL_FIELDS) },
        events: eventsOf(action, columns),
        refreshSearchText: "title" in columns || "description" in columns || timeline !== null,
      };
    }

    case "progress": {
      const errors: Record<string, string[]> = {};
      const ragChanged = change.toRag !== null && change.toRag !== action.rag;
      const rag = checkRagChange({ from: action.rag, to: change.toRag, reason: change.ragReason });
      if (!rag.ok) errors.ragReason = [rag.message];
      const statusChanged = change.toStatus !== null && change.toStatus !== action.status;
      if (change.toStatus !== null && statusChanged) {
        const t = transition(change.toStatus, "update", change.statusReason);
        if (!t.ok) errors[change.statusReason ? "status" : "statusReason"] = [t.message];
      }
      if (Object.keys(errors).length) return refuseFields(errors);
      const next: Partial<ActionColumns> = {};
      if (change.toProgress !== null && change.toProgress !== action.progress) next.progress = change.toProgress;
      if (ragChanged) Object.assign(next, { rag: change.toRag, ragReason: change.ragReason });
      if (change.toStatus !== null && statusChanged)
        Object.assign(next, statusColumns(action, change.toStatus, change.statusReason, now));
      const audited = diff(action, next);
      const columns = { ...next, lastUpdateAt: now };
      return {
        ok: true,
        columns,
        timeline: entry(now, {
          kind: statusChanged ? "status_change" : "update",
          body: change.body,
          progress: change.toProgress,
          rag: ragChanged ? change.toRag : null,
          ragReason: ragChanged ? change.ragReason : null,
          status: statusChanged ? change.toStatus : null,
        }),
        audit: Object.keys(audited).length ? { action: "update", changes: audited } : null,
        events: [{ type: "update_posted" }, ...eventsOf(action, next)],
        refreshSearchText: true,
      };
    }

    case "bulk": {
      const c = change.change;
      let next: Partial<ActionColumns>;
      let timeline: TimelineEntry | null = null;
      if (c.field === "owner") next = { ownerId: c.toOwnerId };
      else if (c.field === "dueDate") {
        next = { dueDate: c.toDueDate };
        if (!same(action.dueDate, c.toDueDate))
          timeline = entry(now, {
            kind: "extension",
            body: c.reason,
            oldDueDate: action.dueDate,
            newDueDate: c.toDueDate,
          });
      } else {
        const t = transition(c.toStatus, "bulk", c.reason);
        if (!t.ok) return refuse(t.message);
        if (!isActionStatus(c.toStatus)) return refuse("Choose a status from the list");
        next = statusColumns(action, c.toStatus, c.reason, now);
        timeline = entry(now, { kind: "status_change", body: c.reason, status: c.toStatus });
      }
      const columns = changed(action, next);
      if (Object.keys(columns).length === 0) return nothing;
      if (timeline) columns.lastUpdateAt = now;
      return {
        ok: true,
        columns,
        timeline,
        audit: { action: "bulk_update", changes: diff(action, columns) },
        events: eventsOf(action, columns),
        refreshSearchText: timeline !== null,
      };
    }

    case "decision": {
      const next: Partial<ActionColumns> = {};
      if (change.toStatus) {
        const s = statusColumns(action, change.toStatus, null, now);
        // A board decision never blocks; leaving any status by decision clears a stale reason.
        Object.assign(next, s, { blockedReason: null });
      }
      if (change.toDueDate) next.dueDate = change.toDueDate;
      const columns = { ...next, lastUpdateAt: now };
      return {
        ok: true,
        columns,
        timeline: entry(now, {
          kind: change.updateKind,
          body: change.body,
          status: change.toStatus,
          oldDueDate: change.toDueDate ? action.dueDate : null,
          newDueDate: change.toDueDate,
          boardDecisionId: change.boardDecisionId,
        }),
        audit: { action: "board_decision", changes: change.auditChanges },
        events: decisionEvents(change.decision, eventsOf(action, next)),
        refreshSearchText: true,
      };
    }

    case "remove":
    case "restore": {
      const remove = change.kind === "remove";
      if (Boolean(action.deletedAt) === remove) return nothing;
      return {
        ok: true,
        columns: { deletedAt: remove ? now : null },
        timeline: null,
        audit: { action: remove ? "delete" : "restore", changes: null },
        events: [{ type: remove ? "removed" : "restored" }],
        refreshSearchText: false,
      };
    }

    case "unassign": {
      if (action.ownerId === null) return nothing;
      const columns: Partial<ActionColumns> = { ownerId: null };
      return {
        ok: true,
        columns,
        timeline: null,
        audit: { action: "update", changes: diff(action, columns) },
        events: eventsOf(action, columns),
        refreshSearchText: false,
      };
    }

    case "milestone":
      return {
        ok: true,
        columns: {},
        timeline: null,
        audit: { action: `milestone_${change.change}`, changes: change.auditChanges },
        events: [{ type: "milestone_changed", change: change.change }],
        refreshSearchText: false,
      };
  }
}
