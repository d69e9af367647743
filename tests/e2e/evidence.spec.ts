import { expect, test } from "./fixtures";
import { authorityWith, cast, daysFromNow } from "./scenarios";
import { expectAccessible, expectDate, fillDate, signIn, visit } from "./utils";
import type { World } from "./world";

/** An authority whose action owner has two actions, with a board member and a viewer. */
async function twoActions(world: World) {
  const setUp = await authorityWith(world, {
    people: {
      owner: { role: "action_owner", name: "Marcus Bell" },
      board: { role: "board_member", name: "Bea Chair" },
      viewer: { role: "viewer", name: "Vic Reader" },
    },
  });
  const { authority, users, items } = setUp;
  for (const [i, title] of [
    "Personal education plan quality framework",
    "Pathway plans reviewed with young people",
  ].entries())
    await world.action({
      authorityId: authority.id,
      recommendationId: items.r3.id,
      ownerId: users.owner.id,
      title,
      status: "in_progress",
      dueDate: daysFromNow(60 + i),
      position: i,
    });
  return setUp;
}

const pdf = (marker: string) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n% ${marker}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );

test("an owner uploads two files with progress, links one to a second action; a board member accepts it; a viewer cannot see the restricted one; another authority gets 404", async ({
  page,
  browser,
  world,
}) => {
  test.setTimeout(90_000);
  const { authority, users } = await twoActions(world);
  const elsewhere = await authorityWith(world, { name: "Kirklees Council", people: cast("admin") });
  const stamp = Date.now().toString(36);
  await signIn(page, users.owner);
  await visit(page, `/a/${authority.slug}/actions?owner=${encodeURIComponent(users.owner.email)}`);
  const actionLinks = page.locator("tbody tr td a[href*='/actions/']");
  const firstActionUrl = (await actionLinks.nth(0).getAttribute("href"))!;
  const secondActionTitle = (await actionLinks.nth(1).innerText()).trim();
  await visit(page, firstActionUrl);
  await page.getByRole("link", { name: "Upload evidence" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Upload evidence" })).toBeVisible();
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });

  await page.locator("#files").setInputFiles([
    { name: `audit-${stamp}.pdf`, mimeType: "application/pdf", buffer: pdf(`audit ${stamp}`) },
    { name: `cases-${stamp}.pdf`, mimeType: "application/pdf", buffer: pdf(`cases ${stamp}`) },
  ]);
  const cards = page.getByRole("group", { name: /^File \d+:/ });
  await expect(cards).toHaveCount(2);
  // Nothing chosen for the type yet: the errors appear beside the fields and nothing is sent.
  await page.getByRole("button", { name: "Upload 2 files" }).click();
  await expect(cards.nth(0).locator("[id$='type-error']")).toContainText("Choose the type");
  await expectAccessible(page);

  const audit = cards.nth(0);
  await audit.getByLabel("Title").fill(`Strategy discussion audit ${stamp}`);
  await audit.getByLabel("Type of evidence").selectOption("audit");
  await fillDate(audit, "Effective date", "2026-09-30");
  const cases = cards.nth(1);
  await cases.getByLabel("Title").fill(`Case sample ${stamp}`);
  await cases.getByLabel("Type of evidence").selectOption("case_study");
  await fillDate(cases, "Effective date", "2026-10-31");
  await cases.getByLabel("Contains personal data about children or families").check();
  await page.getByRole("button", { name: "Upload 2 files" }).click();
  await expect(page.getByText("2 of 2 files uploaded.")).toBeAttached();
  await expect(audit.getByRole("progressbar")).toHaveAttribute("value", String(pdf(`audit ${stamp}`).length));
  await expectAccessible(page);

  // The audit item: link it to the owner's second action.
  await audit.getByRole("link", { name: /Open “Strategy discussion audit/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Strategy discussion audit ${stamp}`);
  const auditUrl = new URL(page.url()).pathname;
  await expect(page.getByText(/^[0-9a-f]{64}$/)).toBeVisible();
  const linkSelect = page.getByLabel("Link to another action");
  await linkSelect.selectOption(
    (await linkSelect.locator("option", { hasText: secondActionTitle }).getAttribute("value"))!,
  );
  await page.getByRole("button", { name: "Link", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("Linked to");
  await expect(page.getByRole("region", { name: "Actions this evidence backs" }).getByRole("link")).toHaveCount(2);
  await expectAccessible(page);

  // The download is an attachment, with the content type found by content, nosniff and a sandboxing CSP.
  const download = await page.request.get(`${auditUrl}/v/1/download`);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-disposition"]).toMatch(/^attachment; filename="audit-/);
  expect(download.headers()["content-type"]).toBe("application/pdf");
  expect(download.headers()["x-content-type-options"]).toBe("nosniff");
  expect(download.headers()["content-security-policy"]).toContain("sandbox");

  await visit(page, firstActionUrl);
  const restrictedUrl = await page.getByRole("link", { name: `Case sample ${stamp}` }).getAttribute("href");

  // A board member accepts both items; the action shows its evidence accepted.
  const boardContext = await browser.newContext();
  const board = await boardContext.newPage();
  await signIn(board, users.board);
  for (const url of [auditUrl, restrictedUrl!]) {
    await visit(board, url);
    await board.getByLabel("Accept this evidence").check();
    await board.getByRole("button", { name: "Record review" }).click();
    await expect(board.getByRole("alert")).toContainText("Evidence accepted.");
  }
  await expectAccessible(board);
  await visit(board, firstActionUrl);
  await expect(board.getByRole("region", { name: "Evidence" })).toContainText("Evidence accepted");
  await boardContext.close();

  // A viewer sees the audit but not the restricted item, only that one is held.
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await signIn(viewer, users.viewer);
  await visit(viewer, firstActionUrl);
  const evidence = viewer.getByRole("region", { name: "Evidence" });
  await expect(evidence.getByRole("link", { name: `Strategy discussion audit ${stamp}` })).toBeVisible();
  await expect(evidence.getByText(`Case sample ${stamp}`)).toHaveCount(0);
  await expect(evidence).toContainText("Restricted evidence held: 1 item");
  await expectAccessible(viewer);
  expect((await visit(viewer, restrictedUrl!))?.status()).toBe(404);
  expect((await viewer.request.get(`${restrictedUrl}/v/1/download`)).status()).toBe(404);
  await viewerContext.close();

  // Someone from another authority: 404 for the download URL, whatever they try.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, elsewhere.users.admin);
  expect((await other.request.get(`${auditUrl}/v/1/download`)).status()).toBe(404);
  expect(
    (
      await other.request.get(
        auditUrl.replace(`/a/${authority.slug}/`, `/a/${elsewhere.authority.slug}/`) + "/v/1/download",
      )
    ).status(),
  ).toBe(404);
  await otherContext.close();
});

test("without JavaScript: a wrong file is refused with a clear message and the typed details stay", async ({
  browser,
  world,
}) => {
  const { authority, users } = await twoActions(world);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email address").fill(users.owner.email);
  await page.getByLabel("Password").fill(users.owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.goto(`/a/${authority.slug}/actions?owner=${encodeURIComponent(users.owner.email)}`);
  await page.locator("tbody tr td a[href*='/actions/']").first().click();
  await page.getByRole("link", { name: "Upload evidence" }).click();
  await page.getByLabel("Title").fill("Minutes of the October panel");
  await page.getByLabel("Type of evidence").selectOption("minutes");
  await fillDate(page, "Effective date", "2026-10-14");
  await page.getByLabel("File").setInputFiles({
    name: "minutes.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("<html><script>alert(1)</script></html>"),
  });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("alert")).toContainText("Nothing was saved");
  await expect(page.getByRole("alert")).toContainText(/HTML/i);
  await expect(page.getByLabel("Title")).toHaveValue("Minutes of the October panel");
  await expectDate(page, "Effective date", "2026-10-14");
  // axe needs scripts: check the same markup in a browser with JavaScript, on the same origin so the styles load.
  const html = await page.content();
  await context.close();
  const checkerContext = await browser.newContext();
  const checker = await checkerContext.newPage();
  await checker.goto("/login");
  await checker.setContent(html);
  await expectAccessible(checker);
  await checkerContext.close();
});
