/**
 * Board and evidence messages on the real database (issue 14, section 3):
 * agenda published, minutes approved, the digest before a meeting and
 * evidence challenged each reach the right people exactly once, queued in the
 * change's transaction (a rolled-back change sends none); a partner is told
 * only of their own actions; the agenda and the digest arrive as short emails
 * at a real SMTP server.
 */
import { afterEach, expect, test } from "vitest";
import type { Actor } from "~/modules/auth/actor";
import type { Role } from "~/modules/auth/permissions";
import type { Tx } from "~/modules/action/apply.server";
import {
  approvePreviousMinutes,
  changeAgenda,
  markHeld,
  planMeeting,
  publishAgenda,
} from "~/modules/board/service.server";
import { EvidenceReviewSchema } from "~/modules/evidence/forms";
import { reviewEvidence } from "~/modules/evidence/service.server";
import { jobQueue, startJobWorkers, stopJobQueue } from "~/modules/jobs/runner.server";
import { getDb } from "~/utils/db.server";
import { smtpSinkForFile } from "../../../tests/helpers/mail";
import { until } from "../../../tests/helpers/until";
import { createBoardMeeting, createWorld } from "../../../tests/helpers/world";
import { deliverEmail } from "./deliver.server";
import { DIGEST_RUN, sendMeetingDigests } from "./meeting-digest.server";
import { notifyEvidenceChallenged } from "./evidence-events.server";
import { notifyAgendaPublished, queueMeetingDigest } from "./meeting-events.server";

const smtp = smtpSinkForFile();
afterEach(async () => {
  await stopJobQueue();
});

const workers = () => startJobWorkers([{ queue: "notify-deliver", handler: deliverEmail, concurrency: 2 }], []);

/**
 * An authority with a board: a chair, a member, an observer (a viewer) and a
 * partner on it; an admin and an action owner who are not. Two actions: the
 * owner's (R1) and the partner's (R2).
 */
async function world() {
  const w = await createWorld({
    items: [
      { reference: "R1", text: "Strengthen management oversight.", kind: "improvement_item" },
      { reference: "R2", text: "Multi-agency strategy meetings.", kind: "improvement_item" },
    ],
  });
  const [admin, chair, member, viewer, partner, owner] = await Promise.all(
    (["admin", "board_member", "board_member", "viewer", "partner", "action_owner"] as Role[]).map((r) => w.member(r)),
  );
  const as = (u: { id: string }, role: Role): Actor => ({ id: u.id, role });
  const adminActor = as(admin!, "admin");
  const chairActor = as(chair!, "board_member");
  // The board's first meeting: 10 December 2026, 14:00, planned by the chair.
  const { board, meeting: firstMeeting } = await createBoardMeeting({
    authorityId: w.authority.id,
    actor: adminActor,
    plannedBy: chairActor,
    members: [
      { userId: chair!.id, boardRole: "chair" },
      { userId: member!.id, boardRole: "member" },
      { userId: viewer!.id, boardRole: "observer" },
      { userId: partner!.id, boardRole: "member" },
    ],
  });
  const ownersAction = await w.action({
    recommendationId: w.recommendations[0]!.id,
    ownerId: owner!.id,
    title: "Audit of supervision records",
  });
  const partnersAction = await w.action({
    recommendationId: w.recommendations[1]!.id,
    ownerId: partner!.id,
    title: "Police attendance at strategy meetings",
  });
  const plan = (date: string) =>
    planMeeting({
      authorityId: w.authority.id,
      actor: chairActor,
      boardId: board.id,
      value: { date, time: "14:00", location: "Civic Hall" },
    });
  /** Puts both actions on the draft agenda (whatever the proposal held) and publishes it. */
  const publish = async (meetingId: string) => {
    for (const actionId of [ownersAction.id, partnersAction.id]) {
      const on = await w.db.agendaItem.count({ where: { meetingId, actionId } });
      if (on > 0) continue;
      const { version } = await w.db.meeting.findUniqueOrThrow({ where: { id: meetingId } });
      await changeAgenda({
        authorityId: w.authority.id,
        actor: chairActor,
        meetingId,
        version,
        change: { op: "add", actionId },
      });
    }
    const { version } = await w.db.meeting.findUniqueOrThrow({ where: { id: meetingId } });
    await publishAgenda({ authorityId: w.authority.id, actor: chairActor, meetingId, version });
  };
  const notes = (kind: string, userId?: string) =>
    w.db.notification.findMany({
      where: { authorityId: w.authority.id, kind, ...(userId ? { userId } : {}) },
      orderBy: { userId: "asc" },
    });
  return {
    ...w,
    users: { admin: admin!, chair: chair!, member: member!, viewer: viewer!, partner: partner!, owner: owner! },
    adminActor,
    chairActor,
    board,
    firstMeeting,
    ownersAction,
    partnersAction,
    plan,
    publish,
    notes,
  };
}

