import { data, Form, Link, useNavigation } from "react-router";
import { readFormData } from "~/utils/body.server";
import type { Route } from "./+types/a.$authority.meetings.$meetingId";
import { Button } from "~/components/form";
import { RagTag, StatusTag } from "~/components/action-tags";
import { Tag } from "~/components/tag";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import {
  ATTENDANCE,
  ATTENDANCE_LABELS,
  BOARD_ROLE_LABELS,
  canEditAgenda,
  canRecordDecisions,
  DECISION_LABELS,
  MEETING_STATUS_LABELS,
  PROPOSAL_REASON_LABELS,
  type BoardRole,
  type Decision,
  type MeetingStatus,
} from "~/modules/board/rules";
import {
  addableActions,
  approvePreviousMinutes,
  changeAgenda,
  getMeeting,
  markHeld,
  publishAgenda,
  recordAttendance,
} from "~/modules/board/service.server";
import { AppError } from "~/utils/errors";
import { formatDate } from "~/utils/format";
import { postedId } from "~/utils/text";
import { authorityHref } from "~/utils/links";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `${data ? `${data.board.name}, ${formatDate(data.meeting.scheduledAt)}` : "Meeting"} – Improvement Board` },
];

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:own");
  const authorityId = user.authority.id;
  const m = await getMeeting({ authorityId, meetingId: args.params.meetingId, viewer: actorOf(user) });
  const addable =
    m.canManage && canEditAgenda(m.meeting.status as MeetingStatus)
      ? await addableActions({ authorityId, meetingId: m.meeting.id })
      : [];
  return {
    authority: user.authority,
    meeting: m.meeting,
    board: m.board,
    boardRole: m.boardRole,
    canManage: m.canManage,
    agenda: m.agenda,
    members: m.members.map((x) => ({
      userId: x.userId,
      name: x.user.name,
      organisation: x.user.organisation,
      boardRole: x.boardRole,
      attendance: m.attendance.get(x.userId) ?? null,
    })),
    previous: m.previous,
    addable,
  };
}

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "read:action:own");
  const authorityId = user.authority.id;
  const meetingId = args.params.meetingId;
  const actor = actorOf(user);
  const formData = await readFormData(args.request, "form");
  const intent = String(formData.get("intent") ?? "");
  const version = Number(formData.get("version"));
  if (["remove", "up", "down", "add", "publish", "held"].includes(intent) && !Number.isSafeInteger(version)) {
    return data({ message: null, error: "The page was out of date. Reload it and try again." }, { status: 400 });
  }
  try {
    if (intent === "remove" || intent === "up" || intent === "down") {
      const itemId = postedId(formData.get("itemId"));
      await changeAgenda({
        authorityId,
        actor,
        meetingId,
        version,
        change: intent === "remove" ? { op: "remove", itemId } : { op: "move", itemId, direction: intent },
      });
      return data({
        message: intent === "remove" ? "Item removed from the agenda." : "Agenda reordered.",
        error: null as string | null,
      });
    }
    if (intent === "add") {
      const actionId = postedId(formData.get("actionId"));
      if (!actionId) return data({ message: null, error: "Choose an action to add" }, { status: 400 });
      await changeAgenda({ authorityId, actor, meetingId, version, change: { op: "add", actionId } });
      return data({ message: "Action added to the agenda.", error: null });
    }
    if (intent === "publish") {
      await publishAgenda({ authorityId, actor, meetingId, version });
      return data({ message: "Agenda published. It is now frozen as sent.", error: null });
    }
    if (intent === "attendance") {
      const entries = [...formData.entries()]
        .filter(([k]) => k.startsWith("attendance."))
        .map(([k, v]) => ({ userId: postedId(k.slice("attendance.".length)), status: postedId(v) }));
      await recordAttendance({ authorityId, actor, meetingId, entries });
      return data({ message: "Attendance saved.", error: null });
    }
    if (intent === "held") {
      await markHeld({ authorityId, actor, meetingId, version });
      return data({ message: "The meeting is recorded as held.", error: null });
    }
    if (intent === "approve-previous") {
      await approvePreviousMinutes({ authorityId, actor, meetingId });
      return data({ message: "The previous meeting's minutes are approved and locked.", error: null });
    }
  } catch (error) {
    if (error instanceof AppError && error.status === 409)
      return data({ message: null, error: error.message }, { status: 409 });
    throw error;
  }
  return data({ message: null, error: "Unknown request" }, { status: 400 });
}

