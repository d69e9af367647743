import ExcelJS from "exceljs";
import { expect, test } from "./fixtures";
import { authorityWith, cast, daysFromNow } from "./scenarios";
import { expectAccessible, signIn, visit } from "./utils";

test("an admin downloads the plan, renames an action in Excel, checks the import, applies it, and the action has its new title", async ({
  page,
  world,
}) => {
  const { authority, users, items } = await authorityWith(world, {
    name: "Kirklees Council",
    people: cast("admin", "owner"),
  });
  for (const [i, title] of ["Strategy discussion attendance log", "Culture prompts in assessments"].entries())
    await world.action({
      authorityId: authority.id,
      recommendationId: [items.r1, items.r2][i]!.id,
      ownerId: users.owner.id,
      title,
      status: "in_progress",
      rag: "amber",
      ragReason: "Behind plan",
      dueDate: daysFromNow(60),
      position: i,
    });
  await signIn(page, users.admin);

  const download = await page.request.get(`/a/${authority.slug}/plan.xlsx`);
  expect(download.status()).toBe(200);
  // The one download helper sends the RFC 6266 pair: a plain filename and its UTF-8 filename*.
  expect(download.headers()["content-disposition"]).toMatch(
    new RegExp(
      `^attachment; filename="(action-plan-${authority.slug}-\\d{4}-\\d{2}-\\d{2}\\.xlsx)"; filename\\*=UTF-8''\\1$`,
    ),
  );
  expect(download.headers()["x-content-type-options"]).toBe("nosniff");
  const wb = new ExcelJS.Workbook();
  const body = await download.body();
  await wb.xlsx.load(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  expect(ws.getRow(1).getCell(1).value).toBe("Action ID");
  expect(ws.rowCount).toBeGreaterThan(1);
  const row = ws.getRow(2);
  const actionId = String(row.getCell(1).value);
  const titleCol = (ws.getRow(1).values as unknown[]).indexOf("Action title");
  const oldTitle = String(row.getCell(titleCol).value);
  const newTitle = `${oldTitle} (revised ${Date.now().toString(36)})`;
  row.getCell(titleCol).value = newTitle;
  const edited = Buffer.from(await wb.xlsx.writeBuffer());

  await visit(page, `/a/${authority.slug}/plan/import`);
  await expect(page.getByRole("heading", { level: 1, name: "Import the action plan" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Plan file").setInputFiles({
    name: "kirklees-plan.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: edited,
  });
  await page.getByRole("button", { name: "Check the file" }).click();

  const table = page.getByRole("table", { name: "What the import will do, row by row" });
  await expect(table).toBeVisible();
  const changed = table.getByRole("row").filter({ hasText: actionId });
  await expect(changed).toContainText("Update");
  await expect(changed).toContainText(`Action title: ${oldTitle} → ${newTitle}`);
  await expect(page.getByText(/0 new, 1 to update, \d+ unchanged, 0 with errors/)).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: "Apply all changes" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The import has been applied" })).toContainText(
    "1 action updated",
  );
  await expectAccessible(page);

  await visit(page, `/a/${authority.slug}/actions/${actionId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(newTitle);
});

test("a wrong file is refused with a message next to the field, and nothing is previewed", async ({ page, world }) => {
  const { authority, users } = await authorityWith(world, { people: cast("admin") });
  await signIn(page, users.admin);
  await visit(page, `/a/${authority.slug}/plan/import`);
  await page
    .getByLabel("Plan file")
    .setInputFiles({ name: "plan.csv", mimeType: "text/csv", buffer: Buffer.from("Name,Email\nA,b@c\n") });
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.locator("#file-error")).toContainText("Action ID");
  await expect(page.getByRole("table")).toHaveCount(0);
  await expectAccessible(page);
});
