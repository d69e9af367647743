import type { Route } from "./+types/a.$authority.evidence.$evidenceId.v.$versionNumber.raw";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { openEvidenceFile } from "~/modules/evidence/service.server";
import { fileResponse } from "~/modules/evidence/file-response.server";
import { FILE_KINDS } from "~/modules/upload/file-kinds";
import { notFound } from "~/utils/errors";

/**
 * The bytes of an image version for the preview page's <img>: PNG and JPEG
 * only (decided by content at upload; SVG is never accepted), inline but
 * sandboxed by CSP, with nosniff. Every other kind is 404 here.
 */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:own", "not_found");
  const versionNumber = Number(args.params.versionNumber);
  if (!Number.isInteger(versionNumber) || versionNumber < 1) throw notFound("file");
  const file = await openEvidenceFile({
    authorityId: user.authority.id,
    viewer: actorOf(user),
    evidenceId: args.params.evidenceId,
    versionNumber,
    purpose: "preview",
    requestId: user.requestId,
  });
  if (!file.kind || FILE_KINDS[file.kind].previewable !== "image") {
    file.stream.destroy();
    throw notFound("preview");
  }
  return fileResponse(file, "inline");
}
