/** Zod schemas for the board and meeting forms, shared by the browser and the server. */
import { z } from "zod";
import { BOARD_KINDS, BOARD_ROLES, DECISIONS } from "./rules";

const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max.toLocaleString("en-GB")} characters or fewer`)
    .optional()
    .transform((v) => v ?? "");

const realDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));

export const BoardSchema = z.object({
  intent: z.literal("create"),
  name: z.string({ error: "Enter the board's name" }).trim().min(1, "Enter the board's name").max(200, "The name must be 200 characters or fewer"),
  kind: z.enum(BOARD_KINDS, { error: "Choose the kind of board" }),
});

export const MemberSchema = z.object({
  intent: z.literal("member"),
  userId: z.string({ error: "Choose a person" }).min(1, "Choose a person"),
  boardRole: z.enum(BOARD_ROLES, { error: "Choose their role on the board" }),
});

export const MeetingSchema = z.object({
  intent: z.literal("plan"),
  date: z.string({ error: "Enter the date of the meeting" }).trim().refine(realDate, "Enter the date of the meeting as a real date"),
  time: z
    .string({ error: "Enter the time the meeting starts" })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Enter the time as hours and minutes, for example 14:00"),
  location: z.string({ error: "Enter where the meeting is, or its online link" }).trim().min(1, "Enter where the meeting is, or its online link").max(500, "The place must be 500 characters or fewer"),
});

/** One decision on one agenda item, with up to three new actions arising. */
export const DecisionSchema = z.object({
  intent: z.literal("decide"),
  itemId: z.string().min(1),
  decision: z.enum(DECISIONS, { error: "Choose the board's decision" }),
  notes: text(5000, "Notes"),
  challenge: text(5000, "The challenge"),
  newDueDate: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || realDate(v), "Enter the new due date as a real date"),
  extensionReason: text(2000, "The reason"),
  arising: z
    .array(
      z.object({
        title: text(300, "The title"),
        owner: text(320, "The owner"),
        dueDate: z
          .string()
          .trim()
          .optional()
          .transform((v) => (v ? v : null))
          .refine((v) => v === null || realDate(v), "Enter the due date as a real date"),
      }),
    )
    .max(3)
    .optional()
    .transform((rows) => (rows ?? []).filter((r) => r.title || r.owner || r.dueDate)),
});
export type DecisionValue = z.infer<typeof DecisionSchema>;
