import { data, Link, redirect, useActionData, useNavigation } from "react-router";
import { RowHeader, TableHead } from "~/components/table-head";
import type { Route } from "./+types/a.$authority.plan.import";
import { Button, FileInput, FormPageHead, SchemaForm, SuccessBanner, useSchemaForm } from "~/components/forms";
import { useSubmittedForm } from "~/components/forms/submitted";
import { formDataOf, invalid, parseForm } from "~/components/forms/submission.server";
import { RecentJobs } from "~/components/job-progress";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf, type Actor } from "~/modules/auth/actor";
import { MAX_CARRIED_BYTES, MAX_IMPORT_BYTES, PLAN_COLUMNS } from "~/modules/plan-spreadsheet/columns";
import {
  applyPlanUpload,
  checkPlanUpload,
  NOT_APPLIED,
  parseVersions,
  queueLargePlanUpload,
  type Carry,
} from "~/modules/plan-spreadsheet/import.server";
import { PLAN_UPLOAD } from "~/modules/plan-spreadsheet/read.server";
import type { ImportPreview, RowPreview } from "~/modules/plan-spreadsheet/validate.server";
import { PlanApplySchema, PlanCheckSchema } from "~/modules/plan-spreadsheet/forms";
import {
  receiveUpload,
  removeStaged,
  stageFile,
  withStaged,
  type ReceivedUpload,
  type StagedFile,
} from "~/modules/upload/upload.server";
import { PLAN_IMPORT_INLINE_ROWS } from "~/modules/long-jobs/kinds";
import { listLongJobs } from "~/modules/long-jobs/service.server";
import { AppError } from "~/utils/errors";
import { authorityHref } from "~/utils/links";

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "write:action:any");
  const q = new URL(args.request.url).searchParams;
  const count = (k: string) => Math.max(0, Number.parseInt(q.get(k) ?? "", 10) || 0);
  const done = q.has("applied")
    ? {
        created: count("created"),
        updated: count("updated"),
        skipped: count("skipped"),
        failed: (q.get("failed") ?? "")
          .split(",")
          .filter((s) => /^\d+$/.test(s))
          .slice(0, 50),
      }
    : null;
  const imports = await listLongJobs({
    authorityId: user.authority.id,
    viewer: actorOf(user),
    kind: "plan-import",
    take: 5,
  });
  return { authority: user.authority, done, imports };
}

type ActionData = { stage: "preview"; preview: ImportPreview; carry: Carry; message?: string; stale?: number[] };

/** The check form's reply when the file is refused: the message beside "Plan file". */
const uploadProblem = (message: string, status = 400) =>
  invalid(parseForm(formDataOf({ intent: "check" }), PlanCheckSchema), {
    stage: "upload" as const,
    fieldErrors: { file: [message] },
    status,
  });
/** The apply form's reply when nothing could be applied, at the top of the page. */
const applyProblem = (message: string, carry: Carry | null) =>
  invalid(parseForm(formDataOf({ intent: "apply-all" }), PlanApplySchema), {
    stage: "apply-error" as const,
    formErrors: [message],
    carry,
  });

/**
 * The plan file on the one upload path (ADR 020): the chosen file streamed to
 * staging, or the checked file the preview page carried back (base64, at most
 * MAX_CARRIED_BYTES), staged the same way.
 */
async function stagedPlan({ fields, file }: ReceivedUpload): Promise<StagedFile | null> {
  if (file && file.sizeBytes > 0) return file;
  await removeStaged(file);
  const data = fields.fileData;
  if (!data || data.length > Math.ceil(MAX_CARRIED_BYTES / 3) * 4 + 4) return null;
  return stageFile({ source: Buffer.from(data, "base64"), fileName: fields.fileName ?? "", ...PLAN_UPLOAD });
}

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "write:action:any");
  const actor = actorOf(user);
  const authorityId = user.authority.id;
  let received: ReceivedUpload;
  try {
    received = await receiveUpload({ request: args.request, ...PLAN_UPLOAD });
  } catch (error) {
    if (error instanceof AppError && error.status < 500) return uploadProblem(error.message, error.status);
    throw error;
  }
  const { fields } = received;
  // The staged file is removed afterwards, whatever happens.
  return withStaged(await stagedPlan(received), (file) => importPlan({ fields, file, actor, authorityId, user }));
}

