import { expect, expectAccessible, signIn, test, visit } from "./utils";

test("an inspection page lists each item verbatim with its actions and their status", async ({ page }) => {
  await signIn(page, "viewer@leeds.demo");
  await page.getByRole("link", { name: "Inspection of children's social care services" }).first().click();
  await expect(page.getByRole("heading", { name: "What the inspectors asked to improve" })).toBeVisible();
  await expect(page.getByText("The consistent involvement of health agencies in strategy discussions.")).toBeVisible();
  await expect(page.getByRole("table", { name: "Actions for R1" })).toBeVisible();
  await expectAccessible(page);
  // A viewer reads but has no People page.
  await expect(page.getByRole("link", { name: "People" })).toHaveCount(0);
  await visit(page, "/a/leeds/people");
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  await expectAccessible(page);
});

test("a partner user sees only the actions assigned to them", async ({ page }) => {
  await signIn(page, "partner@leeds.demo");
  await expect(page.getByRole("heading", { name: "Inspections" })).toHaveCount(0);
  const mine = page.getByRole("region", { name: "Actions assigned to you" });
  await expect(mine.getByRole("listitem")).not.toHaveCount(0);
  await expectAccessible(page);
  await mine.getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "Progress updates" })).toBeVisible();
  await expectAccessible(page);
  await visit(page, "/a/leeds");
  await page.getByRole("link", { name: "Overview" }).click();
  // Inspection pages are not theirs to see.
  const res = await visit(page, "/a/leeds/inspections/anything");
  expect(res?.status()).toBe(403);
});

test("a foreign authority's URL gives a forbidden page with a clear message and no stack trace", async ({ page }) => {
  await signIn(page, "admin@kirklees.demo");
  const res = await visit(page, "/a/leeds");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  await expect(page.getByText("You are not a member of that authority")).toBeVisible();
  // No stack trace: no "at file:line:col" frames, no error class names.
  await expect(page.locator("body")).not.toContainText(/\bat .+:\d+:\d+|AppError|node_modules/);
  await expectAccessible(page);
});

test("an unknown page or id gives a not-found page", async ({ page }) => {
  await signIn(page, "admin@leeds.demo");
  const res = await visit(page, "/a/leeds/actions/does-not-exist");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByText("We could not find that action.")).toBeVisible();
  await expectAccessible(page);
  const res2 = await visit(page, "/no/such/page");
  expect(res2?.status()).toBe(404);
  await expectAccessible(page);
});

test("a user in two authorities switches between them", async ({ page }) => {
  await signIn(page, "chair@leeds.demo");
  await expect(page.getByRole("heading", { name: "Kirklees Council", level: 1 })).toBeVisible();
  await page.getByLabel("Choose authority").selectOption({ label: "Leeds City Council" });
  await page.getByRole("button", { name: "Switch" }).click();
  await expect(page.getByRole("heading", { name: "Leeds City Council", level: 1 })).toBeVisible();
  await expectAccessible(page);
  // The choice is remembered for the next visit to the start page.
  await visit(page, "/");
  await expect(page).toHaveURL(/\/a\/leeds$/);
});
