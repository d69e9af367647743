import { getFormProps, useForm } from "@conform-to/react";
import { readFormData } from "~/utils/body.server";
import { parseWithZod } from "@conform-to/zod/v4";
import { useEffect, useRef } from "react";
import { data, Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/a.$authority.meetings.$meetingId.decisions";
import { RagTag, StatusTag } from "~/components/action-tags";
import { Button, ErrorSummary } from "~/components/form";
import { isActionStatus } from "~/modules/action/status";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { recordDecision } from "~/modules/board/decisions.server";
import { DecisionSchema } from "~/modules/board/forms";
import {
  canDecide,
  canRecordDecisions,
  DECISION_LABELS,
  decisionOptions,
  PROPOSAL_REASON_LABELS,
  type BoardRole,
  type Decision,
  type MeetingStatus,
} from "~/modules/board/rules";
import { getMeeting } from "~/modules/board/service.server";
import { forbidden } from "~/utils/errors";
import { formatDate } from "~/utils/format";
import { maxLengths } from "~/utils/text";
import { authorityHref } from "~/utils/links";

/** Each text field's maximum, for maxlength (the arising actions' rows: title 300, owner 320). */
const maxDecision = maxLengths(DecisionSchema);

export const meta: Route.MetaFunction = () => [{ title: "Record decisions – Improvement Board" }];

/** Meeting mode: one agenda item at a time (`?item=<position>`), a decision each, written back to the action. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:own");
  const m = await getMeeting({
    authorityId: user.authority.id,
    meetingId: args.params.meetingId,
    viewer: actorOf(user),
  });
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
  const submission = parseWithZod(formData, { schema: DecisionSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
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
  if (!r.ok) return data({ result: submission.reply({ fieldErrors: r.fieldErrors }) }, { status: 400 });
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
  const [form, f] = useForm({
    id: `decision-${current?.id ?? "none"}`,
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DecisionSchema }),
  });
  // Moving to the next item puts keyboard focus on its heading, so the board can go straight on.
  useEffect(() => heading.current?.focus(), [current?.id]);
  const typed = (x: { initialValue?: unknown }) => (typeof x.initialValue === "string" ? x.initialValue : "");
  const err = (name: string, errors?: string[]) =>
    errors?.length ? (
      <p id={`${name}-error`} className="mb-1 font-bold text-danger">
        <span className="sr-only">Error:</span> {errors[0]}
      </p>
    ) : null;
  const nextOpen = current
    ? (items.find((i) => i.position > current.position && !i.decided) ??
      items.find((i) => !i.decided && i.id !== current.id))
    : null;
  const arising = f.arising.getFieldList();
  const arisingErrors = (i: number, key: "title" | "owner" | "dueDate") =>
    f.arising.allErrors?.[`arising[${i}].${key}`] ??
    (actionData?.result?.error?.[`arising.${i}.${key}`] as string[] | undefined) ??
    undefined;

  return (
    <>
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
                <strong>On the agenda because:</strong>{" "}
                {current.reasons.length
                  ? current.reasons.map((r) => PROPOSAL_REASON_LABELS[r] ?? r).join("; ")
                  : "added by the chair"}
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
                <Form method="post" {...getFormProps(form)} noValidate className="max-w-3xl">
                  {actionData ? (
                    <ErrorSummary
                      errors={{
                        decision: f.decision.errors,
                        challenge: f.challenge.errors,
                        newDueDate: f.newDueDate.errors,
                        extensionReason: f.extensionReason.errors,
                      }}
                    />
                  ) : null}
                  <input type="hidden" name="intent" value="decide" />
                  <input type="hidden" name="itemId" value={current.id} />
                  <input type="hidden" name="nextPosition" value={nextOpen?.position ?? ""} />
                  <fieldset
                    className={`mb-6 ${f.decision.errors?.length ? "border-l-4 border-danger pl-4" : ""}`}
                    aria-describedby={f.decision.errors?.length ? "decision-error" : undefined}
                  >
                    <legend className="mb-2 text-lg font-bold">The board&apos;s decision</legend>
                    {err("decision", f.decision.errors)}
                    {options.map((o) => (
                      <div key={o} className="mb-2 flex items-center gap-3">
                        <input
                          id={`decision-${o}`}
                          type="radio"
                          name="decision"
                          value={o}
                          defaultChecked={typed(f.decision) === o}
                          className="h-6 w-6"
                        />
                        <label htmlFor={`decision-${o}`}>{DECISION_LABELS[o]}</label>
                      </div>
                    ))}
                  </fieldset>
                  <div className={`mb-4 ${f.challenge.errors?.length ? "border-l-4 border-danger pl-4" : ""}`}>
                    <label htmlFor="challenge" className="mb-1 block font-bold">
                      Challenge (required to return an action)
                    </label>
                    {err("challenge", f.challenge.errors)}
                    <textarea
                      id="challenge"
                      name="challenge"
                      rows={3}
                      maxLength={maxDecision.challenge}
                      defaultValue={typed(f.challenge)}
                      aria-describedby={f.challenge.errors?.length ? "challenge-error" : undefined}
                      className="block w-full border-2 border-ink p-2"
                    />
                  </div>
                  <div className="flex flex-wrap gap-x-8">
                    <div className={`mb-4 ${f.newDueDate.errors?.length ? "border-l-4 border-danger pl-4" : ""}`}>
                      <label htmlFor="newDueDate" className="mb-1 block font-bold">
                        New due date (to extend)
                      </label>
                      {err("newDueDate", f.newDueDate.errors)}
                      <input
                        id="newDueDate"
                        name="newDueDate"
                        type="date"
                        defaultValue={typed(f.newDueDate)}
                        aria-describedby={f.newDueDate.errors?.length ? "newDueDate-error" : undefined}
                        className="border-2 border-ink px-2 py-1.5"
                      />
                    </div>
                    <div
                      className={`mb-4 grow ${f.extensionReason.errors?.length ? "border-l-4 border-danger pl-4" : ""}`}
                    >
                      <label htmlFor="extensionReason" className="mb-1 block font-bold">
                        Reason for the extension
                      </label>
                      {err("extensionReason", f.extensionReason.errors)}
                      <input
                        id="extensionReason"
                        name="extensionReason"
                        maxLength={maxDecision.extensionReason}
                        defaultValue={typed(f.extensionReason)}
                        aria-describedby={f.extensionReason.errors?.length ? "extensionReason-error" : undefined}
                        className="block w-full border-2 border-ink px-2 py-1.5"
                      />
                    </div>
                  </div>
                  <div className="mb-6">
                    <label htmlFor="notes" className="mb-1 block font-bold">
                      Notes for the minutes
                    </label>
                    <textarea
                      id="notes"
                      name="notes"
                      rows={3}
                      maxLength={maxDecision.notes}
                      defaultValue={typed(f.notes)}
                      className="block w-full border-2 border-ink p-2"
                    />
                  </div>
                  <fieldset className="mb-6">
                    <legend className="mb-2 text-lg font-bold">New actions arising (optional)</legend>
                    <p className="mb-2 text-ink-muted">
                      Each is created in the plan under the same inspection item, with its owner (name from the list or
                      email address).
                    </p>
                    {[0, 1, 2].map((i) => {
                      const row = arising[i]?.getFieldset();
                      const val = (x: { initialValue?: unknown } | undefined) =>
                        typeof x?.initialValue === "string" ? x.initialValue : "";
                      return (
                        <div key={i} className="mb-3 flex flex-wrap gap-4 border-b border-rule pb-3">
                          <div className="grow">
                            <label htmlFor={`arising-${i}-title`} className="block text-sm font-bold">
                              New action {i + 1}: title
                            </label>
                            {err(`arising-${i}-title`, arisingErrors(i, "title"))}
                            <input
                              id={`arising-${i}-title`}
                              name={`arising[${i}].title`}
                              maxLength={300}
                              defaultValue={val(row?.title)}
                              className="block w-full border-2 border-ink px-2 py-1"
                            />
                          </div>
                          <div>
                            <label htmlFor={`arising-${i}-owner`} className="block text-sm font-bold">
                              Owner&apos;s email
                            </label>
                            {err(`arising-${i}-owner`, arisingErrors(i, "owner"))}
                            <input
                              id={`arising-${i}-owner`}
                              name={`arising[${i}].owner`}
                              maxLength={320}
                              type="email"
                              defaultValue={val(row?.owner)}
                              className="block border-2 border-ink px-2 py-1"
                            />
                          </div>
                          <div>
                            <label htmlFor={`arising-${i}-due`} className="block text-sm font-bold">
                              Due date
                            </label>
                            {err(`arising-${i}-due`, arisingErrors(i, "dueDate"))}
                            <input
                              id={`arising-${i}-due`}
                              name={`arising[${i}].dueDate`}
                              type="date"
                              defaultValue={val(row?.dueDate)}
                              className="block border-2 border-ink px-2 py-1"
                            />
                          </div>
                        </div>
                      );
                    })}
                  </fieldset>
                  <Button type="submit" disabled={navigation.state !== "idle"}>
                    Save decision{nextOpen ? " and go to the next item" : ""}
                  </Button>
                </Form>
              )}
            </>
          )}
        </div>
      </div>
    </>
  );
}
