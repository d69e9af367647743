import { readFormData } from "~/utils/body.server";
import { useEffect, useRef } from "react";
import { Link, redirect, useNavigation, useSearchParams } from "react-router";
import type { Route } from "./+types/a.$authority.meetings.$meetingId.decisions";
import { RagTag, StatusTag } from "~/components/action-tags";
import {
  Button,
  DateInput,
  Field,
  FormPageHead,
  Radios,
  SchemaForm,
  SuccessBanner,
  Textarea,
  useSchemaForm,
} from "~/components/forms";
import { invalid, parseForm } from "~/components/forms/submission.server";
import { isActionStatus } from "~/modules/action/status";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { recordDecision } from "~/modules/board/decisions.server";
import { DecisionSchema } from "~/modules/board/forms";
import {
  agendaReasonsText,
  canDecide,
  canRecordDecisions,
  DECISION_LABELS,
  decisionOptions,
  type BoardRole,
  type Decision,
  type MeetingStatus,
} from "~/modules/board/rules";
import { getMeeting } from "~/modules/board/service.server";
import { forbidden } from "~/utils/errors";
import { formatDate } from "~/utils/format";
import { maxLengths } from "~/utils/text";
import { authorityHref } from "~/utils/links";
import { meetingOfRoute } from "~/modules/board/meeting-route.server";

/** Each text field's maximum, for maxlength (the arising actions' rows: title 300, owner 320). */
const maxDecision = maxLengths(DecisionSchema);

/** Meeting mode: one agenda item at a time (`?item=<position>`), a decision each, written back to the action. */
export async function loader(args: Route.LoaderArgs) {
  const { user, request } = await meetingOfRoute(args);
  const m = await getMeeting(request);
  if (!canDecide(m.boardRole as BoardRole | null))
    throw forbidden("Only the chair and members of this board record its decisions.");
  const wanted = Number(new URL(args.request.url).searchParams.get("item"));
  const firstOpen = m.agenda.find((i) => !i.decision) ?? m.agenda[0] ?? null;
  const current = m.agenda.find((i) => i.position === wanted) ?? firstOpen;
  return {
    authority: user.authority,
    meeting: m.meeting,
    board: m.board,
    open: canRecordDecisions(m.meeting.status as MeetingStatus),
    items: m.agenda.map((i) => ({
      id: i.id,
      position: i.position,
      title: i.shown.title,
      decided: i.decision ? (DECISION_LABELS[i.decision.decision as Decision] ?? i.decision.decision) : null,
    })),
    current,
    options:
      current && !current.decision && isActionStatus(current.live.status) ? decisionOptions(current.live.status) : [],
  };
}

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "read:action:own");
  const formData = await readFormData(args.request, "form");
  const submission = parseForm(formData, DecisionSchema);
  if (submission.status !== "success") return invalid(submission);
  const v = submission.value;
  const r = await recordDecision({
    authorityId: user.authority.id,
    actor: actorOf(user),
    meetingId: args.params.meetingId,
    agendaItemId: v.itemId,
    input: {
      decision: v.decision,
      notes: v.notes,
      challenge: v.challenge,
      newDueDate: v.newDueDate,
      extensionReason: v.extensionReason,
    },
    arising: v.arising.map((a) => ({ title: a.title, owner: a.owner, dueDate: a.dueDate })),
  });
  if (!r.ok) {
    // The service names an arising row by its place among the rows filled in; the form, by its place on the page.
    const fieldErrors = Object.fromEntries(
      Object.entries(r.fieldErrors).map(([key, messages]) => {
        const m = /^arising\.(\d+)\.(\w+)$/.exec(key);
        const row = m ? v.arising[Number(m[1])]?.row : undefined;
        return [m && row !== undefined ? `arising[${row}].${m[2]}` : key, messages];
      }),
    );
    return invalid(submission, { fieldErrors });
  }
  const next = Number(formData.get("nextPosition") ?? 0);
  return redirect(
    `${authorityHref(user.authority.slug, "/meetings/:meetingId/decisions", { meetingId: args.params.meetingId })}${next ? `?item=${next}&saved=1` : "?saved=1"}`,
  );
}

