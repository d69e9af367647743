import { Link } from "react-router";
import { TableHead } from "~/components/table-head";
import type { Route } from "./+types/a.$authority.meetings.$meetingId.minutes";
import { statusLabel } from "~/modules/action/status";
import { meetingOfRoute } from "~/modules/board/meeting-route.server";
import { agendaReasonsText, ATTENDANCE_LABELS, BOARD_ROLE_LABELS, DECISION_LABELS } from "~/modules/board/rules";
import { minutesData } from "~/modules/board/service.server";
import { formatDate } from "~/utils/format";
import { authorityHref } from "~/utils/links";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `Minutes: ${data?.minutes.boardName ?? "meeting"} – Improvement Board` },
];

export async function loader(args: Route.LoaderArgs) {
  const { user, request } = await meetingOfRoute(args);
  const minutes = await minutesData(request);
  return { authority: user.authority, meetingId: request.meetingId, minutes };
}

export default function Minutes({ loaderData }: Route.ComponentProps) {
  const { authority, meetingId, minutes } = loaderData;
  const base = authorityHref(authority.slug, "/");
  const arising = minutes.items.flatMap((i) => i.actionsArising.map((a) => ({ ...a, from: i.actionTitle })));
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={base}>{authority.name}</Link> ›{" "}
        <Link to={authorityHref(authority.slug, "/meetings/:meetingId", { meetingId })}>Meeting</Link> ›{" "}
        <span aria-current="page">Minutes</span>
      </nav>
      <h1>
        {minutes.boardName}: minutes of the meeting on {formatDate(minutes.meeting.scheduledAt)}
      </h1>
      <p className="mb-2">{minutes.meeting.location}</p>
      <p className="mb-6">
        <strong>
          {minutes.meeting.minutesApprovedAt
            ? `Approved on ${formatDate(minutes.meeting.minutesApprovedAt)} and locked.`
            : "Draft: not yet approved."}
        </strong>{" "}
        <a href={authorityHref(authority.slug, "/meetings/:meetingId/minutes.docx", { meetingId })} download>
          Download as a Word document
        </a>
      </p>
      <section aria-labelledby="att-heading" className="mb-10 max-w-4xl">
        <h2 id="att-heading">Attendance</h2>
        {minutes.attendance.length === 0 ? (
          <p>No attendance recorded.</p>
        ) : (
          <table className="w-full border-collapse text-left">
            <caption className="sr-only">Who attended</caption>
            <TableHead
              row="border-b-2 border-ink"
              cell="p-2"
              columns={["Name", "Organisation", "Role on the board", "Attendance"]}
            />
            <tbody>
              {minutes.attendance.map((a) => (
                <tr key={a.name} className="border-b border-rule">
                  <td className="p-2">{a.name}</td>
                  <td className="p-2">{a.organisation ?? ""}</td>
                  <td className="p-2">{a.boardRole ? BOARD_ROLE_LABELS[a.boardRole] : "Not on the board"}</td>
                  <td className="p-2">{ATTENDANCE_LABELS[a.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="dec-heading" className="mb-10 max-w-4xl">
        <h2 id="dec-heading">Decisions</h2>
        {minutes.items.map((i) => (
          <article key={i.position} className="mb-6 border-l-4 border-rule pl-4">
            <h3 className="text-lg font-bold">
              {i.position}. {i.actionTitle}
            </h3>
            <p className="text-ink-muted">
              {i.inspectionTitle}, {i.recommendationReference}: {i.recommendationText}
            </p>
            <p>
              Owner: {i.ownerName ?? "Unassigned"} · Status at the agenda: {statusLabel(i.statusAtAgenda)} · RAG:{" "}
              {i.ragAtAgenda ?? "not set"} · Due: {i.dueDateAtAgenda ? formatDate(i.dueDateAtAgenda) : "not set"}
            </p>
            <p>On the agenda because: {agendaReasonsText(i.reasons) ?? "added by the chair"}</p>
            {i.decision ? (
              <>
                <p>
                  <strong>Decision: {DECISION_LABELS[i.decision.decision]}</strong>
                  {i.decision.decidedBy ? ` (recorded by ${i.decision.decidedBy})` : ""}
                </p>
                {i.decision.challenge ? <p>Challenge: {i.decision.challenge}</p> : null}
                {i.decision.newDueDate ? (
                  <p>
                    New due date: {formatDate(i.decision.newDueDate)}. Reason: {i.decision.extensionReason}
                  </p>
                ) : null}
                {i.decision.notes ? <p className="whitespace-pre-line">Notes: {i.decision.notes}</p> : null}
              </>
            ) : (
              <p>No decision recorded.</p>
            )}
          </article>
        ))}
      </section>
      <section aria-labelledby="arising-heading" className="mb-10 max-w-4xl">
        <h2 id="arising-heading">Actions arising</h2>
        {arising.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul className="list-disc pl-6">
            {arising.map((a, n) => (
              <li key={n}>
                {a.title} (owner: {a.ownerName ?? "unassigned"}
                {a.dueDate ? `, due ${formatDate(a.dueDate)}` : ""}), from “{a.from}”
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
