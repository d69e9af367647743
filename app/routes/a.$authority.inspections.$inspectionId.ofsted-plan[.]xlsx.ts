import type { Route } from "./+types/a.$authority.inspections.$inspectionId.ofsted-plan[.]xlsx";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { PLAN_CONTENT_TYPES } from "~/modules/plan-io/export.server";
import { ofstedPlanXlsx } from "~/modules/plan-io/ofsted-plan-xlsx.server";
import { getOfstedPlan, ofstedPlanFileName } from "~/modules/plan-io/ofsted-plan.server";

/** The inspection's post-inspection action plan as an Excel workbook. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:any");
  const plan = await getOfstedPlan({ authorityId: user.authority.id, inspectionId: args.params.inspectionId });
  const bytes = await ofstedPlanXlsx(plan);
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": PLAN_CONTENT_TYPES.xlsx,
      "Content-Disposition": `attachment; filename="${ofstedPlanFileName(plan, "xlsx")}"`,
      "Content-Length": String(bytes.length),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