const idsOf = (rows: { userId: string }[]) => rows.map((r) => r.userId).sort();

test("publishing the agenda tells each board member once, with the items they may see; a partner sees only their own", async () => {
  const { users, firstMeeting: meeting, publish, notes, authority, ownersAction, partnersAction } = await world();
  await publish(meeting.id);
  const sent = await notes("agenda_published");
  // The chair published it; the admin and the owner are not on the board.
  expect(idsOf(sent)).toEqual([users.member.id, users.viewer.id, users.partner.id].sort());
  for (const n of sent) {
    expect(n).toMatchObject({
      title: "Agenda published: Improvement Board, 14:00 on 10 December 2026",
      link: `/a/${authority.slug}/meetings/${meeting.id}`,
      meetingId: meeting.id,
    });
  }
  const detailOf = (userId: string) => sent.find((n) => n.userId === userId)!.detail!;
  const ownersPath = `/a/${authority.slug}/actions/${ownersAction.id}`;
  const partnersPath = `/a/${authority.slug}/actions/${partnersAction.id}`;
  expect(detailOf(users.member.id).split("\n")).toEqual([
    "On the agenda:",
    "- R1: Audit of supervision records",
    ownersPath,
    "- R2: Police attendance at strategy meetings",
    partnersPath,
  ]);
  expect(detailOf(users.partner.id).split("\n")).toEqual([
    "Your actions on the agenda:",
    "- R2: Police attendance at strategy meetings",
    partnersPath,
    "The full agenda is on the meeting's page.",
  ]);
  // Published once: a second publish is refused, and the same event queued again is ignored.
  await expect(publish(meeting.id)).rejects.toMatchObject({ status: 409 });
  await getDb().$transaction((tx) =>
    notifyAgendaPublished(tx, {
      authorityId: authority.id,
      meetingId: meeting.id,
      actor: { id: users.chair.id, role: "board_member" },
    }),
  );
  expect(await notes("agenda_published")).toHaveLength(3);

  // The emails: one each, short, with the items and absolute links; the partner's without the other action.
  await workers();
  await until(() => smtp.inbox(users.viewer.email).length === 1 && smtp.inbox(users.partner.email).length === 1);
  await until(() => smtp.inbox(users.member.email).length === 1);
  const [mail] = smtp.inbox(users.member.email);
  expect(mail!.subject).toBe("Agenda published: Improvement Board, 14:00 on 10 December 2026");
  expect(mail!.text).toContain("A meeting's agenda has been published.");
  expect(mail!.text).toContain("- R1: Audit of supervision records");
  expect(mail!.text).toMatch(new RegExp(`\\nhttp://[^\\s]+${ownersPath}\\n`));
  expect(mail!.text).toMatch(new RegExp(`Open it: http://[^\\s]+/a/${authority.slug}/meetings/${meeting.id}`));
  const partnerMail = smtp.inbox(users.partner.email)[0]!;
  expect(partnerMail.text).toContain("Police attendance at strategy meetings");
  expect(partnerMail.text).not.toContain("Audit of supervision records");
  for (const u of [users.chair, users.admin, users.owner]) expect(smtp.inbox(u.email)).toHaveLength(0);
});

/** `queue` runs in a transaction that then fails: what it queued (counted by `queued`) is gone, and no delivery job is left. */
async function expectRolledBack(queue: (tx: Tx) => Promise<unknown>, queued: (db: Tx) => Promise<number>) {
  const pendingBefore = await (await jobQueue()).pending("notify-deliver");
  await expect(
    getDb().$transaction(async (tx) => {
      await queue(tx);
      expect(await queued(tx)).toBeGreaterThan(0);
      throw new Error("something later in the change failed");
    }),
  ).rejects.toThrow("something later in the change failed");
  expect(await queued(getDb())).toBe(0);
  expect(await (await jobQueue()).pending("notify-deliver")).toBe(pendingBefore);
}

test("an agenda publish that rolls back sends nothing", async () => {
  const { users, plan, authority } = await world();
  const meeting = await plan("2026-12-11");
  await expectRolledBack(
    async (tx) => {
      await tx.meeting.update({ where: { id: meeting.id }, data: { status: "agenda_published" } });
      await notifyAgendaPublished(tx, {
        authorityId: authority.id,
        meetingId: meeting.id,
        actor: { id: users.chair.id, role: "board_member" },
      });
    },
    (db) => db.notification.count({ where: { meetingId: meeting.id } }),
  );
});

