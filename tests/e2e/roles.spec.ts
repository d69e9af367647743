import { expect, test } from "./fixtures";
import { authorityWith, cast } from "./scenarios";
import { expectAccessible, signIn, visit } from "./utils";

test("an inspection page lists each item verbatim with its actions and their status", async ({ page, world }) => {
  const { authority, users, items } = await authorityWith(world, { people: cast("viewer") });
  await world.action({
    authorityId: authority.id,
    recommendationId: items.r1.id,
    title: "Health representation at every strategy discussion",
    status: "in_progress",
  });
  await signIn(page, users.viewer);
  await page.getByRole("link", { name: "Inspection of children's social care services" }).first().click();
  await expect(page.getByRole("heading", { name: "What the inspectors asked to improve" })).toBeVisible();
  await expect(page.getByText("The consistent involvement of health agencies in strategy discussions.")).toBeVisible();
  await expect(page.getByRole("table", { name: "Actions for R1" })).toContainText(
    "Health representation at every strategy discussion",
  );
  await expectAccessible(page);
  // A viewer reads but has no People page.
  await expect(page.getByRole("link", { name: "People" })).toHaveCount(0);
  await visit(page, `/a/${authority.slug}/people`);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  await expectAccessible(page);
});

test("a partner user sees only the actions assigned to them", async ({ page, world }) => {
  const { authority, users, items } = await authorityWith(world, { people: cast("partner") });
  await world.action({
    authorityId: authority.id,
    recommendationId: items.r1.id,
    ownerId: users.partner.id,
    title: "Named nurse at every strategy discussion",
    status: "in_progress",
  });
  await world.action({ authorityId: authority.id, recommendationId: items.r2.id, title: "Not the partner's" });
  await signIn(page, users.partner);
  await expect(page.getByRole("heading", { name: "Inspections" })).toHaveCount(0);
  const mine = page.getByRole("region", { name: "Actions assigned to you" });
  await expect(mine.getByRole("listitem")).toHaveCount(1);
  await expect(mine).toContainText("Named nurse at every strategy discussion");
  await expectAccessible(page);
  await mine.getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "Progress updates" })).toBeVisible();
  await expectAccessible(page);
  await visit(page, `/a/${authority.slug}`);
  await page.getByRole("link", { name: "Overview" }).click();
  // Inspection pages are not theirs to see.
  const res = await visit(page, `/a/${authority.slug}/inspections/anything`);
  expect(res?.status()).toBe(403);
});

test("a foreign authority's URL gives a forbidden page with a clear message and no stack trace", async ({
  page,
  world,
}) => {
  const { users } = await authorityWith(world, { name: "Kirklees Council", people: cast("admin") });
  const leeds = await world.authority({ name: "Leeds City Council" });
  await signIn(page, users.admin);
  const res = await visit(page, `/a/${leeds.slug}`);
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  await expect(page.getByText("You are not a member of that authority")).toBeVisible();
  // No stack trace: no "at file:line:col" frames, no error class names.
  await expect(page.locator("body")).not.toContainText(/\bat .+:\d+:\d+|AppError|node_modules/);
  await expectAccessible(page);
});

test("an unknown page or id gives a not-found page", async ({ page, world }) => {
  const { authority, users } = await authorityWith(world, { people: cast("admin") });
  await signIn(page, users.admin);
  const res = await visit(page, `/a/${authority.slug}/actions/does-not-exist`);
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByText("We could not find that action.")).toBeVisible();
  await expectAccessible(page);
  const res2 = await visit(page, "/no/such/page");
  expect(res2?.status()).toBe(404);
  await expectAccessible(page);
});

test("a user in two authorities switches between them", async ({ page, world }) => {
  const leeds = await world.authority({ name: "Leeds City Council" });
  const kirklees = await world.authority({ name: "Kirklees Council" });
  const chair = await world.user({
    name: "Margaret Ellison",
    memberships: [
      { authority: leeds, role: "board_member" },
      { authority: kirklees, role: "board_member" },
    ],
  });
  // The first by name, until they choose.
  await signIn(page, chair);
  await expect(page.getByRole("heading", { name: "Kirklees Council", level: 1 })).toBeVisible();
  await page.getByLabel("Choose authority").selectOption({ label: "Leeds City Council" });
  await page.getByRole("button", { name: "Switch" }).click();
  await expect(page.getByRole("heading", { name: "Leeds City Council", level: 1 })).toBeVisible();
  await expectAccessible(page);
  // The choice is remembered for the next visit to the start page.
  await visit(page, "/");
  await expect(page).toHaveURL(new RegExp(`/a/${leeds.slug}$`));
});
