/** Zod schemas for the action forms, shared by the client and the actions. */
import { z } from "zod";
import { optionalDay, requiredDay } from "~/utils/format";
import { optionalText as cleanOptionalText, text } from "~/utils/text";
import { lenient, queryDay, queryText } from "~/utils/query";
import { ACTION_STATUSES, RAGS } from "./status";

/** Free text (the shared text schema): multi-line unless `singleLine`. */
const optionalText = (max: number, label: string, singleLine = false) =>
  cleanOptionalText({ label, max, multiline: !singleLine });

const optionalDate = optionalDay;

/** The owner: an id from the list or an email address, cleaned like any text; empty is null. */
const optionalId = text({ label: "The owner", max: 320 })
  .optional()
  .transform((v) => (v ? v : null));

/** Empty is null; anything else must be one of the values, and comes out typed (no `!` after parsing). */
const optionalRag = z
  .string()
  .optional()
  .transform((v) => (v ? v : null))
  .pipe(z.enum(RAGS, { error: "Choose red, amber or green" }).nullable());

/**
 * Due date on or after the start date. Checked even when another field (say,
 * the title) is wrong, so that every mistake is reported at once.
 */
const dueAfterStartCheck = (v: { startDate: string | null; dueDate: string | null }) =>
  !v.startDate || !v.dueDate || v.startDate <= v.dueDate;
const dueAfterStartParams = {
  path: ["dueDate"],
  message: "Due date must be on or after the start date",
  when: (payload: z.core.ParsePayload<unknown>) =>
    !payload.issues.some((i) => i.path?.[0] === "startDate" || i.path?.[0] === "dueDate"),
};

/** A dated narrative update, optionally changing progress, RAG or status. */
export const ProgressUpdateSchema = z.object({
  intent: z.literal("update"),
  version: z.coerce.number().int().positive(),
  body: text({ label: "The update", max: 10_000, multiline: true, required: "Describe the progress made" }),
  progress: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? null : Number(v)))
    .refine((v) => v === null || (Number.isInteger(v) && v >= 0 && v <= 100), {
      message: "Progress must be a whole number from 0 to 100",
    }),
  rag: optionalRag,
  ragReason: optionalText(2000, "The reason"),
  status: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(z.enum(ACTION_STATUSES, { error: "Choose a status" }).nullable()),
  statusReason: optionalText(2000, "The reason"),
});

/** The fields an action is created with, and edited by. */
const actionFields = {
  title: text({ label: "Title", max: 300, required: "Enter a title" }),
  description: optionalText(10_000, "Description"),
  ownerId: optionalId,
  leadService: optionalText(200, "Lead service", true),
  partnerAgencies: optionalText(500, "Partner agencies", true),
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
export const NewActionSchema = z
  .object({ intent: z.literal("create"), ...actionFields })
  .refine(dueAfterStartCheck, dueAfterStartParams);

/** A dated milestone on the way to the action's due date. */
export const MilestoneSchema = z.object({
  intent: z.literal("milestone-add"),
  milestoneTitle: text({ label: "The milestone", max: 300, required: "Enter the milestone" }),
  milestoneDue: optionalDate("The milestone date"),
});

/** Mark a milestone done or not done, or remove it (one button each, posting the milestone's id). */
export const MilestoneChangeSchema = z.object({
  intent: z.enum(["milestone-done", "milestone-undone", "milestone-remove"], { error: "Choose what to do" }),
  milestoneId: text({ label: "The milestone", max: 64, required: "Choose a milestone" }),
});

/** A JSON object posted in a hidden field; anything else is an empty object. */
const jsonObject = (v: string | undefined): Record<string, unknown> => {
  try {
    const o: unknown = JSON.parse(v ?? "{}");
    return o && typeof o === "object" && !Array.isArray(o) ? (o as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/** The values the details form started from (hidden, JSON), so that a conflict can say what changed meanwhile. */
export const FormBaseSchema = z.object({ base: z.string().max(100_000).optional().transform(jsonObject) });

/** A query parameter's value: bad values are dropped (the list shows everything), never an error. */
const param = queryText;
const filterDay = queryDay;

/**
 * The action list's filters (a GET form). Filter state lives in the URL so that views can be bookmarked and
 * shared. The due dates come from date inputs (`dueFrom.day`…) or as YYYY-MM-DD.
 */
export const ActionFilterSchema = z.object({
  inspection: param(64),
  recommendation: param(64),
  status: lenient(z.enum(ACTION_STATUSES)),
  rag: lenient(z.enum([...RAGS, "none"])),
  owner: param(320),
  service: param(200),
  partner: param(200),
  overdue: lenient(z.enum(["1"])),
  dueFrom: filterDay,
  dueTo: filterDay,
  q: param(200),
  sort: lenient(z.enum(["due", "-due", "title", "updated", "status"])),
  page: lenient(z.coerce.number().int().min(1).max(100_000)),
  /** Removed (soft-deleted) actions instead of live ones; honoured for admins only. */
  removed: lenient(z.enum(["1"])),
});

/** The actions ticked in the list for a bulk change. */
const bulkIds = z
  .array(text({ label: "The action", max: 64, required: "Select at least one action" }), {
    error: "Select at least one action",
  })
  .min(1, "Select at least one action")
  .max(500, "Select at most 500 actions");

/**
 * Bulk edit of the ticked actions (admins): one change, chosen by `field`. The new status is `newStatus`, so
 * that it does not share a name (and an id) with the list's status filter on the same page.
 */
export const BulkEditSchema = z.discriminatedUnion(
  "field",
  [
    z.object({ ids: bulkIds, field: z.literal("owner"), ownerId: optionalId }),
    z.object({
      ids: bulkIds,
      field: z.literal("dueDate"),
      dueDate: requiredDay("The new due date", "Enter the new due date"),
      reason: text({
        label: "The reason",
        max: 2000,
        multiline: true,
        required: "Enter why the due dates are changing",
      }),
    }),
    z.object({
      ids: bulkIds,
      field: z.literal("status"),
      newStatus: z.enum(ACTION_STATUSES, { error: "Choose a status" }),
      reason: optionalText(2000, "The reason"),
    }),
  ],
  { error: "Choose what to change" },
);

export type ProgressUpdateValue = z.output<typeof ProgressUpdateSchema>;
export type ActionDetailsValue = z.output<typeof ActionDetailsSchema>;
export type NewActionValue = z.output<typeof NewActionSchema>;
export type MilestoneValue = z.output<typeof MilestoneSchema>;
