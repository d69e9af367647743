/**
 * Tenant isolation and roles, through the real route loaders and a real
 * database: a user of one authority gets 403 or 404, never data, for another
 * authority's inspection, recommendation and action URLs.
 */
import { expect, test } from "vitest";
import { getDb } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { createSession } from "~/modules/auth/session.server";
import type { Role } from "~/modules/auth/permissions";
import { createAction, createAuthority, createInspection, createUser } from "../../prisma/factories";
import { loader as inspectionLoader } from "./a.$authority.inspections.$inspectionId";
import { loader as recommendationLoader } from "./a.$authority.recommendations.$recommendationId";
import { loader as actionLoader } from "./a.$authority.actions.$actionId";
import { loader as homeLoader } from "./a.$authority._index";
import { loader as peopleLoader } from "./a.$authority.people";

type AnyLoader = (args: never) => Promise<unknown>;

async function world() {
  const db = getDb();
  const authority = await createAuthority({ db });
  const inspection = await createInspection({
    db,
    authorityId: authority.id,
    judgements: [{ area: "Overall effectiveness", grade: "good", gradeText: "Good" }],
    recommendations: [{ reference: "R1", text: "Private item text of this authority.", kind: "improvement_item" }],
  });
  const recommendation = inspection.recommendations[0]!;
  const owner = await createUser({ db, memberships: [{ authorityId: authority.id, role: "action_owner" }] });
  const action = await createAction({
    db,
    authorityId: authority.id,
    recommendationId: recommendation.id,
    ownerId: owner.id,
    title: "Secret action",
  });
  return { authority, inspection, recommendation, action, owner };
}

async function signedIn(role: Role, authorityId: string) {
  const user = await createUser({ db: getDb(), memberships: [{ authorityId, role }] });
  const { token } = await createSession({ userId: user.id, authorityId });
  return { user, token };
}

async function call(
  loader: AnyLoader,
  { token, path, params }: { token: string; path: string; params: Record<string, string> },
) {
  const request = new Request(`http://localhost${path}`, { headers: { Cookie: `ib_session=${token}` } });
  try {
    return { status: 200, data: await loader({ request, params, context: undefined } as never) };
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, data: null };
    if (error instanceof Response) return { status: error.status, data: null };
    throw error;
  }
}

test("a user of another authority gets 403 on that authority's inspection, recommendation and action URLs", async () => {
  const theirs = await world();
  const mine = await world();
  const { token } = await signedIn("admin", mine.authority.id);
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
  ];
  for (const [loader, path, params] of cases) {
    const res = await call(loader, { token, path, params });
    expect(res.status, path).toBe(403);
    expect(res.data).toBeNull();
  }
});

test("another authority's ids under your own authority's URL are 404, never data", async () => {
  const theirs = await world();
  const mine = await world();
  const { token } = await signedIn("admin", mine.authority.id);
  const slug = mine.authority.slug;
  const cases: [AnyLoader, Record<string, string>][] = [
    [inspectionLoader, { authority: slug, inspectionId: theirs.inspection.id }],
    [recommendationLoader, { authority: slug, recommendationId: theirs.recommendation.id }],
    [actionLoader, { authority: slug, actionId: theirs.action.id }],
  ];
  for (const [loader, params] of cases) {
    const res = await call(loader, { token, path: `/a/${slug}/x`, params });
    expect(res.status).toBe(404);
  }
  // …and their own pages work, so the 404s above are about tenancy, not breakage.
  const ok = await call(inspectionLoader, {
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
  const { user: partner, token } = await signedIn("partner", w.authority.id);
  const theirs = await createAction({
    db: getDb(),
    authorityId: w.authority.id,
    recommendationId: w.recommendation.id,
    ownerId: partner.id,
    title: "Partner's action",
  });
  const slug = w.authority.slug;
  expect(
    (await call(inspectionLoader, { token, path: "/", params: { authority: slug, inspectionId: w.inspection.id } }))
      .status,
  ).toBe(403);
  expect(
    (
      await call(recommendationLoader, {
        token,
        path: "/",
        params: { authority: slug, recommendationId: w.recommendation.id },
      })
    ).status,
  ).toBe(403);
  expect(
    (await call(actionLoader, { token, path: "/", params: { authority: slug, actionId: w.action.id } })).status,
  ).toBe(404);
  const own = await call(actionLoader, { token, path: "/", params: { authority: slug, actionId: theirs.id } });
  expect(own.status).toBe(200);
  const home = await call(homeLoader, { token, path: "/", params: { authority: slug } });
  expect(home.status).toBe(200);
  const homeData = home.data as { inspections: unknown; myActions: { title: string }[] };
  expect(homeData.inspections).toBeNull();
  expect(homeData.myActions.map((a) => a.title)).toEqual(["Partner's action"]);
});

test("only admins reach the people page", async () => {
  const w = await world();
  const slug = w.authority.slug;
  for (const role of ["board_member", "action_owner", "viewer", "partner"] as const) {
    const { token } = await signedIn(role, w.authority.id);
    expect((await call(peopleLoader, { token, path: "/", params: { authority: slug } })).status, role).toBe(403);
  }
  const { token } = await signedIn("admin", w.authority.id);
  expect((await call(peopleLoader, { token, path: "/", params: { authority: slug } })).status).toBe(200);
});
