import type { Route } from "./+types/a.$authority.inspections.$inspectionId.ofsted-plan[.]docx";
import { ofstedPlanDownload } from "~/modules/plan-spreadsheet/ofsted-plan-download.server";

/** The inspection's post-inspection action plan as a Word document. */
export function loader(args: Route.LoaderArgs) {
  return ofstedPlanDownload(args, "docx");
}
