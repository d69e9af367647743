/** Zod schemas for the board and meeting forms, shared by the browser and the server. */
import { z } from "zod";
import { optionalDay, requiredDay } from "~/utils/format";
import { optionalText, text as cleanText } from "~/utils/text";
import { BOARD_KINDS, BOARD_ROLES, DECISIONS } from "./rules";

/** Optional free text through the shared text schema ("" when empty). */
const text = (max: number, label: string, multiline = true) => optionalText({ label, max, multiline });

/** An id posted back from the page (a person, an agenda item): cleaned, bounded. */
const id = (message: string) => cleanText({ label: "The choice", max: 64, required: message });

export const BoardSchema = z.object({
  intent: z.literal("create"),
  name: cleanText({ label: "The name", max: 200, required: "Enter the board's name" }),
  kind: z.enum(BOARD_KINDS, { error: "Choose the kind of board" }),
});

export const MemberSchema = z.object({
  intent: z.literal("member"),
  userId: id("Choose a person"),
  boardRole: z.enum(BOARD_ROLES, { error: "Choose their role on the board" }),
});

export const MeetingSchema = z.object({
  intent: z.literal("plan"),
  date: requiredDay(
    "The date of the meeting",
    "Enter the date of the meeting",
    "Enter the date of the meeting as a real date",
  ),
  time: z
    .string({ error: "Enter the time the meeting starts" })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Enter the time as hours and minutes, for example 14:00"),
  location: cleanText({ label: "The place", max: 500, required: "Enter where the meeting is, or its online link" }),
});

/** One decision on one agenda item, with up to three new actions arising. */
export const DecisionSchema = z.object({
  intent: z.literal("decide"),
  itemId: id("Choose an agenda item"),
  decision: z.enum(DECISIONS, { error: "Choose the board's decision" }),
  notes: text(5000, "Notes"),
  challenge: text(5000, "The challenge"),
  newDueDate: optionalDay("The new due date", "Enter the new due date as a real date"),
  extensionReason: text(2000, "The reason", false),
  arising: z
    .array(
      z.object({
        title: text(300, "The title", false),
        owner: text(320, "The owner", false),
        dueDate: optionalDay("The due date", "Enter the due date as a real date"),
      }),
    )
    .max(3)
    .optional()
    .transform((rows) => (rows ?? []).filter((r) => r.title || r.owner || r.dueDate)),
});
export type DecisionValue = z.infer<typeof DecisionSchema>;
