import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { readFormData } from "~/utils/body.server";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect, useNavigation, useSearchParams } from "react-router";
import type { Route } from "./+types/a.$authority.evidence.$evidenceId";
import { AuditList } from "~/components/audit-list";
import { EvidenceFields } from "~/components/evidence-fields";
import { Button, ErrorSummary, SelectField, TextAreaField } from "~/components/form";
import { SummaryList } from "~/components/summary-list";
import { Tag } from "~/components/tag";
import { listEntityAudit } from "~/modules/action/history.server";
import { statusLabel } from "~/modules/action/status";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import { evidenceTypeLabel, ITEM_REVIEW_LABELS, type ItemReviewState } from "~/modules/evidence/access";
import { ACCEPT_ATTRIBUTE, FILE_KINDS } from "~/modules/upload/file-kinds";
import { EvidenceDetailsSchema, EvidenceLinkSchema, EvidenceReviewSchema } from "~/modules/evidence/forms";
import {
  getEvidenceItem,
  linkableActions,
  linkEvidence,
  reviewEvidence,
  unlinkEvidence,
  updateEvidenceDetails,
} from "~/modules/evidence/service.server";
import { handleVersionUpload, type UploadResponse } from "~/modules/evidence/upload-action.server";
import { formatDate } from "~/utils/format";
import { maxLengths, postedId } from "~/utils/text";

/** Each text field's maximum, for maxlength. */
const maxReview = maxLengths(EvidenceReviewSchema);

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `${data?.item.title ?? "Evidence"} – Improvement Board` },
];

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 10) : "");

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:own", "not_found");
  const authorityId = user.authority.id;
  const viewer = actorOf(user);
  const { item, state, canChange, canReview, links } = await getEvidenceItem({
    authorityId,
    viewer,
    evidenceId: args.params.evidenceId,
  });
  const [linkable, history] = await Promise.all([
    linkableActions({ authorityId, viewer, excludeIds: item.links.map((l) => l.action.id) }),
    roleHasPermission(user.role, "read:audit:any")
      ? listEntityAudit({ authorityId, entityType: "Evidence", entityId: item.id })
      : Promise.resolve(null),
  ]);
  return {
    authority: user.authority,
    item,
    state,
    canChange,
    canReview,
    links,
    linkable,
    history,
    isAdmin: roleHasPermission(user.role, "manage:members:any"),
  };
}

type Reply = SubmissionResult<string[]>;
type ActionData =
  | { intent: "version"; upload: UploadResponse }
  | { intent: "details" | "review" | "link"; result: Reply; message?: string | null; conflict?: boolean };

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "read:action:own", "not_found");
  const authorityId = user.authority.id;
  const evidenceId = args.params.evidenceId;
  const actor = actorOf(user);
  if (/^multipart\/form-data/i.test(args.request.headers.get("content-type") ?? "")) {
    const upload = await handleVersionUpload({ request: args.request, user, evidenceId });
    return data<ActionData>({ intent: "version", upload }, { status: upload.ok ? 200 : upload.status });
  }
  const formData = await readFormData(args.request, "form");
  const intent = formData.get("intent");
  if (intent === "details") {
    const submission = parseWithZod(formData, { schema: EvidenceDetailsSchema });
    if (submission.status !== "success")
      return data<ActionData>({ intent, result: submission.reply() }, { status: 400 });
    const r = await updateEvidenceDetails({ authorityId, actor, evidenceId, value: submission.value });
    if (r.ok) return data<ActionData>({ intent, result: submission.reply(), message: "Details saved." });
    if ("conflict" in r)
      return data<ActionData>({ intent, result: submission.reply(), conflict: true }, { status: 409 });
    return data<ActionData>({ intent, result: submission.reply({ fieldErrors: r.fieldErrors }) }, { status: 400 });
  }
  if (intent === "review") {
    const submission = parseWithZod(formData, { schema: EvidenceReviewSchema });
    if (submission.status !== "success")
      return data<ActionData>({ intent, result: submission.reply() }, { status: 400 });
    await reviewEvidence({ authorityId, actor, evidenceId, value: submission.value });
    return data<ActionData>({
      intent,
      result: submission.reply({ resetForm: true }),
      message: submission.value.decision === "accepted" ? "Evidence accepted." : "Challenge recorded.",
    });
  }
  if (intent === "link") {
    const submission = parseWithZod(formData, { schema: EvidenceLinkSchema });
    if (submission.status !== "success")
      return data<ActionData>({ intent, result: submission.reply() }, { status: 400 });
    const r = await linkEvidence({ authorityId, actor, evidenceId, actionId: submission.value.actionId });
    if (!r.ok)
      return data<ActionData>(
        { intent, result: submission.reply({ fieldErrors: { actionId: [r.message] } }) },
        { status: 400 },
      );
    return data<ActionData>({
      intent,
      result: submission.reply({ resetForm: true }),
      message: `Linked to “${r.actionTitle}”.`,
    });
  }
  if (intent === "unlink") {
    const actionId = postedId(formData.get("actionId"));
    await unlinkEvidence({ authorityId, actor, evidenceId, actionId });
    // Back to the action: the item may no longer be visible here (its only link to the user's own actions is gone).
    return redirect(`/a/${user.authority.slug}/actions/${encodeURIComponent(actionId)}?unlinked=1`);
  }
  return data({ intent: null }, { status: 400 });
}

