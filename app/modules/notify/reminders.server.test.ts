/**
 * The daily reminders run on the real database, with the clock moved forward
 * a day at a time: a seeded plan gets its due-soon, overdue and chaser
 * messages exactly once each (running the same day again sends nothing new,
 * even with the period's record removed), the emails arrive at a real SMTP
 * server, partners hear only of their own actions, preferences are kept, and
 * the daily digest gathers a person's digest messages into one email.
 */
import { afterEach, expect, test } from "vitest";
import { addWorkingDays, statutoryDates, toIsoDate, workingDaysBetween } from "~/modules/inspection/clock";
import { startJobWorkers, stopJobQueue } from "~/modules/jobs/runner.server";
import { WORKERS, schedules } from "~/modules/jobs/workers.server";
import { smtpSinkForFile } from "../../../tests/helpers/mail";
import { until } from "../../../tests/helpers/until";
import { createBoardMeeting, createWorld } from "../../../tests/helpers/world";
import { deliverEmail } from "./deliver.server";
import { sendDigests } from "./digest.server";
import { runReminders } from "./reminders.server";
import { modeInForce } from "./settings.server";
import { inspectUnsubscribe, unsubscribe } from "./unsubscribe.server";

const smtp = smtpSinkForFile();
afterEach(async () => {
  await stopJobQueue();
});

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
/** 07:00 in London on a December day (GMT). */
const at7 = (iso: string) => new Date(`${iso}T07:00:00.000Z`);
const days = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = day(from); d <= day(to); d = new Date(d.getTime() + 86_400_000)) out.push(toIsoDate(d));
  return out;
};

async function seededPlan() {
  // The action plan's 10-working-day warning falls on 3 December 2026.
  const publishedAt = addWorkingDays("2026-12-03", -60);
  const w = await createWorld({
    authority: {},
    inspection: { publishedAt, type: "ilacs_standard" },
  });
  await w.db.authority.update({ where: { id: w.authority.id }, data: { reminderDays: "3", chaserDays: 10 } });
  const admin = await w.member("admin");
  const owner = await w.member("action_owner");
  const partner = await w.member("partner", { organisation: "Leeds Teaching Hospitals NHS Trust" });
  const viewer = await w.member("viewer");
  const base = { status: "in_progress", lastUpdateAt: day("2026-11-28") };
  const mine = await w.action({ ...base, title: "Audit supervision", ownerId: owner.id, dueDate: day("2026-12-05") });
  const theirs = await w.action({
    ...base,
    title: "Joint health audit",
    ownerId: partner.id,
    dueDate: day("2026-12-05"),
  });
  // Nothing about these: done, unowned, or owned by someone no longer in the authority.
  await w.action({ ...base, status: "complete", ownerId: owner.id, dueDate: day("2026-12-05") });
  await w.action({ ...base, ownerId: null, dueDate: day("2026-12-05") });
  const leaver = await w.member("action_owner");
  await w.action({ ...base, ownerId: leaver.id, dueDate: day("2026-12-05") });
  await w.db.membership.deleteMany({ where: { userId: leaver.id, authorityId: w.authority.id } });
  return { ...w, admin, owner, partner, viewer, leaver, mine, theirs, publishedAt };
}

const notesOf = async (w: Awaited<ReturnType<typeof seededPlan>>, userId: string) =>
  w.db.notification.findMany({
    where: { userId, authorityId: w.authority.id },
    orderBy: { createdAt: "asc" },
    select: { kind: true, eventKey: true, title: true, link: true, actionId: true, createdAt: true },
  });

