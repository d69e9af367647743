/**
 * Zod schemas for the notification settings page (ADR 019), shared by the
 * browser (validation before submit) and the route action (parsing). Each
 * form carries its own `intent` literal:
 *  - "preferences": how the signed-in person is told of each kind of message;
 *  - "defaults": the authority's default for each kind (admins);
 *  - "reminders": the authority's reminder, chaser and digest days (admins).
 */
import { z } from "zod";
import { lenient, queryDay, queryText } from "~/utils/query";
import { text } from "~/utils/text";
import {
  CHOOSABLE_KINDS,
  DELIVERY_MODES,
  DELIVERY_STATUSES,
  KIND_INFO,
  NotificationKindSchema,
  type DeliveryMode,
  type NotificationKind,
} from "./kinds";

/**
 * A form (its `intent`) of a delivery mode for every choosable kind, posted
 * as `<group>.<kind>` (one radio group each); `whose` says whose choice it is
 * in its errors.
 */
function modesForm<const I extends string, const G extends string>(intent: I, group: G, whose: string) {
  const modes = Object.fromEntries(
    CHOOSABLE_KINDS.map((kind) => [
      kind,
      z.enum(DELIVERY_MODES, { error: `Choose how ${whose} told: ${KIND_INFO[kind].label.toLowerCase()}` }),
    ]),
  ) as Record<NotificationKind, z.ZodEnum<{ [M in DeliveryMode]: M }>>;
  const shape = {
    intent: z.literal(intent),
    [group]: z.object(modes, { error: "Choose how to be told of each kind of message" }),
  };
  return z.object(shape as { intent: z.ZodLiteral<I> } & Record<G, z.ZodObject<typeof modes>>);
}

/** The body of an RFC 8058 one-click unsubscribe POST (from the mail client, or the button on its page). */
export const ONE_CLICK = { name: "List-Unsubscribe", value: "One-Click" } as const;

/** `?page=` of a paged list: a bad value is the first page, never an error. */
export const PageQuerySchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1) });
export const pageFromUrl = (url: string) =>
  PageQuerySchema.parse({ page: new URL(url).searchParams.get("page") ?? undefined }).page;

/** The delivery log's search (a GET form, /a/:authority/notifications/log); a bad value is dropped, never an error. */
export const LogSearchSchema = z.object({
  /** Part of the recipient's email address or name. */
  q: queryText(320),
  kind: lenient(NotificationKindSchema),
  status: lenient(z.enum(DELIVERY_STATUSES)),
  /** Queued on or after this day, and on or before `to` (whole days, UTC). */
  from: queryDay,
  to: queryDay,
  /** Only messages about this action or meeting, or to this person (the links from their pages). */
  action: queryText(64),
  meeting: queryText(64),
  user: queryText(64),
  page: lenient(z.coerce.number().int().min(1).max(100_000)),
});
/** The log's date fields, whose boxes come as `from.day`, `from.month`, `from.year`. */
export const LOG_DATE_FIELDS = ["from", "to"] as const;

/** "Send again" on a failed email in the delivery log. */
export const RetryDeliverySchema = z.object({
  intent: z.literal("retry"),
  deliveryId: text({ label: "The message", max: 64, required: "Choose a message to send again" }),
});

/** "Mark as read" on one notification, or on all of them. */
export const MarkReadSchema = z.object({
  intent: z.enum(["read", "read-all"]),
  notificationId: text({ label: "The notification", max: 64 }).optional(),
});

/** How the signed-in person is told of each kind. */
export const PreferencesSchema = modesForm("preferences", "mode", "you are");

/** The authority's default for each kind. */
export const DefaultsSchema = modesForm("defaults", "defaultMode", "people are");

/** The most reminder days an authority may set before a due date. */
export const MAX_REMINDER_DAYS = 10;
const REMINDER_DAYS_FORMAT = "Reminder days must be whole numbers from 1 to 365, separated by commas, like 14, 7, 1";

/**
 * Days before a due date, as typed ("14, 7, 1"): whole numbers from 1 to 365,
 * separated by commas. Stored as the same list, longest first, without repeats ("14,7,1").
 */
const reminderDays = text({
  label: "Reminder days",
  max: 100,
  required: "Enter the days before the due date to send reminders, like 14, 7, 1",
}).transform((value, ctx) => {
  const parts = value.split(",").map((p) => p.trim());
  const days = parts.map(Number);
  if (parts.some((p) => !/^\d{1,3}$/.test(p)) || days.some((d) => d < 1 || d > 365)) {
    ctx.addIssue({ code: "custom", message: REMINDER_DAYS_FORMAT });
    return z.NEVER;
  }
  const distinct = [...new Set(days)].sort((a, b) => b - a);
  if (distinct.length > MAX_REMINDER_DAYS) {
    ctx.addIssue({ code: "custom", message: `Enter at most ${MAX_REMINDER_DAYS} reminder days` });
    return z.NEVER;
  }
  return distinct.join(",");
});

/** The ranges of the authority's chaser and digest days (the page's hints say them too). */
export const DAY_RANGES = {
  chaserDays: { min: 1, max: 365 },
  meetingChaserDays: { min: 1, max: 60 },
  digestDays: { min: 1, max: 30 },
} as const;

/** A whole number of days in its range; `what` names them at the start of a sentence. */
const days = (range: keyof typeof DAY_RANGES, { what, empty }: { what: string; empty: string }) => {
  const { min, max } = DAY_RANGES[range];
  const message = `${what} must be a whole number from ${min} to ${max}`;
  return z
    .string({ error: empty })
    .trim()
    .regex(/^\d{1,4}$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message);
};

export const RemindersSchema = z.object({
  intent: z.literal("reminders"),
  reminderDays,
  chaserDays: days("chaserDays", {
    what: "The days without an update",
    empty: "Enter how many days without an update before an owner is chased",
  }),
  meetingChaserDays: days("meetingChaserDays", {
    what: "The days before a meeting to chase owners",
    empty: "Enter how many days before a meeting owners with no update are chased",
  }),
  digestDays: days("digestDays", {
    what: "The days before a meeting",
    empty: "Enter how many days before a meeting the digest is sent",
  }),
});
