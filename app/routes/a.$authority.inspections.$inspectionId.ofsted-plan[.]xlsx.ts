import type { Route } from "./+types/a.$authority.inspections.$inspectionId.ofsted-plan[.]xlsx";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { downloadResponse } from "~/utils/download.server";
import { PLAN_CONTENT_TYPES } from "~/modules/plan-spreadsheet/export.server";
import { ofstedPlanXlsx } from "~/modules/plan-spreadsheet/ofsted-plan-xlsx.server";
import { getOfstedPlan, ofstedPlanFileName } from "~/modules/plan-spreadsheet/ofsted-plan.server";

/** The inspection's post-inspection action plan as an Excel workbook. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:any");
  const plan = await getOfstedPlan({ authorityId: user.authority.id, inspectionId: args.params.inspectionId });
  const bytes = await ofstedPlanXlsx(plan);
  return downloadResponse(new Uint8Array(bytes), {
    fileName: ofstedPlanFileName(plan, "xlsx"),
    contentType: PLAN_CONTENT_TYPES.xlsx,
    sizeBytes: bytes.length,
  });
}
