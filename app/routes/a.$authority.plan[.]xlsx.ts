import type { Route } from "./+types/a.$authority.plan[.]xlsx";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { PLAN_CONTENT_TYPES, planFileName, planXlsxStream } from "~/modules/plan-spreadsheet/export.server";
import { downloadResponse } from "~/utils/download.server";

/** The authority's action plan as an Excel workbook (streamed). Partner users get only their own actions. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:own");
  const body = planXlsxStream({
    authorityId: user.authority.id,
    viewer: actorOf(user),
    authorityName: user.authority.name,
  });
  return downloadResponse(body, {
    fileName: planFileName(user.authority.slug, "xlsx"),
    contentType: PLAN_CONTENT_TYPES.xlsx,
  });
}
