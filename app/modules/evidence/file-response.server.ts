import { createReadableStreamFromReadable } from "@react-router/node";
import { contentDisposition } from "~/modules/storage/service.server";
import type { OpenedFile } from "./service.server";

/**
 * The headers every evidence file goes out with: the content type decided at
 * upload, nosniff, a sandboxing CSP (nothing in the file can run or load
 * anything), no caching, the SHA-256 as Repr-Digest, and a safe file name.
 * `inline` is only used for images on the preview page.
 */
export function fileResponse(file: OpenedFile, disposition: "attachment" | "inline"): Response {
  const digest = Buffer.from(file.sha256, "hex").toString("base64");
  return new Response(createReadableStreamFromReadable(file.stream), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.sizeBytes),
      "Content-Disposition": contentDisposition(file.fileName, disposition),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cross-Origin-Resource-Policy": "same-origin",
      "Cache-Control": "private, no-store",
      "Repr-Digest": `sha-256=:${digest}:`,
    },
  });
}
