import { Link } from "react-router";
import type { Route } from "./+types/a.$authority.audit";
import { AuditList } from "~/components/audit-list";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { listAuditEvents } from "~/modules/audit/service.server";
import { authorityHref } from "~/utils/links";

export const meta: Route.MetaFunction = () => [{ title: "Audit log – Improvement Board" }];

/** The authority's append-only audit log (admins); the CSV download is audit.csv. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:audit:any");
  const events = await listAuditEvents({ authorityId: user.authority.id, take: 200 });
  return { authority: user.authority, events };
}

export default function Audit({ loaderData }: Route.ComponentProps) {
  const { events, authority } = loaderData;
  return (
    <>
      <h1>Audit log</h1>
      <p className="mb-6">
        Every change to inspections, recommendations, actions, updates and memberships, newest first (the latest 200
        shown).{" "}
        <Link to={authorityHref(authority.slug, "/audit.csv")} reloadDocument>
          Download the whole log as CSV
        </Link>
        .
      </p>
      <AuditList events={events} showEntity authority={authority.slug} />
    </>
  );
}
