/**
 * The inspection's forms (ADR 019): one zod schema per form, shared by the
 * page's component and its action. The review an imported (or hand-entered)
 * inspection goes through before anything is saved; correcting an inspection
 * or one of its items after it was saved (admins); removing and restoring.
 */
import { z } from "zod";
import { optionalDay } from "~/utils/format";
import { text } from "~/utils/text";
import { GRADES, INSPECTION_TYPES, RECOMMENDATION_KINDS } from "./types";

/** Optional free text through the shared text schema; empty is null. */
const optionalText = (max: number, label: string, multiline = false) =>
  text({ label, max, multiline })
    .optional()
    .transform((v) => (v ? v : null));

const optionalDate = optionalDay;

const version = z.coerce.number().int().positive();

/** An inspection's own fields: the edit form's and the import review's, which differ only in what an empty field becomes. */
const inspectionFields = <D extends z.ZodType, L extends z.ZodType>(date: (label: string) => D, leadInspector: L) => ({
  type: z.enum(INSPECTION_TYPES, { error: "Choose the type of inspection" }),
  title: text({ label: "Title", max: 300, required: "Enter a title" }),
  startDate: date("Start date"),
  endDate: date("End date"),
  publishedAt: date("Publication date"),
  leadInspector,
});
const datesInOrder = (v: { startDate?: string | null; endDate?: string | null }) =>
  !v.startDate || !v.endDate || v.startDate <= v.endDate;
const DATES_IN_ORDER = { path: ["endDate"], message: "End date must be on or after the start date" };

export const InspectionEditSchema = z
  .object({
    intent: z.literal("edit"),
    version,
    ...inspectionFields(optionalDate, optionalText(200, "Lead inspector")),
  })
  .refine(datesInOrder, {
    ...DATES_IN_ORDER,
    when: (payload) => !payload.issues.some((i) => i.path?.[0] === "startDate" || i.path?.[0] === "endDate"),
  });

export const RecommendationEditSchema = z.object({
  intent: z.literal("edit"),
  version,
  reference: text({ label: "Reference", max: 20, required: "Enter a reference, such as R1" }),
  text: text({
    label: "The item",
    max: 5000,
    multiline: true,
    required: "Enter the item's text as the report prints it",
  }),
  kind: z.enum(RECOMMENDATION_KINDS, { error: "Choose what kind of item this is" }),
  addressedTo: optionalText(200, "Addressed to"),
  timescale: optionalText(100, "Timescale"),
});

/** Removing (soft delete) or restoring needs a reason, kept in the audit log. */
export const RemoveSchema = z.object({
  intent: z.enum(["remove", "restore"]),
  reason: text({ label: "The reason", max: 2000, multiline: true, required: "Enter the reason" }),
});

export type InspectionEditValue = z.output<typeof InspectionEditSchema>;
export type RecommendationEditValue = z.output<typeof RecommendationEditSchema>;

/** Optional free text through the shared text schema; empty is undefined (the review keeps no blanks). */
const reviewText = (max: number, label: string, multiline = false) =>
  text({ label, max, multiline })
    .optional()
    .transform((v) => (v ? v : undefined));

const isoDate = (label: string) => optionalDay(label).transform((v) => v ?? undefined);

export const ReviewItemSchema = z
  .object({
    keep: z
      .string()
      .optional()
      .transform((v) => v === "on" || v === "true"),
    reference: text({ label: "Reference", max: 20, required: "Enter a reference, such as R1" }),
    text: text({ label: "The item", max: 5000, multiline: true }).default(""),
    kind: z.enum(RECOMMENDATION_KINDS, { error: "Choose what kind of item this is" }),
    addressedTo: reviewText(200, "Addressed to"),
    timescale: reviewText(100, "Timescale"),
    subheading: reviewText(300, "Sub-heading"),
    /** The reader was unsure of this item; shown to the reviewer, not saved. */
    unsure: text({ label: "The note", max: 2000, multiline: true }).optional(),
  })
  .refine((item) => !item.keep || item.text.length > 0, {
    path: ["text"],
    message: "Enter the item's text, or untick Keep",
  });

export const ReviewJudgementSchema = z.object({
  area: text({ label: "The judgement area", max: 300, required: "Enter the judgement area" }),
  gradeText: text({ label: "The grade as printed", max: 100, required: "Enter the grade as printed" }),
  grade: z.enum(GRADES, { error: "Choose the grade" }),
});

export const ReviewSchema = z
  .object({
    ...inspectionFields(isoDate, reviewText(200, "Lead inspector")),
    judgements: z.array(ReviewJudgementSchema).max(50).default([]),
    items: z.array(ReviewItemSchema).max(500).default([]),
  })
  .refine(datesInOrder, DATES_IN_ORDER);

export type ReviewInput = z.input<typeof ReviewSchema>;
export type ReviewValue = z.output<typeof ReviewSchema>;

/** What the review form starts from: the reader's result, or blanks for manual entry. */
export type ReviewDefaults = {
  type: string;
  title: string;
  startDate?: string;
  endDate?: string;
  publishedAt?: string;
  leadInspector?: string;
  judgements: { area: string; gradeText: string; grade: string }[];
  items: {
    keep: boolean;
    reference: string;
    text: string;
    kind: string;
    addressedTo?: string;
    timescale?: string;
    subheading?: string;
    unsure?: string;
  }[];
  /** Set when the reader found no improvement section: said plainly, never guessed. */
  notFound?: string;
  authorityName?: string;
  documentLabel?: string;
};

/**
 * Adding an inspection: upload the report's PDF, or paste its text (then the
 * review above). The PDF is checked by its content on the server, where it is
 * streamed to staging; the form only carries it.
 */
export const ReportUploadSchema = z.object({
  intent: z.literal("upload"),
  file: z.custom<File>().optional(),
});

export const ReportPasteSchema = z.object({
  intent: z.literal("paste"),
  text: z.string({ error: "Paste the text of the report" }),
});
