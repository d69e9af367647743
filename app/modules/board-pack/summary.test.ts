/**
 * The scrutiny summary from the real database: counts, the state as at a past
 * date replayed from timelines, changes since the previous meeting,
 * restricted evidence only counted, the exception report, and packs kept as
 * snapshots with a versioned narrative.
 */
import { expect, test } from "vitest";
import { createAuthority, createUser } from "../../../prisma/factories";
import { snapshotRefusals, statusOf } from "../../../tests/helpers/errors";
import { createWorld, type ActionInput } from "../../../tests/helpers/world";
import { buildSummary, createReport, getReport, saveNarrative } from "./summary.server";

async function world() {
  const { db, authority, inspection, recommendations, member, action } = await createWorld({
    items: [
      { reference: "R1", text: "Improve the quality of supervision.", kind: "improvement_item" },
      { reference: "R2", text: "Strengthen pathway planning for care leavers.", kind: "improvement_item" },
    ],
  });
  const [r1, r2] = recommendations;
  const [admin, owner, partner] = await Promise.all([member("admin"), member("action_owner"), member("partner")]);
  const past = new Date("2026-09-01T10:00:00Z");
  /** The owner's action on the item, made before the summary's period: its status, RAG and due day, and any more. */
  const mk = (recommendationId: string, title: string, status: string, rag: string, due: string, more?: ActionInput) =>
    action({
      recommendationId,
      ownerId: owner.id,
      title,
      status,
      rag,
      dueDate: new Date(due),
      createdAt: past,
      ...more,
    });
  const green = await mk(r1!.id, "Monthly supervision audit", "in_progress", "green", "2030-01-31");
  const red = await mk(r1!.id, "Reduce caseloads", "in_progress", "red", "2030-01-31", {
    ragReason: "Vacancies at 20%",
  });
  const late = await mk(r2!.id, "Refresh pathway plans", "in_progress", "amber", "2026-10-31");
  const done = await mk(r2!.id, "Care leavers' offer published", "complete", "green", "2026-10-31", {
    completedAt: new Date("2026-10-20T10:00:00Z"),
  });
  // Timeline: the red action was green until 1 October.
  for (const [actionId, body, change, at] of [
    [red.id, "Started", { rag: "green", status: "in_progress" }, "2026-09-02T10:00:00Z"],
    [red.id, "Vacancies rose", { rag: "red" }, "2026-10-01T10:00:00Z"],
    [done.id, "Work started", { status: "in_progress" }, "2026-09-02T10:00:00Z"],
    [done.id, "Published on the website", { status: "complete" }, "2026-10-20T10:00:00Z"],
  ] as const)
    await db.actionUpdate.create({
      data: { authorityId: authority.id, actionId, body, ...change, createdAt: new Date(at) },
    });
  // Evidence: one ordinary item, one restricted.
  for (const [title, restricted] of [
    ["Supervision audit report", false],
    ["Child A case file", true],
  ] as const) {
    const e = await db.evidence.create({
      data: { authorityId: authority.id, title, type: "audit", containsPersonalData: restricted },
    });
    const f = await db.storedFile.create({
      data: {
        authorityId: authority.id,
        storageKey: `${authority.id}/${e.id}`,
        fileName: "x.pdf",
        contentType: "application/pdf",
        sizeBytes: 1,
        sha256: "0".repeat(64),
      },
    });
    await db.evidenceVersion.create({
      data: { authorityId: authority.id, evidenceId: e.id, fileId: f.id, versionNumber: 1, createdAt: past },
    });
    await db.actionEvidence.create({
      data: { authorityId: authority.id, actionId: green.id, evidenceId: e.id, createdAt: past },
    });
  }
  const viewer = { id: admin.id, role: "admin" as const };
  /** A pack of this inspection as the admin asks for it, as at 20 November, not compared. */
  const pack = (args: Partial<Parameters<typeof buildSummary>[0]> = {}) => ({
    authorityId: authority.id,
    viewer,
    scope: { inspectionId: inspection.id },
    kind: "summary" as const,
    asAt: "2026-11-20",
    compareWith: null,
    ...args,
  });
  return {
    db,
    authority,
    inspection,
    viewer,
    pack,
    users: { admin, owner, partner },
    actions: { green, red, late, done },
  };
}

