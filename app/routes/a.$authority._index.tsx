import { Link } from "react-router";
import type { Route } from "./+types/a.$authority._index";
import { JudgementTable } from "~/components/judgement-table";
import { OverdueTag, RagTag, StatusTag } from "~/components/action-tags";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { roleHasPermission } from "~/modules/auth/permissions";
import { listInspections } from "~/modules/inspection/service.server";
import { listActionsForOwner } from "~/modules/action/service.server";
import { compareByUrgency } from "~/modules/action/status";
import { inspectionTypeLabel } from "~/modules/inspection/types";
import { formatDate, formatDateRange } from "~/utils/format";
import { authorityHref } from "~/utils/links";
import { ActionLink } from "~/components/action-table";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `${data?.authority.name ?? "Authority"} – Improvement Board` },
];

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:own");
  const authorityId = user.authority.id;
  const raw = Number(new URL(args.request.url).searchParams.get("inspections") ?? "1");
  const page = Number.isInteger(raw) && raw >= 1 && raw <= 10_000 ? raw : 1;
  const [inspections, myActions] = await Promise.all([
    roleHasPermission(user.role, "read:inspection:any")
      ? listInspections({ authorityId, page })
      : Promise.resolve(null),
    listActionsForOwner({ authorityId, ownerId: user.id }),
  ]);
  // "My actions": overdue first, then due soon, then later (the query's order; this keeps ties by urgency rule).
  myActions.rows.sort(compareByUrgency());
  // The item's opening words are enough here; the action page quotes it in full.
  const clip = (t: string) => (t.length > 200 ? `${t.slice(0, 200).trimEnd()}…` : t);
  return {
    authority: user.authority,
    role: user.role,
    inspections,
    myActions: myActions.rows.map((a) => ({
      ...a,
      recommendation: { ...a.recommendation, text: clip(a.recommendation.text) },
    })),
    myOpenCount: myActions.openCount,
    userId: user.id,
    canAdd: roleHasPermission(user.role, "write:inspection:any"),
  };
}

export default function AuthorityHome({ loaderData }: Route.ComponentProps) {
  const { authority, inspections, myActions, myOpenCount, userId, canAdd } = loaderData;
  return (
    <>
      <h1>{authority.name}</h1>
      {inspections ? (
        <section aria-labelledby="inspections-heading" className="mb-10">
          <h2 id="inspections-heading">Inspections</h2>
          {canAdd ? (
            <p className="mb-6">
              <Link
                to={authorityHref(authority.slug, "/inspections/new")}
                className="inline-block bg-success px-4 py-2 font-bold text-white no-underline hover:bg-[#005a30] hover:text-white"
              >
                Add an inspection
              </Link>
            </p>
          ) : null}
          {inspections.rows.length === 0 ? (
            <p>{inspections.page > 1 ? "No more inspections." : "No inspections have been added yet."}</p>
          ) : null}
          <ul className="space-y-6">
            {inspections.rows.map((i) => (
              <li key={i.id} className="border-l-4 border-brand pl-4">
                <h3>
                  <Link to={authorityHref(authority.slug, "/inspections/:inspectionId", { inspectionId: i.id })}>
                    {i.title}
                  </Link>
                </h3>
                <p className="mb-2 text-ink-muted">
                  {inspectionTypeLabel(i.type)}
                  {i.startDate ? <> · {formatDateRange(i.startDate, i.endDate)}</> : null}
                  {i.publishedAt ? <> · published {formatDate(i.publishedAt)}</> : null}
                  {" · "}
                  {i._count.recommendations} item{i._count.recommendations === 1 ? "" : "s"} to improve
                </p>
                {i.judgements.length > 0 ? (
                  <JudgementTable judgements={i.judgements} caption={`Judgements for ${i.title}`} />
                ) : (
                  <p>This inspection has no graded judgements.</p>
                )}
              </li>
            ))}
          </ul>
          {inspections.page > 1 || inspections.hasNext ? (
            <nav aria-label="Inspection pages" className="mt-4 flex gap-6">
              {inspections.page > 1 ? <Link to={`?inspections=${inspections.page - 1}`}>Newer inspections</Link> : null}
              {inspections.hasNext ? <Link to={`?inspections=${inspections.page + 1}`}>Older inspections</Link> : null}
            </nav>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="my-actions-heading">
        <h2 id="my-actions-heading">Actions assigned to you</h2>
        {myActions.length === 0 ? <p>No open actions are assigned to you.</p> : null}
        {myOpenCount > myActions.length ? (
          <p className="mb-4">
            The {myActions.length} most urgent of your {myOpenCount} open actions.{" "}
            <Link to={`${authorityHref(authority.slug, "/actions")}?owner=${userId}`}>See all your actions</Link>
          </p>
        ) : null}
        <ul className="space-y-4">
          {myActions.map((a) => (
            <li key={a.id} className="border-b border-rule pb-3">
              <p className="mb-1 font-bold">
                <ActionLink authority={authority.slug} action={a} />
              </p>
              <p className="mb-2 text-ink-muted">
                {a.recommendation.reference}: {a.recommendation.text}
              </p>
              <p className="flex flex-wrap items-center gap-2">
                <StatusTag status={a.status} /> <RagTag rag={a.rag} /> <OverdueTag action={a} />
                {a.dueDate ? <span>Due {formatDate(a.dueDate)}</span> : null}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
