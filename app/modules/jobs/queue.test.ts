/**
 * The job runner's contract, on whichever engine the suite runs (SQLite's
 * embedded runner, or pg-boss on PostgreSQL): the same tests for both.
 */
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { jobQueue, stopJobQueue } from "./runner.server";
import { retryDelaySeconds, type JobContext } from "./queue";
import { until } from "../../../tests/helpers/until";

afterEach(async () => {
  await stopJobQueue();
});

describe("job queue", () => {
  it("keeps a job sent in a transaction only if the transaction commits (the outbox)", async () => {
    const queue = await jobQueue();
    await expect(
      getDb().$transaction(async (tx) => {
        await queue.send(tx, "reminders", { n: 1 });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await queue.pending("reminders")).toBe(0);

    await getDb().$transaction(async (tx) => {
      await queue.send(tx, "reminders", { n: 2 });
    });
    expect(await queue.pending("reminders")).toBe(1);

    const seen: unknown[] = [];
    await queue.work("reminders", async (data) => {
      seen.push(data.n);
    });
    await until(async () => (await queue.pending("reminders")) === 0);
    expect(seen).toEqual([2]);
  });

  it("retries a failing job with back-off, and tells the handler which attempt it is", async () => {
    const queue = await jobQueue();
    const attempts: JobContext[] = [];
    await queue.send(null, "notify-digest", { n: 1 }, { retryLimit: 2, retryDelaySeconds: 1 });
    await queue.work("notify-digest", async (_data, context) => {
      attempts.push(context);
      if (context.attempt < 2) throw new Error("the mail server is down");
    });
    await until(() => attempts.length === 2);
    await until(async () => (await queue.pending("notify-digest")) === 0);
    expect(attempts.map((a) => [a.attempt, a.lastAttempt])).toEqual([
      [1, false],
      [2, false],
    ]);
    expect(retryDelaySeconds(1, 1)).toBe(1);
    expect(retryDelaySeconds(3, 10)).toBe(40);
  });

  it("gives up after the retry limit, telling the last attempt it is the last", async () => {
    const queue = await jobQueue();
    const attempts: JobContext[] = [];
    await queue.send(null, "storage-sweep", {}, { retryLimit: 1, retryDelaySeconds: 1 });
    await queue.work("storage-sweep", async (_data, context) => {
      attempts.push(context);
      throw new Error("always fails");
    });
    await until(() => attempts.length === 2);
    await until(async () => (await queue.pending("storage-sweep")) === 0);
    expect(attempts.map((a) => a.lastAttempt)).toEqual([false, true]);
  });

  it("runs each job once with several workers taking from one queue", async () => {
    const queue = await jobQueue();
    const runs = new Map<number, number>();
    for (let n = 0; n < 40; n++) await queue.send(null, "notify-deliver", { n });
    await queue.work(
      "notify-deliver",
      async (data) => {
        const n = data.n as number;
        runs.set(n, (runs.get(n) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 5));
      },
      { concurrency: 4 },
    );
    await until(async () => (await queue.pending("notify-deliver")) === 0);
    expect(runs.size).toBe(40);
    expect([...runs.values()].every((c) => c === 1)).toBe(true);
  });
});
