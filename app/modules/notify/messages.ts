/**
 * The words of each email: plain and short. What happened, to which action
 * (or meeting), and a link. Never evidence content, case details, free text
 * typed by users or restricted titles: the notification's title is built from
 * safe parts by the outbox, and the in-app `detail` is never emailed.
 */
import { KIND_INFO, type NotificationKind } from "./kinds";

export type EmailMessage = { subject: string; text: string };

const INTRO: Record<NotificationKind, string> = {
  action_assigned: "An action has been assigned to you.",
  action_unassigned: "An action is no longer assigned to you.",
  action_returned: "An action of yours has been returned with a challenge. The challenge is on the action's page.",
  action_submitted: "An action has been submitted for review.",
  evidence_challenged: "A piece of evidence has been challenged. The reviewer's comments are on its page.",
  due_soon: "An action of yours is due soon.",
  overdue: "An action of yours is overdue.",
  no_update: "An action of yours has had no progress update this period. Please add one.",
  agenda_published: "A meeting's agenda has been published.",
  meeting_digest: "A meeting is coming up. Here is what the board will look at.",
  minutes_approved: "A meeting's minutes have been approved.",
  statutory_clock: "A statutory deadline is near.",
  invitation: "You have been invited to Improvement Board. The link below works once and expires in 7 days.",
  password_reset:
    "Someone asked to reset the password for this address. If it was you, use the link below within an hour. If not, ignore this email: your password is unchanged.",
  new_device_sign_in:
    "Your admin account was signed in to from a device it has not used before. If this was not you, reset your password and tell your administrator.",
  daily_digest: "Here is what happened in Improvement Board since your last daily email.",
};

/** Caps a line of the email (titles come from the app's own records, kept short). */
function clip(text: string, max = 120): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

export function renderEmail({
  kind,
  title,
  lines = [],
  url,
  settingsUrl,
  unsubscribeUrl,
}: {
  kind: NotificationKind;
  title: string;
  /** Extra safe lines (a digest's items, a due date). */
  lines?: string[];
  /** The absolute link to the page it is about. */
  url: string;
  settingsUrl?: string;
  unsubscribeUrl?: string;
}): EmailMessage {
  const parts = [INTRO[kind], "", clip(title), ...lines.map((l) => clip(l, 200)), "", `Open it: ${url}`];
  if (!KIND_INFO[kind].account) {
    parts.push("", "—", "You get this email because of your notification settings.");
    if (settingsUrl) parts.push(`Change them: ${settingsUrl}`);
    if (unsubscribeUrl) parts.push(`Stop emails like this: ${unsubscribeUrl}`);
  }
  return { subject: clip(title, 90), text: parts.join("\n") + "\n" };
}
