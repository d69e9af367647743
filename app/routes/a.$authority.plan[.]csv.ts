import type { Route } from "./+types/a.$authority.plan[.]csv";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { PLAN_CONTENT_TYPES, planCsvStream, planFileName } from "~/modules/plan-spreadsheet/export.server";
import { downloadResponse } from "~/utils/download.server";

/** The authority's action plan as CSV (streamed). Partner users get only their own actions. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:own");
  return downloadResponse(planCsvStream({ authorityId: user.authority.id, viewer: actorOf(user) }), {
    fileName: planFileName(user.authority.slug, "csv"),
    contentType: PLAN_CONTENT_TYPES.csv,
  });
}
