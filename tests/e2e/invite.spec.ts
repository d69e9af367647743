import { expect, test } from "./fixtures";
import { authorityWith, cast } from "./scenarios";
import { expectAccessible, expectErrorSummary, signIn, visit } from "./utils";

test("an admin invites a user, who sets their own password from the single-use link", async ({
  page,
  browser,
  world,
}) => {
  const { users } = await authorityWith(world, {
    name: "Leicester City Council",
    people: { admin: { role: "admin", name: "Karen Doyle" } },
  });
  await signIn(page, users.admin);
  await page.getByRole("link", { name: "People" }).click();
  await expectAccessible(page);
  const email = world.email("new.officer");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel(/Action owner/).check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = (await page.getByTestId("invite-link").textContent())!.trim();
  await expectAccessible(page);

  const ctx = await browser.newContext();
  const invitee = await ctx.newPage();
  await visit(invitee, link);
  await expect(invitee.getByRole("heading", { name: "Set up your account" })).toBeVisible();
  await expectAccessible(invitee);
  await invitee.getByLabel("Full name").fill("Priya Officer");
  await invitee.getByLabel("Create a password").fill("too-short");
  await invitee.getByLabel("Confirm password").fill("too-short");
  await invitee.getByRole("button", { name: "Create account" }).click();
  await expect(invitee.locator("#password-error")).toContainText("Password must be at least 12 characters");
  await expectErrorSummary(invitee, ["Password must be at least 12 characters"]);
  await expect(invitee.getByLabel("Full name")).toHaveValue("Priya Officer");
  await expectAccessible(invitee);

  await invitee.getByLabel("Create a password").fill("Lantern-Quay-Orchid-51");
  await invitee.getByLabel("Confirm password").fill("Lantern-Quay-Orchid-51");
  await invitee.getByRole("button", { name: "Create account" }).click();
  await expect(invitee.getByRole("heading", { name: "Leicester City Council", level: 1 })).toBeVisible();

  // The link works once.
  await visit(invitee, link);
  await expect(invitee.getByRole("heading", { name: "This invitation link cannot be used" })).toBeVisible();
  await expectAccessible(invitee);
  await ctx.close();
});

test("an expired invitation link says so plainly", async ({ page, browser, world }) => {
  const { authority, users } = await authorityWith(world, { name: "Kirklees Council", people: cast("admin") });
  await signIn(page, users.admin);
  await visit(page, `/a/${authority.slug}/people`);
  const email = world.email("late");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel(/Viewer/).check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = (await page.getByTestId("invite-link").textContent())!.trim();
  // A week passes: the link's expiry is put in the past.
  await world.db.invitation.updateMany({ where: { email }, data: { expiresAt: new Date(Date.now() - 60_000) } });
  const ctx = await browser.newContext();
  const invitee = await ctx.newPage();
  await visit(invitee, link);
  await expect(invitee.getByRole("heading", { name: "This invitation link has expired" })).toBeVisible();
  await expect(invitee.getByText("Ask your authority's Improvement Board admin to send you a new one.")).toBeVisible();
  await expectAccessible(invitee);
  await ctx.close();
});

test("an invitation form with no role chosen shows the error by the field", async ({ page, world }) => {
  const { authority, users } = await authorityWith(world, { people: cast("admin") });
  await signIn(page, users.admin);
  await visit(page, `/a/${authority.slug}/people`);
  const email = world.email("someone");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.locator("#role-error")).toContainText("Choose a role");
  await expect(page.getByLabel("Email address")).toHaveValue(email);
  await expectAccessible(page);
});
