import { Link } from "react-router";
import { TableHead } from "~/components/table-head";
import type { Route } from "./+types/a.$authority.dashboard";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { getDashboard } from "~/modules/action/list.server";
import {
  ACTION_STATUSES,
  ACTION_STATUS_LABELS,
  DUE_SOON_DAYS,
  NO_UPDATE_DAYS,
  RAGS,
  RAG_LABELS,
} from "~/modules/action/status";
import { addDays, formatDate, isoDay } from "~/utils/format";
import { authorityHref } from "~/utils/links";

export const meta: Route.MetaFunction = () => [{ title: "Dashboard – Improvement Board" }];

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:any");
  return { authority: user.authority, dashboard: await getDashboard({ authorityId: user.authority.id }) };
}

function Stat({ label, value, href }: { label: string; value: number; href: string }) {
  return (
    <li className="border-t-4 border-brand bg-surface p-4">
      <Link to={href} className="block text-ink no-underline hover:text-ink">
        <span className="block text-4xl font-bold">{value}</span>
        <span className="underline">{label}</span>
      </Link>
    </li>
  );
}

export default function Dashboard({ loaderData }: Route.ComponentProps) {
  const { authority, dashboard: d } = loaderData;
  const today = new Date().toISOString().slice(0, 10);
  const in30 = isoDay(addDays(new Date(), DUE_SOON_DAYS));
  return (
    <>
      <h1>Dashboard</h1>
      <ul className="mb-10 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Actions in the plan" value={d.total} href={authorityHref(authority.slug, "/actions")} />
        <Stat label="Overdue" value={d.overdue} href={`${authorityHref(authority.slug, "/actions")}?overdue=1`} />
        <Stat
          label={`Due in the next ${DUE_SOON_DAYS} days`}
          value={d.dueNext30}
          href={`${authorityHref(authority.slug, "/actions")}?dueFrom=${today}&dueTo=${in30}`}
        />
        <Stat
          label={`Open with no update in ${NO_UPDATE_DAYS} days`}
          value={d.staleUpdates}
          href={`${authorityHref(authority.slug, "/actions")}?sort=updated`}
        />
      </ul>
      <div className="mb-10 grid grid-cols-1 gap-8 lg:grid-cols-2">
        <table className="text-left">
          <caption className="mb-2 text-left text-xl font-bold">By status</caption>
          <TableHead row="border-b-2 border-rule" cell="py-1 text-right" columns={[["Status", "py-1"], "Actions"]} />
          <tbody>
            {ACTION_STATUSES.map((s) => (
              <tr key={s} className="border-b border-rule">
                <td className="py-1">
                  <Link to={`${authorityHref(authority.slug, "/actions")}?status=${s}`}>{ACTION_STATUS_LABELS[s]}</Link>
                </td>
                <td className="py-1 text-right">{d.byStatus[s] ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="text-left">
          <caption className="mb-2 text-left text-xl font-bold">By delivery RAG</caption>
          <TableHead row="border-b-2 border-rule" cell="py-1 text-right" columns={[["RAG", "py-1"], "Actions"]} />
          <tbody>
            {[...RAGS, "none" as const].map((r) => (
              <tr key={r} className="border-b border-rule">
                <td className="py-1">
                  <Link to={`${authorityHref(authority.slug, "/actions")}?rag=${r}`}>
                    {r === "none" ? "Not set" : RAG_LABELS[r]}
                  </Link>
                </td>
                <td className="py-1 text-right">{d.byRag[r] ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <table className="w-full text-left">
        <caption className="mb-2 text-left text-xl font-bold">Progress by inspection</caption>
        <TableHead
          row="border-b-2 border-rule"
          cell="py-1 pr-3 text-right"
          columns={[["Inspection", "py-1 pr-3"], "Actions", "Complete or closed", ["Mean progress", "py-1 text-right"]]}
        />
        <tbody>
          {d.perInspection.map((i) => (
            <tr key={i.id} className="border-b border-rule">
              <td className="py-2 pr-3">
                <Link to={authorityHref(authority.slug, "/inspections/:inspectionId", { inspectionId: i.id })}>
                  {i.title}
                </Link>
                {i.startDate ? <span className="text-ink-muted"> ({formatDate(i.startDate)})</span> : null}
              </td>
              <td className="py-2 pr-3 text-right">{i.actions}</td>
              <td className="py-2 pr-3 text-right">{i.done}</td>
              <td className="py-2 text-right">{i.meanProgress}%</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
