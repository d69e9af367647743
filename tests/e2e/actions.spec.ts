import { expect, expectAccessible, expectErrorSummary, fillDate, signIn, test, visit } from "./utils";

test("an owner updates their action: progress, RAG with its reason, on the timeline and in the audit log", async ({
  page,
  browser,
}) => {
  await signIn(page, "owner@leicester.demo");
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
  await signIn(admin, "admin@leicester.demo");
  await visit(admin, page.url().replace(/^https?:\/\/[^/]+/, ""));
  await expect(admin.getByRole("region", { name: "Change history" })).toContainText("progress: ");
  await visit(admin, "/a/leicester/audit");
  await expect(admin.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(admin.locator("main")).toContainText("Progress update");
  await expect(admin.locator("main")).toContainText("progress: ");
  await expectAccessible(admin);
  const csv = await admin.request.get("/a/leicester/audit.csv");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain("ActionUpdate");
  await ctx.close();
  expect(title.length).toBeGreaterThan(0);
});

test("a viewer can read the plan but has nothing to change", async ({ page }) => {
  await signIn(page, "viewer@leicester.demo");
  await visit(page, "/a/leicester/actions");
  await expectAccessible(page);
  await page.getByRole("table").getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "Progress updates" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Save update" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save details" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Apply to selected" })).toHaveCount(0);
  await expectAccessible(page);
  await visit(page, "/a/leicester/dashboard");
  await expect(page.getByRole("table", { name: "By status" })).toBeVisible();
  await expectAccessible(page);
});

test("a partner sees only their own actions in the list", async ({ page }) => {
  await signIn(page, "partner@kirklees.demo");
  await visit(page, "/a/kirklees/actions");
  const rows = page.getByRole("table").locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expectAccessible(page);
  const res = await visit(page, "/a/kirklees/dashboard");
  expect(res?.status()).toBe(403);
});

test("two people editing the same action at once lose nothing", async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await signIn(a, "admin@kirklees.demo");
  await signIn(b, "owner@kirklees.demo");
  await visit(b, "/a/kirklees");
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
});

test("an admin filters the action list by URL and bulk-changes an owner", async ({ page }) => {
  await signIn(page, "admin@leeds.demo");
  await visit(page, "/a/leeds/actions?overdue=1");
  await expect(page.getByLabel("Overdue only")).toBeChecked();
  await expectAccessible(page);
  // A due date filter from the date boxes goes into the URL and stays in its boxes.
  await fillDate(page, "Due from", "2000-01-01");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/dueFrom\.year=2000/);
  await expect(page.getByRole("group", { name: "Due from" }).getByLabel("Year", { exact: true })).toHaveValue("2000");
  await expect(page.getByLabel("Overdue only")).toBeChecked();
  await visit(page, "/a/leeds/actions");
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
});

test("an admin adds an action under a recommendation, sets a milestone, removes the action and restores it", async ({
  page,
}) => {
  await signIn(page, "admin@leeds.demo");
  await visit(page, "/a/leeds/actions");
  await page.locator("tbody tr").first().getByRole("link").first().click();
  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link").nth(2).click();
  await expect(page.getByRole("heading", { name: "Add an action" })).toBeVisible();
  await expectAccessible(page);

  // Bad input: a clear message by the field, and what was typed is kept.
  await page.getByLabel("Lead service or team").fill("Front door and MASH");
  await page.getByLabel("Start date").fill("2027-05-01");
  await page.getByLabel("Due date").fill("2027-04-01");
  await page.getByRole("button", { name: "Add action" }).click();
  await expect(page.locator("#title-error")).toContainText("Enter a title");
  await expect(page.locator("#dueDate-error")).toContainText("on or after the start date");
  await expect(page.getByLabel("Lead service or team")).toHaveValue("Front door and MASH");
  await expectAccessible(page);

  const title = `Weekly multi-agency audit of strategy meetings ${Date.now()}`;
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Due date").fill("2027-06-30");
  await page
    .getByLabel("How will we know?")
    .fill("Health and police attend 9 in 10 strategy meetings, shown by the monthly audit");
  await page.getByRole("button", { name: "Add action" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.locator("dd").filter({ hasText: "Front door and MASH" })).toBeVisible();

  await page.getByLabel("New milestone").fill("Audit tool agreed with partners");
  await page.getByLabel("Milestone date").fill("2027-01-15");
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
