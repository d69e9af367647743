import type { Route } from "./+types/a.$authority.inspections.$inspectionId.source";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { getInspectionSource } from "~/modules/inspection/service.server";
import { createReadableStreamFromReadable } from "@react-router/node";
import { contentDisposition } from "~/modules/storage/service.server";

/** The report as uploaded, always as a download (never rendered inline), with nosniff. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:inspection:any");
  const { file, stream } = await getInspectionSource({ authorityId: user.authority.id, inspectionId: args.params.inspectionId });
  return new Response(createReadableStreamFromReadable(stream), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.sizeBytes),
      "Content-Disposition": contentDisposition(file.fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
