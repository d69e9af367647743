/** Zod schemas for the action forms, shared by the client and the actions. */
import { z } from "zod";
import { ACTION_STATUSES, RAGS } from "./status";

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max.toLocaleString("en-GB")} characters or fewer`)
    .optional()
    .transform((v) => v ?? "");

const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), { message: `${label} must be a real date` });

const optionalRag = z
  .string()
  .optional()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || (RAGS as readonly string[]).includes(v), { message: "Choose red, amber or green" });

/**
 * Due date on or after the start date. Checked even when another field (say,
 * the title) is wrong, so that every mistake is reported at once.
 */
const dueAfterStartCheck = (v: { startDate: string | null; dueDate: string | null }) => !v.startDate || !v.dueDate || v.startDate <= v.dueDate;
const dueAfterStartParams = {
  path: ["dueDate"],
  message: "Due date must be on or after the start date",
  when: (payload: z.core.ParsePayload<unknown>) => !payload.issues.some((i) => i.path?.[0] === "startDate" || i.path?.[0] === "dueDate"),
};

/** A dated narrative update, optionally changing progress, RAG or status. */
export const ProgressUpdateSchema = z.object({
  intent: z.literal("update"),
  version: z.coerce.number().int().positive(),
  body: z.string({ error: "Describe the progress made" }).trim().min(1, "Describe the progress made").max(10_000, "The update must be 10,000 characters or fewer"),
  progress: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? null : Number(v)))
    .refine((v) => v === null || (Number.isInteger(v) && v >= 0 && v <= 100), { message: "Progress must be a whole number from 0 to 100" }),
  rag: optionalRag,
  ragReason: optionalText(2000, "The reason"),
  status: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || (ACTION_STATUSES as readonly string[]).includes(v), { message: "Choose a status" }),
  statusReason: optionalText(2000, "The reason"),
});

/** The fields an action is created with, and edited by. */
const actionFields = {
  title: z.string({ error: "Enter a title" }).trim().min(1, "Enter a title").max(300, "Title must be 300 characters or fewer"),
  description: optionalText(10_000, "Description"),
  ownerId: z
    .string()
    .optional()
    .transform((v) => (v ? v : null)),
  leadService: optionalText(200, "Lead service"),
  partnerAgencies: optionalText(500, "Partner agencies"),
  successMeasure: optionalText(5000, "How we will know"),
  startDate: optionalDate("Start date"),
  dueDate: optionalDate("Due date"),
};

/** The action's details. Owners may change some fields; admins all of them. */
export const ActionDetailsSchema = z
  .object({
    intent: z.literal("edit"),
    version: z.coerce.number().int().positive(),
    ...actionFields,
    extensionReason: optionalText(2000, "The reason"),
    impactRag: optionalRag,
    impactReason: optionalText(2000, "The reason"),
  })
  .refine(dueAfterStartCheck, dueAfterStartParams);

/** A new action under a recommendation (admins). */
export const NewActionSchema = z.object({ intent: z.literal("create"), ...actionFields }).refine(dueAfterStartCheck, dueAfterStartParams);

/** A dated milestone on the way to the action's due date. */
export const MilestoneSchema = z.object({
  intent: z.literal("milestone-add"),
  milestoneTitle: z
    .string({ error: "Enter the milestone" })
    .trim()
    .min(1, "Enter the milestone")
    .max(300, "The milestone must be 300 characters or fewer"),
  milestoneDue: optionalDate("The milestone date"),
});

export type ProgressUpdateValue = z.output<typeof ProgressUpdateSchema>;
export type ActionDetailsValue = z.output<typeof ActionDetailsSchema>;
export type NewActionValue = z.output<typeof NewActionSchema>;
export type MilestoneValue = z.output<typeof MilestoneSchema>;