test(
  "day by day: due soon, overdue and the chaser exactly once each, by email to the owner; a rerun sends nothing new",
  { timeout: 90_000 },
  async () => {
    const w = await seededPlan();
    await startJobWorkers(
      WORKERS.filter((x) => x.queue === "notify-deliver"),
      [],
    );
    const sentOn: Record<string, string[]> = {};
    for (const d of days("2026-12-01", "2026-12-12")) {
      const before = await w.db.notification.count({ where: { authorityId: w.authority.id } });
      const first = await runReminders({ now: at7(d), authorityIds: [w.authority.id] });
      expect(first.skipped).toBe(false);
      // The same day again: this period has run.
      expect(
        (await runReminders({ now: new Date(`${d}T15:00:00.000Z`), authorityIds: [w.authority.id] })).skipped,
      ).toBe(true);
      // Even forced (the period's record removed, as if another server had missed it), nothing is sent twice.
      await w.db.scheduledRun.deleteMany({ where: { period: d, name: { startsWith: `reminders:${w.authority.id}` } } });
      const forced = await runReminders({ now: at7(d), authorityIds: [w.authority.id] });
      expect(forced.skipped).toBe(false);
      expect(forced.created).toBe(0);
      const after = await w.db.notification.findMany({
        where: { authorityId: w.authority.id },
        orderBy: { createdAt: "asc" },
        skip: before,
      });
      if (after.length)
        sentOn[d] = after
          .map(
            (n) =>
              `${n.userId === w.owner.id ? "owner" : n.userId === w.partner.id ? "partner" : n.userId === w.admin.id ? "admin" : "?"} ${n.kind}`,
          )
          .sort();
    }
    expect(sentOn).toEqual({
      "2026-12-02": ["owner due_soon", "partner due_soon"],
      "2026-12-03": ["admin statutory_clock"],
      "2026-12-06": ["owner overdue", "partner overdue"],
      "2026-12-08": ["owner no_update", "partner no_update"],
    });

    const mine = await notesOf(w, w.owner.id);
    const link = `/a/${w.authority.slug}/actions/${w.mine.id}`;
    expect(
      mine.map(({ kind, eventKey, title, link, actionId }) => ({ kind, eventKey, title, link, actionId })),
    ).toEqual([
      {
        kind: "due_soon",
        eventKey: `due_soon:${w.mine.id}:2026-12-05:3`,
        title: "Due in 3 days (5 December 2026): Audit supervision",
        link,
        actionId: w.mine.id,
      },
      {
        kind: "overdue",
        eventKey: `overdue:${w.mine.id}:2026-12-05:w0`,
        title: "Overdue (due 5 December 2026): Audit supervision",
        link,
        actionId: w.mine.id,
      },
      {
        kind: "no_update",
        eventKey: `no_update:${w.mine.id}:2026-11-28:c1`,
        title: "No update for 10 days: Audit supervision",
        link,
        actionId: w.mine.id,
      },
    ]);
    // A partner hears only of their own action; a viewer and a leaver hear nothing.
    expect(new Set((await notesOf(w, w.partner.id)).map((n) => n.actionId))).toEqual(new Set([w.theirs.id]));
    expect(await notesOf(w, w.viewer.id)).toEqual([]);
    expect(await w.db.notification.count({ where: { userId: w.leaver.id } })).toBe(0);
    // The admins hear of the statutory clock, with a link to the inspection.
    const due = statutoryDates({
      publishedAt: w.publishedAt,
      type: "ilacs_standard",
      hasPriorityActions: false,
    }).actionPlanDue;
    expect(workingDaysBetween("2026-12-03", due)).toBe(10);
    expect(await notesOf(w, w.admin.id)).toMatchObject([
      {
        kind: "statutory_clock",
        eventKey: `statutory_clock:${w.inspection.id}:action_plan:${toIsoDate(due)}:10`,
        link: `/a/${w.authority.slug}/inspections/${w.inspection.id}`,
      },
    ]);
    expect((await notesOf(w, w.admin.id))[0]!.title).toMatch(/^Post-inspection action plan due in 10 working days \(/);

    // Every email arrives at the SMTP server, once.
    await until(() => smtp.inbox(w.owner.email).length === 3 && smtp.inbox(w.partner.email).length === 3);
    await until(() => smtp.inbox(w.admin.email).length === 1);
    // Delivery runs in batches beside each other, so the order of arrival is not the order of the days.
    expect(
      smtp
        .inbox(w.owner.email)
        .map((m) => m.subject)
        .sort(),
    ).toEqual([
      "Due in 3 days (5 December 2026): Audit supervision",
      "No update for 10 days: Audit supervision",
      "Overdue (due 5 December 2026): Audit supervision",
    ]);
    const overdue = smtp.inbox(w.owner.email).find((m) => m.subject?.startsWith("Overdue"))!;
    expect(overdue.text).toContain("An action of yours is overdue.");
    expect(overdue.text).toContain(link);
    await until(
      async () =>
        (await w.db.notificationDelivery.count({ where: { authorityId: w.authority.id, status: "sent" } })) === 7,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.inbox(w.owner.email)).toHaveLength(3);
  },
);

test("each person's choice is kept: in-app only sends no email, and 'daily email' messages come in one digest", async () => {
  const w = await seededPlan();
  await w.db.notificationPreference.createMany({
    data: [
      { userId: w.owner.id, authorityId: w.authority.id, kind: "no_update", mode: "in_app" },
      { userId: w.partner.id, authorityId: w.authority.id, kind: "due_soon", mode: "digest" },
      { userId: w.partner.id, authorityId: w.authority.id, kind: "overdue", mode: "digest" },
    ],
  });
  for (const d of days("2026-12-01", "2026-12-08")) await runReminders({ now: at7(d), authorityIds: [w.authority.id] });
  const deliveries = await w.db.notificationDelivery.findMany({
    where: { authorityId: w.authority.id },
    select: { channel: true, address: true, status: true, notification: { select: { kind: true } } },
  });
  const of = (address: string) =>
    deliveries
      .filter((d) => d.address === address)
      .map((d) => `${d.notification.kind} ${d.channel}`)
      .sort();
  expect(of(w.owner.email)).toEqual(["due_soon email", "overdue email"]);
  expect(of(w.partner.email)).toEqual(["due_soon digest", "no_update email", "overdue digest"]);
  // The chaser is still in the owner's list.
  expect((await notesOf(w, w.owner.id)).map((n) => n.kind)).toEqual(["due_soon", "overdue", "no_update"]);

  // Deliver the emails (batched jobs), then the digest.
  await startJobWorkers(
    WORKERS.filter((x) => x.queue === "notify-deliver"),
    [],
  );
  await until(() => smtp.inbox(w.owner.email).length === 2 && smtp.inbox(w.partner.email).length === 1);
  const digest = await sendDigests({ now: at7("2026-12-09"), authorityIds: [w.authority.id] });
  expect(digest).toMatchObject({ skipped: false, failed: 0 });
  expect((await sendDigests({ now: new Date("2026-12-09T18:00:00Z"), authorityIds: [w.authority.id] })).skipped).toBe(
    true,
  );
  const partnerMail = smtp.inbox(w.partner.email);
  expect(partnerMail).toHaveLength(2);
  const daily = partnerMail.find((m) => m.subject === "Improvement Board: 2 messages for you")!;
  expect(daily.text).toContain("Here is what happened in Improvement Board since your last daily email.");
  expect(daily.text).toContain(`- Due in 3 days (5 December 2026): Joint health audit: http://localhost:`);
  expect(daily.text).toContain(`/a/${w.authority.slug}/actions/${w.theirs.id}`);
  expect(daily.text).toContain("Overdue (due 5 December 2026): Joint health audit");
  expect(daily.text).toContain(`/a/${w.authority.slug}/notifications/settings`);
  const digested = await w.db.notificationDelivery.findMany({
    where: { address: w.partner.email, channel: "digest" },
  });
  expect(digested.map((d) => d.status)).toEqual(["sent", "sent"]);
  expect(digested.every((d) => d.sentAt !== null && d.subject === daily.subject)).toBe(true);
  // A second day with nothing new sends no digest; the next digest message goes the day after.
  expect(await sendDigests({ now: at7("2026-12-10"), authorityIds: [w.authority.id] })).toMatchObject({ emails: 0 });
  expect(smtp.inbox(w.partner.email)).toHaveLength(2);

  // The daily email has its one-click unsubscribe (RFC 8058), which stops the daily email: both kinds in it
  // become in-app only, and the kind the partner gets by email at once is left alone.
  const raw = (key: string) => daily.headerLines.find((h) => h.key === key)?.line;
  expect(raw("list-unsubscribe-post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
  const token = /\/unsubscribe\/([a-z2-7]{32})>/.exec(raw("list-unsubscribe")?.replace(/\r\n\s+/g, " ") ?? "")?.[1];
  expect(token).toBeTruthy();
  expect(daily.text).toContain(`Stop emails like this: http://localhost:`);
  expect(await inspectUnsubscribe({ token: token! })).toEqual({
    kind: "daily_digest",
    label: "Daily email",
    when: "each day, listing your messages",
    authorityName: w.authority.name,
    emailed: true,
  });
  expect(await unsubscribe({ token: token!, requestId: null })).toMatchObject({ kind: "daily_digest", changed: true });
  const modes = await w.db.notificationPreference.findMany({
    where: { userId: w.partner.id, authorityId: w.authority.id },
    select: { kind: true, mode: true },
    orderBy: { kind: "asc" },
  });
  expect(modes).toEqual([
    { kind: "due_soon", mode: "in_app" },
    { kind: "overdue", mode: "in_app" },
  ]);
  expect(await modeInForce({ userId: w.partner.id, authorityId: w.authority.id, kind: "no_update" })).toBe("email");
  expect(await inspectUnsubscribe({ token: token! })).toMatchObject({ emailed: false });
});

test("the chaser before a board meeting: owners with no update since the board last met, once per meeting", async () => {
  const w = await seededPlan();
  // createBoardMeeting plans a meeting of a board covering every inspection on 10 December 2026 at 14:00;
  // the board last met on 5 November.
  const { board } = await createBoardMeeting({ authorityId: w.authority.id, actor: { id: w.admin.id, role: "admin" } });
  await w.db.meeting.create({
    data: {
      authorityId: w.authority.id,
      boardId: board.id,
      scheduledAt: new Date("2026-11-05T14:00:00Z"),
      status: "held",
    },
  });
  // The authority chases 4 days before a meeting (its admins' setting; 7 unless they change it).
  await w.db.authority.update({ where: { id: w.authority.id }, data: { chaserDays: 60, meetingChaserDays: 4 } });
  await w.db.action.update({ where: { id: w.mine.id }, data: { dueDate: null, lastUpdateAt: day("2026-10-20") } });
  await w.db.action.update({ where: { id: w.theirs.id }, data: { dueDate: null, lastUpdateAt: day("2026-11-06") } });
  const firstChased: string[] = [];
  const chaserCount = () => w.db.notification.count({ where: { authorityId: w.authority.id, kind: "no_update" } });
  for (const d of days("2026-11-28", "2026-12-10")) {
    const before = await chaserCount();
    await runReminders({ now: at7(d), authorityIds: [w.authority.id] });
    if ((await chaserCount()) > before) firstChased.push(d);
  }
  // 4 days before the meeting.
  expect(firstChased).toEqual(["2026-12-06"]);
  const chasers = await w.db.notification.findMany({
    where: { authorityId: w.authority.id, kind: "no_update" },
    select: { userId: true, eventKey: true, title: true, createdAt: true },
  });
  // The owner's last update (20 October) is before the board last met; the partner's (6 November) is after.
  expect(chasers).toHaveLength(1);
  expect(chasers[0]).toMatchObject({
    userId: w.owner.id,
    title: "Update needed before the board meets on 10 December 2026: Audit supervision",
  });
  expect(chasers[0]!.eventKey).toMatch(new RegExp(`^no_update:${w.mine.id}:meeting:`));
});

test("the reminders and the daily digest are scheduled each morning in London time; the job runs today's reminders", async () => {
  expect(schedules()).toEqual(
    expect.arrayContaining([
      { queue: "reminders", cron: "0 7 * * *" },
      { queue: "notify-digest", cron: "30 7 * * *" },
    ]),
  );
  expect(WORKERS.map((x) => x.queue)).toEqual(expect.arrayContaining(["reminders", "notify-digest"]));
  // A batch delivery job with an unknown id is a no-op, not a failure.
  await deliverEmail({ deliveryIds: ["nope"] }, { id: "j", attempt: 1, lastAttempt: false });
});

test("a batch delivery job run twice, or beside another job for the same deliveries, sends each email once", async () => {
  const w = await seededPlan();
  await runReminders({ now: at7("2026-12-02"), authorityIds: [w.authority.id] });
  const ids = (
    await w.db.notificationDelivery.findMany({ where: { authorityId: w.authority.id }, orderBy: { id: "asc" } })
  ).map((d) => d.id);
  expect(ids).toHaveLength(2);
  // One job claims both and sends them; the one beside it finds them claimed (sent by then, or still being sent:
  // then it fails, so that its retry looks again: deliver.server.test.ts).
  await Promise.allSettled([
    deliverEmail({ deliveryIds: ids }, { id: "j1", attempt: 1, lastAttempt: false }),
    deliverEmail({ deliveryIds: ids }, { id: "j2", attempt: 1, lastAttempt: false }),
  ]);
  // The retries find them sent, and end.
  await deliverEmail({ deliveryIds: ids }, { id: "j1", attempt: 2, lastAttempt: false });
  await deliverEmail({ deliveryIds: ids }, { id: "j2", attempt: 2, lastAttempt: false });
  expect(smtp.inbox(w.owner.email)).toHaveLength(1);
  expect(smtp.inbox(w.partner.email)).toHaveLength(1);
  const rows = await w.db.notificationDelivery.findMany({ where: { id: { in: ids } } });
  expect(rows.map((r) => [r.status, r.attempts])).toEqual([
    ["sent", 1],
    ["sent", 1],
  ]);
  expect(rows.every((r) => r.providerRef?.startsWith("<"))).toBe(true);
});
