import { useState } from "react";
import { TableHead } from "~/components/table-head";
import { readFormData } from "~/utils/body.server";
import { data, Form, Link, redirect, useNavigation, useSearchParams } from "react-router";
import type { Route } from "./+types/a.$authority.evidence.$evidenceId";
import { ChangeHistory } from "~/components/audit-list";
import { EvidenceFields } from "~/components/evidence-fields";
import {
  Button,
  FileInput,
  FormPageHead,
  Radios,
  SchemaForm,
  Select,
  SuccessBanner,
  Textarea,
} from "~/components/forms";
import { useIntentForm } from "~/components/forms/reply";
import { invalid, parseForm } from "~/components/forms/submission.server";
import { SummaryList } from "~/components/summary-list";
import { Tag } from "~/components/tag";
import { listEntityAudit } from "~/modules/action/history.server";
import { statusLabel } from "~/modules/action/status";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import { evidenceTypeLabel, ITEM_REVIEW_LABELS, type ItemReviewState } from "~/modules/evidence/access";
import { ACCEPT_ATTRIBUTE, FILE_KINDS } from "~/modules/upload/file-kinds";
import {
  EvidenceDetailsSchema,
  EvidenceLinkSchema,
  EvidenceReviewSchema,
  EvidenceUnlinkSchema,
  EvidenceVersionSchema,
} from "~/modules/evidence/forms";
import {
  getEvidenceItem,
  linkableActions,
  linkEvidence,
  reviewEvidence,
  unlinkEvidence,
  updateEvidenceDetails,
} from "~/modules/evidence/service.server";
import { handleVersionUpload } from "~/modules/evidence/upload-action.server";
import { formatDate, isoDay } from "~/utils/format";
import { authorityHref } from "~/utils/links";
import { maxLengths } from "~/utils/text";

/** Each text field's maximum, for maxlength. */
const maxReview = maxLengths(EvidenceReviewSchema);

const iso = (d: Date | string | null) => isoDay(d ? new Date(d) : null) ?? "";

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

