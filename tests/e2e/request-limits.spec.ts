/**
 * Issue 12, finding 1: no request body can run the server out of memory.
 * Three parallel 300 MB bodies at a time, with a Content-Length and chunked,
 * anonymous to /login and /invite/<token> and signed in to a plain form and
 * the two import routes, are each refused early (413, or the connection
 * closed once the answer is out), and the server's RSS stays within +50 MB.
 *
 * Runs its own production server (the built app) on its own database, so that
 * its memory is ours alone to watch; the engine follows the run (a fresh
 * PostgreSQL database when E2E_DATABASE_URL is set). The bodies are generated
 * as they are sent and stop at the server's answer, so this takes seconds.
 */
import type { ChildProcess } from "node:child_process";
import http from "node:http";
import { rssMb, sampleRss, sendBody } from "../bench/hostile-body";
// No page is opened here (plain HTTP), so the browser fixtures of ./utils are not needed.
import { expect, test } from "@playwright/test";
import { openDb } from "./db";
import { freePort, prepareOwnServer, signInCookie, startOwnServer } from "./own-server";
import { authorityWith } from "./scenarios";
import { World } from "./world";

const MB = 1024 * 1024;
const MAX_RSS_GROWTH_MB = 50;

test("three parallel 300 MB bodies, anonymous and signed in, are refused early and the server stays within +50 MB", async () => {
  test.setTimeout(120_000);
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const { env, databaseUrl, cleanUp } = await prepareOwnServer({ port, name: "ib-limits" });
  const db = openDb(databaseUrl);
  let server: ChildProcess | null = null;
  try {
    // An admin may post to every route below, so each body reaches its route's own reader.
    const { authority, users } = await authorityWith(new World(db), {
      people: { admin: { role: "admin", name: "Alex Admin" } },
    });
    const a = `/a/${authority.slug}`;
    server = await startOwnServer(origin, env);
    const pid = server.pid!;
    const cookie = await signInCookie(origin, users.admin.email);
    const page = async () => (await fetch(`${origin}${a}/actions`, { headers: { cookie } })).status;
    expect(await page()).toBe(200);

    const targets = [
      { path: "/login", cookie: undefined, limitMb: 1 },
      { path: `/invite/${"Q".repeat(43)}`, cookie: undefined, limitMb: 1 },
      { path: `${a}/actions`, cookie, limitMb: 5 },
      { path: `${a}/plan/import`, cookie, limitMb: 8 },
      { path: `${a}/inspections/new`, cookie, limitMb: 21, contentType: "multipart/form-data; boundary=x" },
    ];
    // First use of each route (code paths, query plans, pools) costs memory that has nothing to do with
    // body size: one small body to each before the baseline, so the growth measured is the bodies'.
    for (const t of targets)
      await sendBody({
        origin,
        path: t.path,
        mode: "length",
        cookie: t.cookie,
        contentType: t.contentType,
        totalBytes: 1024,
        timeoutMs: 30_000,
      });
    const baseline = rssMb(pid);
    const sampler = sampleRss(pid);
    const results: {
      path: string;
      mode: string;
      status: number | null;
      sentMb: number;
      ms: number;
      peakMb?: number;
    }[] = [];
    for (const t of targets) {
      const modes = ["length", "chunked", "chunked"] as const;
      const outcomes = await Promise.all(
        modes.map((mode) =>
          sendBody({
            origin,
            path: t.path,
            mode,
            cookie: t.cookie,
            contentType: t.contentType,
            totalBytes: 300 * MB,
            timeoutMs: 30_000,
          }),
        ),
      );
      outcomes.forEach((o, i) =>
        results.push({
          path: t.path,
          mode: modes[i]!,
          status: o.status,
          sentMb: Math.round((o.sentBytes / MB) * 10) / 10,
          ms: o.ms,
          peakMb: Math.round(sampler.peak() - baseline),
        }),
      );
      for (const o of outcomes) {
        // 413, or the connection closed once the answer was out; never the whole body.
        expect([413, null], `${t.path}: ${JSON.stringify(results.slice(-3))}`).toContain(o.status);
        // What the client got into the socket: the limit plus the kernel's buffers, not 300 MB.
        expect(o.sentBytes, t.path).toBeLessThan((t.limitMb + 16) * MB);
      }
    }
    const peak = sampler.stop();
    console.log(
      `request limits: baseline ${baseline.toFixed(0)} MB, peak ${peak.toFixed(0)} MB (+${(peak - baseline).toFixed(1)} MB)\n${results.map((r) => `  ${r.path} ${r.mode}: ${r.status ?? "closed"} after ${r.sentMb} MB, ${r.ms} ms, peak so far +${r.peakMb} MB`).join("\n")}`,
    );
    expect(peak - baseline, "server RSS growth (MB)").toBeLessThanOrEqual(MAX_RSS_GROWTH_MB);
    // At least one answer per anonymous target was a real 413 (not only a dropped connection).
    for (const p of ["/login", "/invite/"])
      expect(
        results.some((r) => r.path.startsWith(p) && r.status === 413),
        p,
      ).toBe(true);
    // Headers are limited too (16 KB): a 20 KB cookie is refused by Node's parser.
    const bigHeader = await new Promise<number>((resolve) => {
      http
        .get(
          `${origin}/login`,
          { headers: { cookie: `x=${"y".repeat(20 * 1024)}` } },
          (res) => (res.resume(), resolve(res.statusCode ?? 0)),
        )
        .on("error", () => resolve(0));
    });
    expect(bigHeader).toBe(431);
    // And the server still serves its users.
    expect(await page()).toBe(200);
  } finally {
    server?.kill("SIGKILL");
    // The whole database goes (cleanUp), so the world needs no clean-up of its own.
    await db.$disconnect();
    await cleanUp();
  }
});
