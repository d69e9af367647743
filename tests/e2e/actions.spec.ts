import { expect, test } from "./fixtures";
import { adminOnTheOneAction, authorityWith, cast, daysFromNow } from "./scenarios";
import { expectAccessible, expectErrorSummary, fillDate, signIn, visit } from "./utils";
import type { World } from "./world";

type OwnersAction = Omit<Parameters<World["action"]>[0], "authorityId" | "recommendationId" | "ownerId">;
/** An authority (Leeds unless named) with an admin and an action owner, and `action` as the owner's, under R1. */
async function withOwnersAction(world: World, name: string | undefined, action: OwnersAction) {
  const setUp = await authorityWith(world, { name, people: cast("admin", "owner") });
  const { authority, items, users } = setUp;
  const saved = await world.action({
    authorityId: authority.id,
    recommendationId: items.r1.id,
    ownerId: users.owner.id,
    ...action,
  });
  return { ...setUp, action: saved };
}

test("an owner updates their action: progress, RAG with its reason, on the timeline and in the audit log", async ({
  page,
  browser,
  world,
}) => {
  const { authority, users } = await withOwnersAction(world, "Leicester City Council", {
    title: "Health representation at every strategy discussion",
    status: "in_progress",
    rag: "amber",
    ragReason: "Out-of-hours discussions are not yet covered.",
    progress: 40,
    startDate: daysFromNow(-60),
    dueDate: daysFromNow(90),
  });
  await signIn(page, users.owner);
  const mine = page.getByRole("region", { name: "Actions assigned to you" });
  await mine.getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "Add a progress update" })).toBeVisible();
  await expectAccessible(page);
  const title = (await page.getByRole("heading", { level: 1 }).textContent())!;
  await page
    .getByLabel("What has happened since the last update?")
    .fill("Audit of 40 cases completed; findings shared with team managers.");
  await page.getByLabel("Progress (%)").fill("70");
  const rag = page.getByLabel("Delivery RAG");
  const current = await rag.inputValue();
  await rag.selectOption(current === "green" ? "amber" : "green");
  await page.getByRole("button", { name: "Save update" }).click();
  await expect(page.locator("#ragReason-error")).toContainText(/RAG/);
  await expectErrorSummary(page, [/RAG/]);
  await expect(page.getByLabel("What has happened since the last update?")).toHaveValue(
    "Audit of 40 cases completed; findings shared with team managers.",
  );
  await expectAccessible(page);
  await page.getByLabel("Reason for the RAG (required when it changes)").fill("Audit shows the change is taking hold");
  await page.getByRole("button", { name: "Save update" }).click();
  await expect(page.getByRole("region", { name: "Progress updates" })).toContainText("Audit of 40 cases completed");
  await expect(page.getByText("70%").first()).toBeVisible();

  // The admin sees who changed what in the action's history and the authority's audit log.
  const ctx = await browser.newContext();
  const admin = await ctx.newPage();
  await signIn(admin, users.admin);
  await visit(admin, page.url().replace(/^https?:\/\/[^/]+/, ""));
  await expect(admin.getByRole("region", { name: "Change history" })).toContainText("progress: ");
  await visit(admin, `/a/${authority.slug}/audit`);
  await expect(admin.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(admin.locator("main")).toContainText("Progress update");
  await expect(admin.locator("main")).toContainText("progress: ");
  await expectAccessible(admin);
  const csv = await admin.request.get(`/a/${authority.slug}/audit.csv`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain("ActionUpdate");
  await ctx.close();
  expect(title.length).toBeGreaterThan(0);
});

