import { data, Form, Link, useNavigation } from "react-router";
import { TableHead } from "~/components/table-head";
import { readFormData } from "~/utils/body.server";
import type { Route } from "./+types/a.$authority.meetings.$meetingId";
import { Button, FormPageHead, SchemaForm, Select, SuccessBanner } from "~/components/forms";
import { invalid, parseForm } from "~/components/forms/submission.server";
import { RagTag, StatusTag } from "~/components/action-tags";
import { Tag } from "~/components/tag";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import {
  agendaReasonsText,
  ATTENDANCE,
  ATTENDANCE_LABELS,
  BOARD_ROLE_LABELS,
  canEditAgenda,
  canRecordDecisions,
  DECISION_LABELS,
  MEETING_STATUS_LABELS,
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
import { formatDate, formatTime } from "~/utils/format";
import {
  AddAgendaItemSchema,
  AgendaItemSchema,
  ApprovePreviousSchema,
  AttendanceSchema,
  MeetingStepSchema,
} from "~/modules/board/forms";
import { authorityHref } from "~/utils/links";
import { useIntentForm } from "~/components/forms/reply";
import { meetingOfRoute } from "~/modules/board/meeting-route.server";
import { MessagesSent } from "~/components/messages-sent";
import { messagesSentAbout } from "~/modules/notify/log.server";

export async function loader(args: Route.LoaderArgs) {
  const { user, request } = await meetingOfRoute(args);
  const authorityId = request.authorityId;
  const m = await getMeeting(request);
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
    messages: await messagesSentAbout({ ...request, about: { meetingId: m.meeting.id } }),
  };
}

/** Run one change; a refusal (someone changed the meeting meanwhile) comes back as the form's error. */
async function attempt(
  submission: Parameters<typeof invalid>[0],
  intent: string,
  message: string,
  run: () => Promise<unknown>,
) {
  try {
    await run();
    return data({ intent, message: message as string | null, result: submission.reply() });
  } catch (error) {
    if (error instanceof AppError && error.status === 409)
      return invalid(submission, { intent, message: null, formErrors: [error.message], status: 409 });
    throw error;
  }
}

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "read:action:own");
  const authorityId = user.authority.id;
  const meetingId = args.params.meetingId;
  const actor = actorOf(user);
  const formData = await readFormData(args.request, "form");
  const intent = String(formData.get("intent") ?? "");
  const scope = { authorityId, actor, meetingId };
  if (intent === "remove" || intent === "up" || intent === "down") {
    const submission = parseForm(formData, AgendaItemSchema);
    if (submission.status !== "success") return invalid(submission, { intent, message: null });
    const { itemId, version } = submission.value;
    const op = submission.value.intent;
    return attempt(submission, intent, op === "remove" ? "Item removed from the agenda." : "Agenda reordered.", () =>
      changeAgenda({
        ...scope,
        version,
        change: op === "remove" ? { op: "remove", itemId } : { op: "move", itemId, direction: op },
      }),
    );
  }
  if (intent === "add") {
    const submission = parseForm(formData, AddAgendaItemSchema);
    if (submission.status !== "success") return invalid(submission, { intent, message: null });
    const { actionId, version } = submission.value;
    return attempt(submission, intent, "Action added to the agenda.", () =>
      changeAgenda({ ...scope, version, change: { op: "add", actionId } }),
    );
  }
  if (intent === "publish" || intent === "held") {
    const submission = parseForm(formData, MeetingStepSchema);
    if (submission.status !== "success") return invalid(submission, { intent, message: null });
    const { version } = submission.value;
    return submission.value.intent === "publish"
      ? attempt(submission, intent, "Agenda published. It is now frozen as sent.", () =>
          publishAgenda({ ...scope, version }),
        )
      : attempt(submission, intent, "The meeting is recorded as held.", () => markHeld({ ...scope, version }));
  }
  if (intent === "attendance") {
    const submission = parseForm(formData, AttendanceSchema);
    if (submission.status !== "success") return invalid(submission, { intent, message: null });
    const entries = Object.entries(submission.value.attendance).map(([userId, status]) => ({ userId, status }));
    return attempt(submission, intent, "Attendance saved.", () => recordAttendance({ ...scope, entries }));
  }
  if (intent === "approve-previous") {
    const submission = parseForm(formData, ApprovePreviousSchema);
    if (submission.status !== "success") return invalid(submission, { intent, message: null });
    return attempt(submission, intent, "The previous meeting's minutes are approved and locked.", () =>
      approvePreviousMinutes(scope),
    );
  }
  return data({ intent, message: null, result: undefined }, { status: 400 });
}

