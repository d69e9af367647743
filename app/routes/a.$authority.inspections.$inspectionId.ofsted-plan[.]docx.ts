import type { Route } from "./+types/a.$authority.inspections.$inspectionId.ofsted-plan[.]docx";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { downloadResponse } from "~/utils/download.server";
import { ofstedPlanDocx } from "~/modules/plan-spreadsheet/ofsted-plan-docx.server";
import { getOfstedPlan, ofstedPlanFileName } from "~/modules/plan-spreadsheet/ofsted-plan.server";

/** The inspection's post-inspection action plan as a Word document. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:any");
  const plan = await getOfstedPlan({ authorityId: user.authority.id, inspectionId: args.params.inspectionId });
  const bytes = await ofstedPlanDocx(plan);
  return downloadResponse(new Uint8Array(bytes), {
    fileName: ofstedPlanFileName(plan, "docx"),
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    sizeBytes: bytes.length,
  });
}
