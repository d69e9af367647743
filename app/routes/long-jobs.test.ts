/**
 * Board pack files as long jobs (ADR 021), through the real routes: the POST
 * queues the file and redirects to the job's page; the page and the file are
 * only for the person who started it, in its authority; a partner cannot
 * start one; an old GET of the file goes back to the pack.
 */
import { afterEach, expect, test } from "vitest";
import { actorOf } from "~/modules/auth/actor";
import { WORKERS } from "~/modules/jobs/workers.server";
import { jobQueue, stopJobQueue } from "~/modules/jobs/runner.server";
import { getDb } from "~/utils/db.server";
import { callRoute, routeRequest } from "../../tests/helpers/route";
import { until } from "../../tests/helpers/until";
import { createSummaryReport, createTenant, createWorld } from "../../tests/helpers/world";
import { action as fileAction, loader as oldFileLoader } from "./a.$authority.reports.$reportId.make-file.$format";
import { loader as jobLoader } from "./a.$authority.jobs.$jobId";
import { loader as jobFileLoader } from "./a.$authority.jobs.$jobId.file";
import { loader as packsLoader } from "./a.$authority.reports._index";

afterEach(async () => {
  await stopJobQueue();
});

async function world() {
  const w = await createWorld();
  await w.action({
    title: "Monthly supervision audit",
    status: "in_progress",
    rag: "green",
    createdAt: new Date("2026-09-01"),
  });
  const viewer = await w.signedIn("viewer");
  const report = await createSummaryReport({
    authorityId: w.authority.id,
    viewer: actorOf({ id: viewer.id, role: "admin" }),
    inspectionId: w.inspection.id,
  });
  return { ...w, viewer, report };
}

const startWorkers = async () => {
  const queue = await jobQueue();
  const w = WORKERS.find((x) => x.queue === "long-jobs")!;
  await queue.work(w.queue, w.handler);
};

test("making a pack's PDF queues a job and opens its page; when done, the page links the file", async () => {
  const { authority, viewer, report } = await world();
  const params = { authority: authority.slug, reportId: report.id, format: "pdf" };
  const posted = await callRoute(fileAction, {
    token: viewer.token,
    path: `/a/${authority.slug}/reports/${report.id}/download/pdf`,
    form: {},
    params,
  });
  expect(posted.status).toBe(302);
  const location = posted.headers.get("Location") ?? "";
  const jobId = /^\/a\/[^/]+\/jobs\/([a-z0-9]+)$/.exec(location)?.[1];
  expect(jobId, location).toBeTruthy();
  const jobParams = { authority: authority.slug, jobId: jobId! };
  const path = `/a/${authority.slug}/jobs/${jobId}`;

  const waiting = await callRoute(jobLoader, { token: viewer.token, path, params: jobParams });
  expect(waiting.status).toBe(200);
  expect(waiting.data?.job).toMatchObject({ state: "queued", total: 1, unit: "actions", hasFile: false });
  // No file before it is made.
  expect(
    (await callRoute(jobFileLoader, { token: viewer.token, path: `${path}/file`, params: jobParams })).status,
  ).toBe(404);

  await startWorkers();
  await until(async () => (await getDb().longJob.findUniqueOrThrow({ where: { id: jobId! } })).state === "done");
  const done = await callRoute(jobLoader, { token: viewer.token, path, params: jobParams });
  expect(done.data?.job).toMatchObject({ state: "done", done: 1, total: 1, hasFile: true });

  const response = (await jobFileLoader({
    request: routeRequest({ token: viewer.token, path: `${path}/file` }),
    params: jobParams,
    context: undefined,
  } as never)) as Response;
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/pdf");
  expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename=".+\.pdf"/);
  expect(response.headers.get("Cache-Control")).toBe("private, no-store");
  const bytes = Buffer.from(await response.arrayBuffer());
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");

  // The board packs page lists the user's files, so a closed page is found again.
  const packs = await callRoute(packsLoader, { token: viewer.token, path: `/a/${authority.slug}/reports`, params });
  expect((packs.data?.files as { id: string }[]).map((f) => f.id)).toEqual([jobId]);
});

test("a job's page and file are only for the person who started it, in its own authority", async () => {
  const { authority, viewer, report, signedIn } = await world();
  const params = { authority: authority.slug, reportId: report.id, format: "docx" };
  const posted = await callRoute(fileAction, { token: viewer.token, path: "/", form: {}, params });
  const jobId = (posted.headers.get("Location") ?? "").split("/").pop()!;
  await startWorkers();
  await until(async () => (await getDb().longJob.findUniqueOrThrow({ where: { id: jobId } })).state === "done");
  const jobParams = { authority: authority.slug, jobId };
  const path = `/a/${authority.slug}/jobs/${jobId}`;

  // Another admin of the same authority: as if there were no such job.
  const admin = await signedIn("admin");
  expect((await callRoute(jobLoader, { token: admin.token, path, params: jobParams })).status).toBe(404);
  expect((await callRoute(jobFileLoader, { token: admin.token, path, params: jobParams })).status).toBe(404);
  const adminPacks = await callRoute(packsLoader, { token: admin.token, path, params: { authority: authority.slug } });
  expect(adminPacks.data?.files).toEqual([]);

  // An admin of another authority, through their own authority or through this one.
  const other = await createTenant();
  const outsider = await other.signedIn("admin");
  const own = { authority: other.authority.slug, jobId };
  expect((await callRoute(jobLoader, { token: outsider.token, path, params: own })).status).toBe(404);
  expect((await callRoute(jobFileLoader, { token: outsider.token, path, params: own })).status).toBe(404);
  expect((await callRoute(jobLoader, { token: outsider.token, path, params: jobParams })).status).toBe(404);
  expect((await callRoute(jobFileLoader, { token: outsider.token, path, params: jobParams })).status).toBe(404);

  // Signed out: to sign in, never the file.
  const anonymous = await callRoute(jobFileLoader, { path, params: jobParams });
  expect([302, 401]).toContain(anonymous.status);
});

test("a partner cannot make a pack's file; another authority's pack is not found; a bad format is not found", async () => {
  const { authority, report, signedIn } = await world();
  const partner = await signedIn("partner");
  const params = { authority: authority.slug, reportId: report.id, format: "pdf" };
  expect((await callRoute(fileAction, { token: partner.token, path: "/", form: {}, params })).status).toBe(403);

  const other = await createTenant();
  const outsider = await other.signedIn("admin");
  const there = { authority: other.authority.slug, reportId: report.id, format: "pdf" };
  expect((await callRoute(fileAction, { token: outsider.token, path: "/", form: {}, params: there })).status).toBe(404);
  const viewer = await signedIn("viewer");
  const bad = { ...params, format: "exe" };
  expect((await callRoute(fileAction, { token: viewer.token, path: "/", form: {}, params: bad })).status).toBe(404);
  expect(await getDb().longJob.count({ where: { authorityId: { in: [authority.id, other.authority.id] } } })).toBe(0);
});

test("an old link that fetched the file goes to the pack's page, where the file is made", async () => {
  const { authority, viewer, report } = await world();
  const params = { authority: authority.slug, reportId: report.id, format: "pdf" };
  const old = await callRoute(oldFileLoader, { token: viewer.token, path: "/", params });
  expect(old.status).toBe(302);
  expect(old.headers.get("Location")).toBe(`/a/${authority.slug}/reports/${report.id}`);
});