export default function MeetingPage({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, meeting, board, boardRole, canManage, agenda, members, previous, addable } = loaderData;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const base = authorityHref(authority.slug, "/");
  const status = meeting.status as MeetingStatus;
  const editable = canManage && canEditAgenda(status);
  const decided = agenda.filter((i) => i.decision).length;
  const sent = actionData?.intent;
  const reply = actionData;
  const [addForm, add] = useIntentForm(AddAgendaItemSchema, { intent: "add", id: "add-to-agenda", reply });
  const [attendanceForm, att] = useIntentForm(AttendanceSchema, { intent: "attendance", id: "attendance", reply });
  const attendanceFields = att.attendance.getFieldset();
  // One summary: the form with errors, else what refused a button (an out-of-date page, a locked meeting).
  const refusals =
    sent === "add" || sent === "attendance" ? [] : [...new Set(Object.values(actionData?.result?.error ?? {}).flat())];

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
      <FormPageHead
        title={`${board.name}, ${formatDate(meeting.scheduledAt)}`}
        forms={[addForm, attendanceForm]}
        otherErrors={refusals}
      />
      <h1>
        {board.name}: {formatDate(meeting.scheduledAt)}
      </h1>
      <p className="mb-2">
        {formatTime(meeting.scheduledAt)} · {meeting.location}
      </p>
      <p className="mb-6 flex flex-wrap items-center gap-2">
        <Tag tone={status === "planned" ? "grey" : status === "agenda_published" ? "blue" : "green"}>
          {MEETING_STATUS_LABELS[status] ?? status}
        </Tag>
        {boardRole ? (
          <span>You are {BOARD_ROLE_LABELS[boardRole as BoardRole].toLowerCase()} of this board.</span>
        ) : null}
      </p>
      {actionData?.message ? <SuccessBanner>{actionData.message}</SuccessBanner> : null}

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
                    <strong>Why it is here:</strong> {agendaReasonsText(item.reasons) ?? "Added by the chair"}
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
                    <Form method="post" noValidate className="mt-2 flex flex-wrap gap-4">
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
              <SchemaForm form={addForm} className="mb-6 max-w-xl">
                <input type="hidden" name="intent" value="add" />
                <input type="hidden" name="version" value={meeting.version} />
                <Select
                  field={add.actionId}
                  label="Add an action in the board's scope"
                  emptyLabel="Choose an action"
                  options={addable.map((a) => [a.id, `${a.recommendation.reference}: ${a.title}`] as const)}
                />
                <Button type="submit" variant="secondary" disabled={busy}>
                  Add to agenda
                </Button>
              </SchemaForm>
            ) : null}
            <Form method="post" noValidate>
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
        <SchemaForm form={attendanceForm}>
          <input type="hidden" name="intent" value="attendance" />
          <table className="mb-4 w-full border-collapse text-left">
            <caption className="sr-only">Board members and their attendance</caption>
            <TableHead row="border-b-2 border-ink" cell="p-2" columns={["Name", "Role", "Attendance"]} />
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
                      <Select
                        field={attendanceFields[m.userId]!}
                        label={`Attendance of ${m.name}`}
                        labelClassName="sr-only"
                        emptyLabel="Not recorded"
                        defaultValue={m.attendance ?? ""}
                        options={ATTENDANCE.map((a) => [a, ATTENDANCE_LABELS[a]] as const)}
                      />
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
        </SchemaForm>
      </section>

      {canManage ? (
        <section aria-labelledby="manage-heading" className="mb-10 max-w-3xl">
          <h2 id="manage-heading">Meeting record</h2>
          {status === "agenda_published" ? (
            <Form method="post" noValidate className="mb-4">
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
            <Form method="post" noValidate>
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
      <MessagesSent messages={loaderData.messages} authority={authority.slug} />
    </>
  );
}
