import { readFormData } from "~/utils/body.server";
import { Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/a.$authority.boards._index";
import { Button, Field, FormPageHead, SchemaForm, Select, useSchemaForm } from "~/components/forms";
import { invalid, parseForm } from "~/components/forms/submission.server";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import { BoardSchema } from "~/modules/board/forms";
import { maxLengths } from "~/utils/text";
import {
  BOARD_KIND_LABELS,
  BOARD_KINDS,
  BOARD_ROLE_LABELS,
  MEETING_STATUS_LABELS,
  type BoardKind,
  type BoardRole,
  type MeetingStatus,
} from "~/modules/board/rules";
import { createBoard, listBoards } from "~/modules/board/service.server";
import { formatDate } from "~/utils/format";
import { authorityHref } from "~/utils/links";

/** Each text field's maximum, for maxlength. */
const maxBoard = maxLengths(BoardSchema);

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:own");
  const boards = await listBoards({ authorityId: user.authority.id, viewer: actorOf(user) });
  return { authority: user.authority, boards, isAdmin: roleHasPermission(user.role, "manage:members:any") };
}

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "manage:members:any");
  const submission = parseForm(await readFormData(args.request, "form"), BoardSchema);
  if (submission.status !== "success") return invalid(submission);
  const board = await createBoard({ authorityId: user.authority.id, actor: actorOf(user), value: submission.value });
  return redirect(authorityHref(user.authority.slug, "/boards/:boardId", { boardId: board.id }));
}

export default function Boards({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, boards, isAdmin } = loaderData;
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(BoardSchema, { id: "new-board", lastResult: actionData?.result });
  return (
    <>
      <FormPageHead title="Boards" forms={[form]} />
      <h1>Boards</h1>
      <p className="mb-6 max-w-3xl">
        Boards review the plan at their meetings. Each meeting gets an agenda proposed from the state of the plan, and
        the board records a decision on every item, which is written back to the action.
      </p>
      {boards.length === 0 ? <p className="mb-6">No boards yet.</p> : null}
      <ul className="mb-10 space-y-4">
        {boards.map((b) => (
          <li key={b.id} className="border-l-4 border-brand pl-4">
            <h2 className="mb-1 text-xl">
              <Link to={authorityHref(authority.slug, "/boards/:boardId", { boardId: b.id })}>{b.name}</Link>
            </h2>
            <p className="text-ink-muted">
              {BOARD_KIND_LABELS[b.kind as BoardKind] ?? b.kind} · {b._count.members} member
              {b._count.members === 1 ? "" : "s"}
              {b.members[0]
                ? ` · you: ${BOARD_ROLE_LABELS[b.members[0].boardRole as BoardRole] ?? b.members[0].boardRole}`
                : ""}
            </p>
            {b.meetings[0] ? (
              <p>
                Next meeting:{" "}
                <Link to={authorityHref(authority.slug, "/meetings/:meetingId", { meetingId: b.meetings[0].id })}>
                  {formatDate(b.meetings[0].scheduledAt)}
                </Link>{" "}
                ({MEETING_STATUS_LABELS[b.meetings[0].status as MeetingStatus] ?? b.meetings[0].status})
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      {isAdmin ? (
        <section aria-labelledby="new-board-heading" className="max-w-xl">
          <h2 id="new-board-heading">Add a board</h2>
          <SchemaForm form={form}>
            <input type="hidden" name="intent" value="create" />
            <Field field={fields.name} label="Name" maxLength={maxBoard.name} />
            <Select
              field={fields.kind}
              label="Kind of board"
              emptyLabel="Choose"
              options={BOARD_KINDS.map((k) => [k, BOARD_KIND_LABELS[k]] as const)}
            />
            <Button type="submit" disabled={navigation.state !== "idle"}>
              Add board
            </Button>
          </SchemaForm>
        </section>
      ) : null}
    </>
  );
}