const STATE_TONE: Record<ItemReviewState, "green" | "red" | "grey"> = {
  accepted: "green",
  challenged: "red",
  awaiting_review: "grey",
};
export function ReviewTag({ state }: { state: ItemReviewState }) {
  return <Tag tone={STATE_TONE[state]}>{ITEM_REVIEW_LABELS[state]}</Tag>;
}
const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
const kindOf = (contentType: string) => Object.values(FILE_KINDS).find((k) => k.contentType === contentType);

export default function EvidencePage({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, item, state, canChange, canReview, links, linkable, history, isAdmin } = loaderData;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const [params] = useSearchParams();
  const base = `/a/${authority.slug}`;
  const ad = actionData as ActionData | undefined;
  const current = item.versions[0];

  const [detailsForm, d] = useForm({
    id: "evidence-details",
    lastResult: ad?.intent === "details" ? ad.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EvidenceDetailsSchema }),
  });
  const [reviewForm, rv] = useForm({
    id: "evidence-review",
    lastResult: ad?.intent === "review" ? ad.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EvidenceReviewSchema }),
  });
  const [linkForm, lk] = useForm({
    id: "evidence-link",
    lastResult: ad?.intent === "link" ? ad.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EvidenceLinkSchema }),
  });
  const typed = (field: { initialValue?: unknown }, fallback: string) =>
    typeof field.initialValue === "string" ? field.initialValue : fallback;
  const message =
    ad && "message" in ad && ad.message ? ad.message : params.get("uploaded") ? "Evidence uploaded." : null;
  const upload = ad?.intent === "version" ? ad.upload : null;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={base}>{authority.name}</Link> › <span aria-current="page">Evidence</span>
      </nav>
      {message ? (
        <div role="status" className="mb-6 border-l-4 border-success bg-rag-green-bg p-4">
          {message}
        </div>
      ) : null}
      <h1>{item.title}</h1>
      <p className="mb-6 flex flex-wrap items-center gap-2">
        <ReviewTag state={state} />
        <Tag tone="blue">{evidenceTypeLabel(item.type)}</Tag>
        {item.containsPersonalData ? <Tag tone="purple">Restricted: personal data</Tag> : null}
        {current?.file.warnings.includes("pdf_active_content") ? <Tag tone="amber">PDF with active content</Tag> : null}
      </p>
      {item.containsPersonalData ? (
        <p className="mb-6 max-w-3xl border-l-4 border-[#3d2375] pl-4">
          This item contains personal data about children or families. Only admins, board members and the owners of the
          actions it backs can see it. Every download is recorded in the audit log.
        </p>
      ) : null}
      <SummaryList
        rows={[
          { key: "Effective date", value: formatDate(item.effectiveDate) || "Not given" },
          { key: "Review or expiry date", value: formatDate(item.reviewDate) || "None" },
          { key: "Description", value: item.description || "None" },
          { key: "Added by", value: `${item.createdBy?.name ?? "Former user"} on ${formatDate(item.createdAt)}` },
        ]}
      />

      <section aria-labelledby="versions-heading" className="mb-10">
        <h2 id="versions-heading">Files</h2>
        <p className="mb-2 text-ink-muted">
          Each version keeps its SHA-256 fingerprint; downloads are checked against it.
        </p>
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-left">
            <caption className="sr-only">Versions of this evidence, newest first</caption>
            <thead>
              <tr className="border-b-2 border-ink">
                <th scope="col" className="p-2">
                  Version
                </th>
                <th scope="col" className="p-2">
                  File
                </th>
                <th scope="col" className="p-2">
                  Uploaded
                </th>
                <th scope="col" className="p-2">
                  SHA-256
                </th>
                <th scope="col" className="p-2">
                  Open
                </th>
              </tr>
            </thead>
            <tbody>
              {item.versions.map((v) => {
                const kind = kindOf(v.file.contentType);
                return (
                  <tr key={v.id} className="border-b border-rule align-top">
                    <td className="p-2">
                      {v.versionNumber}
                      {v.versionNumber === item.currentVersionNumber ? " (current)" : ""}
                    </td>
                    <td className="p-2">
                      {v.file.fileName}
                      <br />
                      <span className="text-sm text-ink-muted">
                        {kind?.label ?? v.file.contentType}, {sizeText(v.file.sizeBytes)}
                        {v.file.scanResult === "clean" ? ", virus-scanned" : ""}
                      </span>
                    </td>
                    <td className="p-2">
                      {formatDate(v.createdAt)}
                      <br />
                      <span className="text-sm text-ink-muted">{v.uploadedBy?.name ?? "Former user"}</span>
                    </td>
                    <td className="p-2">
                      <code className="break-all text-xs">{v.file.sha256}</code>
                    </td>
                    <td className="p-2">
                      <a href={`${base}/evidence/${item.id}/v/${v.versionNumber}/download`} download>
                        Download<span className="sr-only"> version {v.versionNumber}</span>
                      </a>
                      {kind?.previewable ? (
                        <>
                          {" · "}
                          <Link to={`${base}/evidence/${item.id}/v/${v.versionNumber}/preview`}>
                            Preview<span className="sr-only"> version {v.versionNumber}</span>
                          </Link>
                        </>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {canChange ? (
          <Form method="post" encType="multipart/form-data" className="mt-6 max-w-3xl border-l-4 border-rule pl-4">
            <h3 className="text-lg font-bold">Upload a new version</h3>
            {upload && !upload.ok ? (
              <p role="alert" className="mb-2 font-bold text-danger">
                <span className="sr-only">Error:</span> {upload.fileError}
              </p>
            ) : upload?.ok ? (
              <p role="status" className="mb-2">
                {upload.message}
                {upload.warnings.map((w) => (
                  <span key={w} className="block">
                    <strong>Flagged:</strong> {w}
                  </span>
                ))}
              </p>
            ) : null}
            <input type="hidden" name="version" value={item.version} />
            <label htmlFor="version-file" className="mb-1 block font-bold">
              New file
            </label>
            <input id="version-file" name="file" type="file" accept={ACCEPT_ATTRIBUTE} className="mb-4 block" />
            <Button type="submit" variant="secondary" disabled={busy}>
              Upload new version
            </Button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="links-heading" className="mb-10 max-w-3xl">
        <h2 id="links-heading">Actions this evidence backs</h2>
        {links.length === 0 ? <p className="mb-4">Not linked to any action you can see.</p> : null}
        <ul className="mb-4 space-y-2">
          {links.map((l) => (
            <li key={l.action.id} className="flex flex-wrap items-center gap-3 border-b border-rule pb-2">
              <Link to={`${base}/actions/${l.action.id}`}>{l.action.title}</Link>
              <span className="text-sm text-ink-muted">
                {l.action.recommendation.reference} · {statusLabel(l.action.status)} ·{" "}
                {l.action.owner?.name ?? "Unassigned"}
              </span>
              {l.canUnlink ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="unlink" />
                  <input type="hidden" name="actionId" value={l.action.id} />
                  <button type="submit" className="underline" disabled={busy}>
                    Unlink<span className="sr-only"> from {l.action.title}</span>
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        {linkable.length ? (
          <Form method="post" {...getFormProps(linkForm)} noValidate>
            <input type="hidden" name="intent" value="link" />
            <SelectField
              name="actionId"
              label="Link to another action"
              hint="The same file can back several actions, including under other recommendations."
              errors={lk.actionId.errors}
              defaultValue={typed(lk.actionId, "")}
              emptyLabel="Choose an action"
              options={linkable.map((a) => [a.id, `${a.recommendation.reference}: ${a.title}`] as const)}
            />
            <Button type="submit" variant="secondary" disabled={busy}>
              Link
            </Button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="reviews-heading" className="mb-10 max-w-3xl">
        <h2 id="reviews-heading">Board review</h2>
        {item.reviews.length === 0 ? <p className="mb-4">Not reviewed yet.</p> : null}
        <ol className="mb-4 space-y-3">
          {item.reviews.map((r) => (
            <li key={r.id} className="border-l-4 border-rule pl-4">
              <p className="text-sm text-ink-muted">
                {formatDate(r.createdAt)} · {r.reviewer?.name ?? "Former user"} · version {r.version.versionNumber}
              </p>
              <p>
                <strong>{r.decision === "accepted" ? "Accepted" : "Challenged"}</strong>
                {r.comment ? `: ${r.comment}` : ""}
              </p>
            </li>
          ))}
        </ol>
        {canReview ? (
          <Form method="post" {...getFormProps(reviewForm)} noValidate>
            {ad?.intent === "review" ? (
              <ErrorSummary errors={{ decision: rv.decision.errors, comment: rv.comment.errors }} />
            ) : null}
            <input type="hidden" name="intent" value="review" />
            <fieldset
              className={`mb-4 ${rv.decision.errors?.length ? "border-l-4 border-danger pl-4" : ""}`}
              aria-describedby={rv.decision.errors?.length ? "decision-error" : undefined}
            >
              <legend className="mb-1 font-bold">Your review of version {item.currentVersionNumber}</legend>
              {rv.decision.errors?.length ? (
                <p id="decision-error" className="mb-1 font-bold text-danger">
                  <span className="sr-only">Error:</span> {rv.decision.errors[0]}
                </p>
              ) : null}
              {(["accepted", "challenged"] as const).map((value) => (
                <div key={value} className="mb-2 flex items-center gap-3">
                  <input
                    id={`decision-${value}`}
                    type="radio"
                    name="decision"
                    value={value}
                    defaultChecked={typed(rv.decision, "") === value}
                    className="h-6 w-6"
                  />
                  <label htmlFor={`decision-${value}`}>
                    {value === "accepted" ? "Accept this evidence" : "Challenge this evidence"}
                  </label>
                </div>
              ))}
            </fieldset>
            <TextAreaField
              maxLength={maxReview.comment}
              name="comment"
              label="Comment (required for a challenge)"
              errors={rv.comment.errors}
              defaultValue={typed(rv.comment, "")}
            />
            <Button type="submit" disabled={busy}>
              Record review
            </Button>
          </Form>
        ) : null}
      </section>

      {canChange ? (
        <section aria-labelledby="details-heading" className="mb-10 max-w-3xl">
          <h2 id="details-heading">Edit details</h2>
          {ad?.intent === "details" && "conflict" in ad && ad.conflict ? (
            <p role="alert" className="mb-4 border-4 border-danger p-4">
              Someone else changed this item while you were editing. Your changes have not been saved; what you typed is
              still below. Reload to see theirs.
            </p>
          ) : null}
          <Form method="post" {...getFormProps(detailsForm)} noValidate>
            <input type="hidden" name="intent" value="details" />
            <input type="hidden" name="version" value={item.version} />
            <EvidenceFields
              prefix="edit-"
              values={{
                title: typed(d.title, item.title),
                type: typed(d.type, item.type),
                effectiveDate: typed(d.effectiveDate, iso(item.effectiveDate)),
                reviewDate: typed(d.reviewDate, iso(item.reviewDate)),
                description: typed(d.description, item.description),
                containsPersonalData:
                  d.containsPersonalData.initialValue !== undefined
                    ? d.containsPersonalData.initialValue === "on"
                    : item.containsPersonalData,
              }}
              errors={{
                title: d.title.errors,
                type: d.type.errors,
                effectiveDate: d.effectiveDate.errors,
                reviewDate: d.reviewDate.errors,
                containsPersonalData: d.containsPersonalData.errors,
              }}
            />
            {item.containsPersonalData && !isAdmin ? (
              <p className="mb-4 text-ink-muted">Only an admin can remove the personal data flag.</p>
            ) : null}
            <Button type="submit" variant="secondary" disabled={busy}>
              Save details
            </Button>
          </Form>
        </section>
      ) : null}

      {history ? (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">Change and download history</h2>
          <AuditList events={history} />
        </section>
      ) : null}
    </>
  );
}
