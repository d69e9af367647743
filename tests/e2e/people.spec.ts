import { expect, test } from "./fixtures";
import { authorityWith } from "./scenarios";
import { expectAccessible, expectErrorSummary, signIn, visit } from "./utils";
import type { World } from "./world";

/** Leicester with its only admin, Karen Doyle, and an action owner, Marcus Bell. */
const leicester = (world: World) =>
  authorityWith(world, {
    name: "Leicester City Council",
    people: {
      admin: { role: "admin", name: "Karen Doyle" },
      owner: { role: "action_owner", name: "Marcus Bell" },
    },
  });

test("an admin changes a member's role and sees it in the audit log", async ({ page, world }) => {
  const { authority, users } = await leicester(world);
  await signIn(page, users.admin);
  await page.getByRole("link", { name: "People" }).click();
  await expect(page.getByRole("heading", { name: "People in Leicester City Council", level: 1 })).toBeVisible();
  await expectAccessible(page);

  const role = page.getByLabel("Role for Marcus Bell");
  await expect(role).toHaveValue("action_owner");
  await role.selectOption({ label: "Board member" });
  await page.getByRole("button", { name: "Save role for Marcus Bell" }).click();
  await expect(page.getByRole("alert", { name: "Success" })).toContainText(
    "Marcus Bell’s role has changed from Action owner to Board member.",
  );
  await expect(page.getByLabel("Role for Marcus Bell")).toHaveValue("board_member");
  await expectAccessible(page);

  await visit(page, `/a/${authority.slug}/audit`);
  const latest = page.locator("main ol > li").first();
  await expect(latest).toContainText("Karen Doyle · update · Membership");
  await expect(latest).toContainText("role: action_owner → board_member");
  await expectAccessible(page);

  // And back again.
  await visit(page, `/a/${authority.slug}/people`);
  await page.getByLabel("Role for Marcus Bell").selectOption({ label: "Action owner" });
  await page.getByRole("button", { name: "Save role for Marcus Bell" }).click();
  await expect(page.getByRole("alert", { name: "Success" })).toContainText("from Board member to Action owner");
});

test("the only admin cannot demote themselves, and is told why next to the field", async ({ page, world }) => {
  const { authority, users } = await leicester(world);
  await signIn(page, users.admin);
  await visit(page, `/a/${authority.slug}/people`);
  await page.getByLabel("Role for Karen Doyle").selectOption({ label: "Viewer (read-only)" });
  await page.getByRole("button", { name: "Save role for Karen Doyle" }).click();
  const message =
    "You are the only admin of Leicester City Council. Make someone else an admin first, then you can change your own role.";
  await expectErrorSummary(page, [message]);
  await expect(page.locator("[id$='-error']").filter({ hasText: message })).toBeVisible();
  await expect(page.getByLabel("Role for Karen Doyle")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);

  // The removal step says the same and offers no button.
  await page.getByRole("link", { name: "Remove Karen Doyle" }).click();
  await expect(page.getByRole("heading", { name: "Remove yourself from Leicester City Council?" })).toBeVisible();
  await expect(page.getByText("then you can leave.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Yes, remove/ })).toHaveCount(0);
  await expectAccessible(page);
});

test("an admin removes a member after confirming, and cancels a pending invitation", async ({
  page,
  browser,
  world,
}) => {
  const { authority, users } = await leicester(world);
  await signIn(page, users.admin);
  await visit(page, `/a/${authority.slug}/people`);
  await expect(page).toHaveTitle("People – Improvement Board");
  // An invitation with nothing filled in is refused, with the summary at the top.
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expectErrorSummary(page, ["Enter your email address", "Choose a role"]);
  await expect(page.locator("#email-error")).toContainText("Enter your email address");
  await expectAccessible(page);
  // Someone to remove: invited and joined within this test.
  const email = world.email("leaver");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel(/Viewer/).check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = (await page.getByTestId("invite-link").textContent())!.trim();
  const ctx = await browser.newContext();
  const invitee = await ctx.newPage();
  await visit(invitee, link);
  await invitee.getByLabel("Full name").fill("Lee Leaver");
  await invitee.getByLabel("Create a password").fill("Lantern-Quay-Orchid-52");
  await invitee.getByLabel("Confirm password").fill("Lantern-Quay-Orchid-52");
  await invitee.getByRole("button", { name: "Create account" }).click();
  await expect(invitee.getByRole("heading", { name: "Leicester City Council", level: 1 })).toBeVisible();
  await ctx.close();

  await visit(page, `/a/${authority.slug}/people`);
  await page.getByRole("link", { name: "Remove Lee Leaver" }).click();
  await expect(
    page.getByRole("heading", { name: "Remove Lee Leaver from Leicester City Council?", level: 1 }),
  ).toBeVisible();
  await expect(page.getByText("They own no actions here.")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Yes, remove Lee Leaver" }).click();
  await expect(page.getByRole("alert", { name: "Success" })).toContainText(
    `Lee Leaver (${email}) has been removed from Leicester City Council. Their account still exists.`,
  );
  await expect(page.getByRole("table", { name: "Members" })).not.toContainText("Lee Leaver");
  await expectAccessible(page);

  // A pending invitation, cancelled.
  const pending = world.email("pending");
  await page.getByLabel("Email address").fill(pending);
  await page.getByLabel(/Partner user/).check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByTestId("invite-link")).toBeVisible();
  await page.getByRole("button", { name: `Cancel invitation for ${pending}` }).click();
  await expect(page.getByRole("alert", { name: "Success" })).toContainText(
    `The invitation for ${pending} has been cancelled. Its link no longer works.`,
  );
  await expect(page.getByRole("button", { name: `Cancel invitation for ${pending}` })).toHaveCount(0);
  await expectAccessible(page);

  await visit(page, `/a/${authority.slug}/audit`);
  await expect(page.locator("main")).toContainText(`email: ${email} → (blank)`);
  await expect(page.locator("main")).toContainText("cancel · Invitation");
});
