/**
 * Playwright fixtures: every test fails on a browser console error or page
 * error, and `expectAccessible` runs axe (WCAG 2.2 AA rules) on the page.
 */
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";

export const DEMO_PASSWORD = "Kestrel-Lantern-Ledger-2026";

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

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await visit(page, "/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("Sign in");
}

/** Direct SQL against the e2e server's database, for setting up states a user cannot reach quickly (e.g. an expired link). */
export async function sql(statement: string, params: unknown[] = []) {
  const url = process.env.E2E_DATABASE_URL;
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      let i = 0;
      await client.query(
        statement.replace(/\?/g, () => `$${++i}`),
        params,
      );
    } finally {
      await client.end();
    }
    return;
  }
  const db = new Database(path.resolve("tests/.tmp/e2e.db"));
  try {
    db.prepare(statement).run(...params);
  } finally {
    db.close();
  }
}

/**
 * Fill a GOV.UK date input (day, month and year boxes in a fieldset whose legend is `legend`) with a YYYY-MM-DD day.
 * `page` may be a part of the page (a locator) when the legend is used more than once.
 */
export async function fillDate(page: Pick<Page, "getByRole">, legend: string | RegExp, ymd: string) {
  const [year, month, day] = ymd.split("-");
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day", { exact: true }).fill(day ? String(Number(day)) : "");
  await group.getByLabel("Month", { exact: true }).fill(month ? String(Number(month)) : "");
  await group.getByLabel("Year", { exact: true }).fill(year ?? "");
}

/** After an invalid submit: the error summary has focus and lists `messages`, and the title starts "Error:". */
export async function expectErrorSummary(page: Page, messages: (string | RegExp)[]) {
  const summary = page.getByRole("alert").filter({ has: page.getByRole("heading", { name: "There is a problem" }) });
  await expect(summary).toBeFocused();
  for (const m of messages) await expect(summary.getByText(m)).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
}
