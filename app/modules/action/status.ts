/**
 * Action status and RAG vocabulary and the rules derived from them. Pure: the
 * tag, the services, reminders and the board pack all use this one truth.
 * (The full transition workflow arrives with the actions issue.)
 */
export const ACTION_STATUSES = ["not_started", "in_progress", "submitted_for_review", "complete", "closed", "blocked"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  submitted_for_review: "Submitted for review",
  complete: "Complete",
  closed: "Closed",
  blocked: "Blocked",
};

export const ACTION_STATUS_TONES: Record<ActionStatus, "grey" | "blue" | "purple" | "green" | "red"> = {
  not_started: "grey",
  in_progress: "blue",
  submitted_for_review: "purple",
  complete: "green",
  closed: "grey",
  blocked: "red",
};

export const RAGS = ["red", "amber", "green"] as const;
export type Rag = (typeof RAGS)[number];
export const RAG_LABELS: Record<Rag, string> = { red: "Red", amber: "Amber", green: "Green" };

const DONE: readonly string[] = ["complete", "closed"];

export function isActionStatus(value: unknown): value is ActionStatus {
  return typeof value === "string" && (ACTION_STATUSES as readonly string[]).includes(value);
}
export function isRag(value: unknown): value is Rag {
  return typeof value === "string" && (RAGS as readonly string[]).includes(value);
}

export function statusLabel(status: string): string {
  return isActionStatus(status) ? ACTION_STATUS_LABELS[status] : status;
}

/** Start of the UTC day, so that "due today" is not overdue. */
function dayStart(d: Date): number {
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/** Overdue is computed, never stored: a due date before today, and not complete or closed. */
export function isOverdue(action: { status: string; dueDate: Date | string | null }, now: Date = new Date()): boolean {
  if (!action.dueDate || DONE.includes(action.status)) return false;
  const due = typeof action.dueDate === "string" ? new Date(action.dueDate) : action.dueDate;
  return dayStart(due) < dayStart(now);
}
