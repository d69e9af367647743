import type { Route } from "./+types/a.$authority.audit[.]csv";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { downloadResponse } from "~/utils/download.server";
import { auditCsvStream } from "~/modules/audit/service.server";

/** The authority's whole audit log as a CSV download (admins). */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:audit:any");
  return downloadResponse(auditCsvStream({ authorityId: user.authority.id }), {
    fileName: `audit-${user.authority.slug}-${new Date().toISOString().slice(0, 10)}.csv`,
    contentType: "text/csv; charset=utf-8",
  });
}
