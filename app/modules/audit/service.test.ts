import { expect, test } from "vitest";
import { getDb } from "~/utils/db.server";
import { createAuthority, createUser } from "../../../prisma/factories";
import { auditCsv, recordAudit } from "./service.server";

test("the audit CSV holds every event of the authority, oldest first, across batches, with formulas neutralised", async () => {
  const db = getDb();
  const authority = await createAuthority({ db });
  const other = await createAuthority({ db });
  const admin = await createUser({ db, memberships: [{ authorityId: authority.id, role: "admin" }] });
  for (let i = 0; i < 7; i++) {
    await recordAudit({
      authorityId: authority.id,
      actorId: admin.id,
      action: "update",
      entityType: "Action",
      entityId: `a${i}`,
      changes: { title: [`old ${i}`, `new "${i}"`] },
      requestId: `r${i}`,
    });
  }
  await recordAudit({
    authorityId: other.id,
    actorId: null,
    action: "update",
    entityType: "Action",
    entityId: "theirs",
    requestId: null,
  });
  for (const batchSize of [3, 7, 2000]) {
    const lines = (await auditCsv({ authorityId: authority.id, batchSize })).trimEnd().split("\r\n");
    expect(lines[0]).toBe('"when","who","email","action","entity","entity id","changes","request id"');
    expect(lines).toHaveLength(8);
    expect(lines.slice(1).map((l) => l.match(/"(a\d)"/)?.[1])).toEqual(["a0", "a1", "a2", "a3", "a4", "a5", "a6"]);
    expect(lines.join("\n")).not.toContain("theirs");
  }
  const csv = await auditCsv({ authorityId: authority.id });
  expect(csv).toContain(String.raw`new \""1\""`);
  // A cell that a spreadsheet would run as a formula is prefixed with an apostrophe.
  await recordAudit({
    authorityId: other.id,
    actorId: null,
    action: "update",
    entityType: "Action",
    entityId: '=HYPERLINK("https://example.com")',
    requestId: null,
  });
  expect(await auditCsv({ authorityId: other.id })).toContain(`"'=HYPERLINK(""https://example.com"")"`);
});
