/**
 * Issue 14's journey, as the people in it meet it, with the mail they would
 * get: the app's own production server on its own database, sending over
 * SMTP (nodemailer) to a real SMTP server started here (smtp-server, read
 * back with mailparser). Every page is checked with axe.
 *
 *  1. An admin assigns an action; the owner's inbox and notification list show it.
 *  2. The owner follows the email's link, signs in and updates the action.
 *  3. The chair plans the meeting and publishes the agenda: a board member gets it;
 *     the digest before the meeting goes out, once, with the clock moved forward.
 *  4. The chair returns the action with a challenge: the owner gets that.
 *  5. A seeded plan's morning reminders, with the clock moved forward: due soon,
 *     overdue and the chaser, each exactly once however often the run goes.
 *
 * The clock is moved with `npm run job -- <run> --at <time>` (scripts/run-job.ts):
 * the scheduled run itself, on the server's database; the server's workers deliver.
 */
import { spawnSync } from "node:child_process";
import type { Page } from "@playwright/test";
import { inboxOf, type SmtpSink } from "../helpers/smtp";
import { prepareMailingServer } from "./own-server";
import { authorityWith, boardWithHeldMeeting, cast, daysFromNow } from "./scenarios";
import { expect, expectAccessible, fillDate, test, visit } from "./utils";
import { World, type TestUser } from "./world";

const TITLE = "Named nurse at every strategy discussion";
const DAY = 86_400_000;

/** Runs a scheduled job once, as if the clock read `at`, against the server's database. */
function runJob(env: NodeJS.ProcessEnv, name: string, at: Date) {
  const r = spawnSync("node_modules/.bin/tsx", ["scripts/run-job.ts", name, "--at", at.toISOString()], {
    env: { ...env, LOG_LEVEL: "silent" },
    encoding: "utf8",
    // A run that never ends would hold the test (spawnSync blocks its timers): fail instead.
    timeout: 60_000,
  });
  expect(r.error, "the job run did not end").toBeUndefined();
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as { result: Record<string, unknown> };
}

const subjects = (smtp: SmtpSink, who: TestUser) => inboxOf(smtp, who.email).map((m) => m.subject ?? "");

async function signInAt(page: Page, who: TestUser) {
  await page.getByLabel("Email address").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("Sign in");
}

async function signIn(page: Page, who: TestUser) {
  await visit(page, "/login");
  await signInAt(page, who);
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in", level: 1 })).toBeVisible();
}

