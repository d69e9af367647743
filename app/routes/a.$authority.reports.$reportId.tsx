import { data, Form, Link, useNavigation } from "react-router";
import { readFormData } from "~/utils/body.server";
import type { Route } from "./+types/a.$authority.reports.$reportId";
import { Button } from "~/components/form";
import { SummaryReport } from "~/components/summary-report";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import {
  NARRATIVE_LABELS,
  NARRATIVE_SECTIONS,
  REPORT_KIND_LABELS,
  type NarrativeSection,
} from "~/modules/board-pack/summary";
import { getReport, saveNarrative } from "~/modules/board-pack/summary.server";
import { NARRATIVE_MAX, NarrativeSchema } from "~/modules/board-pack/forms";
import { AppError } from "~/utils/errors";
import { authorityHref } from "~/utils/links";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `${data?.report.title ?? "Board pack"} – Improvement Board` },
];

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
  const form = await readFormData(args.request, "longForm");
  const typed = Object.fromEntries(NARRATIVE_SECTIONS.map((s) => [s, String(form.get(s) ?? "")])) as Record<
    NarrativeSection,
    string
  >;
  // Over-long text is refused beside its field with what was typed kept; it used to be cut at 20,000 and called saved.
  const parsed = NarrativeSchema.safeParse(
    Object.fromEntries(NARRATIVE_SECTIONS.map((s) => [s, form.get(s) ?? undefined])),
  );
  if (!parsed.success) {
    const fieldErrors: Partial<Record<NarrativeSection, string>> = {};
    for (const issue of parsed.error.issues) fieldErrors[issue.path[0] as NarrativeSection] ??= issue.message;
    return data(
      {
        message: null,
        error: "The narrative was not saved. Correct the sections marked below.",
        fieldErrors,
        narrative: typed,
      },
      { status: 400 },
    );
  }
  const narrative = parsed.data;
  try {
    await saveNarrative({
      authorityId: user.authority.id,
      viewer: actorOf(user),
      reportId: args.params.reportId,
      version: Number(form.get("version")),
      narrative,
    });
    return data({
      message: "Narrative saved with the pack.",
      error: null as string | null,
      fieldErrors: {} as Partial<Record<NarrativeSection, string>>,
      narrative,
    });
  } catch (error) {
    if (error instanceof AppError && error.status === 409)
      return data(
        {
          message: null,
          error: error.message,
          fieldErrors: {} as Partial<Record<NarrativeSection, string>>,
          narrative,
        },
        { status: 409 },
      );
    throw error;
  }
}

export default function ReportPage({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, report, summary, canEdit } = loaderData;
  const navigation = useNavigation();
  const base = authorityHref(authority.slug, "/");
  const typed = actionData?.error ? actionData.narrative : null;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm print:hidden">
        <Link to={base}>{authority.name}</Link> ›{" "}
        <Link to={authorityHref(authority.slug, "/reports")}>Board packs</Link> ›{" "}
        <span aria-current="page">{REPORT_KIND_LABELS[summary.kind]}</span>
      </nav>
      <h1>
        {REPORT_KIND_LABELS[summary.kind]}: {summary.scopeName}
      </h1>
      <p className="mb-6 flex flex-wrap gap-4 print:hidden">
        <a
          href={authorityHref(authority.slug, "/reports/:reportId/download/:format", {
            reportId: report.id,
            format: "docx",
          })}
          download
        >
          Download as Word
        </a>
        <a
          href={authorityHref(authority.slug, "/reports/:reportId/download/:format", {
            reportId: report.id,
            format: "pdf",
          })}
          download
        >
          Download as PDF
        </a>
        <span>Print this page for a paper copy.</span>
      </p>
      {actionData?.message ? (
        <div role="status" className="mb-6 border-l-4 border-success bg-rag-green-bg p-4 print:hidden">
          {actionData.message}
        </div>
      ) : null}
      {actionData?.error ? (
        <div role="alert" className="mb-6 border-4 border-danger p-4 print:hidden">
          {actionData.error}
        </div>
      ) : null}
      {canEdit ? (
        <Form method="post" className="mb-10 max-w-3xl print:hidden">
          <h2>Narrative</h2>
          <input type="hidden" name="version" value={report.version} />
          {NARRATIVE_SECTIONS.map((s) => {
            const fieldError = actionData?.fieldErrors?.[s];
            return (
              <div key={s} className={`mb-4 ${fieldError ? "border-l-4 border-danger pl-4" : ""}`}>
                <label htmlFor={`narrative-${s}`} className="mb-1 block font-bold">
                  {NARRATIVE_LABELS[s]}
                </label>
                {fieldError ? (
                  <p id={`narrative-${s}-error`} className="mb-1 font-bold text-danger">
                    <span className="sr-only">Error:</span> {fieldError}
                  </p>
                ) : null}
                <textarea
                  id={`narrative-${s}`}
                  name={s}
                  rows={4}
                  maxLength={NARRATIVE_MAX}
                  defaultValue={typed?.[s] ?? summary.narrative[s]}
                  key={`${s}-${report.version}`}
                  aria-invalid={fieldError ? true : undefined}
                  aria-describedby={fieldError ? `narrative-${s}-error` : undefined}
                  className={`block w-full border-2 p-2 ${fieldError ? "border-danger" : "border-ink"}`}
                />
              </div>
            );
          })}
          <Button type="submit" variant="secondary" disabled={navigation.state !== "idle"}>
            Save narrative
          </Button>
        </Form>
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
