import type { Route } from "./+types/a.$authority.plan[.]csv";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { roleHasPermission } from "~/modules/auth/permissions";
import { PLAN_CONTENT_TYPES, planCsvStream, planFileName } from "~/modules/plan-io/export.server";

/** The authority's action plan as CSV (streamed). Partner users get only their own actions. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:own");
  const scope = roleHasPermission(user.role, "read:action:any") ? "any" : "own";
  return new Response(planCsvStream({ authorityId: user.authority.id, viewer: { userId: user.id, scope } }), {
    headers: {
      "Content-Type": PLAN_CONTENT_TYPES.csv,
      "Content-Disposition": `attachment; filename="${planFileName(user.authority.slug, "csv")}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
