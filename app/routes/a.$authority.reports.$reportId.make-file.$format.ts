import { redirect } from "react-router";
import type { Route } from "./+types/a.$authority.reports.$reportId.make-file.$format";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { isPackFormat, startPackFile } from "~/modules/board-pack/pack-file.server";
import { notFound } from "~/utils/errors";
import { authorityHref } from "~/utils/links";

/**
 * A kept pack in Word or PDF: the POST queues the file as a long job (ADR 021)
 * and sends the user to its status page, which shows the progress and then
 * the download link.
 */
export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "read:action:any");
  const format = args.params.format;
  if (!isPackFormat(format)) throw notFound("format");
  const job = await startPackFile({
    authorityId: user.authority.id,
    actor: actorOf(user),
    reportId: args.params.reportId,
    format,
  });
  return redirect(authorityHref(user.authority.slug, "/jobs/:jobId", { jobId: job.id }));
}

/** An old link to the file: the pack's page, where the file is made. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:any");
  if (!isPackFormat(args.params.format)) throw notFound("format");
  return redirect(authorityHref(user.authority.slug, "/reports/:reportId", { reportId: args.params.reportId }));
}