test("assigned, updated, on the agenda, returned with a challenge, and reminded: each told by email and in the app", async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const server = await prepareMailingServer("ib-journey");
  const { origin, env, smtp } = server;
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();
  try {
    const world = new World(server.db);
    const { authority, users, items } = await authorityWith(world, {
      people: cast("admin", "owner", "chair", "member"),
    });
    const action = await world.action({
      authorityId: authority.id,
      recommendationId: items.r1.id,
      ownerId: null,
      title: TITLE,
      status: "in_progress",
      rag: "red",
      ragReason: "Out-of-hours strategy discussions still rarely include health.",
      progress: 30,
      dueDate: daysFromNow(60),
    });
    await boardWithHeldMeeting(world, { authority, chair: users.chair, members: [users.member] });
    await server.start();

    // 1. The admin assigns the action.
    await signIn(page, users.admin);
    await visit(page, `/a/${authority.slug}/actions/${action.id}`);
    await page.getByLabel("Owner", { exact: true }).selectOption({ label: users.owner.name });
    await page.getByRole("button", { name: "Save details" }).click();
    await expect(page.getByRole("alert", { name: "Success" })).toBeVisible();
    await expectAccessible(page);
    await signOut(page);

    await expect.poll(() => subjects(smtp, users.owner), { timeout: 30_000 }).toEqual([`Assigned to you: ${TITLE}`]);
    const assignedMail = inboxOf(smtp, users.owner.email)[0]!;
    // RFC 8058 one-click unsubscribe, raw as sent (mailparser folds List-* headers into one "list").
    expect(assignedMail.headerLines.find((h) => h.key === "list-unsubscribe-post")?.line).toBe(
      "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
    );
    const link = `${origin}/a/${authority.slug}/actions/${action.id}`;
    expect(assignedMail.text).toContain(link);

    // 2. The owner follows the link, signs in on the way, sees the notification and updates the action.
    await visit(page, link);
    await expect(page.getByRole("heading", { name: "Sign in", level: 1 })).toBeVisible();
    await signInAt(page, users.owner);
    await expect(page).toHaveURL(link);
    await expect(page.getByRole("heading", { name: TITLE, level: 1 })).toBeVisible();
    await expect(
      page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Notifications 1 unread" }),
    ).toBeVisible();
    await page
      .getByLabel("What has happened since the last update?")
      .fill("Health colleagues now join the out-of-hours rota.");
    await page.getByLabel("Progress (%)").fill("45");
    await page.getByRole("button", { name: "Save update" }).click();
    await expect(page.getByRole("alert", { name: "Success" })).toBeVisible();
    await expectAccessible(page);
    await visit(page, "/notifications");
    await expect(page.getByRole("link", { name: `Assigned to you: ${TITLE}` })).toBeVisible();
    await expectAccessible(page);
    await signOut(page);

    // 3. The chair plans the meeting and publishes its agenda; a member is sent it.
    await signIn(page, users.chair);
    await visit(page, `/a/${authority.slug}/boards`);
    await page.getByRole("link", { name: "Children's Improvement Board" }).click();
    await expect(page.getByRole("group", { name: "Date" })).toBeVisible();
    const meetingDay = daysFromNow(10);
    await fillDate(page, "Date", meetingDay.toISOString().slice(0, 10));
    await page.getByLabel("Start time (UK, 24-hour)").fill("14:00");
    await page.getByLabel("Place or online link").fill("Civic Hall, Leeds");
    await page.getByRole("button", { name: "Plan meeting and propose agenda" }).click();
    await expect(page.getByRole("heading", { name: "Proposed agenda" })).toBeVisible();
    await expect(page.locator("li", { has: page.getByRole("link", { name: TITLE, exact: true }) })).toContainText(
      "Red",
    );
    await page.getByRole("button", { name: "Publish agenda" }).click();
    await expect(page.getByRole("alert", { name: "Success" })).toContainText("Agenda published");
    await expectAccessible(page);
    const meetingUrl = new URL(page.url()).pathname;

    await expect
      .poll(() => subjects(smtp, users.member).filter((s) => s.startsWith("Agenda published:")).length, {
        timeout: 30_000,
      })
      .toBe(1);
    const agenda = inboxOf(smtp, users.member.email).find((m) => m.subject?.startsWith("Agenda published:"))!;
    expect(agenda.text).toContain(TITLE);
    expect(agenda.text).toContain(`${origin}${meetingUrl}`);

    // The digest before the meeting: two days before it, run twice and once more later that day; sent once.
    const digestDay = new Date(meetingDay.getTime() - 2 * DAY + 7 * 3_600_000);
    runJob(env, "meeting-digest", digestDay);
    runJob(env, "meeting-digest", digestDay);
    runJob(env, "meeting-digest", new Date(digestDay.getTime() + 4 * 3_600_000));
    const digests = () => subjects(smtp, users.member).filter((s) => s.startsWith("Before the meeting:"));
    await expect.poll(() => digests().length, { timeout: 30_000 }).toBe(1);
    const digest = inboxOf(smtp, users.member.email).find((m) => m.subject?.startsWith("Before the meeting:"))!;
    expect(digest.text).toContain(TITLE);

    // 4. The chair records the board's decision: returned with a challenge. The owner is told.
    await page.getByRole("link", { name: /Record decisions/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(TITLE);
    await page.getByLabel("Return with challenge").check();
    await page
      .getByLabel("Challenge (required to return an action)")
      .fill("Show how many out-of-hours discussions included health last month.");
    await page.getByRole("button", { name: /Save decision/ }).click();
    await expect(page.getByRole("alert", { name: "Success" })).toContainText("Decision saved.");
    await expectAccessible(page);
    await expect
      .poll(() => subjects(smtp, users.owner), { timeout: 30_000 })
      .toContain(`Returned with a challenge: ${TITLE}`);
    await signOut(page);

    // The owner's list shows the challenge too, linking to the action.
    await signIn(page, users.owner);
    await visit(page, "/notifications");
    await expect(page.getByRole("link", { name: `Returned with a challenge: ${TITLE}` })).toHaveAttribute(
      "href",
      `/a/${authority.slug}/actions/${action.id}`,
    );
    await expectAccessible(page);

    // 5. A seeded plan of another authority: the morning reminders, the clock moved two days on.
    const kirklees = await authorityWith(world, {
      name: "Kirklees Council",
      people: { rhea: { role: "action_owner", name: "Rhea Owner" } },
    });
    const planned = (title: string, dueInDays: number, createdDaysAgo = 0) =>
      world.action({
        authorityId: kirklees.authority.id,
        recommendationId: kirklees.items.r1.id,
        ownerId: kirklees.users.rhea.id,
        title,
        status: "in_progress",
        dueDate: daysFromNow(dueInDays),
        createdAt: new Date(Date.now() - createdDaysAgo * DAY),
      });
    await planned("Return-home interviews within 72 hours", 9);
    await planned("Audit of strategy discussion minutes", 1);
    await planned("Care leavers' local offer refreshed", 200, 40);
    const morning = new Date(daysFromNow(2).getTime() + 7 * 3_600_000);
    const first = runJob(env, "reminders", morning);
    expect(first.result).toMatchObject({ skipped: false });
    expect(runJob(env, "reminders", morning).result).toMatchObject({ skipped: true });
    expect(runJob(env, "reminders", new Date(morning.getTime() + 3 * 3_600_000)).result).toMatchObject({
      skipped: true,
    });
    const reminders = () => subjects(smtp, kirklees.users.rhea).sort();
    await expect.poll(() => reminders().length, { timeout: 30_000 }).toBe(3);
    expect(reminders()).toEqual([
      expect.stringMatching(/^Due in 7 days \(.+\): Return-home interviews within 72 hours$/),
      expect.stringMatching(/^No update for \d+ days: Care leavers' local offer refreshed$/),
      expect.stringMatching(/^Overdue \(due .+\): Audit of strategy discussion minutes$/),
    ]);
    // The next morning brings nothing new: each was sent for its period.
    runJob(env, "reminders", new Date(morning.getTime() + DAY));
    await page.waitForTimeout(3_000);
    expect(reminders()).toHaveLength(3);
  } finally {
    await context.close();
    await server.stop();
  }
});
