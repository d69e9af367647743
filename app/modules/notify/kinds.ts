/**
 * The kinds of message the app sends, and how each may be delivered. Shared
 * by the outbox, the preferences page and the emails.
 */
import { z } from "zod";

export const NOTIFICATION_KINDS = [
  "action_assigned",
  "action_unassigned",
  "action_returned",
  "action_submitted",
  "evidence_challenged",
  "due_soon",
  "overdue",
  "no_update",
  "agenda_published",
  "meeting_digest",
  "minutes_approved",
  "statutory_clock",
  "invitation",
  "password_reset",
  "new_device_sign_in",
  "daily_digest",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NotificationKindSchema = z.enum(NOTIFICATION_KINDS);

/** email: sent at once; digest: in one email a day; in_app: only in the notification list. */
export const DELIVERY_MODES = ["email", "digest", "in_app"] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];
export const DeliveryModeSchema = z.enum(DELIVERY_MODES);

export const DELIVERY_MODE_LABELS: Record<DeliveryMode, string> = {
  email: "Email me straight away",
  digest: "Include in a daily email",
  in_app: "Only show in Improvement Board",
};

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

export const KIND_INFO: Record<NotificationKind, KindInfo> = {
  action_assigned: { label: "An action is assigned to me", defaultMode: "email" },
  action_unassigned: { label: "An action is no longer assigned to me", defaultMode: "email" },
  action_returned: { label: "An action of mine is returned with a challenge", defaultMode: "email" },
  action_submitted: { label: "An action is submitted for review", defaultMode: "email" },
  evidence_challenged: { label: "Evidence I uploaded or rely on is challenged", defaultMode: "email" },
  due_soon: { label: "An action of mine is due soon", defaultMode: "email" },
  overdue: { label: "An action of mine is overdue", defaultMode: "email" },
  no_update: { label: "An action of mine needs an update", defaultMode: "email" },
  agenda_published: { label: "A meeting's agenda is published", defaultMode: "email", emailsDetail: true },
  meeting_digest: { label: "The digest before a meeting", defaultMode: "email", emailsDetail: true },
  minutes_approved: { label: "A meeting's minutes are approved", defaultMode: "email" },
  statutory_clock: { label: "A statutory deadline is near", defaultMode: "email" },
  invitation: { label: "Invitation", defaultMode: "email", account: true },
  password_reset: { label: "Password reset", defaultMode: "email", account: true },
  new_device_sign_in: { label: "New sign-in to my account", defaultMode: "email", account: true },
  daily_digest: { label: "Daily email", defaultMode: "email", bundle: true },
};

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
export const DELIVERY_STATUSES = ["queued", "sending", "sent", "failed", "suppressed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  queued: "Waiting to send",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed",
  suppressed: "Not sent",
};

/** How a message went: by email at once, in the daily digest email, or only in the app (no delivery). */
export const CHANNEL_LABELS: Record<string, string> = {
  email: "Email",
  digest: "Daily email",
  in_app: "In the app only",
};

/** A stored kind's label, or the kind itself for one this version does not know. */
export const kindLabel = (kind: string): string =>
  (KIND_INFO as Record<string, KindInfo | undefined>)[kind]?.label ?? kind;