test("approving the minutes tells the board's members once, with a link to the minutes", async () => {
  const { users, plan, publish, notes, authority, chairActor, firstMeeting: first } = await world();
  await publish(first.id);
  const { version } = await getDb().meeting.findUniqueOrThrow({ where: { id: first.id } });
  await markHeld({ authorityId: authority.id, actor: chairActor, meetingId: first.id, version });
  const next = await plan("2027-01-14");
  await publish(next.id);
  expect(await notes("minutes_approved")).toHaveLength(0);
  await approvePreviousMinutes({ authorityId: authority.id, actor: chairActor, meetingId: next.id });
  const sent = await notes("minutes_approved");
  expect(idsOf(sent)).toEqual([users.member.id, users.viewer.id, users.partner.id].sort());
  for (const n of sent)
    expect(n).toMatchObject({
      title: "Minutes approved: Improvement Board, 10 December 2026",
      link: `/a/${authority.slug}/meetings/${first.id}/minutes`,
      meetingId: first.id,
      detail: null,
    });
  // Approved once: doing it again is refused and sends nothing more.
  await expect(
    approvePreviousMinutes({ authorityId: authority.id, actor: chairActor, meetingId: next.id }),
  ).rejects.toMatchObject({ status: 409 });
  expect(await notes("minutes_approved")).toHaveLength(3);
});

/** An evidence item uploaded by `uploadedById`, linked to `actionIds`, its one version added at `at`. */
async function evidence({
  authorityId,
  uploadedById,
  actionIds,
  title,
  restricted = false,
  at = new Date(),
}: {
  authorityId: string;
  uploadedById: string;
  actionIds: string[];
  title: string;
  restricted?: boolean;
  at?: Date;
}) {
  const db = getDb();
  const key = `test/${crypto.randomUUID()}`;
  const file = await db.storedFile.create({
    data: {
      authorityId,
      storageKey: key,
      fileName: "f.pdf",
      contentType: "application/pdf",
      sizeBytes: 1,
      sha256: key,
      uploadedById,
    },
  });
  const item = await db.evidence.create({
    data: {
      authorityId,
      title,
      type: "audit",
      containsPersonalData: restricted,
      createdById: uploadedById,
      createdAt: at,
    },
  });
  await db.evidenceVersion.create({
    data: { authorityId, evidenceId: item.id, fileId: file.id, versionNumber: 1, uploadedById, createdAt: at },
  });
  for (const actionId of actionIds)
    await db.actionEvidence.create({
      data: { authorityId, actionId, evidenceId: item.id, linkedById: uploadedById, createdAt: at },
    });
  return item;
}

test("a challenge to evidence tells its uploader and the owner of each action it backs, once; an acceptance tells nobody", async () => {
  const { users, authority, ownersAction, partnersAction, notes, member } = await world();
  const uploader = await member("action_owner");
  const item = await evidence({
    authorityId: authority.id,
    uploadedById: uploader.id,
    actionIds: [ownersAction.id, partnersAction.id],
    title: "Supervision dip sample, Q2",
  });
  const review = (decision: "accepted" | "challenged", comment: string, evidenceId = item.id) =>
    reviewEvidence({
      authorityId: authority.id,
      actor: { id: users.member.id, role: "board_member" },
      evidenceId,
      value: EvidenceReviewSchema.parse({ intent: "review", decision, comment }),
    });
  await review("accepted", "Clear");
  expect(await notes("evidence_challenged")).toHaveLength(0);
  await review("challenged", "The sample leaves out the out-of-hours team");
  const sent = await notes("evidence_challenged");
  expect(idsOf(sent)).toEqual([uploader.id, users.owner.id, users.partner.id].sort());
  for (const n of sent)
    expect(n).toMatchObject({
      title: "Evidence challenged: Supervision dip sample, Q2",
      detail: "The sample leaves out the out-of-hours team",
      link: `/a/${authority.slug}/evidence/${item.id}`,
      evidenceId: item.id,
    });
  // A second challenge is a new event: each is told once more, not twice.
  await review("challenged", "Still missing the out-of-hours team");
  expect(await notes("evidence_challenged", users.owner.id)).toHaveLength(2);

  // A restricted item is never named, and the reviewer is not told of their own challenge.
  const restricted = await evidence({
    authorityId: authority.id,
    uploadedById: users.member.id,
    actionIds: [ownersAction.id],
    title: "Case file extract for child A",
    restricted: true,
  });
  await review("challenged", "Wrong case", restricted.id);
  const aboutRestricted = await getDb().notification.findMany({ where: { evidenceId: restricted.id } });
  expect(aboutRestricted).toMatchObject([{ userId: users.owner.id, title: "Restricted evidence challenged" }]);
});

