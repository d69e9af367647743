import { Tag } from "./tag";
import { ACTION_STATUS_TONES, isActionStatus, isOverdue, isRag, RAG_LABELS, statusLabel } from "~/modules/action/status";

export function StatusTag({ status }: { status: string }) {
  return <Tag tone={isActionStatus(status) ? ACTION_STATUS_TONES[status] : "grey"}>{statusLabel(status)}</Tag>;
}

/** RAG as text ("RAG: Red"), never colour alone. */
export function RagTag({ rag }: { rag: string | null }) {
  if (!isRag(rag)) return <Tag tone="grey">RAG: not set</Tag>;
  return <Tag tone={rag}>RAG: {RAG_LABELS[rag]}</Tag>;
}

export function OverdueTag({ action }: { action: { status: string; dueDate: Date | string | null } }) {
  return isOverdue(action) ? <Tag tone="red">Overdue</Tag> : null;
}
