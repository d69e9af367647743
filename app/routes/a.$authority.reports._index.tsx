import { data, Form, Link, redirect, useNavigation } from "react-router";
import { readFormData } from "~/utils/body.server";
import type { Route } from "./+types/a.$authority.reports._index";
import { Button } from "~/components/form";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import { REPORT_KIND_LABELS, REPORT_KINDS, type ReportKind } from "~/modules/board-pack/summary";
import { createReport, listReports, reportScopes } from "~/modules/board-pack/summary.server";
import { formatDate, parseDay } from "~/utils/format";
import { cleanText } from "~/utils/text";
import { authorityHref } from "~/utils/links";

export const meta: Route.MetaFunction = () => [{ title: "Board packs – Improvement Board" }];

const today = () => new Date().toISOString().slice(0, 10);
/** The one date parser: an impossible day gets "30 February 2026 is not a real date", other text `otherwise`. */
const dateProblem = (v: string, otherwise: string) => {
  const r = parseDay(v);
  return r.ok ? null : r.code === "impossible" ? r.message : otherwise;
};

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:any");
  const viewer = actorOf(user);
  const [reports, scopes] = await Promise.all([
    listReports({ authorityId: user.authority.id, viewer }),
    reportScopes({ authorityId: user.authority.id }),
  ]);
  return {
    authority: user.authority,
    reports,
    scopes,
    today: today(),
    canGenerate: roleHasPermission(user.role, "write:report:any"),
  };
}

type Errors = Partial<Record<"scope" | "kind" | "asAt" | "compareWith", string>>;

export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "write:report:any");
  const form = await readFormData(args.request, "form");
  const scope = cleanText(String(form.get("scope") ?? ""));
  const kind = String(form.get("kind") ?? "");
  const asAt = cleanText(String(form.get("asAt") ?? ""));
  const compareWith = cleanText(String(form.get("compareWith") ?? ""));
  const errors: Errors = {};
  if (!/^(board|inspection):.+/.test(scope) || scope.length > 100) errors.scope = "Choose a board or an inspection";
  if (!(REPORT_KINDS as readonly string[]).includes(kind))
    errors.kind = "Choose the full summary or the exception report";
  const asAtProblem = dateProblem(asAt, "Enter the date the summary is as at");
  const compareProblem = compareWith
    ? dateProblem(compareWith, "Enter the comparison date as a real date, or leave it blank")
    : null;
  if (asAtProblem) errors.asAt = asAtProblem;
  else if (asAt > today()) errors.asAt = "The summary cannot be as at a date in the future";
  if (compareProblem) errors.compareWith = compareProblem;
  else if (compareWith && asAt && compareWith >= asAt)
    errors.compareWith = "The comparison date must be before the as-at date";
  if (Object.keys(errors).length) return data({ errors, values: { scope, kind, asAt, compareWith } }, { status: 400 });
  const [type, id] = [scope.slice(0, scope.indexOf(":")), scope.slice(scope.indexOf(":") + 1)];
  const report = await createReport({
    authorityId: user.authority.id,
    viewer: actorOf(user),
    scope: type === "board" ? { boardId: id } : { inspectionId: id },
    kind: kind as ReportKind,
    asAt,
    compareWith: compareWith || null,
  });
  return redirect(authorityHref(user.authority.slug, "/reports/:reportId", { reportId: report.id }));
}

function Err({ id, text }: { id: string; text?: string }) {
  return text ? (
    <p id={`${id}-error`} className="mb-1 font-bold text-danger">
      <span className="sr-only">Error:</span> {text}
    </p>
  ) : null;
}

export default function Reports({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, reports, scopes, today, canGenerate } = loaderData;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const e = actionData?.errors ?? {};
  const v = actionData?.values;
  return (
    <>
      <h1>Board packs</h1>
      <p className="mb-6 max-w-3xl">
        A scrutiny summary or an exception report from the live plan, as at a date, compared with the board&apos;s
        previous meeting. Each pack is kept as generated, so what a board saw can be produced again, as a page, a Word
        document or a PDF.
      </p>
      {canGenerate ? (
        <section aria-labelledby="generate-heading" className="mb-10 max-w-2xl">
          <h2 id="generate-heading">Generate a pack</h2>
          <Form method="post" noValidate>
            <div className={`mb-4 ${e.scope ? "border-l-4 border-danger pl-4" : ""}`}>
              <label htmlFor="scope" className="mb-1 block font-bold">
                For
              </label>
              <Err id="scope" text={e.scope} />
              <select
                id="scope"
                name="scope"
                defaultValue={v?.scope ?? ""}
                aria-describedby={e.scope ? "scope-error" : undefined}
                className="border-2 border-ink p-1.5"
              >
                <option value="">Choose a board or an inspection</option>
                <optgroup label="Boards">
                  {scopes.boards.map((b) => (
                    <option key={b.id} value={`board:${b.id}`}>
                      {b.name}
                    </option>
                  ))}
                </optgroup>
                <optgroup label="Inspections">
                  {scopes.inspections.map((i) => (
                    <option key={i.id} value={`inspection:${i.id}`}>
                      {i.title}
                    </option>
                  ))}
                </optgroup>
              </select>
            </div>
            <fieldset className={`mb-4 ${e.kind ? "border-l-4 border-danger pl-4" : ""}`}>
              <legend className="mb-1 font-bold">Kind</legend>
              <Err id="kind" text={e.kind} />
              {REPORT_KINDS.map((k) => (
                <div key={k} className="mb-1 flex items-center gap-3">
                  <input
                    id={`kind-${k}`}
                    type="radio"
                    name="kind"
                    value={k}
                    defaultChecked={(v?.kind ?? "summary") === k}
                    className="h-6 w-6"
                  />
                  <label htmlFor={`kind-${k}`}>
                    {k === "summary"
                      ? "Full scrutiny summary"
                      : "Exception report (red, overdue, blocked and returned actions only)"}
                  </label>
                </div>
              ))}
            </fieldset>
            <div className="flex flex-wrap gap-x-8">
              <div className={`mb-4 ${e.asAt ? "border-l-4 border-danger pl-4" : ""}`}>
                <label htmlFor="asAt" className="mb-1 block font-bold">
                  As at
                </label>
                <Err id="asAt" text={e.asAt} />
                <input
                  id="asAt"
                  name="asAt"
                  type="date"
                  defaultValue={v?.asAt ?? today}
                  aria-describedby={e.asAt ? "asAt-error" : undefined}
                  className="border-2 border-ink px-2 py-1.5"
                />
              </div>
              <div className={`mb-4 ${e.compareWith ? "border-l-4 border-danger pl-4" : ""}`}>
                <label htmlFor="compareWith" className="mb-1 block font-bold">
                  Compare with (optional)
                </label>
                <p id="compareWith-hint" className="mb-1 max-w-xs text-ink-muted">
                  Leave blank to compare a board&apos;s pack with its previous meeting.
                </p>
                <Err id="compareWith" text={e.compareWith} />
                <input
                  id="compareWith"
                  name="compareWith"
                  type="date"
                  defaultValue={v?.compareWith ?? ""}
                  aria-describedby={`compareWith-hint${e.compareWith ? " compareWith-error" : ""}`}
                  className="border-2 border-ink px-2 py-1.5"
                />
              </div>
            </div>
            <Button type="submit" disabled={busy}>
              {busy ? "Generating…" : "Generate"}
            </Button>
            {busy ? (
              <p role="status" className="mt-2">
                Generating the pack from the live plan…
              </p>
            ) : null}
          </Form>
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
    </>
  );
}
