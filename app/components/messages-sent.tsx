import { Link } from "react-router";
import { Tag } from "~/components/tag";
import { TableHead } from "~/components/table-head";
import { CHANNEL_LABELS, DELIVERY_STATUS_LABELS, kindLabel, type DeliveryStatus } from "~/modules/notify/kinds";
import { formatDateTime } from "~/utils/format";
import { authorityHref } from "~/utils/links";

const TONES: Record<DeliveryStatus, "grey" | "blue" | "green" | "red"> = {
  queued: "blue",
  sending: "blue",
  sent: "green",
  failed: "red",
  suppressed: "grey",
};

/** A delivery's status as a tag; a message shown only in the app (no delivery) says so. */
export function DeliveryStatusTag({ status }: { status: string | null }) {
  if (status === null) return <Tag>In the app</Tag>;
  const known = status in TONES ? (status as DeliveryStatus) : null;
  return <Tag tone={known ? TONES[known] : "grey"}>{known ? DELIVERY_STATUS_LABELS[known] : status}</Tag>;
}

type Messages = {
  rows: {
    key: string;
    kind: string;
    title: string;
    createdAt: Date | string;
    user: { id: string; name: string };
    channel: string;
    status: string | null;
    sentAt: Date | string | null;
    lastError: string | null;
  }[];
  more: boolean;
  about: { actionId: string } | { meetingId: string } | { userId: string };
};

/** The delivery log's search for the same messages (`?action=`, `?meeting=`, `?user=`). */
function logQuery(about: Messages["about"]): string {
  if ("actionId" in about) return `action=${encodeURIComponent(about.actionId)}`;
  if ("meetingId" in about) return `meeting=${encodeURIComponent(about.meetingId)}`;
  return `user=${encodeURIComponent(about.userId)}`;
}

/**
 * "Messages sent" on an action's, a meeting's or a person's page (issue 14, "Log"): what was sent about it, to
 * whom, when, and whether it arrived. Nothing at all for someone who may not read the delivery log (`messages` null).
 */
export function MessagesSent({
  messages,
  authority,
  heading = "Messages sent",
}: {
  messages: Messages | null;
  /** The authority's slug. */
  authority: string;
  heading?: string;
}) {
  if (!messages) return null;
  const toSomeone = !("userId" in messages.about);
  const log = `${authorityHref(authority, "/notifications/log")}?${logQuery(messages.about)}`;
  return (
    <section aria-labelledby="messages-sent-heading" className="mb-10">
      <h2 id="messages-sent-heading">{heading}</h2>
      {messages.rows.length === 0 ? (
        <p className="mb-2">No messages have been sent about this.</p>
      ) : (
        <div className="mb-2 overflow-x-auto">
          <table className="w-full text-left">
            <caption className="sr-only">{heading}, newest first</caption>
            <TableHead
              row="border-b-2 border-rule"
              cell="py-1 pr-3"
              columns={[...(toSomeone ? ["To"] : []), "Message", "Queued", "How", ["Delivered", "py-1"]]}
            />
            <tbody>
              {messages.rows.map((m) => (
                <tr key={m.key} className="border-b border-rule align-top">
                  {toSomeone ? <td className="py-2 pr-3">{m.user.name}</td> : null}
                  <td className="py-2 pr-3 [overflow-wrap:anywhere]">
                    {m.title}
                    <span className="block text-sm text-ink-muted">{kindLabel(m.kind)}</span>
                  </td>
                  <td className="py-2 pr-3">{formatDateTime(m.createdAt)}</td>
                  <td className="py-2 pr-3">{CHANNEL_LABELS[m.channel] ?? m.channel}</td>
                  <td className="py-2">
                    <DeliveryStatusTag status={m.status} />
                    {m.sentAt ? <span className="block text-sm">{formatDateTime(m.sentAt)}</span> : null}
                    {m.status === "failed" && m.lastError ? (
                      <span className="block text-sm [overflow-wrap:anywhere]">{m.lastError}</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <Link to={log}>{messages.more ? "See all of them in the delivery log" : "See these in the delivery log"}</Link>
      </p>
    </section>
  );
}
