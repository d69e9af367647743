import type { SubmissionResult } from "@conform-to/react";
import { useState, type ReactNode } from "react";
import { readFormData } from "~/utils/body.server";
import { data, Form, Link, redirect, useNavigation, useSearchParams } from "react-router";
import type { Route } from "./+types/a.$authority.actions.$actionId";
import { OverdueTag, RagTag, StatusTag } from "~/components/action-tags";
import { AuditList } from "~/components/audit-list";
import {
  Button,
  DateInput,
  Field,
  FormPageHead,
  SchemaForm,
  Select,
  SuccessBanner,
  Textarea,
  type AnyField,
} from "~/components/forms";
import { invalid, parseForm } from "~/components/forms/submission.server";
import { SummaryList } from "~/components/summary-list";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import { getAction } from "~/modules/action/service.server";
import { listEntityAudit, memberEmail, ownerChoices } from "~/modules/action/history.server";
import { OwnerField } from "~/components/owner-field";
import {
  ActionDetailsSchema,
  FormBaseSchema,
  MilestoneChangeSchema,
  MilestoneSchema,
  ProgressUpdateSchema,
} from "~/modules/action/forms";
import {
  addMilestone,
  addProgressUpdate,
  changeMilestone,
  setActionDeleted,
  updateActionDetails,
  type Conflict,
  type MutationResult,
} from "~/modules/action/mutations.server";
import { allowedTransitions, isOverdue, RAG_LABELS, RAGS, statusLabel } from "~/modules/action/status";
import { formatDate, formatDateTime, isoDay } from "~/utils/format";
import { listActionEvidence } from "~/modules/evidence/service.server";
import { decisionsForAction } from "~/modules/board/decisions.server";
import { DECISION_LABELS, type Decision } from "~/modules/board/rules";
import { ActionEvidenceSection } from "~/components/action-evidence";
import { MessagesSent } from "~/components/messages-sent";
import { messagesSentAbout } from "~/modules/notify/log.server";
import { authorityHref } from "~/utils/links";
import { maxLengths } from "~/utils/text";
import { textFieldProps } from "~/components/forms/text-field-props";
import { useIntentForm } from "~/components/forms/reply";

/** Each text field's maximum, for maxlength. */
const maxUpdate = maxLengths(ProgressUpdateSchema);
const maxDetails = maxLengths(ActionDetailsSchema);
const maxMilestone = maxLengths(MilestoneSchema);

const iso = (d: Date | string | null) => isoDay(d ? new Date(d) : null) ?? "";

const RAG_OPTIONS = RAGS.map((x) => [x, RAG_LABELS[x]] as const);

/** An action's two RAG ratings as its forms ask for them: delivery (in a progress update) and impact (in its details). */
const RAG_QUESTIONS = {
  delivery: { label: "Delivery RAG", empty: (saved: string | null) => (saved ? "Keep as it is" : "Not set") },
  impact: { label: "Impact RAG: is it making a difference for children?", empty: () => "Not assessed" },
};

/** The select of one of the action's RAG ratings, its saved value chosen. */
function RagSelect({
  field,
  rating,
  saved,
}: {
  field: AnyField;
  rating: keyof typeof RAG_QUESTIONS;
  saved: string | null;
}) {
  const { label, empty } = RAG_QUESTIONS[rating];
  return (
    <Select field={field} label={label} defaultValue={saved ?? ""} emptyLabel={empty(saved)} options={RAG_OPTIONS} />
  );
}

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:own");
  const authorityId = user.authority.id;
  const isAdmin = roleHasPermission(user.role, "write:action:any");
  const action = await getAction({
    authorityId,
    actionId: args.params.actionId,
    viewer: actorOf(user),
  });
  const isOwner = action.owner?.id === user.id;
  const canUpdate = !action.deletedAt && (isAdmin || (isOwner && roleHasPermission(user.role, "update:action:own")));
  const [owners, ownerEmail, history, evidence, decisions] = await Promise.all([
    isAdmin ? ownerChoices({ authorityId }) : Promise.resolve({ mode: "select" as const, people: [] }),
    isAdmin ? memberEmail({ authorityId, userId: action.owner?.id }) : Promise.resolve(null),
    roleHasPermission(user.role, "read:audit:any")
      ? listEntityAudit({ authorityId, entityType: "Action", entityId: action.id })
      : Promise.resolve(null),
    action.deletedAt
      ? Promise.resolve(null)
      : listActionEvidence({ authorityId, viewer: actorOf(user), actionId: action.id }),
    decisionsForAction({ authorityId, actionId: action.id }),
  ]);
  return {
    authority: user.authority,
    action,
    canSeeInspection: roleHasPermission(user.role, "read:inspection:any"),
    canUpdate,
    isAdmin,
    transitions: canUpdate
      ? allowedTransitions({ from: action.status, actor: { role: user.role, isOwner, via: "update" } })
      : [],
    owners,
    ownerEmail,
    history,
    evidence,
    decisions,
    messages: await messagesSentAbout({ authorityId, viewer: actorOf(user), about: { actionId: action.id } }),
  };
}