async function importPlan({
  fields,
  file,
  actor,
  authorityId,
  user,
}: {
  fields: Record<string, string>;
  file: StagedFile | null;
  actor: Actor;
  authorityId: string;
  user: { authority: { slug: string } };
}) {
  const intent = fields.intent;
  if (intent === "check") {
    if (!file) return uploadProblem("Select the plan file (.xlsx or .csv)");
    const r = await checkPlanUpload({ authorityId, actor, file, fileName: file.fileName });
    if (!r.ok) return uploadProblem(r.message);
    return data<ActionData>({ stage: "preview", preview: r.preview, carry: r.carry });
  }
  if (intent !== "apply-all" && intent !== "apply-valid") return uploadProblem("Choose what to do");
  const sha256 = fields.sha256 ?? "";
  const carry: Carry = {
    fileName: fields.fileName ?? "",
    sha256,
    data: null,
    versions: parseVersions(fields.versions),
  };
  if (!file)
    return applyProblem(
      "The file did not come with the page. Choose it again below and check it before applying",
      carry,
    );
  const upload = {
    authorityId,
    actor,
    file,
    fileName: carry.fileName || file.fileName,
    mode: intent === "apply-all" ? ("all" as const) : ("valid" as const),
    expectedVersions: carry.versions,
    expectedSha256: sha256,
  };
  // More than PLAN_IMPORT_INLINE_ROWS rows: a long job, whose page shows the rows applied (ADR 021).
  const queued = await queueLargePlanUpload(upload);
  if (!queued.ok) return applyProblem(queued.message, carry);
  if (queued.job) return redirect(authorityHref(user.authority.slug, "/jobs/:jobId", { jobId: queued.job.id }));
  const r = await applyPlanUpload(upload);
  if (!r.ok) return applyProblem(r.message, carry);
  const { result } = r;
  if (!result.ok) {
    const message = NOT_APPLIED[result.code];
    return data<ActionData>(
      { stage: "preview", preview: result.preview, carry: r.carry, message, stale: result.preview.stale },
      { status: 409 },
    );
  }
  const q = new URLSearchParams({
    applied: "1",
    created: String(result.created),
    updated: String(result.updated),
    skipped: String(result.skipped),
  });
  if (result.failed.length) q.set("failed", result.failed.map((f) => f.rowNumber).join(","));
  return redirect(`${authorityHref(user.authority.slug, "/plan/import")}?${q}`);
}

const OUTCOME_TEXT: Record<RowPreview["outcome"], string> = {
  create: "New action",
  update: "Update",
  unchanged: "No change",
  error: "Not valid",
};

