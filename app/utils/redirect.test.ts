import { expect, test } from "vitest";
import { safeRedirect } from "./redirect";

const ORIGIN = "https://board.example.gov.uk";

test("a path on the app is followed, with its query and fragment", () => {
  expect(safeRedirect("/a/leeds/actions?status=overdue#list", "/", ORIGIN)).toBe(
    "/a/leeds/actions?status=overdue#list",
  );
  expect(safeRedirect("/account")).toBe("/account");
});

test.each([
  ["TAB after the slash", "/\t/evil.example"],
  ["encoded TAB", "/%09/evil.example"],
  ["newline", "/\n/evil.example"],
  ["CR LF (header injection)", "/a\r\nSet-Cookie: x=1"],
  ["encoded newline", "/%0a/evil.example"],
  ["protocol-relative", "//evil.example"],
  ["backslash", "/\\evil.example"],
  ["encoded backslash", "/%5cevil.example"],
  ["encoded second slash", "/%2fevil.example"],
  ["absolute URL", "https://evil.example/"],
  ["scheme", "javascript:alert(1)"],
  ["relative path", "evil.example"],
  ["malformed escape", "/%E0%A4%A"],
  ["empty", ""],
  ["not a string", 42],
])("%s goes to the fallback", (_label, target) => {
  expect(safeRedirect(target, "/home", ORIGIN)).toBe("/home");
});

test("a refused target never throws, and what comes back is safe to put in a Location header", () => {
  for (const target of ["/\n", "/\u2028x", "/\u0000", "/x".repeat(3000)]) {
    const to = safeRedirect(target);
    expect(to).toBe("/");
    expect(() => new Headers({ Location: to })).not.toThrow();
  }
});
