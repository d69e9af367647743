import type { Route } from "./+types/a.$authority.evidence.$evidenceId.v.$versionNumber.download";
import { fileResponse, openVersionOfRoute } from "~/modules/evidence/file-response.server";

/** A version's file, always as an attachment with nosniff, checked against its SHA-256 as it is sent. */
export async function loader(args: Route.LoaderArgs) {
  const { file } = await openVersionOfRoute(args, "download");
  return fileResponse(file, "attachment");
}
