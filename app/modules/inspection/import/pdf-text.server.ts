/**
 * PDF bytes → plain text, for the report reader.
 *
 * The text is extracted with pdf.js (through `unpdf`, which bundles a
 * serverless build of it); nothing here parses PDF itself. pdf.js runs in the
 * PDF reader sandbox (`~/modules/pdf/sandbox.server`, ADR 014): a child
 * process killed past its memory, time or inflated-bytes limit, behind a
 * queue bounded per user and overall, so a hostile or broken file cannot hang
 * or sink the server. Files are checked before pdf.js sees them: empty, too
 * large, not a PDF at all.
 *
 * Failures are returned, not thrown: `{ ok: false, error }` with a code and a
 * message that can be shown to the user as it is.
 */
import { closePdfSandbox, pdfSandbox } from "~/modules/pdf/sandbox.server";
import { layoutPdfText } from "./pdf-layout";
import type { Fail, Ok } from "~/utils/result";

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_PAGES = 300;

export const PDF_TEXT_ERROR_CODES = [
  "empty",
  "too_large",
  "not_pdf",
  "encrypted",
  "corrupt",
  "too_many_pages",
  "no_text",
  "timeout",
  /** It needs more memory, or inflates to more data, than the reader may use (a "PDF bomb", or just huge). */
  "too_complex",
  /** The reader is full: try again later. Not a fault of the file. */
  "busy",
] as const;
export type PdfTextErrorCode = (typeof PDF_TEXT_ERROR_CODES)[number];

export type PdfTextError = {
  code: PdfTextErrorCode;
  /** Safe to show to the user as it is. */
  message: string;
  /** The HTTP status a route would answer with. */
  status: 400 | 413 | 422 | 503;
  /** With "busy": seconds after which trying again makes sense (the Retry-After header). */
  retryAfterS?: number;
};

export type PdfTextSuccess = Ok<{
  /** Lines separated by "\n", pages by "\f". */
  text: string;
  pageCount: number;
  /** Pages on which no text at all was found (scanned pages, pictures). */
  pagesWithoutText: number[];
}>;

export type PdfTextResult = PdfTextSuccess | Fail<{ error: PdfTextError }>;

export type PdfTextOptions = {
  /** Largest accepted file, in bytes. Default 20 MB. */
  maxBytes?: number;
  /** Most pages read. Default 300 (a long SIF report has about 50). */
  maxPages?: number;
  /** Time limit for the whole extraction, in milliseconds: at most the configured PDF_TIMEOUT_S (the default). */
  timeoutMs?: number;
  /** The user asking (their id), for the per-user bound on the queue. */
  owner?: string;
};

const mb = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

function fail(code: PdfTextErrorCode, message: string, status: PdfTextError["status"]): Fail<{ error: PdfTextError }> {
  return { ok: false, error: { code, message, status } };
}

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/** True when the "%PDF-" header is at the start of the file (some writers put a few junk bytes first; the PDF spec tolerates up to 1 KB). */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const limit = Math.min(bytes.length - PDF_MAGIC.length, 1024);
  outer: for (let i = 0; i <= limit; i++) {
    for (let j = 0; j < PDF_MAGIC.length; j++) if (bytes[i + j] !== PDF_MAGIC[j]) continue outer;
    return true;
  }
  return false;
}

/** Stops the PDF reader processes (for command-line tools and tests that want a clean exit). */
export function closePdfReader(): Promise<void> {
  return closePdfSandbox();
}

/**
 * Extracts the text of a PDF. Never throws for a bad file; returns a typed
 * error instead.
 */
export async function extractPdfText(
  input: Uint8Array | ArrayBuffer,
  options: PdfTextOptions = {},
): Promise<PdfTextResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const sandbox = pdfSandbox();
  const timeoutMs = Math.min(options.timeoutMs ?? Infinity, sandbox.limits.timeoutMs);
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);

  if (bytes.length === 0) return fail("empty", "The file is empty. Choose the report's PDF file again.", 400);
  if (bytes.length > maxBytes)
    return fail(
      "too_large",
      `The file is ${mb(bytes.length)}, which is larger than the ${mb(maxBytes)} limit. Ofsted reports are usually under 2 MB: check you chose the right file.`,
      413,
    );
  if (!looksLikePdf(bytes))
    return fail(
      "not_pdf",
      "This file is not a PDF. Upload the report as the PDF published by Ofsted, or paste its text instead.",
      400,
    );

  const m = await sandbox.run({ bytes, maxPages, timeoutMs, owner: options.owner });
  switch (m.type) {
    case "busy":
      return {
        ok: false,
        error: {
          code: "busy",
          message: `The PDF reader is busy with other files just now. Nothing was lost: try again in ${m.retryAfterS} seconds.`,
          status: 503,
          retryAfterS: m.retryAfterS,
        },
      };
    // A reader that dies mid-file ("crashed") has almost always hit V8's heap limit (--max-old-space-size) or the system's.
    case "memory":
    case "inflated":
    case "crashed":
      return fail(
        "too_complex",
        "The PDF could not be read: it needs more memory than the reader may use (it may be damaged or built to overload readers). Try pasting the report's text instead.",
        422,
      );

    case "timeout":
      return fail(
        "timeout",
        `Reading the PDF took longer than ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} seconds` : `${timeoutMs} ms`}, so it was stopped. The file may be damaged; try pasting the report's text instead.`,
        422,
      );
    case "too-many-pages":
      return fail(
        "too_many_pages",
        `The PDF has ${m.pageCount} pages; at most ${maxPages} can be read. Check you chose the inspection report, not a larger bundle.`,
        413,
      );
    case "error":
      if (m.name === "PasswordException")
        return fail(
          "encrypted",
          "The PDF is protected by a password, so its text cannot be read. Upload an unprotected copy or paste the report's text.",
          422,
        );
      return fail(
        "corrupt",
        "The PDF could not be read: it looks damaged or incomplete. Download the report again, or paste its text instead.",
        422,
      );
    case "ok": {
      const pagesWithoutText: number[] = [];
      m.pages.forEach((p, i) => {
        if (!p.runs.some((r) => r.str.trim() !== "")) pagesWithoutText.push(i + 1);
      });
      if (m.pageCount === 0 || pagesWithoutText.length === m.pageCount)
        return fail(
          "no_text",
          "The PDF has no text in it, only images (it may be a scan). Upload the report as published by Ofsted, or paste or type its text.",
          422,
        );
      return { ok: true, text: layoutPdfText(m.pages), pageCount: m.pageCount, pagesWithoutText };
    }
  }
}