test("a viewer can read the plan but has nothing to change", async ({ page, world }) => {
  const { authority, users, items } = await authorityWith(world, { people: cast("viewer", "owner") });
  await world.action({
    authorityId: authority.id,
    recommendationId: items.r2.id,
    ownerId: users.owner.id,
    title: "Culture and identity prompts in the assessment template",
    status: "in_progress",
    rag: "green",
    dueDate: daysFromNow(60),
  });
  await signIn(page, users.viewer);
  await visit(page, `/a/${authority.slug}/actions`);
  await expectAccessible(page);
  await page.getByRole("table").getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "Progress updates" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Save update" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save details" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Apply to selected" })).toHaveCount(0);
  await expectAccessible(page);
  await visit(page, `/a/${authority.slug}/dashboard`);
  await expect(page.getByRole("table", { name: "By status" })).toBeVisible();
  await expectAccessible(page);
});

test("a partner sees only their own actions in the list", async ({ page, world }) => {
  const { authority, users, items } = await authorityWith(world, {
    name: "Kirklees Council",
    people: {
      partner: { role: "partner", name: "Priya Nurse", organisation: "Locala Health and Wellbeing" },
      ...cast("owner"),
    },
  });
  for (const [title, ownerId] of [
    ["Named nurse at every strategy discussion", users.partner.id],
    ["Culture prompts in assessments", users.owner.id],
    ["Unowned audit of PEPs", null],
  ] as const)
    await world.action({
      authorityId: authority.id,
      recommendationId: items.r1.id,
      ownerId,
      title,
      status: "in_progress",
    });
  await signIn(page, users.partner);
  await visit(page, `/a/${authority.slug}/actions`);
  const rows = page.getByRole("table").locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expectAccessible(page);
  await expect(rows).toContainText("Named nurse at every strategy discussion");
  const res = await visit(page, `/a/${authority.slug}/dashboard`);
  expect(res?.status()).toBe(403);
});

