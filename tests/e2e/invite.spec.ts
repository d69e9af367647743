import { expect, expectAccessible, expectErrorSummary, signIn, sql, test, visit } from "./utils";

test("an admin invites a user, who sets their own password from the single-use link", async ({ page, browser }) => {
  await signIn(page, "admin@leicester.demo");
  await page.getByRole("link", { name: "People" }).click();
  await expectAccessible(page);
  const email = `new.officer.${Date.now()}@leicester.demo`;
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

test("an expired invitation link says so plainly", async ({ page, browser }) => {
  await signIn(page, "admin@kirklees.demo");
  await visit(page, "/a/kirklees/people");
  const email = `late.${Date.now()}@kirklees.demo`;
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel(/Viewer/).check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = (await page.getByTestId("invite-link").textContent())!.trim();
  await sql(`UPDATE "Invitation" SET "expiresAt" = ? WHERE "email" = ?`, [
    process.env.E2E_DATABASE_URL ? new Date(Date.now() - 60_000) : Date.now() - 60_000,
    email,
  ]);
  const ctx = await browser.newContext();
  const invitee = await ctx.newPage();
  await visit(invitee, link);
  await expect(invitee.getByRole("heading", { name: "This invitation link has expired" })).toBeVisible();
  await expect(invitee.getByText("Ask your authority's Improvement Board admin to send you a new one.")).toBeVisible();
  await expectAccessible(invitee);
  await ctx.close();
});

test("an invitation form with no role chosen shows the error by the field", async ({ page }) => {
  await signIn(page, "admin@kirklees.demo");
  await visit(page, "/a/kirklees/people");
  await page.getByLabel("Email address").fill("someone@kirklees.demo");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.locator("#role-error")).toContainText("Choose a role");
  await expect(page.getByLabel("Email address")).toHaveValue("someone@kirklees.demo");
  await expectAccessible(page);
});
