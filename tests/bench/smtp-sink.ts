/**
 * The test SMTP server (tests/helpers/smtp.ts) in a process of its own, for
 * bench:notify: parsing every message is real work, and in the bench's own
 * process it would slow the deliveries being measured. Prints its URL as one
 * JSON line; on each "report" line read from stdin prints what arrived:
 * { received, unique } (unique by Message-ID, so received − unique is the
 * duplicates).
 */
import { createInterface } from "node:readline";
import { startSmtpSink } from "../helpers/smtp";

const sink = await startSmtpSink();
process.stdout.write(`${JSON.stringify({ url: sink.url })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== "report") continue;
  const ids = new Set(sink.messages.map((m) => m.messageId));
  process.stdout.write(`${JSON.stringify({ received: sink.messages.length, unique: ids.size })}\n`);
}
await sink.close();
