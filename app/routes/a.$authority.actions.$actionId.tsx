import { Link } from "react-router";
import type { Route } from "./+types/a.$authority.actions.$actionId";
import { OverdueTag, RagTag, StatusTag } from "~/components/action-tags";
import { SummaryList } from "~/components/summary-list";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { roleHasPermission } from "~/modules/auth/permissions";
import { getAction } from "~/modules/action/service.server";
import { formatDate } from "~/utils/format";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.action.title ?? "Action"} – Improvement Board` }];

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:own");
  const scope = roleHasPermission(user.role, "read:action:any") ? "any" : "own";
  const action = await getAction({ authorityId: user.authority.id, actionId: args.params.actionId, viewer: { userId: user.id, scope } });
  return { authority: user.authority, action, canSeeInspection: roleHasPermission(user.role, "read:inspection:any") };
}

export default function ActionPage({ loaderData }: Route.ComponentProps) {
  const { authority, action, canSeeInspection } = loaderData;
  const base = `/a/${authority.slug}`;
  const r = action.recommendation;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={base}>{authority.name}</Link>
        {canSeeInspection ? (
          <>
            {" "}› <Link to={`${base}/inspections/${r.inspection.id}`}>{r.inspection.title}</Link> ›{" "}
            <Link to={`${base}/recommendations/${r.id}`}>{r.reference}</Link>
          </>
        ) : null}{" "}
        › <span aria-current="page">Action</span>
      </nav>
      <h1>{action.title}</h1>
      <p className="mb-6 flex flex-wrap items-center gap-2">
        <StatusTag status={action.status} /> <RagTag rag={action.rag} /> <OverdueTag action={action} />
      </p>
      <blockquote className="mb-6 border-l-4 border-rule pl-4 text-ink-muted">
        <span className="font-bold">{r.reference}:</span> {r.text}
      </blockquote>
      <SummaryList
        rows={[
          { key: "Owner", value: action.owner ? `${action.owner.name}${action.owner.organisation ? ` (${action.owner.organisation})` : ""}` : "Unassigned" },
          { key: "Lead service", value: action.leadService || "Not recorded" },
          { key: "Partner agencies", value: action.partnerAgencies || "None recorded" },
          { key: "Start date", value: formatDate(action.startDate) || "Not set" },
          { key: "Due date", value: formatDate(action.dueDate) || "Not set" },
          { key: "Progress", value: `${action.progress}%` },
          { key: "RAG reason", value: action.ragReason ?? "Not given" },
          { key: "Description", value: action.description || "None" },
          { key: "How we will know", value: action.successMeasure || "Not recorded" },
        ]}
      />
      <h2>Progress updates</h2>
      {action.updates.length === 0 ? <p>No updates yet.</p> : null}
      <ol className="space-y-4">
        {action.updates.map((u) => (
          <li key={u.id} className="border-l-4 border-rule pl-4">
            <p className="text-sm text-ink-muted">
              {formatDate(u.createdAt)} · {u.author?.name ?? "Former user"}
            </p>
            <p className="whitespace-pre-line">{u.body}</p>
          </li>
        ))}
      </ol>
    </>
  );
}
