import { createReadableStreamFromReadable } from "@react-router/node";
import { downloadResponse } from "~/utils/download.server";
import type { OpenedFile } from "./service.server";

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
