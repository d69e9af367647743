import { expect, test } from "./fixtures";
import { authorityWith, cast } from "./scenarios";
import { expectAccessible, expectErrorSummary, signIn, visit } from "./utils";

test("the sign-in page is accessible and a wrong password gets a clear message, keeping the email", async ({
  page,
  world,
}) => {
  const { users } = await authorityWith(world, { people: cast("owner") });
  await visit(page, "/");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2F/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Email address").fill(users.owner.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toContainText("Enter a correct email address and password");
  await expect(page.getByLabel("Email address")).toHaveValue(users.owner.email);
  await expect(page.getByLabel("Password")).toHaveValue("");
  await expectAccessible(page);
});

test("an empty form gets an error next to each field and in the summary", async ({ page }) => {
  await visit(page, "/login");
  await expect(page).toHaveTitle("Sign in – Improvement Board");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expectErrorSummary(page, ["Enter your email address", "Enter your password"]);
  await expect(page.getByRole("link", { name: "Enter your email address" })).toBeVisible();
  await expect(page.locator("#email-error")).toContainText("Enter your email address");
  await expect(page.locator("#password-error")).toContainText("Enter your password");
  await expectAccessible(page);
});

test("sign-in is rate limited per account with a clear message", async ({ page, world }) => {
  const { users } = await authorityWith(world, { people: cast("viewer") });
  await visit(page, "/login");
  const submit = async (password: string) => {
    await page.getByLabel("Email address").fill(users.viewer.email);
    await page.getByLabel("Password").fill(password);
    const answered = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/login"));
    await page.getByRole("button", { name: "Sign in" }).click();
    return (await answered).status();
  };
  for (let i = 0; i < 5; i++) {
    expect(await submit(`wrong-password-${i}`)).toBe(401);
    await expect(page.getByText("Enter a correct email address and password")).toBeVisible();
  }
  expect(await submit(users.viewer.password)).toBe(429);
  await expect(
    page.getByText(/Too many failed sign-in attempts for this account\. Wait \d+ minutes? and try again\./),
  ).toBeVisible();
  await expectAccessible(page);
});

test("an attacker's wrong passwords do not keep the owner out of the browser they signed in on before", async ({
  browser,
  world,
}) => {
  const { authority, users } = await authorityWith(world, {
    name: "Leicester City Council",
    people: { board: { role: "board_member", name: "Bea Chair" } },
  });
  const { email, password } = users.board;
  const owner = await (await browser.newContext()).newPage();
  await signIn(owner, users.board);
  // Signed-in pages are never kept by the browser or a proxy.
  const page = await owner.request.get(`/a/${authority.slug}`);
  expect(page.headers()["cache-control"]).toBe("no-store");
  await owner.getByRole("button", { name: "Sign out" }).click();
  await expect(owner).toHaveURL(/\/login/);

  const attackerContext = await browser.newContext();
  const attacker = await attackerContext.newPage();
  await visit(attacker, "/login");
  const submit = async (p: typeof attacker, password: string) => {
    await p.getByLabel("Email address").fill(email);
    await p.getByLabel("Password").fill(password);
    const answered = p.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/login"));
    await p.getByRole("button", { name: "Sign in" }).click();
    return (await answered).status();
  };
  for (let i = 0; i < 6; i++) await submit(attacker, `attacker-guess-${i}`);
  expect(await submit(attacker, password)).toBe(429);

  await visit(owner, "/login");
  await owner.getByLabel("Email address").fill(email);
  await owner.getByLabel("Password").fill(password);
  await owner.getByRole("button", { name: "Sign in" }).click();
  await expect(owner).toHaveURL(new RegExp(`/a/${authority.slug}$`));
  await attackerContext.close();
  await owner.context().close();
});

test("an admin sees the authority's inspections with their grades, and signs out", async ({ page, world }) => {
  const { authority, users } = await authorityWith(world, { people: cast("admin") });
  await signIn(page, users.admin);
  await expect(page).toHaveURL(new RegExp(`/a/${authority.slug}$`));
  await expect(page.getByRole("heading", { name: "Leeds City Council", level: 1 })).toBeVisible();
  const judgements = page.getByRole("table", { name: /Judgements for/ }).first();
  await expect(judgements).toContainText("Overall effectiveness");
  await expect(judgements).toContainText("Outstanding");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await visit(page, `/a/${authority.slug}`);
  await expect(page).toHaveURL(`/login?redirectTo=%2Fa%2F${authority.slug}`);
});

test("sign out everywhere ends the user's other sessions", async ({ browser, world }) => {
  const { authority, users } = await authorityWith(world, { name: "Kirklees Council", people: cast("owner") });
  const one = await browser.newContext();
  const two = await browser.newContext();
  const a = await one.newPage();
  const b = await two.newPage();
  await signIn(a, users.owner);
  await signIn(b, users.owner);
  await visit(a, "/account");
  await expectAccessible(a);
  await a.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(a).toHaveURL(/\/login/);
  await visit(b, `/a/${authority.slug}`);
  await expect(b).toHaveURL(/\/login/);
  await one.close();
  await two.close();
});
