/**
 * Long jobs on the real database and the real job queue (the embedded runner
 * on SQLite, pg-boss on PostgreSQL): a board pack's file made in the
 * background with its progress counted, seen only by the person who started
 * it, and failures worded for them.
 */
import { afterEach, expect, test } from "vitest";
import { actorOf } from "~/modules/auth/actor";
import { packFileRunner, startPackFile } from "~/modules/board-pack/pack-file.server";
import { jobQueue, stopJobQueue } from "~/modules/jobs/runner.server";
import { getDb } from "~/utils/db.server";
import { statusOf } from "../../../tests/helpers/errors";
import { until } from "../../../tests/helpers/until";
import { createTenant, createSummaryReport, createWorld } from "../../../tests/helpers/world";
import { STOPPED_PART_WAY, UNEXPECTED_FAILURE } from "./kinds";
import { getLongJob, listLongJobs, LONG_JOB_KEEP_DAYS, openLongJobFile, pruneLongJobs } from "./service.server";
import { getStorage } from "~/modules/storage/storage.server";
import { longJobHandler } from "./worker.server";

afterEach(async () => {
  await stopJobQueue();
});

const handler = longJobHandler({ "board-pack-file": packFileRunner });
const runWorkers = async () => (await jobQueue()).work("long-jobs", handler);

/** Before the pack's as-at day (20 November 2026), so the actions are in it. */
const PAST = new Date("2026-09-01T10:00:00Z");

async function packWorld(actions = 45) {
  const w = await createWorld();
  for (let i = 0; i < actions; i++)
    await w.action({ title: `Action ${i + 1}`, status: "in_progress", rag: "green", createdAt: PAST });
  const admin = await w.member("admin");
  const actor = actorOf({ id: admin.id, role: "admin" });
  const report = await createSummaryReport({
    authorityId: w.authority.id,
    viewer: actor,
    inspectionId: w.inspection.id,
  });
  return { ...w, admin, actor, report };
}

const readAll = async (stream: NodeJS.ReadableStream) => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
};

test("a pack's PDF is queued, made in the background with the actions counted, and kept for download", async () => {
  const { authority, actor, report } = await packWorld();
  const { id } = await startPackFile({ authorityId: authority.id, actor, reportId: report.id, format: "pdf" });
  const queued = await getLongJob({ authorityId: authority.id, viewer: actor, jobId: id });
  expect(queued).toMatchObject({ state: "queued", done: 0, total: 45, unit: "actions", hasFile: false });
  expect(queued.title).toMatch(/^PDF of /);

  await runWorkers();
  await until(async () => (await getLongJob({ authorityId: authority.id, viewer: actor, jobId: id })).state === "done");
  const done = await getLongJob({ authorityId: authority.id, viewer: actor, jobId: id });
  expect(done).toMatchObject({ state: "done", done: 45, total: 45, hasFile: true, error: null });
  expect(done.fileName).toMatch(/\.pdf$/);
  const file = await openLongJobFile({ authorityId: authority.id, viewer: actor, jobId: id });
  expect(file.contentType).toBe("application/pdf");
  const bytes = await readAll(file.stream);
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(bytes.length).toBe(file.sizeBytes);
  // The file has its StoredFile row, so the storage sweep keeps it.
  const row = await getDb().longJob.findUniqueOrThrow({ where: { id }, include: { file: true } });
  expect(row.file).toMatchObject({ authorityId: authority.id, uploadedById: actor.id, sizeBytes: bytes.length });
  expect(await listLongJobs({ authorityId: authority.id, viewer: actor, kind: "board-pack-file" })).toHaveLength(1);
});

test("the Word file is made the same way", async () => {
  const { authority, actor, report } = await packWorld(5);
  const { id } = await startPackFile({ authorityId: authority.id, actor, reportId: report.id, format: "docx" });
  await runWorkers();
  await until(async () => (await getLongJob({ authorityId: authority.id, viewer: actor, jobId: id })).state === "done");
  const file = await openLongJobFile({ authorityId: authority.id, viewer: actor, jobId: id });
  expect(file.contentType).toContain("wordprocessingml");
  expect((await readAll(file.stream)).subarray(0, 2).toString("latin1")).toBe("PK");
});

