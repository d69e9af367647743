import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { DEMO_DATA } from "../../prisma/demo-data";
import { expect, test } from "./fixtures";
import { authorityWith, cast } from "./scenarios";
import { expectAccessible, expectErrorSummary, signIn, visit } from "./utils";
import type { World } from "./world";

/** An authority with its admin (and the 2018 inspection every authorityWith has). */
const withAdmin = (world: World, name?: string) => authorityWith(world, { name, people: cast("admin") });

const FIXTURES = path.resolve("tests/fixtures/ofsted");
const norm = (s: string) => s.replace(/\s+/g, " ").trim();

type Expected = {
  complete: boolean;
  improvement_items: string[];
  priority_action_items: string[];
  lscb_improvement_items?: string[];
  lscb_priority_action_items?: string[];
};
const complete = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".pdf"))
  .map((f) => ({
    pdf: f,
    expected: JSON.parse(readFileSync(path.join(FIXTURES, f.replace(/\.pdf$/, ".json")), "utf8")) as Expected,
  }))
  .filter((f) => f.expected.complete);

async function upload(page: Page, slug: string, file: string) {
  await visit(page, `/a/${slug}/inspections/new`);
  await page.getByLabel("Report PDF").setInputFiles(file);
  await page.getByRole("button", { name: "Read the report" }).click();
}

test("uploading each real report PDF gives a review screen whose items match the report, word for word", async ({
  page,
  world,
}) => {
  test.setTimeout(complete.length * 15_000);
  const { authority, users } = await withAdmin(world);
  await signIn(page, users.admin);
  let first = true;
  for (const { pdf, expected } of complete) {
    await upload(page, authority.slug, path.join(FIXTURES, pdf));
    await expect(page.getByRole("heading", { name: "Check the inspection before saving" }), pdf).toBeVisible({
      timeout: 10_000,
    });
    if (first) await expectAccessible(page);
    first = false;
    const want = [
      ...expected.priority_action_items,
      ...expected.improvement_items,
      ...(expected.lscb_priority_action_items ?? []),
      ...(expected.lscb_improvement_items ?? []),
    ].map(norm);
    const got = (
      await page
        .locator("[data-testid=review-item] textarea")
        .evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value))
    ).map(norm);
    expect(got.slice().sort(), pdf).toEqual(want.slice().sort());
    await page.getByRole("button", { name: "Discard this import" }).click();
    await expect(page).toHaveURL(new RegExp(`/a/${authority.slug}$`));
  }
});

