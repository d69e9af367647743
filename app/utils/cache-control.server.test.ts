import { RouterContextProvider } from "react-router";
import { expect, test } from "vitest";
import { getDb } from "~/utils/db.server";
import { createSession } from "~/modules/auth/session.server";
import { middleware } from "~/root";
import { createAuthority, createUser } from "../../prisma/factories";
import { applyCacheControl } from "./cache-control.server";

/** Runs the root middleware around a route that answers `inner`. */
async function throughRoot(
  path: string,
  { token, inner = () => new Response("ok") }: { token?: string; inner?: () => Response } = {},
) {
  const request = new Request(`http://localhost${path}`, { headers: token ? { Cookie: `ib_session=${token}` } : {} });
  const run = middleware[0]!;
  return (await run(
    { request, context: new RouterContextProvider(), params: {}, unstable_pattern: path } as never,
    async () => inner(),
  )) as Response;
}

test("every response to a signed-in user, page or data, says no-store", async () => {
  const db = getDb();
  const authority = await createAuthority({ db });
  const user = await createUser({ db, memberships: [{ authorityId: authority.id, role: "viewer" }] });
  const { token } = await createSession({ userId: user.id, authorityId: authority.id });
  for (const path of [
    `/a/${authority.slug}`,
    `/a/${authority.slug}/actions.data`,
    `/a/${authority.slug}/plan.csv`,
    "/",
  ]) {
    expect((await throughRoot(path, { token })).headers.get("Cache-Control"), path).toBe("no-store");
  }
  // A route's own stricter value is kept.
  const file = await throughRoot(`/a/${authority.slug}/evidence/x/v/1/raw`, {
    token,
    inner: () => new Response("f", { headers: { "Cache-Control": "private, no-store, max-age=0" } }),
  });
  expect(file.headers.get("Cache-Control")).toBe("private, no-store, max-age=0");
});

test("the sign-in pages say no-store to everyone; other public responses are left alone", async () => {
  for (const path of [
    "/login",
    "/login.data",
    "/invite/abc123",
    "/logout",
    "/reset-password",
    "/reset-password/abc123",
    "/reset-password/abc123.data",
  ]) {
    expect((await throughRoot(path)).headers.get("Cache-Control"), path).toBe("no-store");
  }
  expect((await throughRoot("/healthz")).headers.get("Cache-Control")).toBeNull();
});

test("a response that sets a cookie is never stored", () => {
  const headers = new Headers({ "Set-Cookie": "ib_session=x; Path=/", "Cache-Control": "public, max-age=600" });
  applyCacheControl(headers, { signedIn: false, pathname: "/" });
  expect(headers.get("Cache-Control")).toBe("no-store");
});
