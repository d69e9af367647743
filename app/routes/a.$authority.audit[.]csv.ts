import type { Route } from "./+types/a.$authority.audit[.]csv";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { auditCsvStream } from "~/modules/audit/service.server";

/** The authority's whole audit log as a CSV download (admins). */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:audit:any");
  return new Response(auditCsvStream({ authorityId: user.authority.id }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${user.authority.slug}-${new Date().toISOString().slice(0, 10)}.csv"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
