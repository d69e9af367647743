import { getFormProps, useForm } from "@conform-to/react";
import { readFormData } from "~/utils/body.server";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/a.$authority.boards.$boardId";
import { Button, ErrorSummary, SelectField, TextField } from "~/components/form";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { MeetingSchema, MemberSchema } from "~/modules/board/forms";
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
import { maxLengths, postedId } from "~/utils/text";
import { authorityHref } from "~/utils/links";

/** Each text field's maximum, for maxlength. */
const maxMeeting = maxLengths(MeetingSchema);

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.board.name ?? "Board"} – Improvement Board` }];

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
  const authorityId = user.authority.id;
  const boardId = args.params.boardId;
  const actor = actorOf(user);
  const formData = await readFormData(args.request, "form");
  const intent = formData.get("intent");
  if (intent === "plan") {
    const submission = parseWithZod(formData, { schema: MeetingSchema });
    if (submission.status !== "success")
      return data({ intent, result: submission.reply(), message: null as string | null }, { status: 400 });
    const meeting = await planMeeting({ authorityId, actor, boardId, value: submission.value });
    return redirect(authorityHref(user.authority.slug, "/meetings/:meetingId", { meetingId: meeting.id }));
  }
  if (intent === "member") {
    const submission = parseWithZod(formData, { schema: MemberSchema });
    if (submission.status !== "success")
      return data({ intent, result: submission.reply(), message: null }, { status: 400 });
    const r = await setBoardMember({
      authorityId,
      actor,
      boardId,
      userId: submission.value.userId,
      boardRole: submission.value.boardRole,
    });
    if (!r.ok)
      return data(
        { intent, result: submission.reply({ fieldErrors: { userId: [r.message] } }), message: null },
        { status: 400 },
      );
    return data({ intent, result: submission.reply({ resetForm: true }), message: "Board membership saved." });
  }
  if (intent === "remove-member") {
    await removeBoardMember({ authorityId, actor, boardId, userId: postedId(formData.get("userId")) });
    return data({ intent, result: undefined, message: "Removed from the board." });
  }
  if (intent === "scope") {
    const scopeAll = formData.get("scopeAll") === "all";
    const r = await setBoardScope({
      authorityId,
      actor,
      boardId,
      scopeAll,
      inspectionIds: formData
        .getAll("inspectionId")
        .map((v) => postedId(v))
        .filter(Boolean),
    });
    return data(
      { intent, result: undefined, message: r.ok ? "Scope saved." : r.message },
      { status: r.ok ? 200 : 400 },
    );
  }
  return data({ intent: null, result: undefined, message: null }, { status: 400 });
}

export default function BoardPage({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, board, myRole, canManage, isAdmin, choices } = loaderData;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const base = authorityHref(authority.slug, "/");
  const [planForm, plan] = useForm({
    id: "plan-meeting",
    lastResult: actionData?.intent === "plan" ? actionData.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MeetingSchema }),
  });
  const [memberForm, mem] = useForm({
    id: "board-member",
    lastResult: actionData?.intent === "member" ? actionData.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MemberSchema }),
  });
  const typed = (f: { initialValue?: unknown }) => (typeof f.initialValue === "string" ? f.initialValue : "");
  const scoped = new Set(board.scopes.map((s) => s.inspectionId));

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={base}>{authority.name}</Link> › <Link to={authorityHref(authority.slug, "/boards")}>Boards</Link> ›{" "}
        <span aria-current="page">{board.name}</span>
      </nav>
      <h1>{board.name}</h1>
      <p className="mb-6 text-ink-muted">
        {BOARD_KIND_LABELS[board.kind as BoardKind] ?? board.kind} · reviews{" "}
        {board.scopeAllInspections ? "every inspection" : board.scopes.map((s) => s.inspection.title).join("; ")}
        {myRole ? ` · you are ${BOARD_ROLE_LABELS[myRole].toLowerCase()}` : ""}
      </p>
      {actionData?.message ? (
        <div role="status" className="mb-6 border-l-4 border-success bg-rag-green-bg p-4">
          {actionData.message}
        </div>
      ) : null}

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
          <Form method="post" {...getFormProps(planForm)} noValidate className="max-w-xl border-l-4 border-rule pl-4">
            <h3 className="mb-2 text-lg font-bold">Plan a meeting</h3>
            <p className="mb-4">
              The agenda is proposed from the plan: actions submitted for review, due since the last meeting, red or
              amber twice running, overdue, returned last time, or with new evidence. You can change it before
              publishing.
            </p>
            {actionData?.intent === "plan" ? (
              <ErrorSummary
                errors={{ date: plan.date.errors, time: plan.time.errors, location: plan.location.errors }}
              />
            ) : null}
            <input type="hidden" name="intent" value="plan" />
            <div className="flex flex-wrap gap-x-8">
              <TextField
                name="date"
                label="Date"
                type="date"
                errors={plan.date.errors}
                defaultValue={typed(plan.date)}
              />
              <TextField
                name="time"
                label="Start time (UK, 24-hour)"
                type="time"
                errors={plan.time.errors}
                defaultValue={typed(plan.time) || "14:00"}
              />
            </div>
            <TextField
              maxLength={maxMeeting.location}
              name="location"
              label="Place or online link"
              errors={plan.location.errors}
              defaultValue={typed(plan.location)}
            />
            <Button type="submit" disabled={busy}>
              Plan meeting and propose agenda
            </Button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="members-heading" className="mb-10 max-w-4xl">
        <h2 id="members-heading">Members</h2>
        <table className="mb-6 w-full border-collapse text-left">
          <caption className="sr-only">Board members and their roles</caption>
          <thead>
            <tr className="border-b-2 border-ink">
              <th scope="col" className="p-2">
                Name
              </th>
              <th scope="col" className="p-2">
                Organisation
              </th>
              <th scope="col" className="p-2">
                Role on the board
              </th>
              {isAdmin ? (
                <th scope="col" className="p-2">
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {board.members.map((m) => (
              <tr key={m.id} className="border-b border-rule">
                <td className="p-2">{m.user.name}</td>
                <td className="p-2">{m.user.organisation ?? ""}</td>
                <td className="p-2">{BOARD_ROLE_LABELS[m.boardRole as BoardRole] ?? m.boardRole}</td>
                {isAdmin ? (
                  <td className="p-2">
                    <Form method="post">
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
          <Form method="post" {...getFormProps(memberForm)} noValidate className="max-w-xl">
            <h3 className="mb-2 text-lg font-bold">Add a member or change a role</h3>
            <input type="hidden" name="intent" value="member" />
            <SelectField
              name="userId"
              label="Person"
              errors={mem.userId.errors}
              emptyLabel="Choose a person"
              defaultValue={typed(mem.userId)}
              options={choices.people.map(
                (p) => [p.id, `${p.name}${p.organisation ? ` (${p.organisation})` : ""}`] as const,
              )}
            />
            <SelectField
              name="boardRole"
              label="Role on the board"
              hint="Observers see the meeting but do not decide."
              errors={mem.boardRole.errors}
              emptyLabel="Choose a role"
              defaultValue={typed(mem.boardRole)}
              options={BOARD_ROLES.map((r) => [r, BOARD_ROLE_LABELS[r]] as const)}
            />
            <Button type="submit" variant="secondary" disabled={busy}>
              Save membership
            </Button>
          </Form>
        ) : null}
      </section>

      {isAdmin ? (
        <section aria-labelledby="scope-heading" className="mb-10 max-w-3xl">
          <h2 id="scope-heading">Scope</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="scope" />
            <fieldset className="mb-4">
              <legend className="mb-2 font-bold">Which inspections does this board review?</legend>
              <div className="mb-2 flex items-center gap-3">
                <input
                  id="scope-all"
                  type="radio"
                  name="scopeAll"
                  value="all"
                  defaultChecked={board.scopeAllInspections}
                  className="h-6 w-6"
                />
                <label htmlFor="scope-all">All inspections</label>
              </div>
              <div className="mb-2 flex items-center gap-3">
                <input
                  id="scope-some"
                  type="radio"
                  name="scopeAll"
                  value="some"
                  defaultChecked={!board.scopeAllInspections}
                  className="h-6 w-6"
                />
                <label htmlFor="scope-some">Only the inspections ticked below</label>
              </div>
              <div className="ml-9 space-y-1">
                {choices.inspections.map((i) => (
                  <div key={i.id} className="flex items-center gap-3">
                    <input
                      id={`scope-${i.id}`}
                      type="checkbox"
                      name="inspectionId"
                      value={i.id}
                      defaultChecked={scoped.has(i.id)}
                      className="h-5 w-5"
                    />
                    <label htmlFor={`scope-${i.id}`}>{i.title}</label>
                  </div>
                ))}
              </div>
            </fieldset>
            <Button type="submit" variant="secondary" disabled={busy}>
              Save scope
            </Button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
