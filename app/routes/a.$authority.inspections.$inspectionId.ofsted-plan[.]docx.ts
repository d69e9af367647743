import type { Route } from "./+types/a.$authority.inspections.$inspectionId.ofsted-plan[.]docx";
import { ofstedPlanFile } from "~/modules/plan-spreadsheet/ofsted-plan-download.server";
import { downloadResponse } from "~/utils/download.server";

/** The inspection's post-inspection action plan as a Word document. */
export async function loader(args: Route.LoaderArgs) {
  const { body, options } = await ofstedPlanFile(args, "docx");
  return downloadResponse(body, options);
}
