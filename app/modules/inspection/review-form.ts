/**
 * The review form an imported (or hand-entered) inspection goes through
 * before anything is saved. One schema for the client and the action.
 */
import { z } from "zod";
import { GRADES, INSPECTION_TYPES, RECOMMENDATION_KINDS } from "./types";

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined));

const isoDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), {
      message: `${label} must be a real date`,
    });

export const ReviewItemSchema = z
  .object({
    keep: z
      .string()
      .optional()
      .transform((v) => v === "on" || v === "true"),
    reference: z.string().trim().min(1, "Enter a reference, such as R1").max(20, "Reference must be 20 characters or fewer"),
    text: z.string().trim().max(5000, "The item must be 5,000 characters or fewer").default(""),
    kind: z.enum(RECOMMENDATION_KINDS, { error: "Choose what kind of item this is" }),
    addressedTo: optionalText(200, "Addressed to"),
    timescale: optionalText(100, "Timescale"),
    subheading: optionalText(300, "Sub-heading"),
    /** The reader was unsure of this item; shown to the reviewer, not saved. */
    unsure: z.string().optional(),
  })
  .refine((item) => !item.keep || item.text.length > 0, { path: ["text"], message: "Enter the item's text, or untick Keep" });

export const ReviewJudgementSchema = z.object({
  area: z.string().trim().min(1, "Enter the judgement area").max(300),
  gradeText: z.string().trim().min(1, "Enter the grade as printed").max(100),
  grade: z.enum(GRADES, { error: "Choose the grade" }),
});

export const ReviewSchema = z
  .object({
    type: z.enum(INSPECTION_TYPES, { error: "Choose the type of inspection" }),
    title: z.string({ error: "Enter a title" }).trim().min(1, "Enter a title").max(300, "Title must be 300 characters or fewer"),
    startDate: isoDate("Start date"),
    endDate: isoDate("End date"),
    publishedAt: isoDate("Publication date"),
    leadInspector: optionalText(200, "Lead inspector"),
    judgements: z.array(ReviewJudgementSchema).max(50).default([]),
    items: z.array(ReviewItemSchema).max(500).default([]),
  })
  .refine((v) => !v.startDate || !v.endDate || v.startDate <= v.endDate, { path: ["endDate"], message: "End date must be on or after the start date" });

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
