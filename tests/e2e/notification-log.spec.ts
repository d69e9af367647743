/**
 * The delivery log as an admin uses it (issue 14, "Log", and "a permanent
 * failure is shown to admins with the reason and a retry button"): from the
 * notification settings to the log, a search for the failed email to one
 * person, its reason, Retry, and the email sent again (the server's worker
 * sends it to the local outbox); the action's page shows it under "Messages sent".
 */
import { expect, test } from "./fixtures";
import { authorityWith, cast } from "./scenarios";
import { expectAccessible, signIn, visit } from "./utils";

const TITLE = "Named nurse at every strategy discussion";
const BOUNCED = "The mail server refused the message (SMTP 550).";

test("an admin finds a failed email in the delivery log, reads why it failed, and retries it", async ({
  page,
  world,
}) => {
  const { authority, users, items } = await authorityWith(world, { people: cast("admin", "owner") });
  const slug = authority.slug;
  const action = await world.action({
    authorityId: authority.id,
    recommendationId: items.r1.id,
    ownerId: users.owner.id,
    title: TITLE,
    status: "in_progress",
  });
  const link = `/a/${slug}/actions/${action.id}`;
  /** A message to `to` about the action, and its email as the worker left it. */
  const email = async (
    to: { id: string; email: string },
    kind: string,
    title: string,
    outcome: { status: string; lastError?: string },
  ) => {
    const n = await world.db.notification.create({
      data: {
        authorityId: authority.id,
        userId: to.id,
        kind,
        eventKey: `e2e:${kind}:${to.id}`,
        title,
        link,
        actionId: action.id,
      },
    });
    return world.db.notificationDelivery.create({
      data: {
        notificationId: n.id,
        authorityId: authority.id,
        channel: "email",
        address: to.email,
        attempts: 1,
        sentAt: outcome.status === "sent" ? new Date() : null,
        ...outcome,
      },
    });
  };
  await email(users.admin, "action_submitted", `Submitted for review: ${TITLE}`, { status: "sent" });
  await email(users.owner, "due_soon", `Due in 7 days: ${TITLE}`, { status: "sent" });
  const bounced = await email(users.owner, "action_assigned", `Assigned to you: ${TITLE}`, {
    status: "failed",
    lastError: BOUNCED,
  });

  await signIn(page, users.admin);
  await visit(page, `/a/${slug}/notifications/settings`);
  await page.getByRole("link", { name: "See the delivery log" }).click();
  await expect(page.getByRole("heading", { name: "Delivery log", level: 1 })).toBeVisible();
  await expect(page.locator("main tbody tr")).toHaveCount(3);
  await expect(page.getByRole("region", { name: "Emails that failed" })).toContainText("1 email has failed.");
  await expectAccessible(page);

  await page.getByLabel("Recipient's name or email").fill("owen");
  await page.getByLabel("Status", { exact: true }).selectOption({ label: "Failed" });
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/status=failed/);
  const rows = page.locator("main tbody tr");
  await expect(rows).toHaveCount(1);
  const row = rows.first();
  await expect(row).toContainText("Owen Shah");
  await expect(row).toContainText(users.owner.email);
  await expect(row.getByRole("link", { name: `Assigned to you: ${TITLE}` })).toHaveAttribute("href", link);
  await expect(row).toContainText("Failed");
  await expect(row).toContainText("1 attempt");
  await expect(row).toContainText(BOUNCED);
  await expectAccessible(page);

  await row.getByRole("button", { name: `Retry the email to ${users.owner.email}` }).click();
  await expect(page.getByRole("alert", { name: "Success" })).toContainText("The email is queued to be sent again.");
  // Still searching for failed emails: it is no longer one.
  await expect(page.getByText("No messages match this search.")).toBeVisible();
  await expectAccessible(page);
  const audit = await world.db.auditEvent.findFirst({
    where: { authorityId: authority.id, entityType: "NotificationDelivery", entityId: bounced.id },
  });
  expect(audit).toMatchObject({ action: "retry", actorId: users.admin.id });
  expect(
    await world.db.auditEvent.count({ where: { authorityId: authority.id, entityType: "NotificationLog" } }),
  ).toBeGreaterThanOrEqual(2);

  // The worker sends it again (to the local outbox here); the log and the action's page say so.
  const retried = page.getByTestId(`delivery-${bounced.id}`);
  await expect(async () => {
    await visit(page, `/a/${slug}/notifications/log?q=owen`);
    await expect(retried).toContainText("Sent", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(retried).toContainText("2 attempts");
  await expect(retried.getByRole("button", { name: /Retry/ })).toHaveCount(0);

  await visit(page, link);
  const sent = page.getByRole("region", { name: "Messages sent" });
  await expect(sent.locator("tbody tr")).toHaveCount(3);
  await expect(sent.locator("tbody tr").filter({ hasText: `Assigned to you: ${TITLE}` })).toContainText("Sent");
  await expectAccessible(page);
  await sent.getByRole("link", { name: "See these in the delivery log" }).click();
  await expect(page).toHaveURL(new RegExp(`/a/${slug}/notifications/log\\?action=${action.id}$`));
  await expect(page.getByText("Showing only the messages about one action.")).toBeVisible();
  await expect(page.locator("main tbody tr")).toHaveCount(3);
});

test("someone who is not an admin has no delivery log, and no 'Messages sent' on the action", async ({
  page,
  world,
}) => {
  const { authority, users, items } = await authorityWith(world, { people: cast("owner") });
  const action = await world.action({
    authorityId: authority.id,
    recommendationId: items.r1.id,
    ownerId: users.owner.id,
    title: TITLE,
  });
  await signIn(page, users.owner);
  await visit(page, `/a/${authority.slug}/actions/${action.id}`);
  await expect(page.getByRole("heading", { name: TITLE, level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Messages sent" })).toHaveCount(0);
  await expect(
    page.getByRole("navigation", { name: "Authority" }).getByRole("link", { name: "Delivery log" }),
  ).toHaveCount(0);
  const res = await page.goto(`/a/${authority.slug}/notifications/log`);
  expect(res?.status()).toBe(403);
  await expectAccessible(page);
});
