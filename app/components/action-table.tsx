import { Link } from "react-router";
import { TableHead } from "~/components/table-head";
import { OverdueTag, RagTag, StatusTag } from "./action-tags";
import { formatDate } from "~/utils/format";
import { authorityHref } from "~/utils/links";

type Row = {
  id: string;
  title: string;
  status: string;
  rag: string | null;
  dueDate: Date | string | null;
  progress: number;
  owner: { name: string } | null;
};

/** A link to an action's page, named by its title. */
export function ActionLink({ authority, action }: { authority: string; action: { id: string; title: string } }) {
  return <Link to={authorityHref(authority, "/actions/:actionId", { actionId: action.id })}>{action.title}</Link>;
}

/** An action's owner, due date (and whether it is overdue) and status: cells every table of actions has, in this order. */
export function ActionStateCells({ action: a }: { action: Pick<Row, "owner" | "dueDate" | "status"> }) {
  return (
    <>
      <td className="py-2 pr-3">{a.owner?.name ?? "Unassigned"}</td>
      <td className="py-2 pr-3">
        {a.dueDate ? formatDate(a.dueDate) : "No date"} <OverdueTag action={a} />
      </td>
      <td className="py-2 pr-3">
        <StatusTag status={a.status} />
      </td>
    </>
  );
}

/** Actions of one recommendation, as a table that reads well by screen reader. */
export function ActionTable({
  actions,
  authority,
  caption,
}: {
  actions: Row[];
  /** The authority's slug, for the links to each action. */
  authority: string;
  caption: string;
}) {
  if (actions.length === 0) return <p className="text-ink-muted">No actions yet.</p>;
  return (
    <table className="w-full text-left">
      <caption className="sr-only">{caption}</caption>
      <TableHead
        row="border-b-2 border-rule"
        cell="py-1 pr-3"
        columns={["Action", "Owner", "Due", "Status", "RAG", ["Progress", "py-1"]]}
      />
      <tbody>
        {actions.map((a) => (
          <tr key={a.id} className="border-b border-rule align-top">
            <td className="py-2 pr-3">
              <ActionLink authority={authority} action={a} />
            </td>
            <ActionStateCells action={a} />
            <td className="py-2 pr-3">
              <RagTag rag={a.rag} />
            </td>
            <td className="py-2">{a.progress}%</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
