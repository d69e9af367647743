/**
 * Helpers for the end-to-end tests. The `test` here fails on a browser console
 * error or page error; specs use the one in ./fixtures.ts, which adds each
 * test's own data. `expectAccessible` runs axe (WCAG 2.2 AA rules) on the page.
 */
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Locator, type Page } from "@playwright/test";
import { E2E_PASSWORD, type TestUser } from "./world";

export { E2E_PASSWORD };

export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (msg) => {
        // A 4xx answer is an expected outcome the test asserts on (wrong password, 403, 404); anything else fails.
        if (
          msg.type() === "error" &&
          !/^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())
        ) {
          errors.push(msg.text());
        }
      });
      page.on("pageerror", (err) => errors.push(err.message));
      await use(errors);
      expect(errors, "browser console errors").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** Axe with the WCAG 2.0/2.1/2.2 A and AA rule sets. Every page a test visits is checked. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Go to a page and wait until React has hydrated it, so that typing and clicks are not lost. */
export async function visit(page: Page, url: string) {
  const response = await page.goto(url);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  return response;
}

/** Signs in through the sign-in page as a user the test made (or any email, with E2E_PASSWORD by default). */
export async function signIn(page: Page, who: TestUser | string, password?: string) {
  const email = typeof who === "string" ? who : who.email;
  await visit(page, "/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password ?? (typeof who === "string" ? E2E_PASSWORD : who.password));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("Sign in");
}

/**
 * Fill the GOV.UK date input (day, month and year boxes in a fieldset) whose
 * legend is `legend` with a YYYY-MM-DD day.
 */
export async function fillDate(scope: Page | Locator, legend: string | RegExp, ymd: string) {
  const [year, month, day] = ymd.split("-");
  const group = scope.getByRole("group", { name: legend });
  await group.getByLabel("Day", { exact: true }).fill(day ? String(Number(day)) : "");
  await group.getByLabel("Month", { exact: true }).fill(month ? String(Number(month)) : "");
  await group.getByLabel("Year", { exact: true }).fill(year ?? "");
}

/** The date field `legend` holds `ymd` ("YYYY-MM-DD"); the partner of fillDate. */
export async function expectDate(scope: Page | Locator, legend: string | RegExp, ymd: string) {
  const group = scope.getByRole("group", { name: legend });
  const [year, month, day] = ymd.split("-");
  await expect(group.getByLabel("Day", { exact: true })).toHaveValue(day ? String(Number(day)) : "");
  await expect(group.getByLabel("Month", { exact: true })).toHaveValue(month ? String(Number(month)) : "");
  await expect(group.getByLabel("Year", { exact: true })).toHaveValue(year ?? "");
}

/** After an invalid submit: the error summary has focus and lists `messages`, and the title starts "Error:". */
export async function expectErrorSummary(page: Page, messages: (string | RegExp)[]) {
  const summary = page.getByRole("alert").filter({ has: page.getByRole("heading", { name: "There is a problem" }) });
  await expect(summary).toBeFocused();
  for (const m of messages) await expect(summary.getByText(m)).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
}

/**
 * Clicks the button that queues a file as a long job (a board pack's Word or
 * PDF), checks the job's page (its progress bar, axe), waits for the download
 * link, and fetches the file through it.
 */
export async function fileFromJob(page: Page, button: string, { timeout = 60_000 } = {}) {
  await page.getByRole("button", { name: button }).click();
  await page.waitForURL(/\/jobs\/[a-z0-9]+$/);
  await expect(page.getByRole("progressbar", { name: "Progress" })).toBeVisible();
  await expectAccessible(page);
  const link = page.getByRole("link", { name: /^Download / });
  await expect(link).toBeVisible({ timeout });
  await expectAccessible(page);
  return page.request.get((await link.getAttribute("href")) ?? "");
}