export default function MeetingPage({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, meeting, board, boardRole, canManage, agenda, members, previous, addable } = loaderData;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const base = authorityHref(authority.slug, "/");
  const status = meeting.status as MeetingStatus;
  const editable = canManage && canEditAgenda(status);
  const decided = agenda.filter((i) => i.decision).length;

  // Grouped by inspection, then inspection item, keeping agenda order.
  const groups: { key: string; inspection: string; reference: string; text: string; items: typeof agenda }[] = [];
  for (const item of agenda) {
    const key = `${item.shown.inspectionId}/${item.shown.recommendationId}`;
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.items.push(item);
    else
      groups.push({
        key,
        inspection: item.shown.inspectionTitle,
        reference: item.shown.recommendationReference,
        text: item.shown.recommendationText,
        items: [item],
      });
  }

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={base}>{authority.name}</Link> › <Link to={authorityHref(authority.slug, "/boards")}>Boards</Link> ›{" "}
        <Link to={authorityHref(authority.slug, "/boards/:boardId", { boardId: board.id })}>{board.name}</Link> ›{" "}
        <span aria-current="page">Meeting</span>
      </nav>
      <h1>
        {board.name}: {formatDate(meeting.scheduledAt)}
      </h1>
      <p className="mb-2">
        {new Date(meeting.scheduledAt).toISOString().slice(11, 16)} UTC · {meeting.location}
      </p>
      <p className="mb-6 flex flex-wrap items-center gap-2">
        <Tag tone={status === "planned" ? "grey" : status === "agenda_published" ? "blue" : "green"}>
          {MEETING_STATUS_LABELS[status] ?? status}
        </Tag>
        {boardRole ? (
          <span>You are {BOARD_ROLE_LABELS[boardRole as BoardRole].toLowerCase()} of this board.</span>
        ) : null}
      </p>
      {actionData?.message ? (
        <div role="status" className="mb-6 border-l-4 border-success bg-rag-green-bg p-4">
          {actionData.message}
        </div>
      ) : null}
      {actionData?.error ? (
        <div role="alert" className="mb-6 border-4 border-danger p-4">
          {actionData.error}
        </div>
      ) : null}

      <div className="mb-8 flex flex-wrap gap-4">
        {canRecordDecisions(status) && (boardRole === "chair" || boardRole === "member") ? (
          <Link
            to={authorityHref(authority.slug, "/meetings/:meetingId/decisions", { meetingId: meeting.id })}
            className="inline-block border-b-2 border-ink bg-success px-4 py-2 font-bold text-white no-underline hover:text-white"
          >
            Record decisions ({decided} of {agenda.length} done)
          </Link>
        ) : null}
        {status !== "planned" ? (
          <Link to={authorityHref(authority.slug, "/meetings/:meetingId/minutes", { meetingId: meeting.id })}>
            Minutes
          </Link>
        ) : null}
      </div>

      <section aria-labelledby="agenda-heading" className="mb-10 max-w-5xl">
        <h2 id="agenda-heading">{status === "planned" ? "Proposed agenda" : "Agenda"}</h2>
        {status === "planned" ? (
          <p className="mb-4">
            Proposed from the plan on {formatDate(meeting.createdAt)}. Each item says why it was proposed.{" "}
            {editable ? "Remove, reorder or add items, then publish." : ""}
          </p>
        ) : (
          <p className="mb-4">
            Published {formatDate(meeting.agendaPublishedAt)}: shown as it was sent, whatever has changed in the plan
            since.
          </p>
        )}
        {agenda.length === 0 ? <p className="mb-4">Nothing on the agenda.</p> : null}
        {groups.map((g) => (
          <div key={g.key} className="mb-6">
            <h3 className="text-lg font-bold">{g.inspection}</h3>
            <p className="mb-2 border-l-4 border-rule pl-3 text-ink-muted">
              <strong>{g.reference}:</strong> {g.text}
            </p>
            <ol className="space-y-3">
              {g.items.map((item) => (
                <li key={item.id} className="border border-rule p-3">
                  <p className="font-bold">
                    {item.position}.{" "}
                    <Link to={authorityHref(authority.slug, "/actions/:actionId", { actionId: item.actionId })}>
                      {item.shown.title}
                    </Link>
                  </p>
                  <p className="flex flex-wrap items-center gap-2 text-sm">
                    <StatusTag status={item.shown.status} /> <RagTag rag={item.shown.rag} />{" "}
                    <span>Owner: {item.shown.ownerName ?? "Unassigned"}</span>
                    <span>Due: {item.shown.dueDate ? formatDate(item.shown.dueDate) : "not set"}</span>
                  </p>
                  <p className="text-sm">
                    <strong>Why it is here:</strong>{" "}
                    {item.reasons.length
                      ? item.reasons.map((r) => PROPOSAL_REASON_LABELS[r] ?? r).join("; ")
                      : "Added by the chair"}
                  </p>
                  {item.shown.latestUpdate ? (
                    <p className="text-sm text-ink-muted">
                      Latest update ({formatDate(item.shown.latestUpdate.at)}):{" "}
                      {item.shown.latestUpdate.body.slice(0, 300)}
                    </p>
                  ) : null}
                  {item.decision ? (
                    <p className="mt-1">
                      <strong>Decision:</strong>{" "}
                      {DECISION_LABELS[item.decision.decision as Decision] ?? item.decision.decision}
                      {item.decision.challenge ? ` — ${item.decision.challenge}` : ""}
                    </p>
                  ) : null}
                  {editable ? (
                    <Form method="post" className="mt-2 flex flex-wrap gap-4">
                      <input type="hidden" name="itemId" value={item.id} />
                      <input type="hidden" name="version" value={meeting.version} />
                      <button
                        type="submit"
                        name="intent"
                        value="up"
                        className="underline"
                        disabled={busy || item.position === 1}
                      >
                        Move up<span className="sr-only">: {item.shown.title}</span>
                      </button>
                      <button
                        type="submit"
                        name="intent"
                        value="down"
                        className="underline"
                        disabled={busy || item.position === agenda.length}
                      >
                        Move down<span className="sr-only">: {item.shown.title}</span>
                      </button>
                      <button type="submit" name="intent" value="remove" className="underline" disabled={busy}>
                        Remove from agenda<span className="sr-only">: {item.shown.title}</span>
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ol>
          </div>
        ))}
        {editable ? (
          <>
            {addable.length ? (
              <Form method="post" className="mb-6 flex flex-wrap items-end gap-4">
                <input type="hidden" name="intent" value="add" />
                <input type="hidden" name="version" value={meeting.version} />
                <div>
                  <label htmlFor="add-action" className="mb-1 block font-bold">
                    Add an action in the board&apos;s scope
                  </label>
                  <select
                    id="add-action"
                    name="actionId"
                    className="max-w-xl border-2 border-ink p-1.5"
                    defaultValue=""
                  >
                    <option value="">Choose an action</option>
                    {addable.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.recommendation.reference}: {a.title}
                      </option>
                    ))}
                  </select>
                </div>
                <Button type="submit" variant="secondary" disabled={busy}>
                  Add to agenda
                </Button>
              </Form>
            ) : null}
            <Form method="post">
              <input type="hidden" name="intent" value="publish" />
              <input type="hidden" name="version" value={meeting.version} />
              <Button type="submit" disabled={busy}>
                Publish agenda
              </Button>
            </Form>
          </>
        ) : null}
      </section>

      <section aria-labelledby="attendance-heading" className="mb-10 max-w-4xl">
        <h2 id="attendance-heading">Attendance</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="attendance" />
          <table className="mb-4 w-full border-collapse text-left">
            <caption className="sr-only">Board members and their attendance</caption>
            <thead>
              <tr className="border-b-2 border-ink">
                <th scope="col" className="p-2">
                  Name
                </th>
                <th scope="col" className="p-2">
                  Role
                </th>
                <th scope="col" className="p-2">
                  Attendance
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.userId} className="border-b border-rule">
                  <td className="p-2">
                    {m.name}
                    {m.organisation ? <span className="block text-sm text-ink-muted">{m.organisation}</span> : null}
                  </td>
                  <td className="p-2">{BOARD_ROLE_LABELS[m.boardRole as BoardRole] ?? m.boardRole}</td>
                  <td className="p-2">
                    {canManage && status !== "minutes_approved" ? (
                      <select
                        aria-label={`Attendance of ${m.name}`}
                        name={`attendance.${m.userId}`}
                        defaultValue={m.attendance ?? ""}
                        className="border-2 border-ink p-1"
                      >
                        <option value="">Not recorded</option>
                        {ATTENDANCE.map((a) => (
                          <option key={a} value={a}>
                            {ATTENDANCE_LABELS[a]}
                          </option>
                        ))}
                      </select>
                    ) : (
                      (m.attendance && ATTENDANCE_LABELS[m.attendance as (typeof ATTENDANCE)[number]]) || "Not recorded"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {canManage && status !== "minutes_approved" ? (
            <Button type="submit" variant="secondary" disabled={busy}>
              Save attendance
            </Button>
          ) : null}
        </Form>
      </section>

      {canManage ? (
        <section aria-labelledby="manage-heading" className="mb-10 max-w-3xl">
          <h2 id="manage-heading">Meeting record</h2>
          {status === "agenda_published" ? (
            <Form method="post" className="mb-4">
              <input type="hidden" name="intent" value="held" />
              <input type="hidden" name="version" value={meeting.version} />
              <p className="mb-2">
                When the meeting has taken place, record it as held. Decisions can still be completed until the minutes
                are approved at the next meeting.
              </p>
              <Button type="submit" variant="secondary" disabled={busy}>
                Record the meeting as held
              </Button>
            </Form>
          ) : null}
          {previous && previous.status === "held" && status !== "planned" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="approve-previous" />
              <p className="mb-2">
                The minutes of the meeting on{" "}
                <Link to={authorityHref(authority.slug, "/meetings/:meetingId/minutes", { meetingId: previous.id })}>
                  {formatDate(previous.scheduledAt)}
                </Link>{" "}
                are awaiting approval. Once approved they are locked.
              </p>
              <Button type="submit" variant="secondary" disabled={busy}>
                Approve the previous minutes
              </Button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
