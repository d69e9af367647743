import { requireUserWithPermission, type RouteArgs } from "~/modules/auth/auth.server";
import { FILE_KINDS } from "~/modules/upload/file-kinds";
import type { DownloadOptions } from "~/utils/download.server";
import { PLAN_CONTENT_TYPES } from "./export.server";
import { ofstedPlanDocx } from "./ofsted-plan-docx.server";
import { ofstedPlanXlsx } from "./ofsted-plan-xlsx.server";
import { getOfstedPlan, ofstedPlanFileName, type OfstedPlan } from "./ofsted-plan.server";

const FORMATS: Record<"docx" | "xlsx", { render: (plan: OfstedPlan) => Promise<Buffer>; contentType: string }> = {
  docx: { render: ofstedPlanDocx, contentType: FILE_KINDS.docx.contentType },
  xlsx: { render: ofstedPlanXlsx, contentType: PLAN_CONTENT_TYPES.xlsx },
};

/**
 * `/inspections/:inspectionId/ofsted-plan.docx|xlsx`: the inspection's
 * post-inspection action plan as a Word document or an Excel workbook, for
 * someone who may read every action. The route answers with downloadResponse.
 */
export async function ofstedPlanFile(
  args: RouteArgs & { params: { inspectionId: string } },
  format: keyof typeof FORMATS,
): Promise<{ body: Uint8Array<ArrayBuffer>; options: DownloadOptions }> {
  const user = await requireUserWithPermission(args, "read:action:any");
  const plan = await getOfstedPlan({ authorityId: user.authority.id, inspectionId: args.params.inspectionId });
  const bytes = await FORMATS[format].render(plan);
  return {
    body: new Uint8Array(bytes),
    options: {
      fileName: ofstedPlanFileName(plan, format),
      contentType: FORMATS[format].contentType,
      sizeBytes: bytes.length,
    },
  };
}
