import { Link, redirect, useNavigation } from "react-router";
import { readFormData } from "~/utils/body.server";
import type { Route } from "./+types/a.$authority.reports._index";
import {
  Button,
  DateInput,
  ErrorMessage,
  fieldError,
  FormPageHead,
  initialText,
  Radios,
  SchemaForm,
  useSchemaForm,
} from "~/components/forms";
import { invalid, parseForm } from "~/components/forms/submission.server";
import { RecentJobs } from "~/components/job-progress";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import { GeneratePackSchema } from "~/modules/board-pack/forms";
import { REPORT_KIND_LABELS, type ReportKind } from "~/modules/board-pack/summary";
import { createReport, listReports, reportScopes } from "~/modules/board-pack/summary.server";
import { listLongJobs } from "~/modules/long-jobs/service.server";
import { formatDate } from "~/utils/format";
import { authorityHref } from "~/utils/links";

const today = () => new Date().toISOString().slice(0, 10);

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:any");
  const viewer = actorOf(user);
  const [reports, scopes, files] = await Promise.all([
    listReports({ authorityId: user.authority.id, viewer }),
    reportScopes({ authorityId: user.authority.id }),
    listLongJobs({ authorityId: user.authority.id, viewer, kind: "board-pack-file" }),
  ]);
  return {
    authority: user.authority,
    reports,
    files,
    scopes,
    today: today(),
    canGenerate: roleHasPermission(user.role, "write:report:any"),
  };
}

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "write:report:any");
  const submission = parseForm(await readFormData(args.request, "form"), GeneratePackSchema);
  if (submission.status !== "success") return invalid(submission);
  const { scope, kind, asAt, compareWith } = submission.value;
  const report = await createReport({
    authorityId: user.authority.id,
    viewer: actorOf(user),
    scope,
    kind,
    asAt,
    compareWith,
  });
  return redirect(authorityHref(user.authority.slug, "/reports/:reportId", { reportId: report.id }));
}

const KIND_OPTIONS = [
  ["summary", "Full scrutiny summary"],
  ["exception", "Exception report (red, overdue, blocked and returned actions only)"],
] as const;

export default function Reports({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, reports, files, scopes, today, canGenerate } = loaderData;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const [form, f] = useSchemaForm(GeneratePackSchema, { id: "generate", lastResult: actionData?.result });
  const scopeError = fieldError(f.scope);
  const scopeGroups = [
    { label: "Boards", options: scopes.boards.map((b) => [`board:${b.id}`, b.name] as const) },
    { label: "Inspections", options: scopes.inspections.map((i) => [`inspection:${i.id}`, i.title] as const) },
  ];
  return (
    <>
      <FormPageHead title="Board packs" forms={[form]} />
      <h1>Board packs</h1>
      <p className="mb-6 max-w-3xl">
        A scrutiny summary or an exception report from the live plan, as at a date, compared with the board&apos;s
        previous meeting. Each pack is kept as generated, so what a board saw can be produced again, as a page, a Word
        document or a PDF.
      </p>
      {canGenerate ? (
        <section aria-labelledby="generate-heading" className="mb-10 max-w-2xl">
          <h2 id="generate-heading">Generate a pack</h2>
          <SchemaForm form={form}>
            {/* The kit's select has no option groups: the same GOV.UK markup, with the kit's error message. */}
            <div className={`mb-6 ${scopeError ? "border-l-4 border-danger pl-4" : ""}`}>
              <label htmlFor={f.scope.name} className="mb-1 block font-bold">
                For
              </label>
              <ErrorMessage id={f.scope.name} message={scopeError} />
              <select
                key={f.scope.key}
                id={f.scope.name}
                name={f.scope.name}
                defaultValue={initialText(f.scope) ?? ""}
                aria-invalid={scopeError ? true : undefined}
                aria-describedby={scopeError ? `${f.scope.name}-error` : undefined}
                className={`max-w-full border-2 p-1.5 ${scopeError ? "border-danger" : "border-ink"}`}
              >
                <option value="">Choose a board or an inspection</option>
                {scopeGroups.map((group) => (
                  <optgroup key={group.label} label={group.label}>
                    {group.options.map(([value, text]) => (
                      <option key={value} value={value}>
                        {text}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </div>
            <Radios field={f.kind} legend="Kind" options={KIND_OPTIONS} defaultValue="summary" />
            <DateInput field={f.asAt} legend="As at" defaultValue={today} />
            <DateInput
              field={f.compareWith}
              legend="Compare with (optional)"
              hint="Leave blank to compare a board's pack with its previous meeting."
            />
            <Button type="submit" disabled={busy}>
              {busy ? "Generating…" : "Generate"}
            </Button>
            {busy ? (
              <p role="status" className="mt-2">
                Generating the pack from the live plan…
              </p>
            ) : null}
          </SchemaForm>
        </section>
      ) : (
        <p className="mb-10 max-w-3xl">
          Admins and board members generate packs. You can read and download the packs below.
        </p>
      )}
      <section aria-labelledby="packs-heading">
        <h2 id="packs-heading">Packs generated</h2>
        {reports.length === 0 ? <p>None yet.</p> : null}
        <ul className="space-y-2">
          {reports.map((r) => (
            <li key={r.id}>
              <Link to={authorityHref(authority.slug, "/reports/:reportId", { reportId: r.id })}>{r.title}</Link>
              <span className="text-sm text-ink-muted">
                {" "}
                · {REPORT_KIND_LABELS[r.kind as ReportKind] ?? r.kind} · generated {formatDate(r.createdAt)} by{" "}
                {r.createdBy?.name ?? "a former user"}
              </span>
            </li>
          ))}
        </ul>
      </section>
      {files.length > 0 ? (
        <section aria-labelledby="files-heading" className="mt-10">
          <h2 id="files-heading">Your Word and PDF files</h2>
          <p className="mb-4 max-w-3xl">
            Files are made in the background. Open one to see how far it has got, or to download it.
          </p>
          <RecentJobs authoritySlug={authority.slug} jobs={files} />
        </section>
      ) : null}
    </>
  );
}
