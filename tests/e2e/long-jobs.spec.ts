import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { authorityWith, cast, daysFromNow } from "./scenarios";
import { expectAccessible, signIn, visit } from "./utils";

const ACTIONS = 1000;

test("a 1,000-action pack's PDF is made in the background with a progress bar, then a download link; leaving the page loses nothing", async ({
  page,
  world,
}) => {
  test.setTimeout(300_000);
  const { authority, users, items, inspection } = await authorityWith(world, { people: cast("admin", "owner") });
  const rec = [items.r1.id, items.r2.id, items.r3.id];
  const rags = ["green", "amber", "red"] as const;
  for (let start = 0; start < ACTIONS; start += 50)
    await Promise.all(
      Array.from({ length: Math.min(50, ACTIONS - start) }, (_, k) => {
        const i = start + k;
        return world.action({
          authorityId: authority.id,
          recommendationId: rec[i % 3]!,
          ownerId: users.owner.id,
          title: `Action ${i + 1}: audit of supervision in team ${(i % 40) + 1}`,
          status: "in_progress",
          rag: rags[i % 3],
          ragReason: "Checked at the monthly performance meeting.",
          progress: i % 100,
          dueDate: daysFromNow(30 + (i % 200)),
          createdAt: daysFromNow(-30),
        });
      }),
    );

  await signIn(page, users.admin);
  await visit(page, `/a/${authority.slug}/reports`);
  await page.getByLabel("For").selectOption({ label: inspection.title });
  await page.getByLabel("Full scrutiny summary").check();
  await page.getByRole("button", { name: "Generate" }).click();
  // The pack itself (its snapshot of 1,000 actions) is still made in the request: a slow page on a busy machine.
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Scrutiny summary", { timeout: 60_000 });
  const pack = page.url();

  // The PDF: queued by the button, then the job's page with its progress bar.
  await page.getByRole("button", { name: "Make a PDF" }).click();
  await page.waitForURL(/\/jobs\/[a-z0-9]+$/);
  const jobUrl = page.url();
  const bar = page.getByRole("progressbar", { name: "Progress" });
  await expect(bar).toBeVisible();
  // What the bar showed on the way, until the link comes: from the page's first sight of it (the checks below
  // take long enough, on a quick machine, for the job to finish meanwhile).
  const seen = new Set<number>([await bar.evaluate((el) => (el as HTMLProgressElement).value)]);
  await expect(page.locator("main")).toContainText(`of 1,000 actions`);
  await expectAccessible(page);
  await page.screenshot({ path: "tests/.tmp/long-job-progress.png" });
  // Watch the bar as the page polls.
  const link = page.getByRole("link", { name: /^Download .+\.pdf$/ });
  const deadline = Date.now() + 120_000;
  while (!(await link.isVisible()) && Date.now() < deadline) {
    seen.add(await bar.evaluate((el) => (el as HTMLProgressElement).value));
    await page.waitForTimeout(200);
  }
  await expect(link).toBeVisible();
  await expect(bar).toHaveJSProperty("value", 100);
  await expect(page.locator("main")).toContainText("1,000 of 1,000 actions (100%)");
  console.log(`progress bar values seen before the link: ${[...seen].sort((a, b) => a - b).join(", ")}`);
  expect(
    [...seen].some((v) => v < 100),
    "the bar was seen before the job finished",
  ).toBe(true);
  await expectAccessible(page);
  const pdf = await page.request.get((await link.getAttribute("href")) ?? "");
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const bytes = await pdf.body();
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const out = path.resolve("tests/.tmp/long-job-pack.pdf");
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, bytes);

  // The Word file: leave its page at once; the job carries on and the board packs page finds it again.
  await visit(page, pack);
  await page.getByRole("button", { name: "Make a Word document" }).click();
  await page.waitForURL(/\/jobs\/[a-z0-9]+$/);
  await visit(page, `/a/${authority.slug}/reports`);
  const files = page.getByRole("region", { name: "Your Word and PDF files" });
  await expect(files.getByRole("link", { name: /^PDF of / })).toHaveAttribute("href", new URL(jobUrl).pathname);
  await expectAccessible(page);
  await files.getByRole("link", { name: /^Word document of / }).click();
  await expect(page.getByRole("link", { name: /^Download .+\.docx$/ })).toBeVisible({ timeout: 120_000 });
  await expectAccessible(page);
});
