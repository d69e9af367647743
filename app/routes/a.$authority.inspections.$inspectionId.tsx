import { Link } from "react-router";
import type { Route } from "./+types/a.$authority.inspections.$inspectionId";
import { ActionTable } from "~/components/action-table";
import { RecommendationProgress } from "~/components/action-tags";
import { SummaryList } from "~/components/summary-list";
import { JudgementTable } from "~/components/judgement-table";
import { StatutoryClock } from "~/components/statutory-clock";
import { toIsoDate, todayInEngland } from "~/modules/inspection/clock";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { roleHasPermission } from "~/modules/auth/permissions";
import { getInspection } from "~/modules/inspection/service.server";
import { inspectionTypeLabel, recommendationKindLabel } from "~/modules/inspection/types";
import { formatDate, formatDateRange } from "~/utils/format";
import { authorityHref } from "~/utils/links";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `${data?.inspection.title ?? "Inspection"} – Improvement Board` },
];

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:inspection:any");
  const inspection = await getInspection({ authorityId: user.authority.id, inspectionId: args.params.inspectionId });
  return {
    authority: user.authority,
    inspection,
    today: toIsoDate(todayInEngland()),
    canEdit: roleHasPermission(user.role, "write:inspection:any"),
  };
}

export default function InspectionPage({ loaderData }: Route.ComponentProps) {
  const { authority, inspection, today, canEdit } = loaderData;
  const base = authorityHref(authority.slug, "/");
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={base}>{authority.name}</Link> › <span aria-current="page">{inspection.title}</span>
      </nav>
      <span className="block text-lg text-ink-muted">{inspectionTypeLabel(inspection.type)}</span>
      <h1>{inspection.title}</h1>
      <p className="mb-4">
        Post-inspection action plan for Ofsted:{" "}
        <a
          href={authorityHref(authority.slug, "/inspections/:inspectionId/ofsted-plan.docx", {
            inspectionId: inspection.id,
          })}
          download
        >
          Word
        </a>{" "}
        ·{" "}
        <a
          href={authorityHref(authority.slug, "/inspections/:inspectionId/ofsted-plan.xlsx", {
            inspectionId: inspection.id,
          })}
          download
        >
          Excel
        </a>
      </p>
      {canEdit ? (
        <p className="mb-4">
          <Link to={authorityHref(authority.slug, "/inspections/:inspectionId/edit", { inspectionId: inspection.id })}>
            Correct or remove this inspection
          </Link>
        </p>
      ) : null}
      <SummaryList
        rows={[
          {
            key: "Inspection dates",
            value: formatDateRange(inspection.startDate, inspection.endDate) || "Not recorded",
          },
          { key: "Published", value: formatDate(inspection.publishedAt) || "Not recorded" },
          { key: "Lead inspector", value: inspection.leadInspector ?? "Not recorded" },
          {
            key: "Source document",
            value: inspection.sourceFile ? (
              <a
                href={authorityHref(authority.slug, "/inspections/:inspectionId/source", {
                  inspectionId: inspection.id,
                })}
                download
              >
                Download the report as uploaded ({inspection.sourceFile.fileName})
              </a>
            ) : (
              "None uploaded"
            ),
          },
        ]}
      />
      {inspection.publishedAt ? (
        <StatutoryClock
          publishedAt={inspection.publishedAt}
          type={inspection.type}
          hasPriorityActions={inspection.recommendations.some((r) => r.kind === "area_for_priority_action")}
          today={today}
        />
      ) : null}
      {inspection.judgements.length > 0 ? (
        <section aria-labelledby="judgements-heading" className="mb-10">
          <h2 id="judgements-heading">Judgements</h2>
          <JudgementTable judgements={inspection.judgements} caption="Judgements and grades" />
        </section>
      ) : null}
      <section aria-labelledby="recommendations-heading">
        <h2 id="recommendations-heading">What the inspectors asked to improve</h2>
        {inspection.recommendations.length === 0 ? <p>No items recorded for this inspection.</p> : null}
        <ol className="space-y-8">
          {inspection.recommendations.map((r) => (
            <li key={r.id} className="border-l-4 border-rule pl-4">
              <h3 className="text-lg">
                <Link
                  to={authorityHref(authority.slug, "/recommendations/:recommendationId", { recommendationId: r.id })}
                >
                  {r.reference} <span className="sr-only">: {recommendationKindLabel(r.kind)}</span>
                </Link>
                <span className="ml-2 font-normal text-ink-muted" aria-hidden="true">
                  {recommendationKindLabel(r.kind)}
                  {r.timescale ? ` · ${r.timescale}` : ""}
                </span>
              </h3>
              <blockquote className="mb-3 text-lg">{r.text}</blockquote>
              {r.addressedTo ? <p className="mb-3 text-ink-muted">Addressed to: {r.addressedTo}</p> : null}
              <RecommendationProgress actions={r.actions} />
              <ActionTable actions={r.actions} authority={authority.slug} caption={`Actions for ${r.reference}`} />
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
