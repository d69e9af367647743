import { expect, test } from "vitest";
import { authorityHref } from "./links";

test("typed links build the authority's URLs and encode their values", () => {
  expect(authorityHref("leeds", "/")).toBe("/a/leeds");
  expect(authorityHref("leeds", "/actions")).toBe("/a/leeds/actions");
  expect(authorityHref("leeds", "/actions/:actionId", { actionId: "abc" })).toBe("/a/leeds/actions/abc");
  expect(
    authorityHref("leeds", "/evidence/:evidenceId/v/:versionNumber/download", { evidenceId: "e1", versionNumber: "2" }),
  ).toBe("/a/leeds/evidence/e1/v/2/download");
  expect(authorityHref("leeds", "/meetings/:meetingId/minutes.docx", { meetingId: "m 1" })).toBe(
    "/a/leeds/meetings/m%201/minutes.docx",
  );
  // A missing page or parameter fails the typecheck, and throws if forced past it.
  // @ts-expect-error: no such page
  const nowhere = () => authorityHref("leeds", "/nowhere");
  // @ts-expect-error: the page needs its id
  expect(() => authorityHref("leeds", "/actions/:actionId")).toThrow(/actionId/);
  expect(typeof nowhere).toBe("function");
});

test("no page or module builds an authority URL from strings: every link goes through authorityHref", async () => {
  const { readdirSync, readFileSync } = await import("node:fs");
  const path = await import("node:path");
  const root = path.resolve(__dirname, "..");
  const files = (readdirSync(root, { recursive: true }) as string[]).filter(
    (f) =>
      /\.(ts|tsx)$/.test(f) &&
      !/\.test\.tsx?$/.test(f) &&
      !f.startsWith("generated") &&
      f !== path.join("utils", "links.ts"),
  );
  // A template or concatenation that starts an authority path: `/a/${slug}…` or "/a/" + slug.
  const built = /`\/a\/\$\{|["']\/a\/["']\s*\+/;
  const offenders = files.filter((f) => built.test(readFileSync(path.join(root, f), "utf8")));
  expect(offenders).toEqual([]);
  // The check sees what it looks for.
  expect(built.test("const x = `/a/${slug}/actions`;")).toBe(true);
  expect(built.test('const x = "/a/" + slug;')).toBe(true);
  expect(files.length).toBeGreaterThan(50);
});
