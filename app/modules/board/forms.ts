/** Zod schemas for the board and meeting forms, shared by the browser and the server. */
import { z } from "zod";
import { optionalDay, requiredDay } from "~/utils/format";
import { optionalText, text as cleanText } from "~/utils/text";
import { ATTENDANCE, BOARD_KINDS, BOARD_ROLES, DECISIONS } from "./rules";

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

/** Take someone off the board (a button in their row). */
export const RemoveBoardMemberSchema = z.object({
  intent: z.literal("remove-member"),
  userId: id("Choose a person to remove"),
});

/** Which inspections the board reviews: all of them, or those ticked. */
export const BoardScopeSchema = z.object({
  intent: z.literal("scope"),
  scopeAll: z.enum(["all", "some"], { error: "Choose which inspections this board reviews" }),
  inspectionId: z.array(id("Choose an inspection")).max(500).default([]),
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

/** The meeting's version, posted by every form that changes the agenda or its state. */
const OUT_OF_DATE = "The page was out of date. Reload it and try again.";
const meetingVersion = z.coerce.number({ error: OUT_OF_DATE }).int(OUT_OF_DATE).positive(OUT_OF_DATE);

/** Move an agenda item up or down, or take it off the agenda (the buttons on each item). */
export const AgendaItemSchema = z.object({
  intent: z.enum(["up", "down", "remove"], { error: "Choose what to do with the item" }),
  version: meetingVersion,
  itemId: id("Choose an agenda item"),
});

/** Add an action in the board's scope to the agenda. */
export const AddAgendaItemSchema = z.object({
  intent: z.literal("add"),
  version: meetingVersion,
  actionId: id("Choose an action to add"),
});

/** Publish the agenda (then frozen as sent), or record the meeting as held. */
export const MeetingStepSchema = z.object({
  intent: z.enum(["publish", "held"]),
  version: meetingVersion,
});

/** Approve the previous meeting's minutes, which locks them. */
export const ApprovePreviousSchema = z.object({ intent: z.literal("approve-previous") });

/**
 * Attendance: one select a member, posted as `attendance.<userId>`; "" is
 * "Not recorded". Unknown people are ignored by the service.
 */
export const AttendanceSchema = z.object({
  intent: z.literal("attendance"),
  attendance: z
    .record(z.string().max(64), z.enum([...ATTENDANCE, ""], { error: "Choose present, apologies or absent" }))
    .default({}),
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
    // The rows filled in, each with its place on the form (`row`), so an error goes back beside the right one.
    .transform((rows) => (rows ?? []).map((r, row) => ({ ...r, row })).filter((r) => r.title || r.owner || r.dueDate)),
});
export type DecisionValue = z.infer<typeof DecisionSchema>;
