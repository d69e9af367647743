import { RouterContextProvider } from "react-router";
import { expect, test } from "vitest";
import { getDb } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { membershipContext, requestIdContext, sessionContext } from "~/utils/request-context";
import { createAuthority, createUser } from "../../../prisma/factories";
import { middleware } from "../../routes/a.$authority";
import { requireUserWithPermission } from "./auth.server";
import { createSession, validateSessionToken } from "./session.server";

/** A request context as the root middleware leaves it: a request id and the validated session. */
async function signedInContext(userId: string) {
  const { token } = await createSession({ userId, authorityId: null });
  const context = new RouterContextProvider();
  context.set(requestIdContext, crypto.randomUUID());
  context.set(sessionContext, await validateSessionToken(token));
  return context;
}

async function runLayoutMiddleware(context: RouterContextProvider, slug: string) {
  const request = new Request(`http://localhost/a/${slug}`);
  await middleware[0]!({ request, params: { authority: slug }, context } as never, async () => new Response(null));
}

async function denial(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  return e instanceof AppError ? e.status : e;
}

test("the /a/:authority layout looks the membership up once; every loader beneath reads it from the request", async () => {
  const db = getDb();
  const authority = await createAuthority({ db });
  const user = await createUser({ db, memberships: [{ authorityId: authority.id, role: "admin" }] });
  const context = await signedInContext(user.id);
  await runLayoutMiddleware(context, authority.slug);
  expect(context.get(membershipContext)).toEqual({
    userId: user.id,
    slug: authority.slug,
    membership: { role: "admin", authority: { id: authority.id, slug: authority.slug, name: authority.name } },
  });

  // The membership is removed after the layout read it: this request keeps the
  // answer it started with (one lookup), and the next request sees the change.
  await db.membership.deleteMany({ where: { userId: user.id, authorityId: authority.id } });
  const args = {
    request: new Request(`http://localhost/a/${authority.slug}/actions`),
    params: { authority: authority.slug },
  };
  const same = await requireUserWithPermission({ ...args, context }, "read:action:any");
  expect(same.role).toBe("admin");
  expect(same.authority.id).toBe(authority.id);

  const next = await signedInContext(user.id);
  await runLayoutMiddleware(next, authority.slug);
  expect(next.get(membershipContext)?.membership).toBeNull();
  expect(await denial(requireUserWithPermission({ ...args, context: next }, "read:action:own"))).toBe(403);
  expect(await denial(requireUserWithPermission({ ...args, context: next }, "read:action:own", "not_found"))).toBe(404);
});

test("the layout's lookup answers only for its own user and authority; anything else is looked up afresh", async () => {
  const db = getDb();
  const mine = await createAuthority({ db });
  const other = await createAuthority({ db });
  const user = await createUser({ db, memberships: [{ authorityId: mine.id, role: "viewer" }] });
  const context = await signedInContext(user.id);
  await runLayoutMiddleware(context, mine.slug);

  // A loader for another slug on the same context does not reuse the lookup.
  const elsewhere = {
    request: new Request(`http://localhost/a/${other.slug}`),
    params: { authority: other.slug },
    context,
  };
  expect(await denial(requireUserWithPermission(elsewhere, "read:action:own"))).toBe(403);
  // The role from the lookup is still checked against the permission asked for.
  const here = { request: new Request(`http://localhost/a/${mine.slug}`), params: { authority: mine.slug }, context };
  expect((await requireUserWithPermission(here, "read:action:own")).role).toBe("viewer");
  expect(await denial(requireUserWithPermission(here, "write:action:any"))).toBe(403);
});

test("without a session the layout looks nothing up and the page asks the visitor to sign in", async () => {
  const authority = await createAuthority({ db: getDb() });
  const context = new RouterContextProvider();
  context.set(requestIdContext, crypto.randomUUID());
  context.set(sessionContext, null);
  await runLayoutMiddleware(context, authority.slug);
  expect(context.get(membershipContext)).toBeNull();
  const thrown = await requireUserWithPermission(
    { request: new Request(`http://localhost/a/${authority.slug}`), params: { authority: authority.slug }, context },
    "read:action:own",
  ).catch((e: unknown) => e);
  expect(thrown).toBeInstanceOf(Response);
  expect((thrown as Response).headers.get("Location")).toBe(
    `/login?redirectTo=${encodeURIComponent(`/a/${authority.slug}`)}`,
  );
});
