import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, test } from "vitest";
import { contentDisposition, downloadResponse, safeFileName } from "./download.server";

test("a download goes out as an attachment with the content type, length, nosniff and no-store", async () => {
  const res = downloadResponse(new TextEncoder().encode("a,b\n"), {
    fileName: "plan-leeds.csv",
    contentType: "text/csv; charset=utf-8",
    sizeBytes: 4,
  });
  expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  expect(res.headers.get("Content-Length")).toBe("4");
  expect(res.headers.get("Content-Disposition")).toBe(
    `attachment; filename="plan-leeds.csv"; filename*=UTF-8''plan-leeds.csv`,
  );
  expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  expect(res.headers.get("Cache-Control")).toBe("private, no-store");
  // No CSP unless the route asks: the site's own policy is added by the security middleware.
  expect(res.headers.has("Content-Security-Policy")).toBe(false);
  expect(await res.text()).toBe("a,b\n");
});

test("a streamed download has no Content-Length; a route's stricter CSP, inline disposition and extra headers are kept", () => {
  const streamed = downloadResponse(new ReadableStream(), { fileName: "audit.csv", contentType: "text/csv" });
  expect(streamed.headers.has("Content-Length")).toBe(false);
  const image = downloadResponse(new Uint8Array(1), {
    fileName: "photo.png",
    contentType: "image/png",
    disposition: "inline",
    contentSecurityPolicy: "default-src 'none'; sandbox",
    headers: { "Repr-Digest": "sha-256=:x:" },
  });
  expect(image.headers.get("Content-Disposition")).toMatch(/^inline; filename="photo\.png"/);
  expect(image.headers.get("Content-Security-Policy")).toBe("default-src 'none'; sandbox");
  expect(image.headers.get("Repr-Digest")).toBe("sha-256=:x:");
});

test("the file name is sanitised: no path, quotes, controls or bidi overrides; non-ASCII kept in filename* only", () => {
  expect(contentDisposition('../../etc/"pass;wd".csv')).toBe(
    `attachment; filename="_pass_wd_.csv"; filename*=UTF-8''_pass%3Bwd_.csv`,
  );
  expect(contentDisposition("invoice\u202Efdp.exe")).not.toContain("\u202E");
  expect(contentDisposition("line\r\nSet-Cookie: x")).not.toMatch(/[\r\n]/);
  expect(contentDisposition("Réunion – procès-verbal.docx")).toBe(
    `attachment; filename="R_union _ proc_s-verbal.docx"; filename*=UTF-8''${encodeURIComponent("Réunion – procès-verbal.docx")}`,
  );
  expect(safeFileName("")).toBe("file");
});

/** Every source file under app/ except tests, generated code and this helper. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "generated" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

test("no route or module writes Content-Disposition by hand: every file goes through downloadResponse", () => {
  const app = join(import.meta.dirname, "..");
  const helper = join(import.meta.dirname, "download.server.ts");
  const byHand = sourceFiles(app)
    .filter((file) => file !== helper && /content-disposition/i.test(readFileSync(file, "utf8")))
    .map((file) => relative(app, file));
  expect(byHand).toEqual([]);
  // And each file route does use the helper (directly, or through the evidence fileResponse built on it).
  const fileRoutes = sourceFiles(join(app, "routes")).filter((file) =>
    /\[\.\](csv|xlsx|docx)\.ts$|\.(download|raw|source|file)(\.\$format)?\.ts$/.test(file),
  );
  expect(fileRoutes.length).toBeGreaterThanOrEqual(10);
  for (const file of fileRoutes)
    expect(readFileSync(file, "utf8"), relative(app, file)).toMatch(/\b(downloadResponse|fileResponse)\(/);
});