test("the pack's writer reports the actions written as it goes, in both formats", async () => {
  const { authority, actor, report } = await packWorld(45);
  for (const format of ["pdf", "docx"] as const) {
    const seen: number[] = [];
    let total = 0;
    const outcome = await packFileRunner({
      authorityId: authority.id,
      actor,
      params: { reportId: report.id, format },
      progress: {
        total: async (n) => {
          total = n;
        },
        done: async (n) => {
          seen.push(n);
        },
      },
    });
    expect(total).toBe(45);
    expect(outcome.file?.bytes.length).toBeGreaterThan(1000);
    if (format === "pdf") expect(seen).toEqual([20, 40]);
    else expect(seen).toEqual([45]); // one recommendation: one table of 45 actions
  }
});

test("only the person who started a job sees it or its file, in its own authority", async () => {
  const { authority, actor, report, member } = await packWorld(3);
  const { id } = await startPackFile({ authorityId: authority.id, actor, reportId: report.id, format: "pdf" });
  await runWorkers();
  await until(async () => (await getLongJob({ authorityId: authority.id, viewer: actor, jobId: id })).state === "done");

  const otherAdmin = actorOf({ id: (await member("admin")).id, role: "admin" });
  expect(await statusOf(getLongJob({ authorityId: authority.id, viewer: otherAdmin, jobId: id }))).toBe(404);
  expect(await statusOf(openLongJobFile({ authorityId: authority.id, viewer: otherAdmin, jobId: id }))).toBe(404);
  expect(await listLongJobs({ authorityId: authority.id, viewer: otherAdmin, kind: "board-pack-file" })).toEqual([]);

  // The same user's id, asked through another authority: nothing there.
  const other = await createTenant();
  expect(await statusOf(getLongJob({ authorityId: other.authority.id, viewer: actor, jobId: id }))).toBe(404);
  expect(await statusOf(openLongJobFile({ authorityId: other.authority.id, viewer: actor, jobId: id }))).toBe(404);

  // A role without the kind's permission (a partner cannot read packs) does not see it even as its starter.
  const asPartner = { id: actor.id, role: "partner" as const };
  expect(await statusOf(getLongJob({ authorityId: authority.id, viewer: asPartner, jobId: id }))).toBe(404);
  expect(
    await statusOf(startPackFile({ authorityId: authority.id, actor: asPartner, reportId: report.id, format: "pdf" })),
  ).toBe(403);
});

test("a pack of another authority cannot be queued", async () => {
  const { actor, report } = await packWorld(1);
  const other = await createTenant();
  expect(
    await statusOf(startPackFile({ authorityId: other.authority.id, actor, reportId: report.id, format: "pdf" })),
  ).toBe(404);
});

test("a pack deleted before its file is made fails at once, saying why", async () => {
  const { authority, actor, report } = await packWorld(1);
  const { id } = await startPackFile({ authorityId: authority.id, actor, reportId: report.id, format: "pdf" });
  await getDb().reportSnapshot.delete({ where: { id: report.id } });
  await runWorkers();
  await until(
    async () => (await getLongJob({ authorityId: authority.id, viewer: actor, jobId: id })).state === "failed",
  );
  const job = await getLongJob({ authorityId: authority.id, viewer: actor, jobId: id });
  expect(job.error).toBe("We could not find that report.");
  expect(job.hasFile).toBe(false);
  expect(await statusOf(openLongJobFile({ authorityId: authority.id, viewer: actor, jobId: id }))).toBe(404);
});

test("a job whose starter lost access before it ran fails, saying so", async () => {
  const { authority, actor, report, admin } = await packWorld(1);
  const { id } = await startPackFile({ authorityId: authority.id, actor, reportId: report.id, format: "pdf" });
  await getDb().membership.updateMany({
    where: { userId: admin.id, authorityId: authority.id },
    data: { role: "partner" },
  });
  await runWorkers();
  await until(async () => (await getDb().longJob.findUniqueOrThrow({ where: { id } })).state === "failed");
  const row = await getDb().longJob.findUniqueOrThrow({ where: { id } });
  expect(row.error).toBe("The person who started this job no longer has access to do it.");
});

