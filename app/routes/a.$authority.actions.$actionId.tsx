import { getFormProps, useForm } from "@conform-to/react";
import { readFormData } from "~/utils/body.server";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect, useNavigation, useSearchParams } from "react-router";
import type { Route } from "./+types/a.$authority.actions.$actionId";
import { OverdueTag, RagTag, StatusTag } from "~/components/action-tags";
import { AuditList } from "~/components/audit-list";
import { Button, ErrorSummary } from "~/components/form";
import { SummaryList } from "~/components/summary-list";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import { getAction } from "~/modules/action/service.server";
import { listEntityAudit, memberEmail, ownerChoices } from "~/modules/action/history.server";
import { OwnerField } from "~/components/owner-field";
import { ActionDetailsSchema, MilestoneSchema, ProgressUpdateSchema } from "~/modules/action/forms";
import {
  addMilestone,
  addProgressUpdate,
  changeMilestone,
  setActionDeleted,
  updateActionDetails,
  type Conflict,
} from "~/modules/action/mutations.server";
import { allowedTransitions, isOverdue, RAG_LABELS, RAGS, statusLabel } from "~/modules/action/status";
import { formatDate, formatDateTime } from "~/utils/format";
import { listActionEvidence } from "~/modules/evidence/service.server";
import { decisionsForAction } from "~/modules/board/decisions.server";
import { DECISION_LABELS, type Decision } from "~/modules/board/rules";
import { ActionEvidenceSection } from "~/components/action-evidence";
import { maxLengths, postedId } from "~/utils/text";

/** Each text field's maximum, for maxlength. */
const maxUpdate = maxLengths(ProgressUpdateSchema);
const maxDetails = { ...maxLengths(ActionDetailsSchema), ...maxLengths(MilestoneSchema) };

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `${data?.action.title ?? "Action"} – Improvement Board` },
];

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 10) : "");

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
  };
}

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "read:action:own");
  const authorityId = user.authority.id;
  const actionId = args.params.actionId;
  const actor = actorOf(user);
  const formData = await readFormData(args.request, "form");
  const intent = formData.get("intent");
  if (intent === "delete" || intent === "restore") {
    await setActionDeleted({ authorityId, actionId, actor, deleted: intent === "delete" });
    return redirect(
      intent === "delete"
        ? `/a/${user.authority.slug}/actions?removed=1`
        : `/a/${user.authority.slug}/actions/${actionId}`,
    );
  }
  if (intent === "milestone-add") {
    const submission = parseWithZod(formData, { schema: MilestoneSchema });
    if (submission.status !== "success")
      return data({ intent, result: submission.reply(), conflict: null as Conflict | null }, { status: 400 });
    await addMilestone({ authorityId, actionId, actor, value: submission.value });
    return data({ intent, result: submission.reply({ resetForm: true }), conflict: null });
  }
  if (intent === "milestone-done" || intent === "milestone-undone" || intent === "milestone-remove") {
    const milestoneId = postedId(formData.get("milestoneId"));
    const change = intent === "milestone-done" ? "done" : intent === "milestone-undone" ? "undone" : "remove";
    await changeMilestone({ authorityId, actionId, milestoneId, actor, change });
    return data({ intent, result: undefined, conflict: null });
  }
  if (intent === "update") {
    const submission = parseWithZod(formData, { schema: ProgressUpdateSchema });
    if (submission.status !== "success")
      return data({ intent, result: submission.reply(), conflict: null as Conflict | null }, { status: 400 });
    const r = await addProgressUpdate({ authorityId, actionId, actor, value: submission.value });
    if (r.ok) return data({ intent, result: submission.reply({ resetForm: true }), conflict: null });
    if ("conflict" in r) return data({ intent, result: submission.reply(), conflict: r.conflict }, { status: 409 });
    return data({ intent, result: submission.reply({ fieldErrors: r.fieldErrors }), conflict: null }, { status: 400 });
  }
  if (intent === "edit") {
    const submission = parseWithZod(formData, { schema: ActionDetailsSchema });
    if (submission.status !== "success")
      return data({ intent, result: submission.reply(), conflict: null as Conflict | null }, { status: 400 });
    let base: Record<string, unknown> = {};
    try {
      base = JSON.parse(String(formData.get("base") ?? "{}")) as Record<string, unknown>;
    } catch {
      base = {};
    }
    const r = await updateActionDetails({ authorityId, actionId, actor, value: submission.value, base });
    if (r.ok) return data({ intent, result: submission.reply(), conflict: null });
    if ("conflict" in r) return data({ intent, result: submission.reply(), conflict: r.conflict }, { status: 409 });
    return data({ intent, result: submission.reply({ fieldErrors: r.fieldErrors }), conflict: null }, { status: 400 });
  }
  return data({ intent: null, result: undefined, conflict: null }, { status: 400 });
}

