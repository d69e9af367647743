/**
 * Notifications as a new user meets them (issue 14): the count in the
 * header, the list and its links, marking read; the email in the local
 * outbox (the server runs without a mail service) and its one-click
 * unsubscribe; the notification settings, with the admins' reminder days.
 */
import { expect, test } from "./fixtures";
import { authorityWith } from "./scenarios";
import { expectAccessible, expectErrorSummary, signIn, visit } from "./utils";
import type { Page } from "@playwright/test";
import type { World } from "./world";

const TITLE = "Named nurse at every strategy discussion";

/** Leeds, its admin and an action owner; the admin assigns an unowned action to the owner on its page. */
async function assigned(world: World, page: Page) {
  const w = await authorityWith(world, {
    people: { admin: { role: "admin", name: "Alex Admin" }, owner: { role: "action_owner", name: "Owen Shah" } },
  });
  const action = await world.action({
    authorityId: w.authority.id,
    recommendationId: w.items.r1.id,
    ownerId: null,
    title: TITLE,
    status: "in_progress",
  });
  await signIn(page, w.users.admin);
  await visit(page, `/a/${w.authority.slug}/actions/${action.id}`);
  await page.getByLabel("Owner", { exact: true }).selectOption({ label: "Owen Shah" });
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("alert", { name: "Success" })).toBeVisible();
  return { ...w, action };
}

/** WCAG 1.4.10 reflow: at 320 CSS pixels wide the page needs no sideways scrolling. */
async function expectReflows(page: Page) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/${Date.now()}.png`, fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${page.url()} at 320px`).toBeLessThanOrEqual(
    320,
  );
  if (size) await page.setViewportSize(size);
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in", level: 1 })).toBeVisible();
}

