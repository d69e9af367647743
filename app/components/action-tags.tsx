import { Tag } from "./tag";
import {
  ACTION_STATUS_TONES,
  deriveRecommendation,
  isActionStatus,
  isOverdue,
  isRag,
  RAG_LABELS,
  RECOMMENDATION_STATUS_LABELS,
  RECOMMENDATION_STATUS_TONES,
  statusLabel,
} from "~/modules/action/status";

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

/** A recommendation's status and progress, derived from its actions (never typed), as text. */
export function RecommendationProgress({
  actions,
}: {
  actions: readonly { status: string; progress: number | null; dueDate: Date | string | null; rag: string | null }[];
}) {
  const d = deriveRecommendation(actions);
  return (
    <p className="mb-3 flex flex-wrap items-center gap-2">
      <Tag tone={RECOMMENDATION_STATUS_TONES[d.status]}>{RECOMMENDATION_STATUS_LABELS[d.status]}</Tag>
      {d.actionCount > 0 ? (
        <span className="text-sm">
          {d.progress}% overall · {d.doneCount} of {d.actionCount} action{d.actionCount === 1 ? "" : "s"} complete
          {d.overdueCount ? ` · ${d.overdueCount} overdue` : ""}
          {d.worstRag ? ` · worst RAG: ${RAG_LABELS[d.worstRag]}` : ""}
        </span>
      ) : null}
    </p>
  );
}