/** A refusal as the form shows it: the pipeline's `form` message belongs to no one field. */
function refusal(r: Exclude<MutationResult, { ok: true }>) {
  if ("conflict" in r) return { status: 409, conflict: r.conflict };
  const { form, ...fieldErrors } = r.fieldErrors;
  return { status: 400, conflict: null, formErrors: form, fieldErrors };
}

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "read:action:own");
  const authorityId = user.authority.id;
  const slug = user.authority.slug;
  const actionId = args.params.actionId;
  const actor = actorOf(user);
  const formData = await readFormData(args.request, "form");
  const intent = formData.get("intent");
  /** The page's reply after a save: which form, its reset (or kept) values, and the confirmation. */
  const saved = (
    intent: "update" | "edit" | "milestone-add" | "milestone-change",
    result: SubmissionResult<string[]> | undefined,
    message: string,
  ) => data({ intent, result, conflict: null as Conflict | null, saved: message as string | null });
  if (intent === "delete" || intent === "restore") {
    await setActionDeleted({ authorityId, actionId, actor, deleted: intent === "delete" });
    return redirect(
      intent === "delete"
        ? `${authorityHref(slug, "/actions")}?removed=1`
        : authorityHref(slug, "/actions/:actionId", { actionId }),
    );
  }
  if (intent === "milestone-add") {
    const submission = parseForm(formData, MilestoneSchema);
    if (submission.status !== "success") return invalid(submission, { intent, conflict: null, saved: null });
    await addMilestone({ authorityId, actionId, actor, value: submission.value });
    return saved(intent, submission.reply({ resetForm: true }), "Milestone added.");
  }
  if (intent === "milestone-done" || intent === "milestone-undone" || intent === "milestone-remove") {
    const submission = parseForm(formData, MilestoneChangeSchema);
    if (submission.status !== "success")
      return invalid(submission, { intent: "milestone-change" as const, conflict: null, saved: null });
    const { milestoneId } = submission.value;
    const change = intent === "milestone-done" ? "done" : intent === "milestone-undone" ? "undone" : "remove";
    await changeMilestone({ authorityId, actionId, milestoneId, actor, change });
    const message = {
      done: "Milestone marked done.",
      undone: "Milestone marked not done.",
      remove: "Milestone removed.",
    };
    return saved("milestone-change", undefined, message[change]);
  }
  if (intent === "update") {
    const submission = parseForm(formData, ProgressUpdateSchema);
    if (submission.status !== "success") return invalid(submission, { intent, conflict: null, saved: null });
    const r = await addProgressUpdate({ authorityId, actionId, actor, value: submission.value });
    if (r.ok) return saved(intent, submission.reply({ resetForm: true }), "Progress update saved.");
    return invalid(submission, { intent, saved: null, ...refusal(r) });
  }
  if (intent === "edit") {
    const submission = parseForm(formData, ActionDetailsSchema);
    if (submission.status !== "success") return invalid(submission, { intent, conflict: null, saved: null });
    const started = parseForm(formData, FormBaseSchema);
    const base = started.status === "success" ? started.value.base : {};
    const r = await updateActionDetails({ authorityId, actionId, actor, value: submission.value, base });
    if (r.ok) return saved(intent, submission.reply(), "Details saved.");
    return invalid(submission, { intent, saved: null, ...refusal(r) });
  }
  return data({ intent: null, result: undefined, conflict: null, saved: null }, { status: 400 });
}