test("an unexpected failure is tried again, then fails with a plain message", async () => {
  const { authority, actor, report } = await packWorld(1);
  const { id } = await startPackFile({ authorityId: authority.id, actor, reportId: report.id, format: "pdf" });
  const broken = longJobHandler({
    "board-pack-file": async () => {
      throw new Error("disk full at /var/data/secret-path");
    },
  });
  await expect(broken({ longJobId: id }, { id: "q1", attempt: 1, lastAttempt: false })).rejects.toThrow("disk full");
  expect(await getLongJob({ authorityId: authority.id, viewer: actor, jobId: id })).toMatchObject({ state: "queued" });
  await broken({ longJobId: id }, { id: "q1", attempt: 3, lastAttempt: true });
  const job = await getLongJob({ authorityId: authority.id, viewer: actor, jobId: id });
  expect(job).toMatchObject({ state: "failed", error: UNEXPECTED_FAILURE });
  // A finished job is left alone if the queue delivers it again.
  await handler({ longJobId: id }, { id: "q1", attempt: 1, lastAttempt: false });
  expect(await getLongJob({ authorityId: authority.id, viewer: actor, jobId: id })).toMatchObject({ state: "failed" });
});

test("a job found running again after its server died: a file is made afresh, an import fails saying it stopped part-way", async () => {
  const { authority, actor, report } = await packWorld(2);
  const pack = await startPackFile({ authorityId: authority.id, actor, reportId: report.id, format: "pdf" });
  const db = getDb();
  // As if a killed server had left them running, and the queue gave them out again.
  await db.longJob.update({ where: { id: pack.id }, data: { state: "running", done: 1 } });
  await handler({ longJobId: pack.id }, { id: "q1", attempt: 2, lastAttempt: false });
  expect(await getLongJob({ authorityId: authority.id, viewer: actor, jobId: pack.id })).toMatchObject({
    state: "done",
    hasFile: true,
  });

  const imported = await db.longJob.create({
    data: {
      authorityId: authority.id,
      requestedById: actor.id,
      kind: "plan-import",
      title: "Import of plan.csv",
      unit: "rows",
      total: 300,
      done: 120,
      state: "running",
      params: "{}",
    },
  });
  const importHandler = longJobHandler({
    "plan-import": async () => {
      throw new Error("must not run again");
    },
  });
  await importHandler({ longJobId: imported.id }, { id: "q2", attempt: 2, lastAttempt: true });
  expect(await getLongJob({ authorityId: authority.id, viewer: actor, jobId: imported.id })).toMatchObject({
    state: "failed",
    error: STOPPED_PART_WAY,
  });
});

test("finished jobs are removed with their files after a week; newer and unfinished ones stay", async () => {
  const { authority, actor, report } = await packWorld(1);
  const db = getDb();
  const make = async () => {
    const { id } = await startPackFile({ authorityId: authority.id, actor, reportId: report.id, format: "pdf" });
    await handler({ longJobId: id }, { id: "q", attempt: 1, lastAttempt: false });
    return db.longJob.findUniqueOrThrow({ where: { id }, include: { file: true } });
  };
  const old = await make();
  const recent = await make();
  const waiting = await startPackFile({ authorityId: authority.id, actor, reportId: report.id, format: "pdf" });
  const now = Date.now();
  await db.longJob.update({ where: { id: old.id }, data: { finishedAt: new Date(now - 8 * 86_400_000) } });

  expect(await pruneLongJobs({ before: new Date(now - LONG_JOB_KEEP_DAYS * 86_400_000) })).toBe(1);
  expect(await db.longJob.findUnique({ where: { id: old.id } })).toBeNull();
  expect(await db.storedFile.findUnique({ where: { id: old.fileId! } })).toBeNull();
  expect(await statusOf(getStorage().read(old.file!.storageKey))).toBe(404);
  // The recent one and its file, and the one still waiting, are kept.
  expect(await db.longJob.count({ where: { id: { in: [recent.id, waiting.id] } } })).toBe(2);
  const kept = await getStorage().read(recent.file!.storageKey);
  kept.destroy();
});
