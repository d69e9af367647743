import { expect, test } from "./fixtures";
import { adminOnTheOneAction } from "./scenarios";
import { expectAccessible, expectErrorSummary, fillDate, visit } from "./utils";

test("an admin corrects an inspection, removes it with a reason and restores it; the audit log shows each step", async ({
  page,
  world,
}) => {
  const { authority } = await adminOnTheOneAction(page, world);
  // Its inspection, from the breadcrumb (authority, inspection, recommendation).
  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link").nth(1).click();
  const correct = page.getByRole("link", { name: "Correct or remove this inspection" });
  await expect(correct).toBeVisible();
  const inspectionUrl = page.url();
  await correct.click();
  await expect(page.getByRole("heading", { name: "Correct the inspection" })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Lead inspector").fill("Corrected Inspector HMI");
  await fillDate(page, "Last day on site", "2001-01-01");
  await page.getByRole("button", { name: "Save corrections" }).click();
  await expectErrorSummary(page, ["End date must be on or after the start date"]);
  await expect(page.locator("#endDate-error")).toContainText("on or after the start date");
  await expect(page.getByLabel("Lead inspector")).toHaveValue("Corrected Inspector HMI");
  await expectAccessible(page);
  await fillDate(page, "Last day on site", "");
  await page.getByRole("button", { name: "Save corrections" }).click();
  await expect(page.locator("dd").filter({ hasText: "Corrected Inspector HMI" })).toBeVisible();

  await page.getByRole("link", { name: "Correct or remove this inspection" }).click();
  await page.getByRole("button", { name: "Remove inspection" }).click();
  await expectErrorSummary(page, ["Enter the reason"]);
  await expect(page.locator("#reason-error")).toContainText("Enter the reason");
  await page.getByLabel("Why remove it?").fill("Entered twice by mistake");
  await page.getByRole("button", { name: "Remove inspection" }).click();
  await expect(page.getByText("This inspection is removed")).toBeVisible();
  expect((await visit(page, inspectionUrl.replace(/^https?:\/\/[^/]+/, "")))?.status()).toBe(404);

  await visit(page, `/a/${authority.slug}/audit`);
  const log = page.locator("main");
  await expect(log).toContainText("Entered twice by mistake");
  await expect(log).toContainText("leadInspector");
  await expectAccessible(page);
  await page
    .getByRole("link", { name: /open Inspection/ })
    .first()
    .click();
  await page.getByLabel("Why restore it?").fill("It was the only copy");
  await page.getByRole("button", { name: "Restore inspection" }).click();
  await expect(page).toHaveURL(inspectionUrl);
  await expect(page.getByRole("heading", { name: "What the inspectors asked to improve" })).toBeVisible();
});
