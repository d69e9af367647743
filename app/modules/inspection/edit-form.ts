/**
 * Correcting an inspection or one of its items after it was saved (admins).
 * One schema per form, shared by the client and the action.
 */
import { z } from "zod";
import { INSPECTION_TYPES, RECOMMENDATION_KINDS } from "./types";

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : null));

const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), { message: `${label} must be a real date` });

const version = z.coerce.number().int().positive();

export const InspectionEditSchema = z
  .object({
    intent: z.literal("edit"),
    version,
    type: z.enum(INSPECTION_TYPES, { error: "Choose the type of inspection" }),
    title: z.string({ error: "Enter a title" }).trim().min(1, "Enter a title").max(300, "Title must be 300 characters or fewer"),
    startDate: optionalDate("Start date"),
    endDate: optionalDate("End date"),
    publishedAt: optionalDate("Publication date"),
    leadInspector: optionalText(200, "Lead inspector"),
  })
  .refine((v) => !v.startDate || !v.endDate || v.startDate <= v.endDate, {
    path: ["endDate"],
    message: "End date must be on or after the start date",
    when: (payload) => !payload.issues.some((i) => i.path?.[0] === "startDate" || i.path?.[0] === "endDate"),
  });

export const RecommendationEditSchema = z.object({
  intent: z.literal("edit"),
  version,
  reference: z.string({ error: "Enter a reference, such as R1" }).trim().min(1, "Enter a reference, such as R1").max(20, "Reference must be 20 characters or fewer"),
  text: z.string({ error: "Enter the item's text as the report prints it" }).trim().min(1, "Enter the item's text as the report prints it").max(5000, "The item must be 5,000 characters or fewer"),
  kind: z.enum(RECOMMENDATION_KINDS, { error: "Choose what kind of item this is" }),
  addressedTo: optionalText(200, "Addressed to"),
  timescale: optionalText(100, "Timescale"),
});

/** Removing (soft delete) or restoring needs a reason, kept in the audit log. */
export const RemoveSchema = z.object({
  intent: z.enum(["remove", "restore"]),
  reason: z.string({ error: "Enter the reason" }).trim().min(1, "Enter the reason").max(2000, "The reason must be 2,000 characters or fewer"),
});

export type InspectionEditValue = z.output<typeof InspectionEditSchema>;
export type RecommendationEditValue = z.output<typeof RecommendationEditSchema>;
