/**
 * Single-use links in emails: a password reset, an invitation. Their token
 * must never be stored in plain text, yet a notification, its delivery job
 * and the delivery log (the body as sent) are all rows in the database. So
 * the token is made when the email is sent, by the module that owns the
 * record it opens, which stores only its SHA-256 (as for sessions); the
 * notification's own link is the page without a token, and the log keeps the
 * body with the token taken out.
 *
 * An email sent again (a retry after a failure) gets a new token, and the
 * earlier one stops working: only the latest email's link opens the record.
 */
import { mintPasswordResetLink } from "~/modules/auth/password-reset.server";
import { mintInvitationLink } from "~/modules/authority/service.server";
import type { NotificationKind } from "./kinds";

export type SecretLink = {
  /** The path to put in the email, with its token. */
  path: string;
  /** The token alone, to take out of the body that is kept. */
  token: string;
};

/**
 * Makes the link for a notification's email from its event key (each owner
 * puts its record's id there). Null: the record can no longer be opened
 * (used, cancelled or expired), so the email is not worth sending.
 */
type Mint = (eventKey: string) => Promise<SecretLink | null>;

const MINTERS: Partial<Record<NotificationKind, Mint>> = {
  password_reset: mintPasswordResetLink,
  invitation: mintInvitationLink,
};

/** The link for this email: `undefined` when its kind has none, `null` when its record can no longer be opened. */
export async function secretLinkFor(kind: NotificationKind, eventKey: string): Promise<SecretLink | null | undefined> {
  const mint = MINTERS[kind];
  return mint ? mint(eventKey) : undefined;
}

/** The body to keep: the email as sent, without the token. */
export function withoutToken(text: string, link: SecretLink | undefined): string {
  return link ? text.replaceAll(link.token, "[single-use link, not kept]") : text;
}
