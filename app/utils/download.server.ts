import { cleanText } from "~/utils/text";

/** Safe display / download name: no path, no control, bidi override or quote characters, bounded length. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "file";
  const controlsMarked = [...base]
    .map((ch) => (ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127 || '"<>:|?*'.includes(ch) ? "_" : ch))
    .join("");
  // Then the shared text schema's cleaning: C1 controls and bidi overrides ("invoice\u202Efdp.exe" showing as "invoiceexe.pdf") go.
  const cleaned = cleanText(controlsMarked).slice(-120);
  return cleaned || "file";
}

export type Disposition = "attachment" | "inline";

/** Content-Disposition for a file name (sanitised here): an ASCII fallback and the exact UTF-8 name (RFC 5987 `filename*`). */
export function contentDisposition(fileName: string, disposition: Disposition = "attachment"): string {
  const safe = safeFileName(fileName);
  const ascii = safe.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_");
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(safe)}`;
}

export type DownloadOptions = {
  /** The name the browser saves the file as; sanitised by `contentDisposition`. */
  fileName: string;
  contentType: string;
  /** Sent as Content-Length when known (not for streamed exports). */
  sizeBytes?: number;
  /** `inline` only for images shown on a page (evidence preview); everything else is an attachment. */
  disposition?: Disposition;
  /** A stricter Content-Security-Policy than the site's, e.g. `default-src 'none'; sandbox` for user files. */
  contentSecurityPolicy?: string;
  /** Any further headers the route needs (e.g. Repr-Digest). */
  headers?: Record<string, string>;
};

/**
 * The one way a route sends a file (ADR 011, issue 13): the content type, a safe
 * file name with an RFC 5987 `filename*`, nosniff and no caching, so no route
 * writes these headers by hand.
 */
export function downloadResponse(body: BodyInit, options: DownloadOptions): Response {
  const headers = new Headers(options.headers);
  headers.set("Content-Type", options.contentType);
  if (options.sizeBytes !== undefined) headers.set("Content-Length", String(options.sizeBytes));
  headers.set("Content-Disposition", contentDisposition(options.fileName, options.disposition));
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Cache-Control", "private, no-store");
  if (options.contentSecurityPolicy) headers.set("Content-Security-Policy", options.contentSecurityPolicy);
  return new Response(body, { headers });
}
