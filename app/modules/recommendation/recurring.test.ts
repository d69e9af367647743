import { expect, test } from "vitest";
import { getDb } from "~/utils/db.server";
import { DEMO_AUTHORITIES } from "../../../prisma/demo-data";
import { createAuthority, createInspection } from "../../../prisma/factories";
import { raisedBefore, recurringForDraft } from "./recurring.server";

const leeds = DEMO_AUTHORITIES.find((a) => a.slug === "leeds")!;
const letter2011 = leeds.inspections.find((i) => i.type === "unannounced_letter")!;
const ilacs2018 = leeds.inspections.find((i) => i.type !== "unannounced_letter")!;

async function leedsLike() {
  const db = getDb();
  const authority = await createAuthority({ db });
  const make = (i: typeof letter2011) =>
    createInspection({
      db,
      authorityId: authority.id,
      type: i.type,
      title: i.title,
      startDate: new Date(`${i.startDate}T00:00:00Z`),
      endDate: new Date(`${i.endDate}T00:00:00Z`),
      recommendations: i.items.map((it) => ({ reference: it.reference, text: it.text, kind: it.kind })),
    });
  return { authority, earlier: await make(letter2011), later: await make(ilacs2018) };
}

test("Leeds 2018's item on health agencies in strategy discussions was raised before, in the 2011 letter", async () => {
  const { authority, earlier, later } = await leedsLike();
  const health = later.recommendations.find((r) => /strategy discussions/.test(r.text))!;
  const found = await raisedBefore({ authorityId: authority.id, recommendationId: health.id });
  expect(found.map((f) => f.id)).toEqual([
    earlier.recommendations.find((r) => /strategy discussions/i.test(r.text))!.id,
  ]);
  expect(found[0]!.inspectionDate).toBe(letter2011.startDate);
  // The other 2018 items (culture and identity, PEPs, pathway plans) were not raised in 2011.
  for (const r of later.recommendations.filter((x) => x.id !== health.id)) {
    expect(await raisedBefore({ authorityId: authority.id, recommendationId: r.id }), r.reference).toEqual([]);
  }
  // Nothing is "raised before" an inspection from the inspection after it.
  for (const r of earlier.recommendations)
    expect(await raisedBefore({ authorityId: authority.id, recommendationId: r.id })).toEqual([]);
});

test("a report being imported is compared only with its own authority's items", async () => {
  const { authority } = await leedsLike();
  const other = await createAuthority({ db: getDb() });
  const text = "The consistent involvement of health agencies in strategy discussions.";
  expect((await recurringForDraft({ authorityId: authority.id, texts: [text] }))[0]!.length).toBeGreaterThan(0);
  expect(await recurringForDraft({ authorityId: other.id, texts: [text] })).toEqual([[]]);
});