test("an admin checks, edits, splits and confirms an imported report into an inspection with its statutory clock", async ({
  page,
  world,
}) => {
  const { authority, users } = await withAdmin(world, "Kirklees Council");
  await signIn(page, users.admin);
  await visit(page, `/a/${authority.slug}`);
  await page.getByRole("link", { name: "Add an inspection" }).click();
  await expectAccessible(page);
  await page.getByLabel("Report PDF").setInputFiles(path.join(FIXTURES, "11_shropshire_fv_2024.pdf"));
  await page.getByRole("button", { name: "Read the report" }).click();
  await expect(page.getByRole("heading", { name: "Check the inspection before saving" })).toBeVisible();
  const items = page.getByTestId("review-item");
  const before = await items.count();
  expect(before).toBe(7);
  // Drop the last item, split the first.
  await page.getByLabel(`Keep item ${before}`).uncheck();
  await page.getByRole("button", { name: "Split item 1" }).click();
  await expect(items).toHaveCount(before + 1);
  await expectAccessible(page);
  await page.getByRole("button", { name: /Confirm and save 7 items/ }).click();
  await expect(page.getByRole("heading", { name: "What the inspectors asked to improve" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Statutory deadlines" })).toBeVisible();
  await expect(page.getByText("Post-inspection action plan (70 working days)")).toBeVisible();
  await expect(page.getByText("Early draft of the action plan (20 working days)")).toBeVisible();
  await expectAccessible(page);
  // The report as uploaded is kept, and served only as a download.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: /Download the report as uploaded/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("11_shropshire_fv_2024.pdf");
  const source = await page.request.get(page.url() + "/source");
  expect(source.headers()["content-disposition"]).toMatch(/^attachment;/);
  expect(source.headers()["x-content-type-options"]).toBe("nosniff");
  expect((await source.body()).subarray(0, 5).toString()).toBe("%PDF-");
});

test("a wrong or empty file gets a clear message and nothing is saved", async ({ page, world }) => {
  const { authority, users } = await withAdmin(world);
  await signIn(page, users.admin);
  await upload(page, authority.slug, path.join(FIXTURES, "11_shropshire_fv_2024.txt"));
  await expect(page.locator("#file-error")).toContainText(/not a PDF/i);
  await expectAccessible(page);
  await page
    .getByLabel("Report PDF")
    .setInputFiles({ name: "empty.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(0) });
  await page.getByRole("button", { name: "Read the report" }).click();
  await expect(page.locator("#file-error")).toContainText(/empty/i);
  await page.getByLabel("Report PDF").setInputFiles([]);
  await page.getByRole("button", { name: "Read the report" }).click();
  await expect(page.locator("#file-error")).toContainText("Select a PDF of the report");
});

test("pasted text with no improvement section says so plainly and offers manual entry", async ({ page, world }) => {
  const { authority, users } = await withAdmin(world);
  await signIn(page, users.admin);
  await visit(page, `/a/${authority.slug}/inspections/new`);
  const scrutiny = readFileSync(path.resolve("tests/fixtures/seeds/001_b5165465b8a6cf02.txt"), "utf8");
  await page.getByLabel("Report text").fill(scrutiny.slice(0, 20_000));
  await page.getByRole("button", { name: "Read the text" }).click();
  await expect(page.getByRole("heading", { name: "No list of improvements was found" })).toBeVisible();
  await expect(page.getByTestId("review-item")).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Discard this import" }).click();
});

test("an inspection entered by hand keeps what was typed when something is missing", async ({ page, world }) => {
  const { authority, users } = await withAdmin(world, "Leicester City Council");
  await signIn(page, users.admin);
  await visit(page, `/a/${authority.slug}/inspections/new`);
  await page.getByRole("button", { name: "Enter the inspection by hand" }).click();
  await page.getByRole("button", { name: "Add an item" }).click();
  await page
    .getByLabel("Item 1 text (word for word)")
    .fill("Ensure that all children in care have an up-to-date health assessment.");
  await page.getByLabel("Title").fill("");
  await page.getByRole("button", { name: /Confirm and save 1 item/ }).click();
  await expectErrorSummary(page, ["Enter a title"]);
  await expect(page.getByRole("link", { name: "Enter a title" })).toBeVisible();
  await expect(page.getByLabel("Item 1 text (word for word)")).toHaveValue(
    "Ensure that all children in care have an up-to-date health assessment.",
  );
  await expectAccessible(page);
  await page.getByLabel("Title").fill("Monitoring visit");
  await page.getByLabel("Type").selectOption({ label: "Monitoring visit" });
  await page.getByRole("button", { name: /Confirm and save 1 item/ }).click();
  await expect(page.getByText("Ensure that all children in care have an up-to-date health assessment.")).toBeVisible();
});

test("a recommendation repeated from an earlier inspection shows as raised before", async ({ page, world }) => {
  // The 2018 inspection (authorityWith) and Leeds' 2011 unannounced letter, with the real text of both.
  const { authority, users } = await authorityWith(world, { people: cast("viewer") });
  const letter = DEMO_DATA.authorities.flatMap((a) => a.inspections).find((i) => i.key === "leeds-unannounced-2011")!;
  await world.inspection({
    authorityId: authority.id,
    type: letter.type,
    title: letter.title,
    startDate: new Date(letter.startDate),
    endDate: new Date(letter.endDate),
    leadInspector: letter.leadInspector,
    recommendations: letter.items.map((it) => ({ reference: it.reference, text: it.text, kind: it.kind })),
  });
  await signIn(page, users.viewer);
  await page.getByRole("link", { name: "Inspection of children's social care services" }).first().click();
  await page.getByRole("link", { name: /^R1/ }).first().click();
  const earlier = page.getByRole("region", { name: "Raised before" });
  await expect(earlier).toContainText("2011");
  await expectAccessible(page);
});
