/**
 * A plan import of more than 200 rows runs as a long job (ADR 021), through
 * the real import route and the real worker: the apply redirects to the
 * job's page, the worker applies every row counting them, the page then says
 * what was done, and the kept copy of the file is removed afterwards.
 */
import { afterEach, expect, test } from "vitest";
import { actorOf } from "~/modules/auth/actor";
import { jobQueue, stopJobQueue } from "~/modules/jobs/runner.server";
import { WORKERS } from "~/modules/jobs/workers.server";
import { planCsv } from "~/modules/plan-spreadsheet/export.server";
import { multipart } from "../../tests/helpers/multipart";
import { callRoute } from "../../tests/helpers/route";
import { until } from "../../tests/helpers/until";
import { createWorld } from "../../tests/helpers/world";
import { loader as jobLoader } from "./a.$authority.jobs.$jobId";
import { action as planAction } from "./a.$authority.plan.import";

afterEach(async () => {
  await stopJobQueue();
});

const ROWS = 250;

test("applying a 250-row plan file queues a job; the worker applies every row and the job's page says what was done", async () => {
  const { db, authority, recommendationId, signedIn } = await createWorld();
  const admin = await signedIn("admin");
  await db.action.createMany({
    data: Array.from({ length: ROWS }, (_, i) => ({
      authorityId: authority.id,
      recommendationId,
      title: `Bulk action ${i + 1}.`,
      status: "in_progress",
    })),
  });
  const csv = await planCsv({ authorityId: authority.id, viewer: actorOf({ id: admin.id, role: "admin" }) });
  const bytes = Buffer.from(csv.replace(/Bulk action (\d+)\./g, "Renamed action $1."));
  const post = (fields: Record<string, string>) =>
    callRoute(planAction, {
      token: admin.token,
      path: `/a/${authority.slug}/plan/import`,
      params: { authority: authority.slug },
      ...multipart(fields, { name: "plan.csv", bytes }),
    });

  const check = await post({ intent: "check" });
  expect(check.status).toBe(200);
  const carry = check.data?.carry as { sha256: string; versions: Record<string, number> };
  expect((check.data?.preview as { counts: unknown }).counts).toMatchObject({ update: ROWS, error: 0 });

  const applied = await post({
    intent: "apply-all",
    sha256: carry.sha256,
    versions: JSON.stringify(carry.versions),
    fileName: "plan.csv",
  });
  expect(applied.status).toBe(302);
  const jobId = /\/jobs\/([a-z0-9]+)$/.exec(applied.headers.get("Location") ?? "")?.[1];
  expect(jobId).toBeTruthy();
  const row = await db.longJob.findUniqueOrThrow({ where: { id: jobId! } });
  expect(row).toMatchObject({
    kind: "plan-import",
    state: "queued",
    total: ROWS,
    unit: "rows",
    title: "Import of plan.csv",
  });
  // Nothing applied yet: the request only queued it, with a copy of the file kept for the worker.
  expect(await db.action.count({ where: { authorityId: authority.id, title: { startsWith: "Renamed" } } })).toBe(0);
  expect(await db.storedFile.count({ where: { authorityId: authority.id } })).toBe(1);

  const queue = await jobQueue();
  const worker = WORKERS.find((w) => w.queue === "long-jobs")!;
  await queue.work(worker.queue, worker.handler);
  await until(async () => (await db.longJob.findUniqueOrThrow({ where: { id: jobId! } })).state === "done", 60_000);

  const page = await callRoute(jobLoader, {
    token: admin.token,
    path: `/a/${authority.slug}/jobs/${jobId}`,
    params: { authority: authority.slug, jobId: jobId! },
  });
  expect(page.data?.job).toMatchObject({
    state: "done",
    done: ROWS,
    total: ROWS,
    hasFile: false,
    result: { created: 0, updated: ROWS, skipped: 0, failed: [] },
  });
  expect(await db.action.count({ where: { authorityId: authority.id, title: { startsWith: "Renamed" } } })).toBe(ROWS);
  // The kept copy of the user's file is gone.
  expect(await db.storedFile.count({ where: { authorityId: authority.id } })).toBe(0);

  // Another admin does not see the job.
  const other = await signedIn("admin");
  const theirs = await callRoute(jobLoader, {
    token: other.token,
    path: `/a/${authority.slug}/jobs/${jobId}`,
    params: { authority: authority.slug, jobId: jobId! },
  });
  expect(theirs.status).toBe(404);
}, 120_000);
