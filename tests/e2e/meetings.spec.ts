import { expect, test } from "./fixtures";
import { authorityWith, boardWithHeldMeeting, cast, daysFromNow } from "./scenarios";
import { expectAccessible, expectErrorSummary, fillDate, signIn, visit } from "./utils";

const TITLES = {
  a1: "Health representation at every strategy discussion",
  a2: "Culture and identity prompts in the assessment template",
  a3: "Personal education plan quality framework",
};
const title = (key: keyof typeof TITLES) => TITLES[key];

test("a chair plans a meeting from the plan, publishes the agenda and records a decision on each item; the decisions reach the actions and the minutes", async ({
  page,
  browser,
  world,
}) => {
  test.setTimeout(120_000);
  const { authority, users, items } = await authorityWith(world, {
    people: cast("chair", "member", "viewer", "owner"),
  });
  const base = { authorityId: authority.id, ownerId: users.owner.id };
  // Red, and overdue since the last meeting (held 30 days ago).
  await world.action({
    ...base,
    recommendationId: items.r1.id,
    title: TITLES.a1,
    status: "in_progress",
    rag: "red",
    ragReason: "Out-of-hours discussions still rarely include health.",
    progress: 55,
    dueDate: daysFromNow(-5),
  });
  // Amber then and now, returned at the last meeting.
  const a2 = await world.action({
    ...base,
    recommendationId: items.r2.id,
    title: TITLES.a2,
    status: "in_progress",
    rag: "amber",
    ragReason: "Training is behind because of two cancelled sessions.",
    progress: 40,
    dueDate: daysFromNow(150),
  });
  await world.action({
    ...base,
    recommendationId: items.r3.id,
    title: TITLES.a3,
    status: "submitted_for_review",
    rag: "green",
    ragReason: "87% of PEPs rated good or better.",
    progress: 90,
    dueDate: daysFromNow(90),
  });
  await boardWithHeldMeeting(world, {
    authority,
    chair: users.chair,
    members: [users.member],
    observers: [users.viewer],
    heldDaysAgo: 30,
    returned: [{ actionId: a2.id, challenge: "Show how many practitioners have been trained.", by: users.chair }],
  });
  await signIn(page, users.chair);
  await visit(page, `/a/${authority.slug}/boards`);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Children's Improvement Board" }).click();
  const date = new Date(Date.now() + 24 * 86_400_000).toISOString().slice(0, 10);
  // fillDate looks for the date input once, without waiting: wait for the board's page first.
  await expect(page.getByRole("group", { name: "Date" })).toBeVisible();
  await fillDate(page, "Date", date);
  await page.getByLabel("Start time (UK, 24-hour)").fill("14:00");
  await page.getByLabel("Place or online link").fill("Civic Hall, Leeds");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Plan meeting and propose agenda" }).click();
  await expect(page.getByRole("heading", { name: "Proposed agenda" })).toBeVisible();

  // The reasons follow the plan made above: a red, overdue action due since the last meeting; one returned there while amber, still amber; one submitted for review.
  const item = (key: keyof typeof TITLES) =>
    page.locator("li", { has: page.getByRole("link", { name: title(key), exact: true }) });
  await expect(item("a1")).toContainText("Red");
  await expect(item("a1")).toContainText("Overdue");
  await expect(item("a1")).toContainText("Due since the last meeting");
  await expect(item("a2")).toContainText("Amber for a second meeting running");
  await expect(item("a2")).toContainText("Returned at the last meeting");
  await expect(item("a3")).toContainText("Submitted for review");
  await expectAccessible(page);

  // The chair reorders, then publishes.
  await item("a3")
    .getByRole("button", { name: /Move up/ })
    .click();
  await expect(page.getByRole("alert", { name: "Success" })).toContainText("Agenda reordered");
  await page.getByRole("button", { name: "Publish agenda" }).click();
  await expect(page.getByRole("alert", { name: "Success" })).toContainText("Agenda published");
  const attendance = page.locator("select[name^='attendance.']");
  await attendance.nth(0).selectOption("present");
  await attendance.nth(1).selectOption("apologies");
  await page.getByRole("button", { name: "Save attendance" }).click();
  await expect(page.getByRole("alert", { name: "Success" })).toContainText("Attendance saved");
  const meetingUrl = new URL(page.url()).pathname;

  // Meeting mode: one item at a time, by keyboard where it matters.
  await page.getByRole("link", { name: /Record decisions/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  await expectAccessible(page);
  for (let guard = 0; guard < 12; guard++) {
    const save = page.getByRole("button", { name: /Save decision/ });
    if ((await save.count()) === 0) break;
    const heading = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";
    if (heading.includes(title("a3"))) {
      await page.getByLabel("Accept as complete").check();
      await page.getByLabel("Notes for the minutes").fill("Audit evidence accepted by the board.");
    } else if (heading.includes(title("a2"))) {
      await page.getByLabel("Return with challenge").check();
      await save.click();
      await expect(page.locator("#challenge-error")).toContainText(/challenge/i);
      await expectErrorSummary(page, [/challenge/i]);
      await expectAccessible(page);
      await page
        .getByLabel("Challenge (required to return an action)")
        .fill("Show completed training numbers for every team before this returns.");
    } else if (heading.includes(title("a1"))) {
      await page.getByLabel("Extend the due date").check();
      await fillDate(
        page,
        "New due date (to extend)",
        new Date(Date.now() + 120 * 86_400_000).toISOString().slice(0, 10),
      );
      await page
        .getByLabel("Reason for the extension")
        .fill("On-call arrangement agreed with the trusts; starts in the new year.");
      await page.getByLabel("New action 1: title").fill("Report out-of-hours attendance monthly");
      await page.getByLabel("Owner's email").first().fill(users.owner.email);
    } else {
      // Keyboard only: choose "Continue" and submit with the keys.
      await page.getByLabel("Continue", { exact: true }).press("Space");
      await expect(page.getByLabel("Continue", { exact: true })).toBeChecked();
      await page.getByRole("button", { name: /Save decision/ }).press("Enter");
      await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(heading);
      continue;
    }
    await page.getByRole("button", { name: /Save decision/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(heading);
  }
  await expect(page.getByText("Every item has a decision.")).toBeVisible();

  // Written back: the returned action shows its challenge; the accepted one is complete, with the board and date.
  await visit(page, meetingUrl);
  await page.getByRole("link", { name: title("a2"), exact: true }).click();
  await expect(
    page.getByRole("heading", { name: /Returned with a challenge by the Children's Improvement Board/ }),
  ).toBeVisible();
  await expect(
    page.getByText("Show completed training numbers for every team before this returns.").first(),
  ).toBeVisible();
  await expectAccessible(page);
  await visit(page, meetingUrl);
  await page.getByRole("link", { name: title("a3"), exact: true }).click();
  await expect(
    page.getByRole("heading", { name: /Accepted as complete by the Children's Improvement Board/ }),
  ).toBeVisible();
  await expect(page.getByText("Complete", { exact: true }).first()).toBeVisible();

  // Minutes: a page and an accessible Word document.
  await visit(page, `${meetingUrl}/minutes`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("minutes of the meeting");
  await expect(page.locator("main")).toContainText("Show completed training numbers");
  await expect(page.locator("main")).toContainText("Report out-of-hours attendance monthly");
  await expectAccessible(page);
  const docx = await page.request.get(`${meetingUrl}/minutes.docx`);
  expect(docx.status()).toBe(200);
  expect(docx.headers()["content-type"]).toContain("wordprocessingml");

  // An observer sees the meeting but cannot record decisions.
  const ctx = await browser.newContext();
  const observer = await ctx.newPage();
  await signIn(observer, users.viewer);
  await visit(observer, meetingUrl);
  await expect(observer.getByRole("link", { name: /Record decisions/ })).toHaveCount(0);
  expect((await visit(observer, `${meetingUrl}/decisions`))?.status()).toBe(403);
  await ctx.close();
});

test("an admin's board page: an empty membership form is refused with the summary, and the scope form is accessible", async ({
  page,
  world,
}) => {
  const { authority, users } = await authorityWith(world, { people: cast("admin") });
  await boardWithHeldMeeting(world, { authority });
  await signIn(page, users.admin);
  await visit(page, `/a/${authority.slug}/boards`);
  await page.getByRole("link", { name: "Children's Improvement Board" }).click();
  await expect(page.getByRole("group", { name: "Which inspections does this board review?" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save membership" }).click();
  await expectErrorSummary(page, ["Choose a person", "Choose their role on the board"]);
  await expect(page.locator("#userId-error")).toContainText("Choose a person");
  await expectAccessible(page);
});
