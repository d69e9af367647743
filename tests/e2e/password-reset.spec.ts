/**
 * Issue 14, "a user resets a forgotten password from the email": from the
 * sign-in page's link, to the email, to a new password, to signing in with
 * it. Runs its own production server (the built app) on its own database
 * with SMTP_URL pointing at a real SMTP server started here (smtp-server,
 * read back with mailparser), so the email is the one a person would get.
 * The engine follows the run (a fresh PostgreSQL database when
 * E2E_DATABASE_URL is set). Every page is checked with axe.
 */
import { inboxOf } from "../helpers/smtp";
import { prepareMailingServer } from "./own-server";
import { authorityWith } from "./scenarios";
import { expect, expectAccessible, expectErrorSummary, test, visit } from "./utils";
import { World } from "./world";

const NEW_PASSWORD = "Kestrel-Harbour-Lantern-93";

test("a user who forgot their password resets it from the email and signs in with the new one", async ({ page }) => {
  test.setTimeout(120_000);
  const server = await prepareMailingServer("ib-reset");
  const { origin, smtp } = server;
  try {
    const { users } = await authorityWith(new World(server.db), {
      name: "Kirklees Council",
      people: { owner: { role: "action_owner", name: "Owen Shah" } },
    });
    const email = users.owner.email;
    await server.start();

    // From the sign-in page to the request page.
    await visit(page, `${origin}/login`);
    await page.getByRole("link", { name: "Forgotten your password?" }).click();
    await expect(page.getByRole("heading", { name: "Reset your password", level: 1 })).toBeVisible();
    await expect(page).toHaveTitle("Reset your password – Improvement Board");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Send the link" }).click();
    await expectErrorSummary(page, ["Enter your email address"]);
    await expectAccessible(page);

    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Send the link" }).click();
    const banner = page.getByRole("alert").filter({ hasText: "Check your email" });
    await expect(banner).toContainText(`If ${email} has an account, we have sent a link to reset its password.`);
    await expect(banner).toBeFocused();
    await expectAccessible(page);

    // The email: short, with a single-use link to this server.
    await expect.poll(() => inboxOf(smtp, email).length, { timeout: 20_000 }).toBe(1);
    const mail = inboxOf(smtp, email)[0]!;
    expect(mail.subject).toBe("Reset your Improvement Board password");
    const link = new RegExp(`${origin}/reset-password/[a-z2-7]{32}`).exec(mail.text ?? "")?.[0];
    expect(link, mail.text).toBeDefined();

    // The new password, twice; a mismatch first.
    await visit(page, link!);
    await expect(page.getByRole("heading", { name: "Set a new password" })).toBeVisible();
    await expect(page.getByText(`For the account ${email}.`)).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Confirm new password").fill("Something-Else-Entirely-1");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expectErrorSummary(page, ["Passwords do not match"]);
    await expectAccessible(page);
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Set new password" }).click();

    // Back at sign-in, told it worked; the old password no longer works, the new one does.
    await expect(page).toHaveURL(`${origin}/login?passwordReset=done`);
    const done = page.getByRole("alert").filter({ hasText: "Success" });
    await expect(done).toContainText("Your password has been changed and you have been signed out everywhere.");
    await expect(done).toBeFocused();
    await expectAccessible(page);
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(users.owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter a correct email address and password")).toBeVisible();
    await page.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Kirklees Council", level: 1 })).toBeVisible();
    await expectAccessible(page);

    // The link works once.
    await visit(page, link!);
    await expect(page.getByRole("heading", { name: "This password reset link has already been used" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Ask for a new link" })).toBeVisible();
    await expectAccessible(page);
  } finally {
    await server.stop();
  }
});
