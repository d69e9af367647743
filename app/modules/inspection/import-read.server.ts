/**
 * From an uploaded PDF or pasted text to the review form's starting values.
 * Reading never throws for a bad document: it returns a message for the user.
 */
import type { ContentPolicy, UploadLimits } from "~/modules/upload/upload.server";
import { cleanText } from "~/utils/text";
import { extractPdfText } from "./import/pdf-text.server";
import { readReport, type AddressedTo, type ReadResult } from "./import/reader";
import type { ReviewDefaults } from "./forms";
import { INSPECTION_TYPES, RECOMMENDATION_KINDS, type InspectionType } from "./types";
import type { Result } from "~/utils/result";

export const MAX_REPORT_BYTES = 20 * 1024 * 1024;
export const MAX_PASTED_CHARS = 2_000_000;

/** The report on the one upload path (ADR 020): up to 20 MB, streamed to staging, and a PDF by its content. */
export const REPORT_UPLOAD: UploadLimits = {
  maxBytes: MAX_REPORT_BYTES,
  tooLargeMessage: `The selected file must be smaller than ${Math.round(MAX_REPORT_BYTES / 1024 / 1024)} MB`,
};
export const REPORT_CONTENT: ContentPolicy = {
  accept: ["pdf"],
  scan: false,
  wrongKind: {
    message: "This file is not a PDF. Upload the report as the PDF published by Ofsted, or paste its text instead.",
    forRefused: true,
  },
};

export type ReadOutcome = Result<
  { text: string; defaults: ReviewDefaults; result: ReadResult },
  /** retryAfterS: with status 503, when the PDF reader was busy (the route sends it as Retry-After). */
  { message: string; status: number; retryAfterS?: number }
>;

const DEFAULT_TITLES: Partial<Record<InspectionType, string>> = {
  ilacs_standard: "Inspection of children's social care services",
  ilacs_short: "Inspection of children's social care services",
  focused_visit: "Focused visit to children's services",
  monitoring_visit: "Monitoring visit to children's services",
  jtai: "Joint targeted area inspection",
  send_area: "Area SEND inspection",
  unannounced_letter: "Unannounced inspection of contact, referral and assessment",
  sif: "Inspection of services for children in need of help and protection, children looked after and care leavers",
};

const ADDRESSEE_LABELS: Record<AddressedTo, string> = {
  council: "Local authority",
  partnership: "Partnership",
  health: "Health (NHS, ICB)",
  police: "Police",
  lscb: "Local Safeguarding Children Board",
};

/** Maps the reader's result onto the review form. Pure. */
export function toReviewDefaults(result: ReadResult): ReviewDefaults {
  const type: InspectionType = (INSPECTION_TYPES as readonly string[]).includes(result.kind)
    ? (result.kind as InspectionType)
    : "other";
  const items = result.items.map((item, index) => ({
    keep: true,
    reference: item.reference ?? `R${index + 1}`,
    text: item.text,
    kind: (RECOMMENDATION_KINDS as readonly string[]).includes(item.kind) ? item.kind : "recommendation",
    addressedTo: item.addressedToText ?? (item.addressedTo ? ADDRESSEE_LABELS[item.addressedTo] : undefined),
    timescale: item.timescale ?? undefined,
    subheading: item.subheading ?? undefined,
    unsure: item.truncated
      ? "The text ends partway through this item: check it against the report."
      : item.confidence === "low"
        ? (item.reason ?? "The reader was not sure where this item starts or ends.")
        : undefined,
  }));
  return {
    type,
    title: result.title ?? DEFAULT_TITLES[type] ?? "Inspection",
    startDate: result.startDate ?? undefined,
    endDate: result.endDate ?? undefined,
    // Letters print the date they were sent, which is their publication date for the statutory clock.
    publishedAt: result.publishedAt ?? result.letterDate ?? undefined,
    leadInspector: result.leadInspector ?? undefined,
    judgements: result.judgements.map((j) => ({ area: j.area, gradeText: j.gradeText, grade: j.grade })),
    items,
    notFound: result.notFound
      ? (result.notFoundReason ?? "The report has no section listing what needs to improve.")
      : undefined,
    authorityName: result.authorityName ?? undefined,
  };
}

/** owner: the user importing (their id), for the PDF reader's per-user queue bound. */
export async function readUploadedReport({
  bytes,
  owner,
}: {
  bytes: Uint8Array;
  owner?: string;
}): Promise<ReadOutcome> {
  const pdf = await extractPdfText(bytes, { maxBytes: MAX_REPORT_BYTES, owner });
  if (!pdf.ok)
    return { ok: false, message: pdf.error.message, status: pdf.error.status, retryAfterS: pdf.error.retryAfterS };
  // The shared text schema's cleaning: no NUL, controls or bidi overrides reach the reader, the draft or the database.
  const text = cleanText(pdf.text, { pages: true });
  const result = readReport(text);
  return { ok: true, text, defaults: toReviewDefaults(result), result };
}

export function readPastedReport({ text: pasted }: { text: string }): ReadOutcome {
  const text = cleanText(pasted, { pages: true });
  if (!text.trim()) return { ok: false, message: "Paste the text of the report", status: 400 };
  if (text.length > MAX_PASTED_CHARS)
    return {
      ok: false,
      message: "The pasted text is too long to be one report. Paste one report at a time.",
      status: 413,
    };
  const result = readReport(text);
  return { ok: true, text, defaults: toReviewDefaults(result), result };
}
