/**
 * A real SMTP server for tests (the `smtp-server` package), with every message
 * it accepts parsed by `mailparser`. `refuseNext(code)` makes it refuse the
 * next message at DATA with that reply code (e.g. 550: no such mailbox).
 * Plain Node (no test runner, no app code), so Playwright specs use it too;
 * `smtpSinkForFile()` (./mail.ts) gives a Vitest file one with the app's mail sent to it.
 */
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type SmtpSink = {
  url: string;
  messages: ParsedMail[];
  refuseNext(code: number): void;
  close(): Promise<void>;
};

export async function startSmtpSink(
  options: {
    /**
     * Runs when a message has arrived, before the server accepts it (e.g. to
     * kill the sender mid-delivery). `false`: the server never accepts it (it
     * answers 421 and keeps nothing), as a real server does when its sender
     * has gone before the reply.
     */
    beforeAccept?: (received: number) => void | boolean | Promise<void | boolean>;
  } = {},
): Promise<SmtpSink> {
  let received = 0;
  const messages: ParsedMail[] = [];
  let refusal: number | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        received += 1;
        if ((await options.beforeAccept?.(received)) === false) {
          const error = new Error("Service closing transmission channel") as Error & { responseCode: number };
          error.responseCode = 421;
          return callback(error);
        }
        if (refusal !== null) {
          const code = refusal;
          refusal = null;
          const error = new Error("Mailbox unavailable") as Error & { responseCode: number };
          error.responseCode = code;
          return callback(error);
        }
        simpleParser(Buffer.concat(chunks))
          .then((m) => {
            messages.push(m);
            callback();
          })
          .catch(callback);
      });
    },
  });
  // A client that vanishes mid-session (a worker killed with kill -9) resets its connection: a real server
  // logs that and carries on; anything else is the test's to see.
  server.on("error", (error: Error & { code?: string }) => {
    if (error.code !== "ECONNRESET") throw error;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuseNext(code) {
      refusal = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The messages in the sink addressed to `address`. */
export const inboxOf = (sink: SmtpSink, address: string) =>
  sink.messages.filter((m) => JSON.stringify(m.to ?? "").includes(address));
