import type { Route } from "./+types/a.$authority.plan[.]xlsx";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { roleHasPermission } from "~/modules/auth/permissions";
import { PLAN_CONTENT_TYPES, planFileName, planXlsxStream } from "~/modules/plan-io/export.server";

/** The authority's action plan as an Excel workbook (streamed). Partner users get only their own actions. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:own");
  const scope = roleHasPermission(user.role, "read:action:any") ? "any" : "own";
  const body = planXlsxStream({ authorityId: user.authority.id, viewer: { userId: user.id, scope }, authorityName: user.authority.name });
  return new Response(body, {
    headers: {
      "Content-Type": PLAN_CONTENT_TYPES.xlsx,
      "Content-Disposition": `attachment; filename="${planFileName(user.authority.slug, "xlsx")}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