test("two people editing the same action at once lose nothing", async ({ browser, world }) => {
  const { authority, users } = await withOwnersAction(world, "Kirklees Council", {
    title: "Strategy discussion attendance log",
    leadService: "Children's social work service",
    status: "in_progress",
    dueDate: daysFromNow(60),
  });
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await signIn(a, users.admin);
  await signIn(b, users.owner);
  await visit(b, `/a/${authority.slug}`);
  await b.getByRole("region", { name: "Actions assigned to you" }).getByRole("link").first().click();
  await expect(b.getByRole("heading", { name: "Edit details" })).toBeVisible();
  const url = b.url().replace(/^https?:\/\/[^/]+/, "");
  await visit(a, url);
  // Both have the page open. The admin saves first.
  await a.getByLabel("Lead service or team").fill("Children's social work service (Huddersfield)");
  await a.getByRole("button", { name: "Save details" }).click();
  await expect(
    a
      .getByRole("row", { name: /Lead service/ })
      .or(a.locator("dd").filter({ hasText: "Huddersfield" }))
      .first(),
  ).toBeVisible();
  // The owner, still on the old version, saves a description.
  await b.getByLabel("Description").fill("The owner's careful wording of the plan.");
  await b.getByRole("button", { name: "Save details" }).click();
  await expect(
    b.getByRole("heading", { name: "Someone else changed this action while you were working" }),
  ).toBeVisible();
  await expect(b.getByText(/Lead service: now “Children's social work service \(Huddersfield\)”/)).toBeVisible();
  await expect(b.getByLabel("Description")).toHaveValue("The owner's careful wording of the plan.");
  await expectAccessible(b);
  // Reapplying on the fresh page works and keeps the admin's change.
  await visit(b, url);
  await b.getByLabel("Description").fill("The owner's careful wording of the plan.");
  await b.getByRole("button", { name: "Save details" }).click();
  await expect(b.locator("dd").filter({ hasText: "The owner's careful wording of the plan." })).toBeVisible();
  await expect(b.locator("dd").filter({ hasText: "Huddersfield" })).toBeVisible();
  await a.context().close();
  await b.context().close();
});

test("an admin filters the action list by URL and bulk-changes an owner", async ({ page, world }) => {
  const { authority, users, action } = await withOwnersAction(world, undefined, {
    title: "Overdue strategy discussion audit",
    status: "in_progress",
    dueDate: daysFromNow(-10),
  });
  await signIn(page, users.admin);
  await visit(page, `/a/${authority.slug}/actions?overdue=1`);
  await expect(page.getByLabel("Overdue only")).toBeChecked();
  await expect(page.locator("tbody tr")).toContainText(["Overdue strategy discussion audit"]);
  await expectAccessible(page);
  // A due date filter from the date boxes goes into the URL and stays in its boxes.
  await fillDate(page, "Due from", "2000-01-01");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/dueFrom\.year=2000/);
  await expect(page.getByRole("group", { name: "Due from" }).getByLabel("Year", { exact: true })).toHaveValue("2000");
  await expect(page.getByLabel("Overdue only")).toBeChecked();
  await visit(page, `/a/${authority.slug}/actions`);
  // Nothing ticked: refused, with the summary at the top.
  await page.getByRole("button", { name: "Apply to selected" }).click();
  await expectErrorSummary(page, ["Select at least one action"]);
  await expectAccessible(page);
  const first = page.locator("tbody tr").first();
  await first.getByRole("checkbox").check();
  await page.getByLabel("Change", { exact: true }).selectOption("owner");
  await page.getByLabel("New owner").selectOption({ label: "Unassigned" });
  await page.getByRole("button", { name: "Apply to selected" }).click();
  await expect(page.getByRole("alert", { name: "Success" })).toContainText("1 action changed.");
  expect((await world.db.action.findUniqueOrThrow({ where: { id: action.id } })).ownerId).toBeNull();
});

test("an admin adds an action under a recommendation, sets a milestone, removes the action and restores it", async ({
  page,
  world,
}) => {
  await adminOnTheOneAction(page, world);
  // Its recommendation, from the breadcrumb (authority, inspection, recommendation).
  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link").nth(2).click();
  await expect(page.getByRole("heading", { name: "Add an action" })).toBeVisible();
  await expectAccessible(page);

  // Bad input: a clear message by the field, and what was typed is kept.
  await page.getByLabel("Lead service or team").fill("Front door and MASH");
  await fillDate(page, "Start date", "2027-05-01");
  await fillDate(page, "Due date", "2027-04-01");
  await page.getByRole("button", { name: "Add action" }).click();
  await expectErrorSummary(page, ["Enter a title", "Due date must be on or after the start date"]);
  await expect(page.locator("#title-error")).toContainText("Enter a title");
  await expect(page.locator("#dueDate-error")).toContainText("on or after the start date");
  await expect(page.getByLabel("Lead service or team")).toHaveValue("Front door and MASH");
  await expectAccessible(page);

  const title = `Weekly multi-agency audit of strategy meetings ${Date.now()}`;
  await page.getByLabel("Title").fill(title);
  await fillDate(page, "Due date", "2027-06-30");
  await page
    .getByLabel("How will we know?")
    .fill("Health and police attend 9 in 10 strategy meetings, shown by the monthly audit");
  await page.getByRole("button", { name: "Add action" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.locator("dd").filter({ hasText: "Front door and MASH" })).toBeVisible();

  await page.getByLabel("New milestone").fill("Audit tool agreed with partners");
  await fillDate(page, "Milestone date", "2027-01-15");
  await page.getByRole("button", { name: "Add milestone" }).click();
  const milestones = page.getByRole("region", { name: "Milestones" });
  await expect(milestones).toContainText("Audit tool agreed with partners");
  await milestones.getByRole("button", { name: /Mark done/ }).click();
  await expect(milestones).toContainText("Done");
  await expectAccessible(page);

  await page.getByRole("button", { name: "Remove action" }).click();
  await expect(page.getByRole("heading", { name: "Removed actions" })).toBeVisible();
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { name: /This action was removed/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Save update" })).toHaveCount(0);
  await page.getByRole("button", { name: "Restore action" }).click();
  await expect(page.getByRole("heading", { name: /This action was removed/ })).toHaveCount(0);
  const history = page.getByRole("region", { name: "Change history" });
  for (const step of ["create", "milestone_add", "milestone_done", "delete", "restore"])
    await expect(history).toContainText(step);
  await expectAccessible(page);
});