function PreviewTable({ preview, stale }: { preview: ImportPreview; stale: number[] }) {
  return (
    <div className="mb-8 overflow-x-auto">
      <table className="w-full border-collapse text-left">
        <caption className="mb-2 text-left text-lg font-bold">What the import will do, row by row</caption>
        <TableHead row="border-b-2 border-ink" cell="p-2" columns={["Row", "Action", "What will happen", "Details"]} />
        <tbody>
          {preview.rows.map((r) => (
            <tr key={r.rowNumber} className="border-b border-rule align-top">
              <RowHeader className="p-2">{r.rowNumber}</RowHeader>
              <td className="p-2">
                {r.title || "(no title)"}
                {r.actionId ? <span className="block text-sm text-ink-muted">{r.actionId}</span> : null}
              </td>
              <td className={`p-2 font-bold ${r.outcome === "error" ? "text-danger" : ""}`}>
                {OUTCOME_TEXT[r.outcome]}
                {stale.includes(r.rowNumber) ? (
                  <span className="block font-normal">Changed by someone else since your last check</span>
                ) : null}
              </td>
              <td className="p-2">
                {r.errors.length ? (
                  <ul className="mb-2 list-none text-danger">
                    {r.errors.map((e) => (
                      <li key={e.text}>
                        <span className="sr-only">Error: </span>
                        {e.text}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {r.changes.length ? (
                  <ul className="list-none">
                    {r.changes.map((c) => (
                      <li key={c.column}>
                        <strong>{c.column}:</strong> {r.outcome === "create" ? c.after : `${c.before} → ${c.after}`}
                      </li>
                    ))}
                  </ul>
                ) : r.errors.length ? null : (
                  "Nothing to change"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ApplyForm({
  form,
  carry,
  preview,
  busy,
}: {
  form: ReturnType<typeof useApplyForm>[0];
  carry: Carry;
  preview: ImportPreview;
  busy: boolean;
}) {
  const { counts } = preview;
  const valid = counts.create + counts.update;
  const hasErrors = counts.error > 0;
  return (
    <SchemaForm form={form} encType="multipart/form-data" className="mb-10">
      <input type="hidden" name="fileName" value={carry.fileName} />
      <input type="hidden" name="sha256" value={carry.sha256} />
      <input type="hidden" name="versions" value={JSON.stringify(carry.versions)} />
      {carry.data ? (
        <input type="hidden" name="fileData" value={carry.data} />
      ) : (
        <div className="mb-6">
          <label htmlFor="apply-file" className="mb-1 block font-bold">
            Choose the same file again
          </label>
          <p id="apply-file-hint" className="mb-1 text-ink-muted">
            The file is larger than {mb(MAX_CARRIED_BYTES)}, so it is not kept in this page. Choose{" "}
            {carry.fileName || "it"} again to apply it.
          </p>
          <input
            id="apply-file"
            name="file"
            type="file"
            accept=".xlsx,.csv"
            aria-describedby="apply-file-hint"
            className="block"
          />
        </div>
      )}
      {valid === 0 ? (
        <p className="mb-4 text-lg">There is nothing to apply: no row adds or changes an action.</p>
      ) : (
        <div className="flex flex-wrap items-start gap-4">
          <div>
            <Button
              type="submit"
              name="intent"
              value="apply-all"
              disabled={busy || hasErrors}
              aria-describedby={hasErrors ? "apply-all-why" : undefined}
            >
              Apply all changes
            </Button>
            {hasErrors ? (
              <p id="apply-all-why" className="mt-2 max-w-md">
                You cannot apply all changes while{" "}
                {counts.error === 1 ? "a row has errors" : `${counts.error} rows have errors`}. Correct the file and
                check it again, or apply only the valid rows.
              </p>
            ) : null}
          </div>
          {hasErrors ? (
            <Button type="submit" name="intent" value="apply-valid" variant="secondary" disabled={busy}>
              Apply only the valid rows ({valid})
            </Button>
          ) : null}
        </div>
      )}
    </SchemaForm>
  );
}

/** The apply form (created by the page, so that its one error summary can list its errors). */
const useApplyForm = (lastResult?: Parameters<typeof useSchemaForm>[1]["lastResult"]) =>
  useSchemaForm(PlanApplySchema, { id: "apply", lastResult });

export default function PlanImport({ loaderData }: Route.ComponentProps) {
  const { authority, done, imports } = loaderData;
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const base = authorityHref(authority.slug, "/");
  const [checkForm, check] = useSchemaForm(PlanCheckSchema, {
    id: "check",
    lastResult: actionData?.stage === "upload" ? actionData.result : undefined,
  });
  const [applyForm] = useApplyForm(actionData?.stage === "apply-error" ? actionData.result : undefined);
  const { submitted, onSubmitCapture } = useSubmittedForm(
    actionData?.stage === "apply-error" ? applyForm.id : checkForm.id,
  );
  const preview = actionData?.stage === "preview" ? actionData : null;
  const errorTexts = preview ? preview.preview.rows.flatMap((r) => r.errors.map((e) => e.text)) : [];
  return (
    <div onSubmitCapture={onSubmitCapture}>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={base}>{authority.name}</Link> › <Link to={authorityHref(authority.slug, "/actions")}>Actions</Link> ›{" "}
        <span aria-current="page">Import the action plan</span>
      </nav>
      <FormPageHead
        title="Import the action plan"
        forms={[checkForm, applyForm]}
        shown={submitted === applyForm.id ? applyForm : checkForm}
      />
      <h1>Import the action plan</h1>

      {done ? (
        <SuccessBanner title="The import has been applied">
          <p>
            {done.created} {done.created === 1 ? "action added" : "actions added"}, {done.updated}{" "}
            {done.updated === 1 ? "action updated" : "actions updated"}
            {done.skipped
              ? `, ${done.skipped} ${done.skipped === 1 ? "row" : "rows"} with errors left as they were`
              : ""}
            .
          </p>
          {done.failed.length ? (
            <p className="font-bold text-danger">
              Not applied because the action changed meanwhile: rows {done.failed.join(", ")}.
            </p>
          ) : null}
          <p className="font-normal">Every change is in the actions&apos; timelines and the audit log.</p>
        </SuccessBanner>
      ) : null}

      {preview ? (
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading">Check the changes in {preview.carry.fileName || "your file"}</h2>
          {preview.message ? <p className="mb-4 border-l-4 border-danger pl-4 font-bold">{preview.message}</p> : null}
          <p className="mb-4 text-lg">
            Nothing has been changed yet. {preview.preview.counts.create} new, {preview.preview.counts.update} to
            update, {preview.preview.counts.unchanged} unchanged, {preview.preview.counts.error} with errors.
          </p>
          {errorTexts.length ? (
            <div className="mb-6 border-4 border-danger p-4">
              <h3 className="text-lg">Rows with errors</h3>
              <ul className="list-none space-y-1">
                {errorTexts.map((t) => (
                  <li key={t} className="font-bold text-danger">
                    {t}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <PreviewTable preview={preview.preview} stale={preview.stale ?? []} />
          <ApplyForm form={applyForm} carry={preview.carry} preview={preview.preview} busy={busy} />
          <h2>Or check another file</h2>
        </section>
      ) : (
        <>
          <p className="mb-4 max-w-3xl text-lg">
            Change many actions at once in a spreadsheet: download the plan, change it in Excel, and upload it here. You
            see every change before anything is saved.
          </p>
          <ul className="mb-8 list-disc pl-6">
            <li>
              <a href={authorityHref(authority.slug, "/plan.xlsx")} download>
                Download the action plan (Excel)
              </a>
            </li>
            <li>
              <a href={authorityHref(authority.slug, "/plan.csv")} download>
                Download the action plan (CSV)
              </a>
            </li>
          </ul>
        </>
      )}

      <SchemaForm form={checkForm} encType="multipart/form-data" className="mb-10 max-w-3xl">
        <input type="hidden" name="intent" value="check" />
        <FileInput
          field={check.file}
          label="Plan file"
          hint={`An Excel workbook (.xlsx) or CSV file in the layout of the downloaded plan, up to ${mb(MAX_IMPORT_BYTES)}. A row with an Action ID updates that action; a row without one adds an action under the Inspection and Recommendation reference it names. Columns you delete are left as they are.`}
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
        />
        <Button type="submit" disabled={busy}>
          Check the file
        </Button>
      </SchemaForm>

      {imports.length > 0 ? (
        <section aria-labelledby="imports-heading" className="mb-10 max-w-3xl">
          <h2 id="imports-heading">Your large imports</h2>
          <p className="mb-2">
            A file of more than {PLAN_IMPORT_INLINE_ROWS} rows is applied in the background. Open one to see how far it
            has got.
          </p>
          <RecentJobs authoritySlug={authority.slug} jobs={imports} />
        </section>
      ) : null}

      <details className="max-w-3xl">
        <summary className="cursor-pointer font-bold">Columns the import reads</summary>
        <ul className="mt-2 list-disc pl-6">
          {PLAN_COLUMNS.map((c) => (
            <li key={c.key}>
              {c.header}:{" "}
              {c.imported === "key"
                ? "the action to update; blank for a new action"
                : c.imported === "create"
                  ? "where a new action goes (an existing action cannot be moved)"
                  : c.imported === "yes"
                    ? "changed when it differs"
                    : "for reading only; ignored"}
            </li>
          ))}
        </ul>
        <p className="mt-2">
          A RAG change needs a new RAG reason. Status changes follow the usual workflow; changes that need a reason
          (blocking, completing, returning) are made on the action&apos;s page. A changed due date is recorded on the
          timeline as an extension.
        </p>
      </details>
    </div>
  );
}
