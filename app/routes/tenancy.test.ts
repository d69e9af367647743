/**
 * Tenant isolation and roles, through the real route loaders and a real
 * database: a user of one authority gets 403 or 404, never data, for another
 * authority's inspection, recommendation and action URLs.
 */
import { expect, test } from "vitest";
import { callRoute } from "../../tests/helpers/route";
import { createWorld } from "../../tests/helpers/world";
import { loader as inspectionLoader } from "./a.$authority.inspections.$inspectionId";
import { loader as recommendationLoader } from "./a.$authority.recommendations.$recommendationId";
import { loader as actionLoader } from "./a.$authority.actions.$actionId";
import { loader as homeLoader } from "./a.$authority._index";
import { loader as peopleLoader } from "./a.$authority.people";
import { loader as notificationSettingsLoader } from "./a.$authority.notifications.settings";

type AnyLoader = (args: never) => Promise<unknown>;

async function world() {
  const { authority, inspection, recommendations, member, signedIn, action } = await createWorld({
    items: [{ reference: "R1", text: "Private item text of this authority.", kind: "improvement_item" }],
    inspection: { judgements: [{ area: "Overall effectiveness", grade: "good", gradeText: "Good" }] },
  });
  const owner = await member("action_owner");
  const secret = await action({ ownerId: owner.id, title: "Secret action" });
  return {
    authority,
    inspection,
    recommendation: recommendations[0]!,
    action: secret,
    owner,
    signedIn,
    addAction: action,
  };
}

test("a user of another authority gets 403 on that authority's inspection, recommendation and action URLs", async () => {
  const theirs = await world();
  const mine = await world();
  const { token } = await mine.signedIn("admin");
  const slug = theirs.authority.slug;
  const cases: [AnyLoader, string, Record<string, string>][] = [
    [
      inspectionLoader,
      `/a/${slug}/inspections/${theirs.inspection.id}`,
      { authority: slug, inspectionId: theirs.inspection.id },
    ],
    [
      recommendationLoader,
      `/a/${slug}/recommendations/${theirs.recommendation.id}`,
      { authority: slug, recommendationId: theirs.recommendation.id },
    ],
    [actionLoader, `/a/${slug}/actions/${theirs.action.id}`, { authority: slug, actionId: theirs.action.id }],
    [homeLoader, `/a/${slug}`, { authority: slug }],
    [notificationSettingsLoader, `/a/${slug}/notifications/settings`, { authority: slug }],
  ];
  for (const [loader, path, params] of cases) {
    const res = await callRoute(loader, { token, path, params });
    expect(res.status, path).toBe(403);
    expect(res.data).toBeNull();
  }
});

test("another authority's ids under your own authority's URL are 404, never data", async () => {
  const theirs = await world();
  const mine = await world();
  const { token } = await mine.signedIn("admin");
  const slug = mine.authority.slug;
  const cases: [AnyLoader, Record<string, string>][] = [
    [inspectionLoader, { authority: slug, inspectionId: theirs.inspection.id }],
    [recommendationLoader, { authority: slug, recommendationId: theirs.recommendation.id }],
    [actionLoader, { authority: slug, actionId: theirs.action.id }],
  ];
  for (const [loader, params] of cases) {
    const res = await callRoute(loader, { token, path: `/a/${slug}/x`, params });
    expect(res.status).toBe(404);
  }
  // …and their own pages work, so the 404s above are about tenancy, not breakage.
  const ok = await callRoute(inspectionLoader, {
    token,
    path: "/",
    params: { authority: slug, inspectionId: mine.inspection.id },
  });
  expect(ok.status).toBe(200);
  expect(JSON.stringify(ok.data)).toContain("Private item text of this authority.");
  expect(JSON.stringify(ok.data)).not.toContain(theirs.inspection.id);
});

test("a signed-out visitor is sent to sign in", async () => {
  const w = await world();
  const request = new Request(`http://localhost/a/${w.authority.slug}`);
  const thrown = await homeLoader({
    request,
    params: { authority: w.authority.slug },
    context: undefined,
  } as never).catch((e: unknown) => e);
  expect(thrown).toBeInstanceOf(Response);
  expect((thrown as Response).headers.get("Location")).toBe(
    `/login?redirectTo=${encodeURIComponent(`/a/${w.authority.slug}`)}`,
  );
});

test("a partner sees only actions assigned to them, and no inspection pages", async () => {
  const w = await world();
  const { id: partnerId, token } = await w.signedIn("partner");
  const theirs = await w.addAction({ ownerId: partnerId, title: "Partner's action" });
  /** A page under the authority, as the partner sees it. */
  const page = (loader: AnyLoader, ids: Record<string, string> = {}) =>
    callRoute(loader, { token, path: "/", params: { authority: w.authority.slug, ...ids } });
  expect((await page(inspectionLoader, { inspectionId: w.inspection.id })).status).toBe(403);
  expect((await page(recommendationLoader, { recommendationId: w.recommendation.id })).status).toBe(403);
  expect((await page(actionLoader, { actionId: w.action.id })).status).toBe(404);
  const own = await page(actionLoader, { actionId: theirs.id });
  expect(own.status).toBe(200);
  const home = await page(homeLoader);
  expect(home.status).toBe(200);
  const homeData = home.data as { inspections: unknown; myActions: { title: string }[] };
  expect(homeData.inspections).toBeNull();
  expect(homeData.myActions.map((a) => a.title)).toEqual(["Partner's action"]);
});

test("only admins reach the people page", async () => {
  const w = await world();
  const slug = w.authority.slug;
  for (const role of ["board_member", "action_owner", "viewer", "partner"] as const) {
    const { token } = await w.signedIn(role);
    expect((await callRoute(peopleLoader, { token, path: "/", params: { authority: slug } })).status, role).toBe(403);
  }
  const { token } = await w.signedIn("admin");
  expect((await callRoute(peopleLoader, { token, path: "/", params: { authority: slug } })).status).toBe(200);
});
