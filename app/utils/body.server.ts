/**
 * The one way a route reads a form body (issue 12, finding 1). It counts the
 * bytes as they stream in (chunked bodies included) and stops at the route's
 * limit with a 413 before buffering more; a declared Content-Length over the
 * limit is refused without reading at all. A body that is not a form (JSON,
 * text, no content type), or that arrives cut short or cannot be parsed, is a
 * 400 with a message, never a 500.
 *
 * Files do not come through here: evidence, the report PDF and the plan
 * spreadsheet take the one upload path (modules/upload/upload.server.ts, ADR
 * 020), which streams the file to staging with each kind's exact limit.
 *
 * scripts/lib/request-limits.mjs holds the server's outer guard, which must
 * allow at least these limits for the same paths (request-limits.test.ts).
 */
import { AppError } from "./errors";

const KB = 1024;
const MB = 1024 * KB;

/**
 * Named limits, in bytes of the encoded body.
 * - signIn: sign-in, invitation and other anonymous forms: email, password,
 *   name, redirect target and CSRF token are well under 2 KB.
 * - form: every plain signed-in form. The longest ordinary field is 5,000
 *   characters (an update, an item, a decision); percent-encoded non-ASCII
 *   text can take 9 bytes a character, so 45 KB, with ample room for bulk
 *   edits that list many action ids.
 * - longForm: forms that carry many long fields at once: the board pack
 *   narrative (three sections) and the review of an imported report (up to
 *   500 items of 5,000 characters).
 * The report import's pasted text passes its own limit, derived from the report's file limit.
 */
export const BODY_LIMITS = {
  signIn: 16 * KB,
  form: 256 * KB,
  longForm: 4 * MB,
} as const;

export type BodyLimitName = keyof typeof BODY_LIMITS;

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

export function formatBytes(bytes: number): string {
  return bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${Math.ceil(bytes / KB)} KB`;
}

function tooLarge(maxBytes: number, counted: "declared" | "streamed") {
  return new AppError({
    status: 413,
    message: `What was sent is too large. This form accepts up to ${formatBytes(maxBytes)}.`,
    details: { reason: "body_too_large", counted, maxBytes },
  });
}

const notAForm = (reason: string) =>
  new AppError({
    status: 400,
    message: "We could not read what was sent. Send the form from the page and try again.",
    details: { reason },
  });

/**
 * Reads the body into memory, never more than `maxBytes` of it. Stops reading
 * (without cancelling, so the server can still answer) as soon as the count
 * passes the limit.
 */
async function readLimited(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch {
        throw notAForm("body_stream_failed");
      }
      if (next.done) break;
      const chunk = next.value;
      total += chunk.byteLength;
      if (total > maxBytes) throw tooLarge(maxBytes, "streamed");
      chunks.push(chunk);
    }
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

/**
 * `await readFormData(request, "form")` instead of `await request.formData()`.
 * Pass a name from BODY_LIMITS, or `{ maxBytes }` for a route whose limit
 * follows from a file limit (the report import's pasted text).
 */
export async function readFormData(request: Request, limit: BodyLimitName | { maxBytes: number }): Promise<FormData> {
  const maxBytes = typeof limit === "string" ? BODY_LIMITS[limit] : limit.maxBytes;
  const contentType = request.headers.get("content-type") ?? "";
  const mime = contentType.split(";")[0]!.trim().toLowerCase();
  if (!FORM_TYPES.has(mime)) throw notAForm(mime ? "wrong_content_type" : "no_content_type");
  if (request.bodyUsed) throw notAForm("body_already_read");

  const declaredHeader = request.headers.get("content-length");
  let declared: number | null = null;
  if (declaredHeader !== null) {
    if (!/^\d+$/.test(declaredHeader.trim())) throw notAForm("bad_content_length");
    declared = Number(declaredHeader.trim());
    if (declared > maxBytes) throw tooLarge(maxBytes, "declared");
  }

  const bytes = request.body ? await readLimited(request.body, maxBytes) : new Uint8Array(new ArrayBuffer(0));
  if (declared !== null && bytes.byteLength !== declared) throw notAForm("body_truncated");

  try {
    return await new Response(bytes, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw notAForm("body_unparseable");
  }
}
