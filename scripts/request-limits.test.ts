/**
 * The server's outer guard (scripts/lib/request-limits.mjs) and the routes'
 * own limits (app/utils/body.server.ts) agree, and the guard refuses what it
 * should over real HTTP: a handler that reads its body like React Router's
 * express adapter does stands in for the app.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createReadableStreamFromReadable } from "@react-router/node";
import { afterAll, beforeAll, expect, test } from "vitest";
import { MAX_REPORT_BYTES } from "~/modules/inspection/import-read.server";
import { MAX_CARRIED_BYTES, MAX_IMPORT_BYTES } from "~/modules/plan-spreadsheet/columns";
import { maxUploadBytes } from "~/modules/upload/file-kinds";
import { BODY_LIMITS, readFormData } from "~/utils/body.server";
import { AppError } from "~/utils/errors";
import { sendBody } from "../tests/bench/hostile-body";
import { bodyLimitFor, guardRequestBodies, SIGN_IN_BODY_BYTES, swallowAfterRefusal } from "./lib/request-limits.mjs";

const MB = 1024 * 1024;
const upload = maxUploadBytes(undefined);

test("the server's limit at each path is at least the route's own", () => {
  const at = (p: string) => bodyLimitFor(p, { maxUploadBytes: upload }).maxBytes;
  expect(SIGN_IN_BODY_BYTES).toBe(BODY_LIMITS.signIn);
  expect(at("/login")).toBe(BODY_LIMITS.signIn);
  expect(at("/invite/abc")).toBe(BODY_LIMITS.signIn);
  expect(at("/reset-password")).toBe(BODY_LIMITS.signIn);
  expect(at("/reset-password/abc")).toBe(BODY_LIMITS.signIn);
  for (const p of [
    "/a/leeds/actions",
    "/a/leeds/reports/r1",
    "/a/leeds/imports/d1",
    "/switch-authority",
    "/a/leeds/people",
  ]) {
    expect(at(p), p).toBeGreaterThanOrEqual(BODY_LIMITS.longForm);
  }
  expect(at("/a/leeds/inspections/new")).toBeGreaterThanOrEqual(MAX_REPORT_BYTES + 64 * 1024);
  expect(at("/a/leeds/plan/import")).toBeGreaterThanOrEqual(MAX_IMPORT_BYTES + MAX_CARRIED_BYTES * 2 + 256 * 1024);
  for (const p of ["/a/leeds/actions/a1/evidence/upload", "/a/leeds/actions/a1/evidence/new", "/a/leeds/evidence/e1"]) {
    expect(at(p), p).toBeGreaterThanOrEqual(upload + 256 * 1024);
  }
  // A bigger MAX_UPLOAD_MB raises the upload paths only.
  expect(bodyLimitFor("/a/leeds/actions/a1/evidence/upload", { maxUploadBytes: 500 * MB }).maxBytes).toBeGreaterThan(
    500 * MB,
  );
  expect(bodyLimitFor("/login", { maxUploadBytes: 500 * MB }).maxBytes).toBe(BODY_LIMITS.signIn);
});

let server: http.Server;
let origin = "";
let handled = 0;

beforeAll(async () => {
  // Like @react-router/express: the body becomes a web stream over `req`; the "route" reads it
  // with the app's reader, or (under /noread) answers without reading.
  const app = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handled++;
    const url = new URL(req.url!, "http://x");
    const request = new Request(`http://x${req.url}`, {
      method: req.method,
      headers: req.headers as HeadersInit,
      body: createReadableStreamFromReadable(req),
      duplex: "half",
    } as RequestInit);
    void (async () => {
      if (url.pathname.startsWith("/noread")) return res.writeHead(302, { location: "/login" }).end();
      try {
        const form = await readFormData(request, url.pathname === "/login" ? "signIn" : "longForm");
        res.writeHead(200).end(`fields: ${[...form.keys()].length}`);
      } catch (e) {
        if (res.headersSent) return;
        res.writeHead(e instanceof AppError ? e.status : 500).end(e instanceof Error ? e.message : "");
      }
    })();
  };
  const guarded = guardRequestBodies(app as never, { maxUploadBytes: upload, timeoutMs: 1_000 });
  server = http.createServer((req, res) => {
    Object.assign(req, { path: new URL(req.url!, "http://x").pathname });
    guarded(req, res, (e: unknown) => swallowAfterRefusal(e, req, res, () => res.destroy()));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

test("a declared 300 MB body is refused with 413 before the app sees it", async () => {
  const before = handled;
  const o = await sendBody({ origin, path: "/login", mode: "length", totalBytes: 300 * MB });
  expect(o.status).toBe(413);
  expect(handled).toBe(before);
  expect(o.sentBytes).toBeLessThan(32 * MB);
});

test("chunked 300 MB bodies are cut off early, whether the route reads them or not", async () => {
  for (const path of ["/login", "/a/leeds/actions", "/noread"]) {
    const o = await sendBody({ origin, path, mode: "chunked", totalBytes: 300 * MB });
    expect([413, 302, null], path).toContain(o.status);
    expect(o.sentBytes, path).toBeLessThan(40 * MB);
  }
});

test("a small form passes the guard and is read", async () => {
  const res = await fetch(`${origin}/login`, {
    method: "POST",
    body: new URLSearchParams({ email: "a@b.example", password: "x" }),
  });
  expect(res.status).toBe(200);
  expect(await res.text()).toBe("fields: 2");
});

test("a body that drips in slower than the deadline gets 408 and the connection closed", async () => {
  const o = await sendBody({
    origin,
    path: "/login",
    mode: "length",
    totalBytes: 2000,
    chunkBytes: 10,
    delayMs: 200,
    timeoutMs: 10_000,
  });
  expect([408, null]).toContain(o.status);
  expect(o.ms).toBeLessThan(4_000);
  expect(o.sentBytes).toBeLessThan(2000);
});