test("a challenge that rolls back sends nothing", async () => {
  const { users, authority, ownersAction } = await world();
  const item = await evidence({
    authorityId: authority.id,
    uploadedById: users.owner.id,
    actionIds: [ownersAction.id],
    title: "Audit",
  });
  await expectRolledBack(
    async (tx) => {
      const version = await tx.evidenceVersion.findFirstOrThrow({ where: { evidenceId: item.id } });
      const r = await tx.evidenceReview.create({
        data: {
          authorityId: authority.id,
          evidenceId: item.id,
          versionId: version.id,
          reviewerId: users.member.id,
          decision: "challenged",
          comment: "No",
        },
      });
      await notifyEvidenceChallenged(tx, {
        authorityId: authority.id,
        reviewId: r.id,
        actor: { id: users.member.id, role: "board_member" },
      });
    },
    (db) => db.notification.count({ where: { evidenceId: item.id } }),
  );
});

/**
 * A meeting on 10 March 2031 at 14:00 (London), after one held on 10 February
 * 2031, with actions red, overdue, submitted and fine, and evidence from
 * before and after the last meeting. (Far from other tests' meetings: the
 * digest run looks at every authority's coming meetings.)
 */
async function digestWorld(year: number) {
  const w = await world();
  const { db, authority, users, board, recommendations } = w;
  await db.meeting.create({
    data: {
      authorityId: authority.id,
      boardId: board.id,
      scheduledAt: new Date(`${year}-02-10T14:00:00Z`),
      status: "held",
      heldAt: new Date(`${year}-02-10T16:00:00Z`),
    },
  });
  const meeting = await w.plan(`${year}-03-10`);
  const r1 = recommendations[0]!.id;
  const [red, overdue, submitted, fine, closedRed, partnersRed] = await Promise.all([
    w.action({ recommendationId: r1, ownerId: users.owner.id, title: "Red action", rag: "red", status: "in_progress" }),
    w.action({
      recommendationId: r1,
      ownerId: users.owner.id,
      title: "Late action",
      dueDate: new Date(`${year}-03-01`),
      status: "in_progress",
    }),
    w.action({
      recommendationId: r1,
      ownerId: users.owner.id,
      title: "Action for review",
      status: "submitted_for_review",
    }),
    w.action({
      recommendationId: r1,
      ownerId: users.owner.id,
      title: "Fine action",
      rag: "green",
      status: "in_progress",
    }),
    w.action({
      recommendationId: r1,
      ownerId: users.owner.id,
      title: "Closed red action",
      rag: "red",
      status: "closed",
    }),
    w.action({
      recommendationId: recommendations[1]!.id,
      ownerId: users.partner.id,
      title: "Partner red action",
      rag: "red",
      status: "in_progress",
    }),
  ]);
  const after = new Date(`${year}-02-20T10:00:00Z`);
  const before = new Date(`${year}-01-20T10:00:00Z`);
  const ev = (title: string, actionId: string, at: Date, restricted = false) =>
    evidence({ authorityId: authority.id, uploadedById: users.owner.id, actionIds: [actionId], title, at, restricted });
  await ev("Old audit", red.id, before);
  const newAudit = await ev("New audit", red.id, after);
  await ev("Child B's case notes", red.id, after, true);
  const partnersEvidence = await ev("Police attendance log", partnersRed.id, after);
  return { ...w, meeting, red, overdue, submitted, fine, closedRed, partnersRed, newAudit, partnersEvidence };
}