/** Said when someone else saved the action first: what changed meanwhile. Listed in the error summary, which links here. */
function ConflictNotice({ conflict }: { conflict: Conflict }) {
  return (
    <section id="conflict" aria-labelledby="conflict-heading" tabIndex={-1} className="mb-6 border-4 border-danger p-4">
      <h2 id="conflict-heading" className="text-xl">
        Someone else changed this action while you were working
      </h2>
      <p className="mb-2">
        {conflict.changedBy ?? "Another user"} saved changes at {formatDateTime(conflict.changedAt)}. Your changes have
        not been saved; what you typed is still below.
      </p>
      {conflict.fields.length ? (
        <>
          <p className="font-bold">What changed meanwhile:</p>
          <ul className="mb-2 list-disc pl-6">
            {conflict.fields.map((f) => (
              <li key={f.field}>
                {f.label}: now “{f.theirs}”
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>Check the current values on this page, then submit your changes again.</p>
    </section>
  );
}

/** The page's forms that have fields (and so errors), by their intent. */
type FormIntent = "update" | "milestone-add" | "edit";

/**
 * One of the action's forms checked against the version the page showed (a progress update, its details), in a
 * section of its own: its `id` is also its intent. `onSubmit` tells the page which form was submitted last.
 */
function VersionedFormSection({
  id,
  heading,
  intro,
  form,
  version,
  submitLabel,
  onSubmit,
  children,
}: {
  id: "update" | "edit";
  heading: string;
  intro?: ReactNode;
  form: Parameters<typeof SchemaForm>[0]["form"];
  version: number;
  submitLabel: string;
  onSubmit: (intent: FormIntent) => void;
  children: ReactNode;
}) {
  const busy = useNavigation().state !== "idle";
  return (
    <section aria-labelledby={`${id}-heading`} className="mb-10 max-w-3xl">
      <h2 id={`${id}-heading`}>{heading}</h2>
      {intro}
      <SchemaForm form={form} onSubmitCapture={() => onSubmit(id)}>
        <input type="hidden" name="intent" value={id} />
        <input type="hidden" name="version" value={version} />
        {children}
        <Button type="submit" disabled={busy}>
          {submitLabel}
        </Button>
      </SchemaForm>
    </section>
  );
}

export default function ActionPage({ loaderData, actionData }: Route.ComponentProps) {
  const {
    authority,
    action,
    canSeeInspection,
    canUpdate,
    isAdmin,
    transitions,
    owners,
    ownerEmail,
    history,
    evidence,
    decisions,
  } = loaderData;
  const lastDecision = decisions[0] ?? null;
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const busy = navigation.state !== "idle";
  const slug = authority.slug;
  const r = action.recommendation;

  const reply = actionData;
  const [updateForm, u] = useIntentForm(ProgressUpdateSchema, { intent: "update", id: "progress-update", reply });
  const [milestoneForm, ms] = useIntentForm(MilestoneSchema, { intent: "milestone-add", id: "milestone", reply });
  const [editForm, e] = useIntentForm(ActionDetailsSchema, { intent: "edit", id: "action-details", reply });
  const update = textFieldProps(u, maxUpdate);
  const detail = textFieldProps(e, maxDetails, action);
  const forms = { update: updateForm, "milestone-add": milestoneForm, edit: editForm };
  // The summary lists the errors of the form submitted last (checked in the browser or by the server).
  const [submitted, setSubmitted] = useState<FormIntent | null>(null);
  const answered = actionData?.intent && actionData.intent in forms ? (actionData.intent as FormIntent) : null;
  const current = submitted ?? answered;
  const conflict = actionData?.conflict ?? null;
  const success =
    actionData?.saved ??
    (!actionData && searchParams.get("unlinked")
      ? "Evidence unlinked from this action. The evidence item is kept."
      : null);

  const baseValues = JSON.stringify({
    title: action.title,
    description: action.description,
    ownerId: action.owner?.id ?? null,
    leadService: action.leadService,
    partnerAgencies: action.partnerAgencies,
    successMeasure: action.successMeasure,
    startDate: iso(action.startDate),
    dueDate: iso(action.dueDate),
    impactRag: action.impactRag,
    impactReason: action.impactReason,
  });

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={authorityHref(slug, "/")}>{authority.name}</Link>
        {canSeeInspection ? (
          <>
            {" "}
            ›{" "}
            <Link to={authorityHref(slug, "/inspections/:inspectionId", { inspectionId: r.inspection.id })}>
              {r.inspection.title}
            </Link>{" "}
            ›{" "}
            <Link to={authorityHref(slug, "/recommendations/:recommendationId", { recommendationId: r.id })}>
              {r.reference}
            </Link>
          </>
        ) : null}{" "}
        › <span aria-current="page">Action</span>
      </nav>
      <FormPageHead
        title={action.title}
        forms={Object.values(forms)}
        shown={current ? forms[current] : undefined}
        extra={[
          conflict && {
            message: "Your changes have not been saved: someone else changed this action while you were working",
            href: "#conflict",
          },
        ]}
      />
      {conflict ? <ConflictNotice conflict={conflict} /> : null}
      {success ? <SuccessBanner>{success}</SuccessBanner> : null}
      {action.deletedAt ? (
        <div role="status" className="mb-6 border-4 border-rag-amber bg-rag-amber-bg p-4">
          <h2 className="text-xl">This action was removed on {formatDate(action.deletedAt)}</h2>
          <p className="mb-2">
            It is not part of the plan and nobody can update it. Restoring puts it back as it was, with its history.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="restore" />
            <Button type="submit" disabled={busy}>
              Restore action
            </Button>
          </Form>
        </div>
      ) : null}
      <h1>{action.title}</h1>
      <p className="mb-6 flex flex-wrap items-center gap-2">
        <StatusTag status={action.status} /> <RagTag rag={action.rag} /> <OverdueTag action={action} />
        {action.impactRag ? (
          <span className="text-sm">
            Impact: {RAG_LABELS[action.impactRag as keyof typeof RAG_LABELS] ?? action.impactRag}
          </span>
        ) : null}
      </p>
      {lastDecision ? (
        <div
          className={`mb-6 border-l-4 p-4 ${lastDecision.decision === "return" ? "border-danger" : lastDecision.decision === "accept" ? "border-success" : "border-brand"}`}
        >
          <h2 className="mb-1 text-lg">
            {lastDecision.decision === "return"
              ? "Returned with a challenge"
              : lastDecision.decision === "accept"
                ? "Accepted as complete"
                : `Board decision: ${DECISION_LABELS[lastDecision.decision as Decision] ?? lastDecision.decision}`}{" "}
            by the {lastDecision.meeting.board.name} on{" "}
            <Link to={authorityHref(slug, "/meetings/:meetingId", { meetingId: lastDecision.meeting.id })}>
              {formatDate(lastDecision.meeting.scheduledAt)}
            </Link>
          </h2>
          {lastDecision.challenge ? <p className="whitespace-pre-line">Challenge: {lastDecision.challenge}</p> : null}
          {lastDecision.newDueDate ? <p>New due date: {formatDate(lastDecision.newDueDate)}</p> : null}
          {lastDecision.notes ? <p className="whitespace-pre-line">Notes: {lastDecision.notes}</p> : null}
        </div>
      ) : null}
      <blockquote className="mb-6 border-l-4 border-rule pl-4 text-ink-muted">
        <span className="font-bold">{r.reference}:</span> {r.text}
      </blockquote>
      <SummaryList
        rows={[
          {
            key: "Owner",
            value: action.owner
              ? `${action.owner.name}${action.owner.organisation ? ` (${action.owner.organisation})` : ""}`
              : "Unassigned",
          },
          { key: "Lead service", value: action.leadService || "Not recorded" },
          { key: "Partner agencies", value: action.partnerAgencies || "None recorded" },
          { key: "Start date", value: formatDate(action.startDate) || "Not set" },
          { key: "Due date", value: formatDate(action.dueDate) || "Not set" },
          { key: "Progress", value: `${action.progress}%` },
          { key: "RAG reason", value: action.ragReason ?? "Not given" },
          ...(action.blockedReason ? [{ key: "Blocked because", value: action.blockedReason }] : []),
          { key: "Impact for children", value: action.impactReason ?? "Not assessed" },
          { key: "Description", value: action.description || "None" },
          { key: "How we will know", value: action.successMeasure || "Not recorded" },
        ]}
      />

      {evidence ? (
        <ActionEvidenceSection authority={slug} actionId={action.id} evidence={evidence} canAdd={canUpdate} />
      ) : null}

      <section aria-labelledby="milestones-heading" className="mb-10 max-w-3xl">
        <h2 id="milestones-heading">Milestones</h2>
        {action.milestones.length === 0 ? <p className="mb-4">No milestones set.</p> : null}
        <ul className="mb-4 space-y-2">
          {action.milestones.map((m) => (
            <li key={m.id} className="flex flex-wrap items-center gap-3 border-b border-rule pb-2">
              <span className={m.doneAt ? "line-through" : ""}>{m.title}</span>
              <span className="text-sm text-ink-muted">{m.dueDate ? `by ${formatDate(m.dueDate)}` : "no date"}</span>
              {m.doneAt ? (
                <strong className="text-sm">Done {formatDate(m.doneAt)}</strong>
              ) : isOverdue({ dueDate: m.dueDate, status: "in_progress" }) ? (
                <strong className="text-sm text-danger">Milestone missed</strong>
              ) : null}
              {canUpdate ? (
                <Form method="post" className="flex gap-2">
                  <input type="hidden" name="milestoneId" value={m.id} />
                  <button
                    type="submit"
                    name="intent"
                    value={m.doneAt ? "milestone-undone" : "milestone-done"}
                    className="underline"
                    disabled={busy}
                  >
                    {m.doneAt ? "Mark not done" : "Mark done"}
                    <span className="sr-only">: {m.title}</span>
                  </button>
                  <button type="submit" name="intent" value="milestone-remove" className="underline" disabled={busy}>
                    Remove<span className="sr-only"> milestone {m.title}</span>
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        {canUpdate ? (
          <SchemaForm form={milestoneForm} onSubmitCapture={() => setSubmitted("milestone-add")}>
            <input type="hidden" name="intent" value="milestone-add" />
            <div className="flex flex-wrap items-end gap-x-6">
              <div className="grow">
                <Field field={ms.milestoneTitle} label="New milestone" maxLength={maxMilestone.milestoneTitle} />
              </div>
              <DateInput field={ms.milestoneDue} legend="Milestone date" />
            </div>
            <Button type="submit" className="mb-4" disabled={busy}>
              Add milestone
            </Button>
          </SchemaForm>
        ) : null}
      </section>

      {canUpdate ? (
        <VersionedFormSection
          id="update"
          heading="Add a progress update"
          form={updateForm}
          version={action.version}
          submitLabel="Save update"
          onSubmit={setSubmitted}
        >
          <Textarea {...update("body")} label="What has happened since the last update?" />
          <div className="flex flex-wrap gap-x-6">
            <Field
              field={u.progress}
              label="Progress (%)"
              inputMode="numeric"
              width="max-w-24"
              defaultValue={String(action.progress)}
            />
            <RagSelect field={u.rag} rating="delivery" saved={action.rag} />
            <Select
              field={u.status}
              label="Status"
              emptyLabel={`Keep “${statusLabel(action.status)}”`}
              options={transitions.map((t) => [t.to, t.label] as const)}
            />
          </div>
          <Textarea {...update("ragReason")} label="Reason for the RAG (required when it changes)" rows={2} />
          <Textarea
            {...update("statusReason")}
            label="Reason or challenge for the status change (required for blocked, returned or complete)"
            rows={2}
          />
        </VersionedFormSection>
      ) : null}

      <section aria-labelledby="timeline-heading" className="mb-10">
        <h2 id="timeline-heading">Progress updates</h2>
        {action.updates.length === 0 ? <p>No updates yet.</p> : null}
        <ol className="space-y-4">
          {action.updates.map((up) => (
            <li key={up.id} className="border-l-4 border-rule pl-4">
              <p className="text-sm text-ink-muted">
                {formatDate(up.createdAt)} · {up.author?.name ?? "Former user"}
                {up.kind === "extension" ? " · due date changed" : ""}
                {up.status ? ` · status: ${statusLabel(up.status)}` : ""}
                {up.rag ? ` · RAG: ${RAG_LABELS[up.rag as keyof typeof RAG_LABELS] ?? up.rag}` : ""}
                {up.progress !== null ? ` · ${up.progress}%` : ""}
              </p>
              {up.kind === "extension" ? (
                <p className="font-bold">
                  Due date {formatDate(up.oldDueDate) || "not set"} → {formatDate(up.newDueDate) || "not set"}
                </p>
              ) : null}
              <p className="whitespace-pre-line">{up.body}</p>
              {up.ragReason ? <p className="text-sm">RAG reason: {up.ragReason}</p> : null}
            </li>
          ))}
        </ol>
      </section>

      {canUpdate ? (
        <VersionedFormSection
          id="edit"
          heading="Edit details"
          intro={
            isAdmin ? null : (
              <p className="mb-4 text-ink-muted">
                As the owner you can change the description, lead service, partners, success measure and impact. An
                admin changes the rest.
              </p>
            )
          }
          form={editForm}
          version={action.version}
          submitLabel="Save details"
          onSubmit={setSubmitted}
        >
          <input type="hidden" name="base" value={baseValues} />
          {isAdmin ? (
            <>
              <Field {...detail("title")} label="Title" width="max-w-xl" />
              <OwnerField
                field={e.ownerId}
                label="Owner"
                choices={owners}
                defaultValue={owners.mode === "email" ? (ownerEmail ?? "") : (action.owner?.id ?? "")}
              />
            </>
          ) : (
            <>
              {/* An admin changes these; the owner's form sends them back as they are. */}
              <input type="hidden" name="title" value={action.title} />
              <input type="hidden" name="ownerId" value={action.owner?.id ?? ""} />
              <input type="hidden" name="startDate" value={iso(action.startDate)} />
              <input type="hidden" name="dueDate" value={iso(action.dueDate)} />
            </>
          )}
          <Field {...detail("leadService")} label="Lead service or team" width="max-w-xl" />
          <Field {...detail("partnerAgencies")} label="Partner agencies involved" width="max-w-xl" />
          <Textarea {...detail("description")} label="Description" rows={3} />
          <Textarea
            {...detail("successMeasure")}
            label="How will we know? (what good looks like and how it is evidenced)"
            rows={3}
          />
          {isAdmin ? (
            <>
              <div className="flex flex-wrap gap-x-8">
                <DateInput field={e.startDate} legend="Start date" defaultValue={iso(action.startDate)} />
                <DateInput field={e.dueDate} legend="Due date" defaultValue={iso(action.dueDate)} />
              </div>
              <Textarea
                {...detail("extensionReason")}
                label="Reason for changing the due date (required when it changes)"
                rows={3}
              />
            </>
          ) : null}
          <RagSelect field={e.impactRag} rating="impact" saved={action.impactRag} />
          <Textarea {...detail("impactReason")} label="Reason for the impact RAG (required when it changes)" rows={3} />
        </VersionedFormSection>
      ) : null}

      {isAdmin && !action.deletedAt ? (
        <section aria-labelledby="admin-heading" className="mb-10">
          <h2 id="admin-heading">Remove this action</h2>
          <p className="mb-2">
            Removing takes the action out of the plan. An admin can find it under “Show removed actions” on the action
            list and restore it.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="delete" />
            <Button type="submit" variant="warning" disabled={busy}>
              Remove action
            </Button>
          </Form>
        </section>
      ) : null}

      <MessagesSent messages={loaderData.messages} authority={loaderData.authority.slug} />
      {history ? (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">Change history</h2>
          <AuditList events={history} />
        </section>
      ) : null}
    </>
  );
}
