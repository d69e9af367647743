import { Link } from "react-router";
import { formatDateTime } from "~/utils/format";
import { authorityHref } from "~/utils/links";

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
  NotificationPreference: "Notification settings",
  NotificationDefault: "Notification defaults",
  Authority: "Authority settings",
  NotificationDelivery: "Message",
  NotificationLog: "Delivery log",
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

/** Where an admin opens the item an event is about (edit pages also show removed items, to restore them). */
function entityHref(authority: string, type: string, id: string): string | null {
  if (type === "Action") return authorityHref(authority, "/actions/:actionId", { actionId: id });
  if (type === "Inspection") return authorityHref(authority, "/inspections/:inspectionId/edit", { inspectionId: id });
  if (type === "Recommendation")
    return authorityHref(authority, "/recommendations/:recommendationId/edit", { recommendationId: id });
  return null;
}

/** Who changed what and when, with field-level before → after. */
export function AuditList({
  events,
  showEntity = false,
  authority,
}: {
  events: Event[];
  showEntity?: boolean;
  /** The authority's slug, for links to what each event is about (with `showEntity`). */
  authority?: string;
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
                {e.entityId && authority && entityHref(authority, e.entityType, e.entityId) ? (
                  <>
                    {" "}
                    <Link to={entityHref(authority, e.entityType, e.entityId)!}>
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

/** A record's history: a section with its heading (`history-heading`) and the audit events. */
export function ChangeHistory({
  events,
  heading = "Change history",
  className,
}: {
  events: Event[];
  heading?: string;
  className?: string;
}) {
  return (
    <section aria-labelledby="history-heading" className={className}>
      <h2 id="history-heading">{heading}</h2>
      <AuditList events={events} />
    </section>
  );
}
