import { data, Form, Link, useNavigation } from "react-router";
import { readFormData } from "~/utils/body.server";
import type { Route } from "./+types/a.$authority.reports.$reportId";
import { Button, FormPageHead, SchemaForm, SuccessBanner, Textarea, useSchemaForm } from "~/components/forms";
import { invalid, parseForm } from "~/components/forms/submission.server";
import { SummaryReport } from "~/components/summary-report";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import { NARRATIVE_LABELS, NARRATIVE_SECTIONS, REPORT_KIND_LABELS } from "~/modules/board-pack/summary";
import { getReport, saveNarrative } from "~/modules/board-pack/summary.server";
import { NARRATIVE_MAX, NarrativeSchema } from "~/modules/board-pack/forms";
import { AppError } from "~/utils/errors";
import { authorityHref } from "~/utils/links";

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:any");
  const { report, data: summary } = await getReport({
    authorityId: user.authority.id,
    viewer: actorOf(user),
    reportId: args.params.reportId,
  });
  return {
    authority: user.authority,
    report: { id: report.id, title: report.title, version: report.version },
    summary,
    canEdit: roleHasPermission(user.role, "write:report:any"),
  };
}

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "read:action:any");
  const submission = parseForm(await readFormData(args.request, "longForm"), NarrativeSchema);
  // Over-long text is refused beside its field with what was typed kept; it used to be cut at 20,000 and called saved.
  if (submission.status !== "success") return invalid(submission, { saved: false });
  const { version, ...narrative } = submission.value;
  try {
    await saveNarrative({
      authorityId: user.authority.id,
      viewer: actorOf(user),
      reportId: args.params.reportId,
      version,
      narrative,
    });
    return data({ saved: true, result: submission.reply() });
  } catch (error) {
    if (error instanceof AppError && error.status === 409)
      return invalid(submission, { saved: false, formErrors: [error.message], status: 409 });
    throw error;
  }
}

export default function ReportPage({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, report, summary, canEdit } = loaderData;
  const navigation = useNavigation();
  const base = authorityHref(authority.slug, "/");
  const [form, f] = useSchemaForm(NarrativeSchema, { id: "narrative", lastResult: actionData?.result });
  return (
    <>
      <div className="print:hidden">
        <FormPageHead title={report.title} forms={[form]} />
      </div>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm print:hidden">
        <Link to={base}>{authority.name}</Link> ›{" "}
        <Link to={authorityHref(authority.slug, "/reports")}>Board packs</Link> ›{" "}
        <span aria-current="page">{REPORT_KIND_LABELS[summary.kind]}</span>
      </nav>
      <h1>
        {REPORT_KIND_LABELS[summary.kind]}: {summary.scopeName}
      </h1>
      {/* Word and PDF are made in the background (ADR 021): each button queues the file and opens its progress page. */}
      <div className="mb-6 flex flex-wrap items-baseline gap-4 print:hidden">
        {(["docx", "pdf"] as const).map((format) => (
          <Form
            key={format}
            method="post"
            action={authorityHref(authority.slug, "/reports/:reportId/download/:format", {
              reportId: report.id,
              format,
            })}
          >
            <Button type="submit" variant="secondary" disabled={navigation.state !== "idle"}>
              {format === "docx" ? "Make a Word document" : "Make a PDF"}
            </Button>
          </Form>
        ))}
        <span>Print this page for a paper copy.</span>
      </div>
      {actionData?.saved ? (
        <div className="print:hidden">
          <SuccessBanner>Narrative saved with the pack.</SuccessBanner>
        </div>
      ) : null}
      {canEdit ? (
        <SchemaForm form={form} className="mb-10 max-w-3xl print:hidden">
          <h2>Narrative</h2>
          <input type="hidden" name="version" value={report.version} />
          {NARRATIVE_SECTIONS.map((s) => (
            <Textarea
              key={`${s}-${report.version}`}
              field={f[s]}
              label={NARRATIVE_LABELS[s]}
              maxLength={NARRATIVE_MAX}
              defaultValue={summary.narrative[s]}
            />
          ))}
          <Button type="submit" variant="secondary" disabled={navigation.state !== "idle"}>
            Save narrative
          </Button>
        </SchemaForm>
      ) : null}
      <section aria-label="Narrative" className="mb-10 max-w-3xl">
        {NARRATIVE_SECTIONS.map((s) => (
          <div key={s} className={canEdit ? "hidden print:block" : ""}>
            <h2>{NARRATIVE_LABELS[s]}</h2>
            <p className="mb-4 whitespace-pre-line">{summary.narrative[s] || "Not written yet."}</p>
          </div>
        ))}
      </section>
      <SummaryReport data={summary} />
    </>
  );
}
