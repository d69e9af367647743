import { expect, test } from "vitest";
import { AppError } from "./errors";
import { applySecurityHeaders, assertCleanPath, assertSameOrigin, contentSecurityPolicy } from "./security.server";

const post = (headers: Record<string, string>) =>
  new Request("http://localhost:3000/a/leeds/people", { method: "POST", headers });

function refused(request: Request) {
  try {
    assertSameOrigin(request);
    return false;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).status).toBe(403);
    return true;
  }
}

test("a mutation from our own site is allowed; from another site, or with no proof of origin, it is refused", () => {
  expect(refused(post({ "Sec-Fetch-Site": "same-origin" }))).toBe(false);
  expect(refused(post({ Origin: "http://localhost:3000" }))).toBe(false);
  expect(refused(post({ "Sec-Fetch-Site": "cross-site", Origin: "http://localhost:3000" }))).toBe(true);
  expect(refused(post({ "Sec-Fetch-Site": "same-site" }))).toBe(true);
  expect(refused(post({ Origin: "https://evil.example" }))).toBe(true);
  expect(refused(post({ Origin: "null" }))).toBe(true);
  expect(refused(post({}))).toBe(true);
});

test("only an email's one-click unsubscribe may be posted from elsewhere (RFC 8058), and only to its page address", () => {
  const to = (path: string, headers: Record<string, string> = {}, method = "POST") =>
    new Request(`http://localhost:3000${path}`, { method, headers });
  const token = "abcdefghijklmnopqrstuvwxyz234567";
  expect(refused(to(`/unsubscribe/${token}`))).toBe(false);
  expect(refused(to(`/unsubscribe/${token}`, { "Sec-Fetch-Site": "cross-site" }))).toBe(false);
  expect(refused(to(`/unsubscribe/${token}.data`))).toBe(true);
  expect(refused(to(`/unsubscribe/${token}/x`))).toBe(true);
  expect(refused(to("/unsubscribe/"))).toBe(true);
  expect(refused(to(`/unsubscribe/${token}`, {}, "DELETE"))).toBe(true);
  expect(refused(to(`/a/unsubscribe/${token}`))).toBe(true);
});

test("reads are never blocked by the origin check", () => {
  expect(() =>
    assertSameOrigin(new Request("http://localhost:3000/", { headers: { "Sec-Fetch-Site": "cross-site" } })),
  ).not.toThrow();
});

test("the CSP allows only nonce'd inline scripts and forbids framing; nosniff is set", () => {
  const csp = contentSecurityPolicy("abc123");
  expect(csp).toContain("script-src 'self' 'nonce-abc123'");
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  const headers = new Headers();
  applySecurityHeaders(headers, "abc123");
  expect(headers.get("X-Content-Type-Options")).toBe("nosniff");
  expect(headers.get("X-Frame-Options")).toBe("DENY");
});

test("a page address with NUL, another control character, a bidi override or a broken escape in its path is a 400", () => {
  const status = (path: string) => {
    try {
      assertCleanPath(new Request(`http://localhost:3000${path}`));
      return 200;
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      return (e as AppError).status;
    }
  };
  expect(status("/a/leeds/actions/cl123")).toBe(200);
  expect(status("/a/leeds/actions/caf%C3%A9")).toBe(200);
  expect(status("/a/leeds/actions/%00")).toBe(400);
  expect(status("/a/leeds/actions/x%0Ay")).toBe(400);
  expect(status("/a/leeds/actions/x%E2%80%AEy")).toBe(400);
  expect(status("/a/leeds/actions/%E0%A4%A")).toBe(400);
});
