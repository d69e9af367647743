import { expect, test } from "./fixtures";
import { authorityWith, boardWithHeldMeeting, cast, daysFromNow } from "./scenarios";
import { expectAccessible, expectErrorSummary, fileFromJob, fillDate, signIn, visit } from "./utils";

test("a chair generates the summary and the exception report for the Leeds board and downloads each format", async ({
  page,
  world,
}) => {
  test.setTimeout(120_000);
  const { authority, users, items } = await authorityWith(world, { people: cast("chair", "owner") });
  type More = Omit<Parameters<typeof world.action>[0], "authorityId" | "recommendationId">;
  const action = (title: string, recommendationId: string, more: More) =>
    world.action({ authorityId: authority.id, recommendationId, ownerId: users.owner.id, title, ...more });
  const returned = await action("Culture and identity prompts in the assessment template", items.r2.id, {
    status: "in_progress",
    rag: "amber",
    ragReason: "Training is behind.",
    progress: 40,
    dueDate: daysFromNow(120),
  });
  await action("Health representation at every strategy discussion", items.r1.id, {
    status: "in_progress",
    rag: "red",
    ragReason: "Out-of-hours discussions are not covered.",
    progress: 55,
    dueDate: daysFromNow(-5),
  });
  await action("Personal education plan quality framework", items.r3.id, {
    status: "submitted_for_review",
    rag: "green",
    ragReason: "87% of PEPs rated good or better.",
    progress: 90,
    dueDate: daysFromNow(60),
  });
  // Its October meeting returned an action.
  await boardWithHeldMeeting(world, {
    authority,
    chair: users.chair,
    returned: [{ actionId: returned.id, challenge: "Show the training numbers for every team.", by: users.chair }],
  });
  await signIn(page, users.chair);
  await visit(page, `/a/${authority.slug}/reports`);
  await expectAccessible(page);

  // Errors are shown next to the field, and what was chosen stays.
  await fillDate(page, "As at", "");
  await page.getByRole("button", { name: "Generate" }).click();
  await expectErrorSummary(page, ["Choose a board or an inspection", "Enter the date the summary is as at"]);
  await expect(page.locator("#scope-error")).toContainText("Choose a board or an inspection");
  await expect(page.locator("#asAt-error")).toContainText("Enter the date");
  await expectAccessible(page);

  for (const kind of ["summary", "exception"] as const) {
    await visit(page, `/a/${authority.slug}/reports`);
    await page.getByLabel("For").selectOption({ label: "Children's Improvement Board" });
    await page.getByLabel(kind === "summary" ? "Full scrutiny summary" : /Exception report/).check();
    await page.getByRole("button", { name: "Generate" }).click();
    const heading =
      kind === "summary"
        ? "Scrutiny summary: Children's Improvement Board"
        : "Exception report: Children's Improvement Board";
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await expect(page.getByRole("heading", { name: "Headlines" })).toBeVisible();
    await expect(page.getByRole("img", { name: /RAG mix of \d+ actions/ })).toBeVisible();
    // Compared with the board's last meeting, which returned an action.
    await expect(page.locator("main")).toContainText("compared with the Children's Improvement Board meeting of");
    await expect(page.locator("main")).toContainText("Return with challenge");
    await expectAccessible(page);

    if (kind === "summary") {
      await page
        .getByLabel("The story behind the baseline")
        .fill("Inspectors found strategy discussions without health partners in 2018.");
      await page.getByRole("button", { name: "Save narrative" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "Narrative saved" })).toBeFocused();
      await expect(page.getByLabel("The story behind the baseline")).toHaveValue(
        "Inspectors found strategy discussions without health partners in 2018.",
      );
    }
    // Word and PDF are made in the background: each button opens the job's page, which links the file when done.
    const pack = page.url();
    const docx = await fileFromJob(page, "Make a Word document");
    expect(docx.status()).toBe(200);
    expect(docx.headers()["content-type"]).toContain("wordprocessingml");
    expect((await docx.body()).subarray(0, 2).toString("latin1")).toBe("PK");
    await visit(page, pack);
    const pdf = await fileFromJob(page, "Make a PDF");
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  }

  // The plan as a spreadsheet.
  const xlsx = await page.request.get(`/a/${authority.slug}/plan.xlsx`);
  expect(xlsx.status()).toBe(200);
  expect(xlsx.headers()["content-type"]).toContain("spreadsheetml");
});

test("a partner user cannot generate board packs", async ({ page, world }) => {
  const { authority, users } = await authorityWith(world, { people: cast("partner") });
  await signIn(page, users.partner);
  expect((await visit(page, `/a/${authority.slug}/reports`))?.status()).toBe(403);
});
