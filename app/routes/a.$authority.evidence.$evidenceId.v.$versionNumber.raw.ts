import type { Route } from "./+types/a.$authority.evidence.$evidenceId.v.$versionNumber.raw";
import { fileResponse, openVersionOfRoute } from "~/modules/evidence/file-response.server";
import { FILE_KINDS } from "~/modules/upload/file-kinds";
import { notFound } from "~/utils/errors";

/**
 * The bytes of an image version for the preview page's <img>: PNG and JPEG
 * only (decided by content at upload; SVG is never accepted), inline but
 * sandboxed by CSP, with nosniff. Every other kind is 404 here.
 */
export async function loader(args: Route.LoaderArgs) {
  const { file } = await openVersionOfRoute(args, "preview");
  if (!file.kind || FILE_KINDS[file.kind].previewable !== "image") {
    file.stream.destroy();
    throw notFound("preview");
  }
  return fileResponse(file, "inline");
}
