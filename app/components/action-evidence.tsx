import { Link } from "react-router";
import { Tag } from "~/components/tag";
import {
  ACTION_EVIDENCE_LABELS,
  evidenceTypeLabel,
  ITEM_REVIEW_LABELS,
  type ActionEvidenceState,
  type ItemReviewState,
} from "~/modules/evidence/access";
import { formatDate } from "~/utils/format";
import { authorityHref } from "~/utils/links";

type Item = {
  id: string;
  title: string;
  type: string;
  effectiveDate: Date | string | null;
  containsPersonalData: boolean;
  versionNumber: number;
  state: ItemReviewState;
  file: { fileName: string; warnings: string } | null;
};

const OVERALL_TONE: Record<ActionEvidenceState, "green" | "red" | "grey" | "amber"> = {
  none: "grey",
  accepted: "green",
  challenged: "red",
  awaiting_review: "amber",
};
const ITEM_TONE: Record<ItemReviewState, "green" | "red" | "grey"> = {
  accepted: "green",
  challenged: "red",
  awaiting_review: "grey",
};

/** The evidence section of an action's page: what backs it, whether the board has accepted it, and how to add more. */
export function ActionEvidenceSection({
  authority,
  actionId,
  evidence,
  canAdd,
}: {
  /** The authority's slug. */
  authority: string;
  actionId: string;
  evidence: { items: Item[]; hiddenRestricted: number; overall: ActionEvidenceState };
  canAdd: boolean;
}) {
  return (
    <section aria-labelledby="evidence-heading" className="mb-10 max-w-4xl">
      <h2 id="evidence-heading">Evidence</h2>
      <p className="mb-4">
        <Tag tone={OVERALL_TONE[evidence.overall]}>{ACTION_EVIDENCE_LABELS[evidence.overall]}</Tag>
      </p>
      {evidence.items.length ? (
        <ul className="mb-4 space-y-2">
          {evidence.items.map((e) => (
            <li key={e.id} className="flex flex-wrap items-center gap-3 border-b border-rule pb-2">
              <Link to={authorityHref(authority, "/evidence/:evidenceId", { evidenceId: e.id })}>{e.title}</Link>
              <span className="text-sm text-ink-muted">
                {evidenceTypeLabel(e.type)}
                {e.effectiveDate ? ` · ${formatDate(e.effectiveDate)}` : ""} · version {e.versionNumber}
              </span>
              <Tag tone={ITEM_TONE[e.state]}>{ITEM_REVIEW_LABELS[e.state]}</Tag>
              {e.containsPersonalData ? <Tag tone="purple">Restricted</Tag> : null}
              {e.file?.warnings.includes("pdf_active_content") ? <Tag tone="amber">Active content</Tag> : null}
            </li>
          ))}
        </ul>
      ) : evidence.hiddenRestricted === 0 ? (
        <p className="mb-4">No evidence has been added yet.</p>
      ) : null}
      {evidence.hiddenRestricted > 0 ? (
        <p className="mb-4">
          Restricted evidence held: {evidence.hiddenRestricted} item{evidence.hiddenRestricted === 1 ? "" : "s"}{" "}
          containing personal data, visible only to admins, board members and the action&apos;s owner.
        </p>
      ) : null}
      {canAdd ? (
        <Link
          to={authorityHref(authority, "/actions/:actionId/evidence/new", { actionId })}
          className="inline-block border-2 border-ink bg-surface px-4 py-2 font-bold no-underline"
        >
          Upload evidence
        </Link>
      ) : null}
    </section>
  );
}
