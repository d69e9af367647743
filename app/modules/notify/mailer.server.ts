/**
 * How email leaves the app (ADR 022), chosen by the environment:
 *  - GOV.UK Notify (NOTIFY_API_KEY), with its official client and one
 *    template id per kind of message (NOTIFY_TEMPLATE_<KIND>);
 *  - SMTP (SMTP_URL), with nodemailer;
 *  - the local outbox (MAIL_OUTBOX, on outside production and in the demo):
 *    nothing is sent; /dev/outbox shows what would have been.
 * With none of these, delivery fails with a reason admins can read.
 *
 * A transport says whether a failure is permanent (a bounced address, a
 * Notify 400): that delivery is not retried, and admins see why.
 */
import nodemailer from "nodemailer";
import { NotifyClient } from "notifications-node-client";
import { env } from "~/utils/env.server";
import type { NotificationKind } from "./kinds";

export type OutgoingEmail = {
  kind: NotificationKind;
  to: string;
  subject: string;
  text: string;
  /** Stable per delivery, so a message sent again after a crash is recognisably the same one. */
  messageId: string;
  /** RFC 8058 one-click unsubscribe, for kinds a person may turn off. */
  unsubscribeUrl?: string;
};

export type MailTransport = {
  name: "smtp" | "notify" | "outbox" | "none";
  send(email: OutgoingEmail): Promise<{ providerRef: string }>;
};

/** A failure that sending again will not cure; `reason` is shown to admins. */
export class PermanentDeliveryError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "PermanentDeliveryError";
  }
}

export function smtpTransport(
  url: string,
  from: string,
  { maxConnections = 4 }: { maxConnections?: number } = {},
): MailTransport {
  // A small pool of kept-open connections (SMTP_CONNECTIONS), not one per message.
  const transporter = nodemailer.createTransport({ url, pool: true, maxConnections }, { from });
  return {
    name: "smtp",
    async send(email) {
      try {
        const info = await transporter.sendMail({
          to: email.to,
          subject: email.subject,
          text: email.text,
          messageId: email.messageId,
          ...(email.unsubscribeUrl
            ? { list: { unsubscribe: { url: email.unsubscribeUrl, comment: "Unsubscribe" } } }
            : {}),
          headers: email.unsubscribeUrl ? { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {},
        });
        return { providerRef: info.messageId };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        // 5xx: the server refused for good (no such mailbox, policy); 4xx and network errors may pass.
        if (typeof code === "number" && code >= 500)
          throw new PermanentDeliveryError(`The mail server refused the message (SMTP ${code}).`);
        throw error;
      }
    },
  };
}

/** Env name of a kind's Notify template id, e.g. NOTIFY_TEMPLATE_ACTION_ASSIGNED. */
export const notifyTemplateVar = (kind: NotificationKind) => `NOTIFY_TEMPLATE_${kind.toUpperCase()}`;

/**
 * GOV.UK Notify. Each template has two placeholders, ((subject)) and ((body)),
 * so the words stay in one place (messages.ts) and Notify's templates stay plain.
 */
export function notifyTransport(apiKey: string, baseUrl?: string): MailTransport {
  const client = baseUrl ? new NotifyClient(baseUrl, apiKey) : new NotifyClient(apiKey);
  return {
    name: "notify",
    async send(email) {
      const templateId = process.env[notifyTemplateVar(email.kind)];
      if (!templateId)
        throw new PermanentDeliveryError(`No Notify template is set (${notifyTemplateVar(email.kind)}).`);
      try {
        const response = await client.sendEmail(templateId, email.to, {
          personalisation: { subject: email.subject, body: email.text },
          reference: email.messageId,
          oneClickUnsubscribeURL: email.unsubscribeUrl,
        });
        return { providerRef: response.data.id };
      } catch (error) {
        const status = (error as { response?: { status?: number; data?: { errors?: { error?: string }[] } } }).response;
        // Notify: 400 bad request (e.g. a bad address or template), 403 bad key: permanent. 429 and 5xx: try again.
        if (status?.status === 400 || status?.status === 403) {
          const what = status.data?.errors?.[0]?.error ?? "Error";
          throw new PermanentDeliveryError(`GOV.UK Notify refused the message (${status.status} ${what}).`);
        }
        throw error;
      }
    },
  };
}

/** The local outbox: the delivery row keeps subject and body, which /dev/outbox lists. */
export const outboxTransport: MailTransport = {
  name: "outbox",
  async send(email) {
    return { providerRef: `outbox:${email.messageId}` };
  },
};

const noTransport: MailTransport = {
  name: "none",
  async send() {
    throw new PermanentDeliveryError("Email is not set up on this service (no SMTP_URL or NOTIFY_API_KEY).");
  },
};

export function outboxEnabled(): boolean {
  const e = env();
  if (e.SMTP_URL || e.NOTIFY_API_KEY) return false;
  return e.MAIL_OUTBOX ? e.MAIL_OUTBOX === "true" : e.NODE_ENV !== "production";
}

let override: MailTransport | null = null;
/** Tests and benchmarks may point mail at their own server. */
export function setMailTransport(t: MailTransport | null) {
  override = t;
}

let configured: MailTransport | null = null;
/** The transport the settings name, made once per process. */
export function mailTransport(): MailTransport {
  if (override) return override;
  if (configured) return configured;
  const e = env();
  if (e.NOTIFY_API_KEY) configured = notifyTransport(e.NOTIFY_API_KEY, e.NOTIFY_BASE_URL);
  else if (e.SMTP_URL) configured = smtpTransport(e.SMTP_URL, e.MAIL_FROM, { maxConnections: e.SMTP_CONNECTIONS });
  else configured = outboxEnabled() ? outboxTransport : noTransport;
  return configured;
}