test("the summary counts the plan, replays state at the date, lists changes since the comparison, and only counts restricted evidence", async () => {
  const { pack } = await world();
  const data = await buildSummary(pack({ compareWith: "2026-09-15" }));
  expect(data.counts).toMatchObject({
    recommendations: 2,
    actions: 4,
    byRag: { red: 1, amber: 1, green: 2, none: 0 },
    overdue: 1,
    completedSince: 1,
  });
  expect(data.counts.byStatus).toMatchObject({ in_progress: 3, complete: 1 });
  // R1: two actions in progress; R2: one in progress, one complete → both in progress.
  expect(data.counts.recommendationsByStatus).toMatchObject({ in_progress: 2, complete: 0 });
  expect(data.counts.recommendationsByRag).toEqual({ red: 1, amber: 1, green: 0, none: 0 });
  const all = data.inspections.flatMap((i) => i.recommendations.flatMap((r) => r.actions));
  const byTitle = Object.fromEntries(all.map((a) => [a.title, a]));
  expect(byTitle["Reduce caseloads"]!.changes).toEqual(["RAG: Green → Red"]);
  expect(byTitle["Care leavers' offer published"]!.changes).toEqual(["Status: In progress → Complete"]);
  expect(byTitle["Refresh pathway plans"]!.overdue).toBe(true);
  expect(byTitle["Monthly supervision audit"]).toMatchObject({
    evidence: [{ title: "Supervision audit report", state: "awaiting_review" }],
    restrictedEvidence: 1,
  });
  expect(JSON.stringify(data)).not.toContain("Child A");
  expect(data.inspections[0]!.recommendations.map((r) => r.text)).toEqual([
    "Improve the quality of supervision.",
    "Strengthen pathway planning for care leavers.",
  ]);

  // As at 20 September, before the RAG went red and before completion.
  const then = await buildSummary(pack({ asAt: "2026-09-20" }));
  const thenByTitle = Object.fromEntries(
    then.inspections.flatMap((i) => i.recommendations.flatMap((r) => r.actions)).map((a) => [a.title, a]),
  );
  expect(thenByTitle["Reduce caseloads"]!.rag).toBe("green");
  expect(thenByTitle["Care leavers' offer published"]!.status).toBe("in_progress");
  expect(then.counts.overdue).toBe(0);
});

test("the exception report keeps only red, overdue, blocked and returned actions", async () => {
  const { pack } = await world();
  const data = await buildSummary(pack({ kind: "exception" }));
  const titles = data.inspections.flatMap((i) => i.recommendations.flatMap((r) => r.actions.map((a) => a.title)));
  expect(titles.sort()).toEqual(["Reduce caseloads", "Refresh pathway plans"]);
  expect(data.counts.actions).toBe(4);
});

test("a pack is kept as generated, its narrative saved with a version; partners and other authorities get nothing", async () => {
  const { db, authority, users, viewer, pack } = await world();
  const report = await createReport(pack());
  // Later changes to the plan do not change the kept pack.
  await db.action.updateMany({ where: { authorityId: authority.id }, data: { title: "Renamed later" } });
  const kept = await getReport({ authorityId: authority.id, viewer, reportId: report.id });
  expect(JSON.stringify(kept.data)).not.toContain("Renamed later");
  await saveNarrative({
    authorityId: authority.id,
    viewer,
    reportId: report.id,
    version: 1,
    narrative: { baseline: "Caseloads were high in 2025.", next: "Recruit.", barriers: "Market rates." },
  });
  expect(
    await statusOf(
      saveNarrative({
        authorityId: authority.id,
        viewer,
        reportId: report.id,
        version: 1,
        narrative: { baseline: "x", next: "", barriers: "" },
      }),
    ),
  ).toBe(409);
  expect((await getReport({ authorityId: authority.id, viewer, reportId: report.id })).data.narrative.baseline).toBe(
    "Caseloads were high in 2025.",
  );
  // The next pack for the same scope starts from that narrative.
  const next = await createReport(pack({ kind: "exception", asAt: "2026-11-21" }));
  expect((await getReport({ authorityId: authority.id, viewer, reportId: next.id })).data.narrative.next).toBe(
    "Recruit.",
  );

  expect(await statusOf(buildSummary(pack({ viewer: { id: users.partner.id, role: "partner" } })))).toBe(403);
  const other = await createAuthority({ db });
  const stranger = await createUser({ db, memberships: [{ authorityId: other.id, role: "admin" }] });
  expect(
    await statusOf(
      getReport({ authorityId: other.id, viewer: { id: stranger.id, role: "admin" }, reportId: report.id }),
    ),
  ).toBe(404);
  expect(
    await statusOf(buildSummary(pack({ authorityId: other.id, viewer: { id: stranger.id, role: "admin" } }))),
  ).toBe(404);
});

