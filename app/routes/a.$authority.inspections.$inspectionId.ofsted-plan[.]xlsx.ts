import type { Route } from "./+types/a.$authority.inspections.$inspectionId.ofsted-plan[.]xlsx";
import { ofstedPlanFile } from "~/modules/plan-spreadsheet/ofsted-plan-download.server";
import { downloadResponse } from "~/utils/download.server";

/** The inspection's post-inspection action plan as an Excel workbook. */
export async function loader(args: Route.LoaderArgs) {
  const { body, options } = await ofstedPlanFile(args, "xlsx");
  return downloadResponse(body, options);
}
