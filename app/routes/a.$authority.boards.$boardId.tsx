import { readFormData } from "~/utils/body.server";
import { data, Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/a.$authority.boards.$boardId";
import {
  Button,
  Checkboxes,
  DateInput,
  Field,
  FormPageHead,
  Radios,
  SchemaForm,
  Select,
  SuccessBanner,
} from "~/components/forms";
import { invalid, parseForm } from "~/components/forms/submission.server";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { BoardScopeSchema, MeetingSchema, MemberSchema, RemoveBoardMemberSchema } from "~/modules/board/forms";
import {
  BOARD_KIND_LABELS,
  BOARD_ROLE_LABELS,
  BOARD_ROLES,
  MEETING_STATUS_LABELS,
  type BoardKind,
  type BoardRole,
  type MeetingStatus,
} from "~/modules/board/rules";
import {
  boardChoices,
  getBoard,
  planMeeting,
  removeBoardMember,
  setBoardMember,
  setBoardScope,
} from "~/modules/board/service.server";
import { formatDate } from "~/utils/format";
import { maxLengths } from "~/utils/text";
import { authorityHref } from "~/utils/links";
import { TableHead } from "~/components/table-head";
import { useIntentForm } from "~/components/forms/reply";

/** Each text field's maximum, for maxlength. */
const maxMeeting = maxLengths(MeetingSchema);

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:own");
  const authorityId = user.authority.id;
  const { board, myRole, canManage, isAdmin } = await getBoard({
    authorityId,
    boardId: args.params.boardId,
    viewer: actorOf(user),
  });
  const choices = isAdmin ? await boardChoices({ authorityId }) : { people: [], inspections: [] };
  return { authority: user.authority, board, myRole, canManage, isAdmin, choices };
}

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "read:action:own");
  /** The board, and who changes it. */
  const board = { authorityId: user.authority.id, actor: actorOf(user), boardId: args.params.boardId };
  const formData = await readFormData(args.request, "form");
  const intent = formData.get("intent");
  if (intent === "plan") {
    const submission = parseForm(formData, MeetingSchema);
    if (submission.status !== "success") return invalid(submission, { intent, message: null });
    const meeting = await planMeeting({ ...board, value: submission.value });
    return redirect(authorityHref(user.authority.slug, "/meetings/:meetingId", { meetingId: meeting.id }));
  }
  if (intent === "member") {
    const submission = parseForm(formData, MemberSchema);
    if (submission.status !== "success") return invalid(submission, { intent, message: null });
    const { userId, boardRole } = submission.value;
    const r = await setBoardMember({ ...board, userId, boardRole });
    if (!r.ok) return invalid(submission, { intent, message: null, fieldErrors: { userId: [r.message] } });
    return data({ intent, message: "Board membership saved.", result: submission.reply({ resetForm: true }) });
  }
  if (intent === "remove-member") {
    const submission = parseForm(formData, RemoveBoardMemberSchema);
    if (submission.status !== "success") return invalid(submission, { intent, message: null });
    await removeBoardMember({ ...board, userId: submission.value.userId });
    return data({ intent, message: "Removed from the board.", result: submission.reply() });
  }
  if (intent === "scope") {
    const submission = parseForm(formData, BoardScopeSchema);
    if (submission.status !== "success") return invalid(submission, { intent, message: null });
    const { scopeAll, inspectionId } = submission.value;
    const r = await setBoardScope({ ...board, scopeAll: scopeAll === "all", inspectionIds: inspectionId });
    if (!r.ok) return invalid(submission, { intent, message: null, fieldErrors: { inspectionId: [r.message] } });
    return data({ intent, message: "Scope saved.", result: submission.reply() });
  }
  return data({ intent: null, message: null, result: undefined }, { status: 400 });
}

