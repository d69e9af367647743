import { Link } from "react-router";
import { formatDateTime } from "~/utils/format";

type Event = {
  id: string;
  action: string;
  changes: string | null;
  createdAt: Date | string;
  actor: { name: string } | null;
  entityType?: string;
  entityId?: string | null;
};

const ENTITY_LABELS: Record<string, string> = {
  Action: "Action",
  ActionUpdate: "Progress update",
  ActionMilestone: "Milestone",
  Inspection: "Inspection",
  Recommendation: "Recommendation",
  Membership: "Membership",
  Invitation: "Invitation",
  Session: "Sign-in",
};

function describe(changes: string | null): string[] {
  if (!changes) return [];
  try {
    const parsed = JSON.parse(changes) as Record<string, unknown>;
    return Object.entries(parsed).map(([field, v]) =>
      Array.isArray(v) && v.length === 2 ? `${field}: ${fmt(v[0])} → ${fmt(v[1])}` : `${field}: ${fmt(v)}`,
    );
  } catch {
    return [];
  }
}
const fmt = (v: unknown) =>
  v === null || v === undefined || v === ""
    ? "(blank)"
    : typeof v === "string" && /^\d{4}-\d{2}-\d{2}T/.test(v)
      ? v.slice(0, 10)
      : String(v);

/** Who changed what and when, with field-level before → after. */
/** Where an admin opens the item an event is about (edit pages also show removed items, to restore them). */
function entityHref(base: string, type: string, id: string): string | null {
  if (type === "Action") return `${base}/actions/${id}`;
  if (type === "Inspection") return `${base}/inspections/${id}/edit`;
  if (type === "Recommendation") return `${base}/recommendations/${id}/edit`;
  return null;
}

export function AuditList({
  events,
  showEntity = false,
  base,
}: {
  events: Event[];
  showEntity?: boolean;
  base?: string;
}) {
  if (events.length === 0) return <p>No changes recorded.</p>;
  return (
    <ol className="space-y-3">
      {events.map((e) => (
        <li key={e.id} className="border-l-4 border-rule pl-3">
          <p className="text-sm text-ink-muted">
            {formatDateTime(e.createdAt)} · {e.actor?.name ?? "System"} · {e.action}
            {showEntity && e.entityType ? (
              <>
                {" "}
                · <span className="font-medium text-ink">{ENTITY_LABELS[e.entityType] ?? e.entityType}</span>
                {e.entityId && base && entityHref(base, e.entityType, e.entityId) ? (
                  <>
                    {" "}
                    <Link to={entityHref(base, e.entityType, e.entityId)!}>
                      open
                      <span className="sr-only">
                        {" "}
                        {ENTITY_LABELS[e.entityType] ?? e.entityType} {e.entityId}
                      </span>
                    </Link>
                  </>
                ) : e.entityId ? (
                  <span className="font-mono text-xs"> {e.entityId}</span>
                ) : null}
              </>
            ) : null}
          </p>
          <ul className="text-sm">
            {describe(e.changes).map((line) => (
              <li key={line} className="break-words">
                {line}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