function ConflictNotice({ conflict }: { conflict: Conflict }) {
  return (
    <div role="alert" tabIndex={-1} className="mb-6 border-4 border-danger p-4">
      <h2 className="text-xl">Someone else changed this action while you were working</h2>
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
    </div>
  );
}

function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <span id={`${id}-error`} className="mt-1 block font-bold text-danger">
      <span className="sr-only">Error:</span> {errors[0]}
    </span>
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
  const base = `/a/${authority.slug}`;
  const r = action.recommendation;

  const [updateForm, u] = useForm({
    id: "progress-update",
    lastResult: actionData?.intent === "update" ? actionData.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProgressUpdateSchema }),
  });
  const [milestoneForm, ms] = useForm({
    id: "milestone",
    lastResult: actionData?.intent === "milestone-add" ? actionData.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MilestoneSchema }),
  });
  const [editForm, e] = useForm({
    id: "action-details",
    lastResult: actionData?.intent === "edit" ? actionData.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ActionDetailsSchema }),
  });
  const updateErrors = {
    body: u.body.errors,
    progress: u.progress.errors,
    rag: u.rag.errors,
    ragReason: u.ragReason.errors,
    status: u.status.errors,
    statusReason: u.statusReason.errors,
  };
  const editErrors = {
    title: e.title.errors,
    ownerId: e.ownerId.errors,
    dueDate: e.dueDate.errors,
    startDate: e.startDate.errors,
    extensionReason: e.extensionReason.errors,
    impactReason: e.impactReason.errors,
  };
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
  const typed = (field: { initialValue?: unknown }, fallback: string) =>
    typeof field.initialValue === "string" ? field.initialValue : fallback;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={base}>{authority.name}</Link>
        {canSeeInspection ? (
          <>
            {" "}
            › <Link to={`${base}/inspections/${r.inspection.id}`}>{r.inspection.title}</Link> ›{" "}
            <Link to={`${base}/recommendations/${r.id}`}>{r.reference}</Link>
          </>
        ) : null}{" "}
        › <span aria-current="page">Action</span>
      </nav>
      {actionData?.conflict ? <ConflictNotice conflict={actionData.conflict} /> : null}
      {searchParams.get("unlinked") ? (
        <div role="status" className="mb-6 border-l-4 border-success bg-rag-green-bg p-4">
          Evidence unlinked from this action. The evidence item is kept.
        </div>
      ) : null}
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
            <Link to={`${base}/meetings/${lastDecision.meeting.id}`}>
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
        <ActionEvidenceSection base={base} actionId={action.id} evidence={evidence} canAdd={canUpdate} />
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
          <Form method="post" {...getFormProps(milestoneForm)} noValidate className="flex flex-wrap items-end gap-4">
            <input type="hidden" name="intent" value="milestone-add" />
            <div className="grow">
              <TextInput
                id="milestoneTitle"
                label="New milestone"
                defaultValue={typed(ms.milestoneTitle, "")}
                errors={ms.milestoneTitle.errors}
              />
            </div>
            <TextInput
              id="milestoneDue"
              label="Milestone date"
              type="date"
              defaultValue={typed(ms.milestoneDue, "")}
              errors={ms.milestoneDue.errors}
            />
            <Button type="submit" className="mb-4" disabled={busy}>
              Add milestone
            </Button>
          </Form>
        ) : null}
      </section>

      {canUpdate ? (
        <section aria-labelledby="update-heading" className="mb-10 max-w-3xl">
          {actionData?.intent === "update" ? <ErrorSummary errors={updateErrors} /> : null}
          <h2 id="update-heading">Add a progress update</h2>
          <Form method="post" {...getFormProps(updateForm)} noValidate>
            <input type="hidden" name="intent" value="update" />
            <input type="hidden" name="version" value={action.version} />
            <label htmlFor="body" className="mb-1 block font-bold">
              What has happened since the last update?
              <FieldError id="body" errors={u.body.errors} />
            </label>
            <textarea
              id="body"
              name="body"
              rows={4}
              maxLength={maxUpdate.body}
              key={`body-${u.body.initialValue ?? ""}-${action.version}`}
              defaultValue={typed(u.body, "")}
              className="mb-4 block w-full border-2 border-ink p-2"
            />
            <div className="flex flex-wrap gap-6">
              <div className="mb-4">
                <label htmlFor="progress" className="mb-1 block font-bold">
                  Progress (%)
                  <FieldError id="progress" errors={u.progress.errors} />
                </label>
                <input
                  id="progress"
                  name="progress"
                  inputMode="numeric"
                  defaultValue={typed(u.progress, String(action.progress))}
                  className="w-24 border-2 border-ink p-1.5"
                />
              </div>
              <div className="mb-4">
                <label htmlFor="rag" className="mb-1 block font-bold">
                  Delivery RAG
                  <FieldError id="rag" errors={u.rag.errors} />
                </label>
                <select
                  id="rag"
                  name="rag"
                  defaultValue={typed(u.rag, action.rag ?? "")}
                  className="border-2 border-ink p-1.5"
                >
                  <option value="">{action.rag ? "Keep as it is" : "Not set"}</option>
                  {RAGS.map((x) => (
                    <option key={x} value={x}>
                      {RAG_LABELS[x]}
                    </option>
                  ))}
                </select>
              </div>
              <div className="mb-4">
                <label htmlFor="status" className="mb-1 block font-bold">
                  Status
                  <FieldError id="status" errors={u.status.errors} />
                </label>
                <select
                  id="status"
                  name="status"
                  defaultValue={typed(u.status, "")}
                  className="border-2 border-ink p-1.5"
                >
                  <option value="">Keep “{statusLabel(action.status)}”</option>
                  {transitions.map((t) => (
                    <option key={t.to} value={t.to}>
                      {t.label}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <label htmlFor="ragReason" className="mb-1 block font-bold">
              Reason for the RAG (required when it changes)
              <FieldError id="ragReason" errors={u.ragReason.errors} />
            </label>
            <textarea
              id="ragReason"
              name="ragReason"
              rows={2}
              maxLength={maxUpdate.ragReason}
              defaultValue={typed(u.ragReason, "")}
              className="mb-4 block w-full border-2 border-ink p-2"
            />
            <label htmlFor="statusReason" className="mb-1 block font-bold">
              Reason or challenge for the status change (required for blocked, returned or complete)
              <FieldError id="statusReason" errors={u.statusReason.errors} />
            </label>
            <textarea
              id="statusReason"
              name="statusReason"
              rows={2}
              maxLength={maxUpdate.statusReason}
              defaultValue={typed(u.statusReason, "")}
              className="mb-4 block w-full border-2 border-ink p-2"
            />
            <Button type="submit" disabled={busy}>
              Save update
            </Button>
          </Form>
        </section>
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
        <section aria-labelledby="edit-heading" className="mb-10 max-w-3xl">
          {actionData?.intent === "edit" ? <ErrorSummary errors={editErrors} /> : null}
          <h2 id="edit-heading">Edit details</h2>
          {!isAdmin ? (
            <p className="mb-4 text-ink-muted">
              As the owner you can change the description, lead service, partners, success measure and impact. An admin
              changes the rest.
            </p>
          ) : null}
          <Form method="post" {...getFormProps(editForm)} noValidate>
            <input type="hidden" name="intent" value="edit" />
            <input type="hidden" name="version" value={action.version} />
            <input type="hidden" name="base" value={baseValues} />
            <TextInput
              id="title"
              label="Title"
              defaultValue={typed(e.title, action.title)}
              errors={e.title.errors}
              readOnly={!isAdmin}
            />
            {isAdmin ? (
              <OwnerField
                name="ownerId"
                label="Owner"
                choices={owners}
                errors={e.ownerId.errors}
                defaultValue={typed(e.ownerId, owners.mode === "email" ? (ownerEmail ?? "") : (action.owner?.id ?? ""))}
              />
            ) : (
              <input type="hidden" name="ownerId" value={action.owner?.id ?? ""} />
            )}
            <TextInput
              id="leadService"
              label="Lead service or team"
              defaultValue={typed(e.leadService, action.leadService)}
            />
            <TextInput
              id="partnerAgencies"
              label="Partner agencies involved"
              defaultValue={typed(e.partnerAgencies, action.partnerAgencies)}
            />
            <TextArea id="description" label="Description" defaultValue={typed(e.description, action.description)} />
            <TextArea
              id="successMeasure"
              label="How will we know? (what good looks like and how it is evidenced)"
              defaultValue={typed(e.successMeasure, action.successMeasure)}
            />
            <div className="flex flex-wrap gap-6">
              <TextInput
                id="startDate"
                label="Start date"
                type="date"
                defaultValue={typed(e.startDate, iso(action.startDate))}
                errors={e.startDate.errors}
                readOnly={!isAdmin}
              />
              <TextInput
                id="dueDate"
                label="Due date"
                type="date"
                defaultValue={typed(e.dueDate, iso(action.dueDate))}
                errors={e.dueDate.errors}
                readOnly={!isAdmin}
              />
            </div>
            {isAdmin ? (
              <TextArea
                id="extensionReason"
                label="Reason for changing the due date (required when it changes)"
                defaultValue={typed(e.extensionReason, "")}
                errors={e.extensionReason.errors}
              />
            ) : null}
            <div className="mb-4">
              <label htmlFor="impactRag" className="mb-1 block font-bold">
                Impact RAG: is it making a difference for children?
              </label>
              <select
                id="impactRag"
                name="impactRag"
                defaultValue={typed(e.impactRag, action.impactRag ?? "")}
                className="border-2 border-ink p-1.5"
              >
                <option value="">Not assessed</option>
                {RAGS.map((x) => (
                  <option key={x} value={x}>
                    {RAG_LABELS[x]}
                  </option>
                ))}
              </select>
            </div>
            <TextArea
              id="impactReason"
              label="Reason for the impact RAG (required when it changes)"
              defaultValue={typed(e.impactReason, action.impactReason ?? "")}
              errors={e.impactReason.errors}
            />
            <Button type="submit" disabled={busy}>
              Save details
            </Button>
          </Form>
        </section>
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

      {history ? (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">Change history</h2>
          <AuditList events={history} />
        </section>
      ) : null}
    </>
  );
}

function TextInput({
  id,
  label,
  defaultValue,
  errors,
  type = "text",
  readOnly,
}: {
  id: string;
  label: string;
  defaultValue: string;
  errors?: string[];
  type?: string;
  readOnly?: boolean;
}) {
  return (
    <div className="mb-4">
      <label htmlFor={id} className="mb-1 block font-bold">
        {label}
        <FieldError id={id} errors={errors} />
      </label>
      <input
        id={id}
        name={id}
        type={type}
        defaultValue={defaultValue}
        readOnly={readOnly}
        maxLength={maxDetails[id]}
        className={`block w-full max-w-xl border-2 border-ink p-1.5 ${readOnly ? "bg-surface" : ""}`}
      />
    </div>
  );
}

function TextArea({
  id,
  label,
  defaultValue,
  errors,
}: {
  id: string;
  label: string;
  defaultValue: string;
  errors?: string[];
}) {
  return (
    <div className="mb-4">
      <label htmlFor={id} className="mb-1 block font-bold">
        {label}
        <FieldError id={id} errors={errors} />
      </label>
      <textarea
        id={id}
        name={id}
        rows={3}
        defaultValue={defaultValue}
        maxLength={maxDetails[id]}
        className="block w-full border-2 border-ink p-2"
      />
    </div>
  );
}
