import type { Route } from "./+types/a.$authority.evidence.$evidenceId.v.$versionNumber.download";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { openEvidenceFile } from "~/modules/evidence/service.server";
import { fileResponse } from "~/modules/evidence/file-response.server";
import { notFound } from "~/utils/errors";

/** A version's file, always as an attachment with nosniff, checked against its SHA-256 as it is sent. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:own", "not_found");
  const versionNumber = Number(args.params.versionNumber);
  if (!Number.isInteger(versionNumber) || versionNumber < 1) throw notFound("file");
  const file = await openEvidenceFile({
    authorityId: user.authority.id,
    viewer: actorOf(user),
    evidenceId: args.params.evidenceId,
    versionNumber,
    purpose: "download",
    requestId: user.requestId,
  });
  return fileResponse(file, "attachment");
}
