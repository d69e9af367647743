/**
 * On PostgreSQL, two app servers on one database never send a message twice.
 * In a file of its own, so its queue schema (one per test file) starts empty.
 * Real processes (`npm run worker`'s script), a real SMTP server.
 */
import { afterEach, expect, test } from "vitest";
import { getDb } from "~/utils/db.server";
import { startSmtpSink, type SmtpSink } from "../../../tests/helpers/smtp";
import { queueEmails, receivedOnce, startWorker, stopWorkers, until } from "../../../tests/helpers/worker-processes";

let smtp: SmtpSink | null = null;
afterEach(async () => {
  stopWorkers();
  await smtp?.close();
  smtp = null;
});

test.runIf(process.env.TEST_DB === "postgres")(
  "two app servers on one PostgreSQL database never send one message twice",
  { timeout: 150_000 },
  async () => {
    smtp = await startSmtpSink();
    const { ids, allSent } = await queueEmails(40);
    startWorker(smtp.url);
    startWorker(smtp.url);
    await until(allSent, 100_000);
    expect(receivedOnce(smtp, ids)).toEqual({ missing: 0, duplicates: 0, total: 40 });
    const attempts = await getDb().notificationDelivery.groupBy({
      by: ["attempts"],
      where: { id: { in: ids } },
      _count: true,
    });
    expect(attempts).toEqual([{ attempts: 1, _count: 40 }]);
  },
);
