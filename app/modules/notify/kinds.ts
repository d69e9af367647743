/**
 * The kinds of message the app sends, and how each may be delivered. Shared
 * by the outbox, the preferences page and the emails.
 */
import { z } from "zod";
import { keysOf } from "~/utils/vocabulary";

/** What each kind is called (the preferences page, the unsubscribe page). */
const KIND_LABELS = {
  action_assigned: "An action is assigned to me",
  action_unassigned: "An action is no longer assigned to me",
  action_returned: "An action of mine is returned with a challenge",
  action_submitted: "An action is submitted for review",
  evidence_challenged: "Evidence I uploaded or rely on is challenged",
  due_soon: "An action of mine is due soon",
  overdue: "An action of mine is overdue",
  no_update: "An action of mine needs an update",
  agenda_published: "A meeting's agenda is published",
  meeting_digest: "The digest before a meeting",
  minutes_approved: "A meeting's minutes are approved",
  statutory_clock: "A statutory deadline is near",
  invitation: "Invitation",
  password_reset: "Password reset",
  new_device_sign_in: "New sign-in to my account",
  daily_digest: "Daily email",
};
export type NotificationKind = keyof typeof KIND_LABELS;
export const NOTIFICATION_KINDS = keysOf(KIND_LABELS);
export const NotificationKindSchema = z.enum(NOTIFICATION_KINDS);

/** email: sent at once; digest: in one email a day; in_app: only in the notification list. */
export const DELIVERY_MODE_LABELS = {
  email: "Email me straight away",
  digest: "Include in a daily email",
  in_app: "Only show in Improvement Board",
};
export type DeliveryMode = keyof typeof DELIVERY_MODE_LABELS;
export const DELIVERY_MODES = keysOf(DELIVERY_MODE_LABELS);
export const DeliveryModeSchema = z.enum(DELIVERY_MODES);

/** The default of every kind when neither the user nor the authority has chosen. */
const BUILT_IN_MODE: DeliveryMode = "email";

type KindInfo = {
  label: string;
  /** The default when neither the user nor the authority has chosen. */
  defaultMode: DeliveryMode;
  /**
   * Account messages (an invitation, a password reset, a new sign-in) always
   * go by email at once: they cannot wait for a digest, and a person cannot
   * turn them off.
   */
  account?: true;
  /**
   * The daily digest email itself (digest.server.ts): it carries the messages
   * people chose to have "in a daily email", so it is not a choice of its own.
   */
  bundle?: true;
  /**
   * The in-app `detail` is built by the app from safe parts (references,
   * action titles, links: meeting-lines.ts) and goes in the email too. For
   * other kinds it may hold what people typed (a challenge) and stays in-app.
   */
  emailsDetail?: true;
};

/** What sets some kinds apart (KindInfo says what each means); the others have none of these. */
const KIND_FLAGS: Partial<Record<NotificationKind, Pick<KindInfo, "account" | "bundle" | "emailsDetail">>> = {
  agenda_published: { emailsDetail: true },
  meeting_digest: { emailsDetail: true },
  invitation: { account: true },
  password_reset: { account: true },
  new_device_sign_in: { account: true },
  daily_digest: { bundle: true },
};

export const KIND_INFO = Object.fromEntries(
  NOTIFICATION_KINDS.map((kind): [NotificationKind, KindInfo] => [
    kind,
    { label: KIND_LABELS[kind], defaultMode: BUILT_IN_MODE, ...KIND_FLAGS[kind] },
  ]),
) as Record<NotificationKind, KindInfo>;

/** The kinds a person may choose how to receive (account messages are always emailed). */
export const CHOOSABLE_KINDS = NOTIFICATION_KINDS.filter((k) => !KIND_INFO[k].account && !KIND_INFO[k].bundle);

/**
 * The mode that applies: the user's choice, else the authority's default,
 * else the kind's own. Account messages are always emailed.
 */
export function modeFor(
  kind: NotificationKind,
  userChoice: DeliveryMode | null | undefined,
  authorityDefault: DeliveryMode | null | undefined,
): DeliveryMode {
  if (KIND_INFO[kind].account || KIND_INFO[kind].bundle) return "email";
  return userChoice ?? authorityDefault ?? KIND_INFO[kind].defaultMode;
}

/** Where one delivery (an email now, or a line in the daily digest) stands: the delivery log's status. */
export const DELIVERY_STATUS_LABELS = {
  queued: "Waiting to send",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed",
  suppressed: "Not sent",
};
export type DeliveryStatus = keyof typeof DELIVERY_STATUS_LABELS;
export const DELIVERY_STATUSES = keysOf(DELIVERY_STATUS_LABELS);

/** How a message went: by email at once, in the daily digest email, or only in the app (no delivery). */
export const CHANNEL_LABELS: Record<string, string> = {
  email: "Email",
  digest: "Daily email",
  in_app: "In the app only",
};

/** A stored kind's label, or the kind itself for one this version does not know. */
export const kindLabel = (kind: string): string =>
  (KIND_INFO as Record<string, KindInfo | undefined>)[kind]?.label ?? kind;
