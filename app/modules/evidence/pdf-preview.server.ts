/**
 * The text preview of a PDF evidence version, read once and kept (ADR 014).
 *
 * The first view reads the file in the PDF reader sandbox and stores the
 * outcome on the EvidenceVersion row: the text, or why there is none. Later
 * views, by anyone, read the row. A file that breached the reader's limits
 * (memory, time, inflated bytes) is stored as "unreadable" and never read
 * again; views of a version being read right now wait for that one reading.
 * Only "busy" (the reader's queue is full) is not stored: it says nothing
 * about the file.
 */
import { extractPdfText, type PdfTextErrorCode } from "~/modules/inspection/import/pdf-text.server";
import { getDb } from "~/utils/db.server";
import type { OpenedFile } from "./service.server";

/** Text kept and shown; the rest is in the download. */
export const PDF_PREVIEW_TEXT_CHARS = 200 * 1024;

export type PdfPreview =
  | { state: "ready"; text: string; pages: number }
  | { state: "failed" | "unreadable"; note: string }
  | { state: "busy"; note: string; retryAfterS: number };

export const UNREADABLE_NOTE =
  "This file could not be read: it needs more memory or time than a preview may use, so it will not be tried again. Download the file to open it.";

const FAILED_NOTES: Partial<Record<PdfTextErrorCode, string>> = {
  encrypted: "No text preview: the PDF is protected by a password. Download the file to open it.",
  no_text: "No text preview: the PDF has no text in it, only images (it may be a scan). Download the file to see it.",
  too_many_pages: "No text preview: the PDF has more pages than a preview reads. Download the file to read it.",
};
const DAMAGED_NOTE = "No text preview: the PDF looks damaged or incomplete. Download the file to open it.";

const reading = new Map<string, Promise<PdfPreview>>();

/** A version's file, opened for reading, and whose preview it is (`owner` names the reader's sandbox job). */
type PreviewRequest = { authorityId: string; owner: string; file: OpenedFile };

export async function pdfPreview({ authorityId, owner, file }: PreviewRequest): Promise<PdfPreview> {
  const kept = await getDb().evidenceVersion.findFirst({
    where: { id: file.versionId, authorityId },
    select: { previewStatus: true, previewText: true, previewPages: true, previewNote: true },
  });
  if (kept?.previewStatus === "ready") {
    file.stream.destroy();
    return { state: "ready", text: kept.previewText ?? "", pages: kept.previewPages ?? 0 };
  }
  if (kept?.previewStatus === "failed" || kept?.previewStatus === "unreadable") {
    file.stream.destroy();
    return { state: kept.previewStatus, note: kept.previewNote ?? UNREADABLE_NOTE };
  }
  const current = reading.get(file.versionId);
  if (current) {
    file.stream.destroy();
    return current;
  }
  const read = readAndKeep({ authorityId, owner, file }).finally(() => reading.delete(file.versionId));
  reading.set(file.versionId, read);
  return read;
}

async function readAndKeep({ authorityId, owner, file }: PreviewRequest): Promise<PdfPreview> {
  const chunks: Buffer[] = [];
  for await (const c of file.stream) chunks.push(c as Buffer);
  const read = await extractPdfText(new Uint8Array(Buffer.concat(chunks)), { owner, maxBytes: file.sizeBytes + 1 });
  let preview: PdfPreview;
  if (read.ok) {
    // PostgreSQL text cannot hold NUL; a preview does not need it.
    preview = {
      state: "ready",
      text: read.text.replace(/\0/g, "").slice(0, PDF_PREVIEW_TEXT_CHARS),
      pages: read.pageCount,
    };
  } else if (read.error.code === "busy") {
    return { state: "busy", note: read.error.message, retryAfterS: read.error.retryAfterS ?? 10 };
  } else if (read.error.code === "timeout" || read.error.code === "too_complex") {
    preview = { state: "unreadable", note: UNREADABLE_NOTE };
  } else {
    preview = { state: "failed", note: FAILED_NOTES[read.error.code] ?? DAMAGED_NOTE };
  }
  await getDb().evidenceVersion.updateMany({
    where: { id: file.versionId, authorityId, previewStatus: null },
    data:
      preview.state === "ready"
        ? { previewStatus: "ready", previewText: preview.text, previewPages: preview.pages }
        : { previewStatus: preview.state, previewNote: preview.note },
  });
  return preview;
}
