import type { Route } from "./+types/a.$authority.inspections.$inspectionId.source";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { getInspectionSource } from "~/modules/inspection/service.server";
import { createReadableStreamFromReadable } from "@react-router/node";
import { downloadResponse } from "~/utils/download.server";

/** The report as uploaded, always as a download (never rendered inline), with nosniff. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:inspection:any");
  const { file, stream } = await getInspectionSource({
    authorityId: user.authority.id,
    inspectionId: args.params.inspectionId,
  });
  return downloadResponse(createReadableStreamFromReadable(stream), {
    fileName: file.fileName,
    contentType: file.contentType,
    sizeBytes: file.sizeBytes,
  });
}