/** The page's forms, by their intent. */
type FormIntent = "version" | "details" | "review" | "link";

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "read:action:own", "not_found");
  const authorityId = user.authority.id;
  const evidenceId = args.params.evidenceId;
  const actor = actorOf(user);
  if (/^multipart\/form-data/i.test(args.request.headers.get("content-type") ?? "")) {
    const upload = await handleVersionUpload({ request: args.request, user, evidenceId });
    if (upload.ok)
      return data({
        intent: "version" as const,
        result: undefined,
        message: upload.message as string | null,
        warnings: upload.warnings,
      });
    // What arrived beside the file, parsed again, so that the form shows the file's problem by its field.
    const posted = new FormData();
    for (const [k, v] of Object.entries(upload.values)) posted.set(k, v);
    return invalid(parseForm(posted, EvidenceVersionSchema), {
      intent: "version" as const,
      fieldErrors: { file: [upload.fileError ?? "Choose the new version of the file"] },
      status: upload.status,
    });
  }
  const formData = await readFormData(args.request, "form");
  const intent = formData.get("intent");
  if (intent === "details") {
    const submission = parseForm(formData, EvidenceDetailsSchema);
    if (submission.status !== "success") return invalid(submission, { intent });
    const r = await updateEvidenceDetails({ authorityId, actor, evidenceId, value: submission.value });
    if (r.ok) return data({ intent, result: submission.reply(), message: "Details saved." });
    if ("conflict" in r)
      return invalid(submission, {
        intent,
        formErrors: [
          "Someone else changed this item while you were editing. Your changes have not been saved; what you typed is still below. Reload to see theirs.",
        ],
        status: 409,
      });
    return invalid(submission, { intent, fieldErrors: r.fieldErrors });
  }
  if (intent === "review") {
    const submission = parseForm(formData, EvidenceReviewSchema);
    if (submission.status !== "success") return invalid(submission, { intent });
    await reviewEvidence({ authorityId, actor, evidenceId, value: submission.value });
    return data({
      intent,
      result: submission.reply({ resetForm: true }),
      message: submission.value.decision === "accepted" ? "Evidence accepted." : "Challenge recorded.",
    });
  }
  if (intent === "link") {
    const submission = parseForm(formData, EvidenceLinkSchema);
    if (submission.status !== "success") return invalid(submission, { intent });
    const r = await linkEvidence({ authorityId, actor, evidenceId, actionId: submission.value.actionId });
    if (!r.ok) return invalid(submission, { intent, fieldErrors: { actionId: [r.message] } });
    return data({
      intent,
      result: submission.reply({ resetForm: true }),
      message: `Linked to “${r.actionTitle}”.`,
    });
  }
  if (intent === "unlink") {
    const submission = parseForm(formData, EvidenceUnlinkSchema);
    if (submission.status !== "success") return invalid(submission, { intent: null });
    const { actionId } = submission.value;
    await unlinkEvidence({ authorityId, actor, evidenceId, actionId });
    // Back to the action: the item may no longer be visible here (its only link to the user's own actions is gone).
    return redirect(`${authorityHref(user.authority.slug, "/actions/:actionId", { actionId })}?unlinked=1`);
  }
  return data({ intent: null, result: undefined }, { status: 400 });
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
  const slug = authority.slug;
  const itemHref = (path: "download" | "preview", versionNumber: number) =>
    authorityHref(slug, `/evidence/:evidenceId/v/:versionNumber/${path}`, {
      evidenceId: item.id,
      versionNumber: String(versionNumber),
    });
  const current = item.versions[0];

  const reply = actionData;
  const [versionForm, vf] = useIntentForm(EvidenceVersionSchema, { intent: "version", id: "evidence-version", reply });
  const [detailsForm, d] = useIntentForm(EvidenceDetailsSchema, { intent: "details", id: "evidence-details", reply });
  const [reviewForm, rv] = useIntentForm(EvidenceReviewSchema, { intent: "review", id: "evidence-review", reply });
  const [linkForm, lk] = useIntentForm(EvidenceLinkSchema, { intent: "link", id: "evidence-link", reply });
  const forms = { version: versionForm, details: detailsForm, review: reviewForm, link: linkForm };
  // The summary lists the errors of the form submitted last (checked in the browser or by the server).
  const [submitted, setSubmitted] = useState<FormIntent | null>(null);
  const answered = actionData?.intent && actionData.intent in forms ? (actionData.intent as FormIntent) : null;
  const shown = submitted ?? answered;
  const saved = actionData && "message" in actionData ? actionData.message : null;
  const message = saved ?? (!actionData && params.get("uploaded") ? "Evidence uploaded." : null);
  const warnings = actionData && "warnings" in actionData ? actionData.warnings : [];

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={authorityHref(slug, "/")}>{authority.name}</Link> › <span aria-current="page">Evidence</span>
      </nav>
      <FormPageHead title={item.title} forms={Object.values(forms)} shown={shown ? forms[shown] : undefined} />
      {message ? (
        <SuccessBanner>
          {message}
          {warnings.map((w) => (
            <span key={w} className="block font-normal">
              <strong>Flagged:</strong> {w}
            </span>
          ))}
        </SuccessBanner>
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
            <TableHead
              row="border-b-2 border-ink"
              cell="p-2"
              columns={["Version", "File", "Uploaded", "SHA-256", "Open"]}
            />
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
                      <a href={itemHref("download", v.versionNumber)} download>
                        Download<span className="sr-only"> version {v.versionNumber}</span>
                      </a>
                      {kind?.previewable ? (
                        <>
                          {" · "}
                          <Link to={itemHref("preview", v.versionNumber)}>
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
          <SchemaForm
            form={versionForm}
            encType="multipart/form-data"
            onSubmitCapture={() => setSubmitted("version")}
            className="mt-6 max-w-3xl border-l-4 border-rule pl-4"
          >
            <h3 className="text-lg font-bold">Upload a new version</h3>
            <input type="hidden" name="version" value={item.version} />
            <FileInput field={vf.file} label="New file" accept={ACCEPT_ATTRIBUTE} />
            <Button type="submit" variant="secondary" disabled={busy}>
              Upload new version
            </Button>
          </SchemaForm>
        ) : null}
      </section>

      <section aria-labelledby="links-heading" className="mb-10 max-w-3xl">
        <h2 id="links-heading">Actions this evidence backs</h2>
        {links.length === 0 ? <p className="mb-4">Not linked to any action you can see.</p> : null}
        <ul className="mb-4 space-y-2">
          {links.map((l) => (
            <li key={l.action.id} className="flex flex-wrap items-center gap-3 border-b border-rule pb-2">
              <Link to={authorityHref(slug, "/actions/:actionId", { actionId: l.action.id })}>{l.action.title}</Link>
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
          <SchemaForm form={linkForm} onSubmitCapture={() => setSubmitted("link")}>
            <input type="hidden" name="intent" value="link" />
            <Select
              field={lk.actionId}
              label="Link to another action"
              hint="The same file can back several actions, including under other recommendations."
              emptyLabel="Choose an action"
              options={linkable.map((a) => [a.id, `${a.recommendation.reference}: ${a.title}`] as const)}
            />
            <Button type="submit" variant="secondary" disabled={busy}>
              Link
            </Button>
          </SchemaForm>
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
          <SchemaForm form={reviewForm} onSubmitCapture={() => setSubmitted("review")}>
            <input type="hidden" name="intent" value="review" />
            <Radios
              field={rv.decision}
              legend={`Your review of version ${item.currentVersionNumber}`}
              options={[
                ["accepted", "Accept this evidence"],
                ["challenged", "Challenge this evidence"],
              ]}
            />
            <Textarea
              field={rv.comment}
              label="Comment (required for a challenge)"
              rows={3}
              maxLength={maxReview.comment}
            />
            <Button type="submit" disabled={busy}>
              Record review
            </Button>
          </SchemaForm>
        ) : null}
      </section>

      {canChange ? (
        <section aria-labelledby="details-heading" className="mb-10 max-w-3xl">
          <h2 id="details-heading">Edit details</h2>
          <SchemaForm form={detailsForm} onSubmitCapture={() => setSubmitted("details")}>
            <input type="hidden" name="intent" value="details" />
            <input type="hidden" name="version" value={item.version} />
            <EvidenceFields
              fields={d}
              defaults={{
                title: item.title,
                type: item.type,
                effectiveDate: iso(item.effectiveDate),
                reviewDate: iso(item.reviewDate),
                description: item.description,
                containsPersonalData: item.containsPersonalData,
              }}
            />
            {item.containsPersonalData && !isAdmin ? (
              <p className="mb-4 text-ink-muted">Only an admin can remove the personal data flag.</p>
            ) : null}
            <Button type="submit" variant="secondary" disabled={busy}>
              Save details
            </Button>
          </SchemaForm>
        </section>
      ) : null}

      {history ? <ChangeHistory events={history} heading="Change and download history" /> : null}
    </>
  );
}
