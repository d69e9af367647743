/** The app's mail, for a Vitest file: sent over SMTP to a real SMTP server of the file's own (./smtp.ts). */
import { afterAll, beforeAll } from "vitest";
import { setMailTransport, smtpTransport } from "../../app/modules/notify/mailer.server";
import { inboxOf, startSmtpSink, type SmtpSink } from "./smtp";

/**
 * For a test file: a sink started before its tests and closed after them,
 * with the app's mail sent to it over SMTP meanwhile.
 */
export function smtpSinkForFile(from = "board@example.gov.uk") {
  let sink: SmtpSink | null = null;
  const current = () => {
    if (!sink) throw new Error("the SMTP sink starts in beforeAll");
    return sink;
  };
  beforeAll(async () => {
    sink = await startSmtpSink();
    setMailTransport(smtpTransport(sink.url, from));
  });
  afterAll(async () => {
    setMailTransport(null);
    await sink?.close();
  });
  return {
    get url() {
      return current().url;
    },
    get messages() {
      return current().messages;
    },
    refuseNext: (code: number) => current().refuseNext(code),
    inbox: (address: string) => inboxOf(current(), address),
  };
}
