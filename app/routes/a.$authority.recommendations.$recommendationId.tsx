import { Link } from "react-router";
import type { Route } from "./+types/a.$authority.recommendations.$recommendationId";
import { ActionTable } from "~/components/action-table";
import { SummaryList } from "~/components/summary-list";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { getRecommendation } from "~/modules/recommendation/service.server";
import { recommendationKindLabel } from "~/modules/inspection/types";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `${data?.recommendation.reference ?? "Recommendation"} – Improvement Board` },
];

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:inspection:any");
  const recommendation = await getRecommendation({ authorityId: user.authority.id, recommendationId: args.params.recommendationId });
  return { authority: user.authority, recommendation };
}

export default function RecommendationPage({ loaderData }: Route.ComponentProps) {
  const { authority, recommendation: r } = loaderData;
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
      <h2>Actions</h2>
      <ActionTable actions={r.actions} base={base} caption={`Actions for ${r.reference}`} />
    </>
  );
}