test("an admin assigns an action; the owner sees the count and the list, follows the link and marks all read", async ({
  page,
  world,
}) => {
  const { authority, users, action } = await assigned(world, page);
  await signOut(page);

  await signIn(page, users.owner);
  const header = page.getByRole("navigation", { name: "Account" });
  await expect(header.getByRole("link", { name: "Notifications 1 unread" })).toBeVisible();
  await expectAccessible(page);
  await header.getByRole("link", { name: /^Notifications/ }).click();
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  await expect(page.getByTestId("unread-count")).toHaveText("You have 1 unread notification.");
  const item = page.locator("main li").filter({ hasText: `Assigned to you: ${TITLE}` });
  await expect(item).toContainText("Unread");
  await expect(item).toContainText(authority.name);
  await expect(item.locator("time")).toHaveText(/^\d{2}:\d{2} on \d{1,2} \w+ \d{4}$/);
  await expectAccessible(page);
  await expectReflows(page);

  await item.getByRole("link", { name: `Assigned to you: ${TITLE}` }).click();
  await expect(page).toHaveURL(new RegExp(`/a/${authority.slug}/actions/${action.id}$`));
  await expect(page.getByRole("heading", { name: TITLE, level: 1 })).toBeVisible();

  await visit(page, "/notifications");
  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(page.getByRole("alert", { name: "Success" })).toContainText("1 notification marked as read.");
  await expect(page.getByTestId("unread-count")).toHaveText("You have no unread notifications.");
  await expect(page.getByRole("button", { name: /Mark as read/ })).toHaveCount(0);
  await expect(header.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();
  await expectAccessible(page);
  expect(await world.db.notification.count({ where: { userId: users.owner.id, readAt: null } })).toBe(0);
});

test("the email waits in the local outbox; its unsubscribe page and its one-click POST turn that email off", async ({
  page,
  world,
}) => {
  const { authority, users } = await assigned(world, page);
  // The admin reads the outbox: the email to the owner, with its links.
  const mail = page.locator("main li").filter({ hasText: users.owner.email });
  await expect(async () => {
    await visit(page, "/dev/outbox");
    await expect(mail).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(mail.getByRole("heading", { name: `Assigned to you: ${TITLE}` })).toBeVisible();
  await expectAccessible(page);
  await expectReflows(page);
  const body = (await mail.locator("pre").textContent()) ?? "";
  const unsubscribeUrl = /Stop emails like this: (\S+)/.exec(body)?.[1];
  expect(unsubscribeUrl).toMatch(/\/unsubscribe\/[a-z2-7]{32}$/);
  const path = new URL(unsubscribeUrl!).pathname;
  await signOut(page);

  // Opening the link changes nothing; the button does, and says what it did.
  await visit(page, path);
  await expect(page.getByRole("heading", { name: "Stop these emails", level: 1 })).toBeVisible();
  await expectReflows(page);
  await expect(
    page.getByText(`You get an email from ${authority.name} when “an action is assigned to me”.`),
  ).toBeVisible();
  await expectAccessible(page);
  expect(await world.db.notificationPreference.count({ where: { userId: users.owner.id } })).toBe(0);
  await page.getByRole("button", { name: "Stop these emails" }).click();
  await expect(page.getByRole("heading", { name: "You will not be emailed about this again" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText(
    `We have turned off emails from ${authority.name} for “an action is assigned to me”.`,
  );
  await expectAccessible(page);
  expect(await world.db.notificationPreference.findMany({ where: { userId: users.owner.id } })).toMatchObject([
    { authorityId: authority.id, kind: "action_assigned", mode: "in_app" },
  ]);

  // RFC 8058: the mail provider posts from its own servers, with no session and no Origin.
  const oneClick = await page.request.post(path, { form: { "List-Unsubscribe": "One-Click" } });
  expect(oneClick.status()).toBe(200);
  const wrong = await page.request.post(path, { form: { unsubscribe: "yes" } });
  expect(wrong.status()).toBe(400);
});

test("a member saves their notification settings; an admin's invalid reminder days get an error summary", async ({
  page,
  world,
}) => {
  const { authority, users } = await authorityWith(world, {
    people: { admin: { role: "admin", name: "Alex Admin" }, owner: { role: "action_owner", name: "Owen Shah" } },
  });
  await signIn(page, users.owner);
  await visit(page, "/notifications");
  await expect(page.getByText("You have no notifications.")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: `Notification settings for ${authority.name}` }).click();
  await expect(page.getByRole("heading", { name: "Notification settings", level: 1 })).toBeVisible();
  // Only admins see the authority's defaults and reminders.
  await expect(page.getByRole("heading", { name: "Reminders and digests" })).toHaveCount(0);
  await expectAccessible(page);
  const assignedGroup = page.getByRole("group", { name: "An action is assigned to me" });
  await expect(assignedGroup.getByLabel("Email me straight away")).toBeChecked();
  await assignedGroup.getByLabel("Only show in Improvement Board").check();
  await page
    .getByRole("group", { name: "An action of mine is due soon" })
    .getByLabel("Include in a daily email")
    .check();
  await page.getByRole("button", { name: "Save your settings" }).click();
  await expect(page.getByRole("alert", { name: "Success" })).toContainText(
    "Your notification settings have been saved.",
  );
  await expect(assignedGroup.getByLabel("Only show in Improvement Board")).toBeChecked();
  await expectAccessible(page);
  expect(
    await world.db.notificationPreference.findMany({
      where: { userId: users.owner.id },
      select: { kind: true, mode: true },
      orderBy: { kind: "asc" },
    }),
  ).toEqual([
    { kind: "action_assigned", mode: "in_app" },
    { kind: "due_soon", mode: "digest" },
  ]);
  await signOut(page);

  // The admin reaches the settings from their account page.
  await signIn(page, users.admin);
  await visit(page, "/account");
  await page.getByRole("link", { name: `Notification settings for ${authority.name}` }).click();
  const days = page.getByLabel("Reminder days before an action is due");
  await expect(days).toHaveValue("14, 7, 1");
  await days.fill("14, 0");
  await page.getByRole("button", { name: "Save the reminder settings" }).click();
  await expectErrorSummary(page, [
    "Reminder days must be whole numbers from 1 to 365, separated by commas, like 14, 7, 1",
  ]);
  await expect(days).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);
  await expectReflows(page);
  await days.fill("21, 7");
  await page.getByLabel("Chase an owner after this many days without an update").fill("14");
  await page
    .getByLabel("Chase an owner with no update since their board last met this many days before its next meeting")
    .fill("5");
  await page.getByRole("button", { name: "Save the reminder settings" }).click();
  await expect(page.getByRole("alert", { name: "Success" })).toContainText("The reminder settings have been saved.");
  await expectAccessible(page);
  expect(
    await world.db.authority.findUniqueOrThrow({
      where: { id: authority.id },
      select: { reminderDays: true, chaserDays: true, meetingChaserDays: true, digestDays: true },
    }),
  ).toEqual({ reminderDays: "21,7", chaserDays: 14, meetingChaserDays: 5, digestDays: 3 });
  await visit(page, `/a/${authority.slug}/audit`);
  await expect(page.locator("main ol > li").first()).toContainText("reminderDays: 14,7,1 → 21,7");
});
