import { Link } from "react-router";
import type { Route } from "./+types/a.$authority.recommendations.$recommendationId";
import { ActionTable } from "~/components/action-table";
import { SummaryList } from "~/components/summary-list";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { getRecommendation } from "~/modules/recommendation/service.server";
import { recommendationKindLabel } from "~/modules/inspection/types";
import { raisedBefore } from "~/modules/recommendation/recurring.server";
import { formatDate } from "~/utils/format";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `${data?.recommendation.reference ?? "Recommendation"} – Improvement Board` },
];

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:inspection:any");
  const recommendation = await getRecommendation({ authorityId: user.authority.id, recommendationId: args.params.recommendationId });
  const earlier = await raisedBefore({ authorityId: user.authority.id, recommendationId: recommendation.id });
  return { authority: user.authority, recommendation, earlier };
}

export default function RecommendationPage({ loaderData }: Route.ComponentProps) {
  const { authority, recommendation: r, earlier } = loaderData;
  const base = `/a/${authority.slug}`;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={base}>{authority.name}</Link> ›{" "}
        <Link to={`${base}/inspections/${r.inspection.id}`}>{r.inspection.title}</Link> ›{" "}
        <span aria-current="page">{r.reference}</span>
      </nav>
      <h1>
        {r.reference}: {recommendationKindLabel(r.kind)}
      </h1>
      <blockquote className="mb-6 border-l-4 border-brand pl-4 text-xl">{r.text}</blockquote>
      <SummaryList
        rows={[
          { key: "Addressed to", value: r.addressedTo ?? "Not stated" },
          { key: "Timescale", value: r.timescale ?? "Not stated" },
        ]}
      />
      {earlier.length > 0 ? (
        <section aria-labelledby="raised-before-heading" className="mb-8 border-l-4 border-[#3d2375] bg-surface p-4">
          <h2 id="raised-before-heading" className="text-xl">
            Raised before
          </h2>
          <ul className="space-y-2">
            {earlier.map((e) => (
              <li key={e.id}>
                <Link to={`${base}/recommendations/${e.id}`}>
                  {e.reference} in {e.inspectionTitle}
                  {e.inspectionDate ? ` (${formatDate(e.inspectionDate)})` : ""}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>Actions</h2>
      <ActionTable actions={r.actions} base={base} caption={`Actions for ${r.reference}`} />
    </>
  );
}