export default function BoardPage({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, board, myRole, canManage, isAdmin, choices } = loaderData;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const base = authorityHref(authority.slug, "/");
  const sent = actionData?.intent;
  const reply = actionData;
  const [planForm, plan] = useIntentForm(MeetingSchema, { intent: "plan", id: "plan-meeting", reply });
  const [memberForm, mem] = useIntentForm(MemberSchema, { intent: "member", id: "board-member", reply });
  const [scopeForm, scope] = useIntentForm(BoardScopeSchema, { intent: "scope", id: "board-scope", reply });
  // One summary: the form with errors (checked in the browser too), else a refused removal.
  const removeErrors = sent === "remove-member" ? Object.values(actionData?.result?.error ?? {}).flat() : [];
  const scoped = new Set(board.scopes.map((s) => s.inspectionId));

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={base}>{authority.name}</Link> › <Link to={authorityHref(authority.slug, "/boards")}>Boards</Link> ›{" "}
        <span aria-current="page">{board.name}</span>
      </nav>
      <FormPageHead title={board.name} forms={[planForm, memberForm, scopeForm]} otherErrors={removeErrors} />
      <h1>{board.name}</h1>
      <p className="mb-6 text-ink-muted">
        {BOARD_KIND_LABELS[board.kind as BoardKind] ?? board.kind} · reviews{" "}
        {board.scopeAllInspections ? "every inspection" : board.scopes.map((s) => s.inspection.title).join("; ")}
        {myRole ? ` · you are ${BOARD_ROLE_LABELS[myRole].toLowerCase()}` : ""}
      </p>
      {actionData?.message ? <SuccessBanner>{actionData.message}</SuccessBanner> : null}

      <section aria-labelledby="meetings-heading" className="mb-10">
        <h2 id="meetings-heading">Meetings</h2>
        {board.meetings.length === 0 ? <p className="mb-4">No meetings yet.</p> : null}
        <ul className="mb-6 space-y-2">
          {board.meetings.map((m) => (
            <li key={m.id}>
              <Link to={authorityHref(authority.slug, "/meetings/:meetingId", { meetingId: m.id })}>
                {formatDate(m.scheduledAt)}
              </Link>{" "}
              · {m.location} · {MEETING_STATUS_LABELS[m.status as MeetingStatus] ?? m.status}
            </li>
          ))}
        </ul>
        {canManage ? (
          <SchemaForm form={planForm} className="max-w-xl border-l-4 border-rule pl-4">
            <h3 className="mb-2 text-lg font-bold">Plan a meeting</h3>
            <p className="mb-4">
              The agenda is proposed from the plan: actions submitted for review, due since the last meeting, red or
              amber twice running, overdue, returned last time, or with new evidence. You can change it before
              publishing.
            </p>
            <input type="hidden" name="intent" value="plan" />
            <DateInput field={plan.date} legend="Date" />
            <Field
              field={plan.time}
              label="Start time (UK, 24-hour)"
              hint="For example, 14:00"
              defaultValue="14:00"
              width="max-w-[6rem]"
              maxLength={5}
              autoComplete="off"
            />
            <Field field={plan.location} label="Place or online link" maxLength={maxMeeting.location} />
            <Button type="submit" disabled={busy}>
              Plan meeting and propose agenda
            </Button>
          </SchemaForm>
        ) : null}
      </section>

      <section aria-labelledby="members-heading" className="mb-10 max-w-4xl">
        <h2 id="members-heading">Members</h2>
        <table className="mb-6 w-full border-collapse text-left">
          <caption className="sr-only">Board members and their roles</caption>
          <TableHead
            row="border-b-2 border-ink"
            cell="p-2"
            columns={[
              "Name",
              "Organisation",
              "Role on the board",
              ...(isAdmin ? [[<span className="sr-only">Actions</span>, "p-2"] as const] : []),
            ]}
          />
          <tbody>
            {board.members.map((m) => (
              <tr key={m.id} className="border-b border-rule">
                <td className="p-2">{m.user.name}</td>
                <td className="p-2">{m.user.organisation ?? ""}</td>
                <td className="p-2">{BOARD_ROLE_LABELS[m.boardRole as BoardRole] ?? m.boardRole}</td>
                {isAdmin ? (
                  <td className="p-2">
                    <Form method="post" noValidate>
                      <input type="hidden" name="intent" value="remove-member" />
                      <input type="hidden" name="userId" value={m.userId} />
                      <button type="submit" className="underline" disabled={busy}>
                        Remove<span className="sr-only"> {m.user.name} from the board</span>
                      </button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
        {isAdmin ? (
          <SchemaForm form={memberForm} className="max-w-xl">
            <h3 className="mb-2 text-lg font-bold">Add a member or change a role</h3>
            <input type="hidden" name="intent" value="member" />
            <Select
              field={mem.userId}
              label="Person"
              emptyLabel="Choose a person"
              options={choices.people.map(
                (p) => [p.id, `${p.name}${p.organisation ? ` (${p.organisation})` : ""}`] as const,
              )}
            />
            <Select
              field={mem.boardRole}
              label="Role on the board"
              hint="Observers see the meeting but do not decide."
              emptyLabel="Choose a role"
              options={BOARD_ROLES.map((r) => [r, BOARD_ROLE_LABELS[r]] as const)}
            />
            <Button type="submit" variant="secondary" disabled={busy}>
              Save membership
            </Button>
          </SchemaForm>
        ) : null}
      </section>

      {isAdmin ? (
        <section aria-labelledby="scope-heading" className="mb-10 max-w-3xl">
          <h2 id="scope-heading">Scope</h2>
          <SchemaForm form={scopeForm}>
            <input type="hidden" name="intent" value="scope" />
            <Radios
              field={scope.scopeAll}
              legend="Which inspections does this board review?"
              defaultValue={board.scopeAllInspections ? "all" : "some"}
              options={[
                ["all", "All inspections"],
                ["some", "Only the inspections ticked below"],
              ]}
            />
            {choices.inspections.length ? (
              <Checkboxes
                field={scope.inspectionId}
                legend="Inspections"
                defaultValues={[...scoped]}
                options={choices.inspections.map((i) => [i.id, i.title] as const)}
              />
            ) : null}
            <Button type="submit" variant="secondary" disabled={busy}>
              Save scope
            </Button>
          </SchemaForm>
        </section>
      ) : null}
    </>
  );
}
