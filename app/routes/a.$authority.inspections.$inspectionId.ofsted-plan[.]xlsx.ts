import type { Route } from "./+types/a.$authority.inspections.$inspectionId.ofsted-plan[.]xlsx";
import { ofstedPlanDownload } from "~/modules/plan-spreadsheet/ofsted-plan-download.server";

/** The inspection's post-inspection action plan as an Excel workbook. */
export function loader(args: Route.LoaderArgs) {
  return ofstedPlanDownload(args, "xlsx");
}
