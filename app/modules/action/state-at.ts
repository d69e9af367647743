/**
 * An action's status and RAG at a past moment, replayed from its timeline:
 * beside the change pipeline (change.ts), which writes the timeline entries
 * this reads. The board pack's "as at" and "since the last meeting" use it.
 */
import { parseActionStatus, parseRag, type ActionStatus, type Rag } from "./status";

/** A timeline entry as far as the replay needs it: the status and RAG it set, if any. */
export type TimelineState = { createdAt: Date; status: ActionStatus | null; rag: Rag | null };

/** A timeline row read from the database, its status and RAG parsed (an unknown value is an error). */
export function parseTimelineState<T extends { createdAt: Date; status: string | null; rag: string | null }>(
  row: T,
): Omit<T, "status" | "rag"> & TimelineState {
  return { ...row, status: row.status === null ? null : parseActionStatus(row.status), rag: parseRag(row.rag) };
}

/**
 * The status and RAG at `at`: the last ones the timeline set by then. Before
 * the first entry that set a status, the action was "not started"; before the
 * first that set a RAG, it had none. With no entry setting one at all, the
 * current value stands (actions created with a status, e.g. from a plan).
 */
export function stateAt(
  action: { status: ActionStatus; rag: Rag | null },
  updates: readonly TimelineState[],
  at: Date,
): { status: ActionStatus; rag: Rag | null } {
  let status: ActionStatus | null = null;
  let rag: Rag | null = null;
  let statusLater = false;
  let ragLater = false;
  for (const u of updates) {
    if (u.createdAt <= at) {
      if (u.status) status = u.status;
      if (u.rag) rag = u.rag;
    } else {
      if (u.status) statusLater = true;
      if (u.rag) ragLater = true;
    }
  }
  return {
    status: status ?? (statusLater ? "not_started" : action.status),
    rag: rag ?? (ragLater ? null : action.rag),
  };
}