test("a kept pack is stored with its snapshot version and reads back as generated; a pack kept before the version field still reads", async () => {
  const { db, authority, viewer, pack } = await world();
  const report = await createReport(pack({ compareWith: "2026-09-15" }));
  const stored = JSON.parse((await db.reportSnapshot.findUniqueOrThrow({ where: { id: report.id } })).data) as Record<
    string,
    unknown
  >;
  expect(stored.version).toBe(1);
  const { version: _version, ...generated } = stored;
  const read = (await getReport({ authorityId: authority.id, viewer, reportId: report.id })).data;
  expect(read).toEqual(generated);
  expect(
    read.inspections.flatMap((i) => i.recommendations.flatMap((r) => r.actions.map((a) => a.status))).sort(),
  ).toEqual(["complete", "in_progress", "in_progress", "in_progress"]);
  // An unversioned pack (as kept before the field existed) is read as version 1.
  await db.reportSnapshot.update({ where: { id: report.id }, data: { data: JSON.stringify(generated) } });
  expect((await getReport({ authorityId: authority.id, viewer, reportId: report.id })).data).toEqual(generated);
});

test("a malformed or unknown stored pack is refused with a clear error, never shown half-read", async () => {
  const { db, authority, viewer, pack } = await world();
  const report = await createReport(pack());
  const good = JSON.parse((await db.reportSnapshot.findUniqueOrThrow({ where: { id: report.id } })).data) as {
    inspections: { recommendations: { actions: { status: string; rag: string | null }[] }[] }[];
  } & Record<string, unknown>;
  const problemOf = snapshotRefusals({
    store: (data) => db.reportSnapshot.update({ where: { id: report.id }, data: { data } }),
    read: () => getReport({ authorityId: authority.id, viewer, reportId: report.id }),
    message: "This board pack was stored in a form we cannot read, so it cannot be shown.",
    details: { reportId: report.id, snapshot: "board pack" },
  });
  const withAction = (patch: Record<string, unknown>) => {
    const copy = structuredClone(good);
    Object.assign(copy.inspections[0]!.recommendations[0]!.actions[0]!, patch);
    return JSON.stringify(copy);
  };
  expect(await problemOf(withAction({ status: "finished" }))).toContain('Unknown action status "finished"');
  expect(await problemOf(withAction({ rag: "purple" }))).toContain('Unknown RAG "purple"');
  expect(await problemOf(JSON.stringify({ ...good, version: 2 }))).toBe("unknown version 2");
  expect(await problemOf(JSON.stringify({ ...good, version: "1" }))).toBe('unknown version "1"');
  expect(await problemOf(JSON.stringify({ ...good, counts: undefined }))).toMatch(/^version 1: counts: /);
  expect(await problemOf("not json")).toBe("not JSON");
  expect(await problemOf("[]")).toBe("not a JSON object");
  // A valid pack reads again once restored.
  expect(await problemOf(JSON.stringify(good))).toBeNull();
});

test("a pack of 1,200 actions is built, with each action's updates (more ids than SQLite binds in one query)", async () => {
  const { db, pack, authority, inspection } = await world();
  const recommendationId = (await db.recommendation.findFirstOrThrow({ where: { inspectionId: inspection.id } })).id;
  const past = new Date("2026-09-01T10:00:00Z");
  const made = await db.action.createManyAndReturn({
    data: Array.from({ length: 1196 }, (_, i) => ({
      authorityId: authority.id,
      recommendationId,
      title: `Bulk action ${i + 1}`,
      status: "in_progress",
      rag: "green",
      createdAt: past,
    })),
    select: { id: true },
  });
  // The last one turned red on 1 October: found although its id is in the third batch.
  await db.actionUpdate.create({
    data: {
      authorityId: authority.id,
      actionId: made.at(-1)!.id,
      body: "Slipped",
      rag: "red",
      createdAt: new Date("2026-10-01T10:00:00Z"),
    },
  });
  const data = await buildSummary(pack());
  expect(data.counts.actions).toBe(1200);
  const all = data.inspections.flatMap((i) => i.recommendations.flatMap((r) => r.actions));
  expect(all.find((a) => a.title === "Bulk action 1196")?.rag).toBe("red");
});
