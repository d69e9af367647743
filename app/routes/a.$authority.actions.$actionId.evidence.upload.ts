import type { Route } from "./+types/a.$authority.actions.$actionId.evidence.upload";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { handleEvidenceUpload } from "~/modules/evidence/upload-action.server";

/** One file per request, for the upload page's per-file progress bars. Answers JSON. */
export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "update:action:own");
  const result = await handleEvidenceUpload({ request: args.request, user, actionId: args.params.actionId });
  return Response.json(result, { status: result.ok ? 201 : result.status, headers: { "Cache-Control": "no-store" } });
}

export function loader() {
  return new Response("Upload files with POST.", { status: 405, headers: { Allow: "POST" } });
}