test("the digest goes digestDays before the meeting, once, to the board: red, overdue, submitted, new evidence; a partner sees only their own", async () => {
  const w = await digestWorld(2031);
  const { users, authority, meeting, notes } = w;
  const digests = () => notes("meeting_digest");
  // Four days before (London): not yet.
  await sendMeetingDigests({ now: new Date("2031-03-06T06:30:00Z") });
  expect(await digests()).toHaveLength(0);
  // Three days before (the default digestDays), with two servers running the job at once: to each
  // member of the board, the chair too, once.
  const runs = await Promise.all([
    sendMeetingDigests({ now: new Date("2031-03-07T06:30:00Z") }),
    sendMeetingDigests({ now: new Date("2031-03-07T06:30:00Z") }),
  ]);
  expect(runs.map((r) => r.meetings).sort()).toEqual([0, 1]);
  const sent = await digests();
  expect(idsOf(sent)).toEqual([users.chair.id, users.member.id, users.viewer.id, users.partner.id].sort());
  // The next day's run sends nothing more.
  await sendMeetingDigests({ now: new Date("2031-03-08T06:30:00Z") });
  expect(await digests()).toHaveLength(4);
  expect(await getDb().scheduledRun.count({ where: { name: DIGEST_RUN, period: meeting.id } })).toBe(1);

  const path = (id: string, what = "actions") => `/a/${authority.slug}/${what}/${id}`;
  const detailOf = (userId: string) => sent.find((n) => n.userId === userId)!.detail!.split("\n");
  expect(sent[0]).toMatchObject({
    title: "Before the meeting: Improvement Board, 14:00 on 10 March 2031",
    link: `/a/${authority.slug}/meetings/${meeting.id}`,
  });
  const partnersRed = ["- R2: Partner red action", path(w.partnersRed.id)];
  const policeLog = ["- Police attendance log", path(w.partnersEvidence.id, "evidence")];
  expect(detailOf(users.member.id)).toEqual([
    "Red (2):",
    "- R1: Red action",
    path(w.red.id),
    ...partnersRed,
    "",
    "Overdue (1):",
    "- R1: Late action",
    path(w.overdue.id),
    "",
    "Submitted for review (1):",
    "- R1: Action for review",
    path(w.submitted.id),
    "",
    "Evidence added since the last meeting (3):",
    "- New audit",
    path(w.newAudit.id, "evidence"),
    ...policeLog,
    "- 1 restricted item (personal data): see the actions' pages",
  ]);
  expect(detailOf(users.partner.id)).toEqual([
    "Red (1):",
    ...partnersRed,
    "",
    "Evidence added since the last meeting (1):",
    ...policeLog,
  ]);
  // Restricted titles and old evidence are never in it.
  for (const n of sent) {
    expect(n.detail).not.toContain("Child B");
    expect(n.detail).not.toContain("Old audit");
  }

  // And it arrives as an email.
  await workers();
  await until(() => smtp.inbox(users.partner.email).length === 1);
  const mail = smtp.inbox(users.partner.email)[0]!;
  expect(mail.subject).toBe("Before the meeting: Improvement Board, 14:00 on 10 March 2031");
  expect(mail.text).toContain("A meeting is coming up. Here is what the board will look at.");
  expect(mail.text).toContain("- R2: Partner red action");
  expect(mail.text).not.toContain("Red action\n");
  expect(mail.text).toMatch(new RegExp(`\\nhttp://[^\\s]+${path(w.partnersRed.id)}\\n`));
});

test("a digest whose queuing fails is not marked as run, so the next run sends it; an authority's digestDays are its own", async () => {
  const w = await digestWorld(2032);
  const { users, meeting, notes, authority } = w;
  await getDb().authority.update({ where: { id: authority.id }, data: { digestDays: 5 } });
  // A run that rolls back after queuing leaves no trace: no notification, no job, no ScheduledRun.
  await expectRolledBack(
    async (tx) => {
      await tx.scheduledRun.create({ data: { name: DIGEST_RUN, period: meeting.id } });
      await queueMeetingDigest(tx, {
        authorityId: authority.id,
        meetingId: meeting.id,
        now: new Date("2032-03-05T06:30:00Z"),
      });
    },
    (db) => db.notification.count({ where: { meetingId: meeting.id } }),
  );
  expect(await getDb().scheduledRun.count({ where: { name: DIGEST_RUN, period: meeting.id } })).toBe(0);
  // Five days before, with digestDays 5: sent.
  await sendMeetingDigests({ now: new Date("2032-03-05T06:30:00Z") });
  expect(await notes("meeting_digest", users.member.id)).toHaveLength(1);
  // What keeps a second server from sending it again: its run's ScheduledRun write fails on the key (P2002), in a transaction too.
  await expect(
    getDb().$transaction((tx) => tx.scheduledRun.create({ data: { name: DIGEST_RUN, period: meeting.id } })),
  ).rejects.toMatchObject({ code: "P2002" });
  // A meeting already begun gets no digest.
  const late = await w.plan("2032-03-06");
  await sendMeetingDigests({ now: new Date("2032-03-06T15:00:00Z") });
  expect(await getDb().notification.count({ where: { meetingId: late.id } })).toBe(0);
});
