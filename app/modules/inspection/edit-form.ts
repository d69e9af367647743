/**
 * Correcting an inspection or one of its items after it was saved (admins).
 * One schema per form, shared by the client and the action.
 */
import { z } from "zod";
import { optionalDay } from "~/utils/format";
import { text } from "~/utils/text";
import { INSPECTION_TYPES, RECOMMENDATION_KINDS } from "./types";

/** Optional free text through the shared text schema; empty is null. */
const optionalText = (max: number, label: string, multiline = false) =>
  text({ label, max, multiline })
    .optional()
    .transform((v) => (v ? v : null));

const optionalDate = optionalDay;

const version = z.coerce.number().int().positive();

export const InspectionEditSchema = z
  .object({
    intent: z.literal("edit"),
    version,
    type: z.enum(INSPECTION_TYPES, { error: "Choose the type of inspection" }),
    title: text({ label: "Title", max: 300, required: "Enter a title" }),
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
