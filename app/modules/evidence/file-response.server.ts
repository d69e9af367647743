import { createReadableStreamFromReadable } from "@react-router/node";
import { downloadResponse } from "~/utils/download.server";
import { actorOf } from "~/modules/auth/actor";
import { requireUserWithPermission, type RouteArgs } from "~/modules/auth/auth.server";
import { notFound } from "~/utils/errors";
import { openEvidenceFile, type OpenedFile } from "./service.server";

/**
 * How every evidence file goes out: through the one download helper, with the
 * content type decided at upload, a sandboxing CSP (nothing in the file can run
 * or load anything), same-origin only, and the SHA-256 as Repr-Digest.
 * `inline` is only used for images on the preview page.
 */
export function fileResponse(file: OpenedFile, disposition: "attachment" | "inline"): Response {
  const digest = Buffer.from(file.sha256, "hex").toString("base64");
  return downloadResponse(createReadableStreamFromReadable(file.stream), {
    fileName: file.fileName,
    contentType: file.contentType,
    sizeBytes: file.sizeBytes,
    disposition,
    contentSecurityPolicy: "default-src 'none'; sandbox",
    headers: { "Cross-Origin-Resource-Policy": "same-origin", "Repr-Digest": `sha-256=:${digest}:` },
  });
}

/**
 * The file of `/evidence/:evidenceId/v/:versionNumber/…` for the signed-in
 * person, opened for `purpose` (audited), or 404: a version number that is
 * not a positive whole number, an item they may not see, a version it lacks.
 */
export async function openVersionOfRoute(
  args: RouteArgs & { params: { evidenceId: string; versionNumber: string } },
  purpose: "download" | "preview",
) {
  const user = await requireUserWithPermission(args, "read:action:own", "not_found");
  const versionNumber = Number(args.params.versionNumber);
  if (!Number.isInteger(versionNumber) || versionNumber < 1) throw notFound("file");
  const file = await openEvidenceFile({
    authorityId: user.authority.id,
    viewer: actorOf(user),
    evidenceId: args.params.evidenceId,
    versionNumber,
    purpose,
    requestId: user.requestId,
  });
  return { user, file, versionNumber };
}
