import { createReadableStreamFromReadable } from "@react-router/node";
import type { Route } from "./+types/a.$authority.jobs.$jobId.file";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { openLongJobFile } from "~/modules/long-jobs/service.server";
import { downloadResponse } from "~/utils/download.server";

/** The file a finished long job made: only for the person who started it, in its authority, with the kind's permission. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:any", "not_found");
  const file = await openLongJobFile({
    authorityId: user.authority.id,
    viewer: actorOf(user),
    jobId: args.params.jobId,
  });
  return downloadResponse(createReadableStreamFromReadable(file.stream), {
    fileName: file.fileName,
    contentType: file.contentType,
    sizeBytes: file.sizeBytes,
  });
}