export default function Decisions({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, meeting, board, open, items, current, options } = loaderData;
  const navigation = useNavigation();
  const base = authorityHref(authority.slug, "/");
  const heading = useRef<HTMLHeadingElement>(null);
  const [searchParams] = useSearchParams();
  const [form, f] = useSchemaForm(DecisionSchema, {
    id: `decision-${current?.id ?? "none"}`,
    lastResult: actionData?.result,
    // Three rows for new actions arising, each empty to start with.
    defaultValue: { arising: [{}, {}, {}] },
  });
  // Moving to the next item puts keyboard focus on its heading, so the board can go straight on.
  useEffect(() => heading.current?.focus(), [current?.id]);
  const nextOpen = current
    ? (items.find((i) => i.position > current.position && !i.decided) ??
      items.find((i) => !i.decided && i.id !== current.id))
    : null;
  const arising = f.arising.getFieldList();

  return (
    <>
      <FormPageHead title="Record decisions" forms={[form]} />
      {searchParams.get("saved") === "1" && !actionData ? <SuccessBanner>Decision saved.</SuccessBanner> : null}
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={base}>{authority.name}</Link> ›{" "}
        <Link to={authorityHref(authority.slug, "/boards/:boardId", { boardId: board.id })}>{board.name}</Link> ›{" "}
        <Link to={authorityHref(authority.slug, "/meetings/:meetingId", { meetingId: meeting.id })}>
          {formatDate(meeting.scheduledAt)}
        </Link>{" "}
        › <span aria-current="page">Decisions</span>
      </nav>
      <div className="grid gap-8 lg:grid-cols-[16rem_1fr]">
        <nav aria-label="Agenda items">
          <h2 className="text-lg">Agenda</h2>
          <ol className="space-y-1">
            {items.map((i) => (
              <li key={i.id}>
                <Link
                  to={`?item=${i.position}`}
                  aria-current={current?.id === i.id ? "step" : undefined}
                  className={current?.id === i.id ? "font-bold" : ""}
                >
                  {i.position}. {i.title}
                </Link>
                <span className="block text-sm text-ink-muted">{i.decided ?? "No decision yet"}</span>
              </li>
            ))}
          </ol>
          <p className="mt-4">
            <Link to={authorityHref(authority.slug, "/meetings/:meetingId/minutes", { meetingId: meeting.id })}>
              Minutes so far
            </Link>
          </p>
        </nav>
        <div>
          {!current ? (
            <p>The agenda is empty.</p>
          ) : (
            <>
              <h1 ref={heading} tabIndex={-1}>
                Item {current.position}: {current.shown.title}
              </h1>
              <p className="mb-2 border-l-4 border-rule pl-3 text-ink-muted">
                <strong>{current.shown.recommendationReference}:</strong> {current.shown.recommendationText}
              </p>
              <p className="mb-2 flex flex-wrap items-center gap-2">
                <StatusTag status={current.shown.status} /> <RagTag rag={current.shown.rag} />{" "}
                <span>Owner: {current.shown.ownerName ?? "Unassigned"}</span>{" "}
                <span>Due: {current.shown.dueDate ? formatDate(current.shown.dueDate) : "not set"}</span>
              </p>
              {current.shown.ragReason ? <p className="mb-2">RAG reason: {current.shown.ragReason}</p> : null}
              <p className="mb-2">
                <strong>On the agenda because:</strong> {agendaReasonsText(current.reasons) ?? "added by the chair"}
              </p>
              {current.shown.latestUpdate ? (
                <p className="mb-6 whitespace-pre-line text-ink-muted">
                  Latest update ({formatDate(current.shown.latestUpdate.at)}): {current.shown.latestUpdate.body}
                </p>
              ) : null}
              {current.decision ? (
                <div role="status" className="mb-6 border-l-4 border-success bg-rag-green-bg p-4">
                  Decided:{" "}
                  <strong>{DECISION_LABELS[current.decision.decision as Decision] ?? current.decision.decision}</strong>
                  {current.decision.challenge ? ` — ${current.decision.challenge}` : ""} (by{" "}
                  {current.decision.decidedBy?.name ?? "a former member"}).
                  {nextOpen ? (
                    <>
                      {" "}
                      <Link to={`?item=${nextOpen.position}`}>Next item without a decision</Link>
                    </>
                  ) : (
                    " Every item has a decision."
                  )}
                </div>
              ) : !open ? (
                <p className="mb-6">
                  Decisions cannot be recorded:{" "}
                  {meeting.status === "planned"
                    ? "the agenda has not been published."
                    : "the minutes are approved and locked."}
                </p>
              ) : (
                <SchemaForm form={form} className="max-w-3xl">
                  <input type="hidden" name="intent" value="decide" />
                  <input type="hidden" name="itemId" value={current.id} />
                  <input type="hidden" name="nextPosition" value={nextOpen?.position ?? ""} />
                  <Radios
                    field={f.decision}
                    legend="The board's decision"
                    legendClassName="mb-2 text-lg font-bold"
                    options={options.map((o) => [o, DECISION_LABELS[o]] as const)}
                  />
                  <Textarea
                    field={f.challenge}
                    label="Challenge (required to return an action)"
                    rows={3}
                    maxLength={maxDecision.challenge}
                  />
                  <DateInput field={f.newDueDate} legend="New due date (to extend)" />
                  <Field
                    field={f.extensionReason}
                    label="Reason for the extension"
                    width="max-w-2xl"
                    maxLength={maxDecision.extensionReason}
                  />
                  <Textarea field={f.notes} label="Notes for the minutes" rows={3} maxLength={maxDecision.notes} />
                  <fieldset className="mb-6">
                    <legend className="mb-2 text-lg font-bold">New actions arising (optional)</legend>
                    <p className="mb-2 text-ink-muted">
                      Each is created in the plan under the same inspection item, with its owner (name from the list or
                      email address).
                    </p>
                    {[0, 1, 2].map((i) => {
                      const row = arising[i]?.getFieldset();
                      return row ? (
                        <div key={i} className="mb-3 border-b border-rule pb-3">
                          <Field
                            field={row.title}
                            label={`New action ${i + 1}: title`}
                            width="max-w-2xl"
                            maxLength={300}
                          />
                          <Field
                            field={row.owner}
                            label="Owner's email"
                            type="email"
                            maxLength={320}
                            spellCheck={false}
                          />
                          <DateInput field={row.dueDate} legend={`New action ${i + 1}: due date`} hint={null} />
                        </div>
                      ) : null;
                    })}
                  </fieldset>
                  <Button type="submit" disabled={navigation.state !== "idle"}>
                    Save decision{nextOpen ? " and go to the next item" : ""}
                  </Button>
                </SchemaForm>
              )}
            </>
          )}
        </div>
      </div>
    </>
  );
}
