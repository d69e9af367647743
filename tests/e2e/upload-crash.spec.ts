/**
 * Killing the server (SIGKILL) in the middle of a large upload, then
 * restarting it, leaves no broken evidence row, and after the storage sweep
 * no stray file. Runs its own production server (the built app) on its own
 * database and file store, so that it can kill it; the engine follows the
 * run (a fresh PostgreSQL database when E2E_DATABASE_URL is set).
 */
import { spawnSync, type ChildProcess } from "node:child_process";
import { readdirSync, utimesSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { openDb } from "./db";
import { freePort, prepareOwnServer, signInCookie, startOwnServer } from "./own-server";
import { authorityWith, cast } from "./scenarios";
import { expect, test } from "./utils";
import { World } from "./world";

async function query<T>(databaseUrl: string, sql: string): Promise<T[]> {
  if (databaseUrl.startsWith("file:")) {
    const db = new Database(databaseUrl.slice(5), { readonly: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

test("kill -9 during a large upload: no broken evidence row; after the sweep, no stray file", async () => {
  test.setTimeout(180_000);
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const { env, databaseUrl, filesDir, cleanUp } = await prepareOwnServer({
    port,
    name: "ib-crash",
    env: { MAX_UPLOAD_MB: "200" },
  });
  const db = openDb(databaseUrl);
  let server: ChildProcess | null = null;
  try {
    const world = new World(db);
    const { authority, users, items } = await authorityWith(world, { people: cast("owner") });
    const action = await world.action({
      authorityId: authority.id,
      recommendationId: items.r1.id,
      ownerId: users.owner.id,
      title: "Strategy discussion audit",
      status: "in_progress",
    });
    await db.$disconnect();
    server = await startOwnServer(origin, env);
    const cookie = await signInCookie(origin, users.owner.email);
    const evidenceBefore = (
      await query<{ n: number | string }>(databaseUrl, `SELECT COUNT(*) AS n FROM "Evidence"`)
    )[0]!.n;

    // Stream a 60 MB PDF slowly; once 8 MB have gone, kill the server outright.
    const boundary = "----ibCrashBoundary";
    const head = Buffer.from(
      [
        ["title", "Large audit"],
        ["type", "audit"],
        ["effectiveDate", "2026-10-31"],
      ]
        .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
        .join("") +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="large.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`,
    );
    const total = 60 * 1024 * 1024;
    const outcome = await new Promise<string>((resolve) => {
      const req = http.request(`${origin}/a/${authority.slug}/actions/${action.id}/evidence/upload`, {
        method: "POST",
        headers: {
          cookie,
          origin,
          "content-type": `multipart/form-data; boundary=${boundary}`,
          "content-length": String(head.length + total + 100),
        },
      });
      req.on("error", (e) => resolve(`client saw: ${e.message}`));
      req.on("response", (res) => resolve(`unexpected response ${res.statusCode}`));
      req.write(head);
      let sent = 0;
      const chunk = Buffer.alloc(256 * 1024, 0x20);
      const pump = () => {
        if (sent >= 8 * 1024 * 1024 && server && server.exitCode === null) {
          server.kill("SIGKILL");
        }
        if (sent >= total) return;
        sent += chunk.length;
        if (req.write(chunk)) setTimeout(pump, 5);
        else req.once("drain", pump);
      };
      pump();
    });
    expect(outcome).toMatch(/client saw/);
    await new Promise((r) => setTimeout(r, 300));

    // The crash left a partial staged file and nothing else.
    const staging = path.join(filesDir, ".staging");
    expect(readdirSync(staging).length, "a partial staged file was left by the crash").toBeGreaterThan(0);
    const count = async (sql: string) => Number((await query<{ n: number | string }>(databaseUrl, sql))[0]!.n);
    expect(await count(`SELECT COUNT(*) AS n FROM "Evidence"`)).toBe(Number(evidenceBefore));

    // Restart: the app serves again, and the sweep removes the leftover.
    server = await startOwnServer(origin, env);
    // The sweep only removes what has not changed for its grace period (an upload in flight keeps
    // writing); age the leftover instead of waiting.
    const old = new Date(Date.now() - 10 * 60_000);
    for (const f of readdirSync(staging)) utimesSync(path.join(staging, f), old, old);
    const sweep = spawnSync("node_modules/.bin/tsx", ["scripts/storage-cleanup.ts", "--grace-minutes", "5"], {
      env,
      encoding: "utf8",
    });
    expect(sweep.status, sweep.stderr).toBe(0);
    expect(readdirSync(staging)).toEqual([]);
    // No evidence row without a version, no version without its file, no file without its row.
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM "Evidence" e WHERE NOT EXISTS (SELECT 1 FROM "EvidenceVersion" v WHERE v."evidenceId" = e."id")`,
      ),
    ).toBe(0);
    const keys = (await query<{ storageKey: string }>(databaseUrl, `SELECT "storageKey" FROM "StoredFile"`)).map(
      (r) => r.storageKey,
    );
    const onDisk = readdirSync(filesDir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && !path.join(d.parentPath, d.name).includes(`${path.sep}.`))
      .map((d) => path.relative(filesDir, path.join(d.parentPath, d.name)));
    expect(onDisk.filter((k) => !keys.includes(k))).toEqual([]);

    // And a normal upload works after the restart.
    const cookie2 = await signInCookie(origin, users.owner.email);
    const form = new FormData();
    form.set("title", "After the restart");
    form.set("type", "minutes");
    form.set("effectiveDate", "2026-11-01");
    form.set(
      "file",
      new Blob([Buffer.from("%PDF-1.4\n% after restart\n%%EOF\n")], { type: "application/pdf" }),
      "after.pdf",
    );
    const ok = await fetch(`${origin}/a/${authority.slug}/actions/${action.id}/evidence/upload`, {
      method: "POST",
      headers: { cookie: cookie2, origin },
      body: form,
    });
    expect(ok.status).toBe(201);
  } finally {
    server?.kill("SIGKILL");
    // The whole database goes (cleanUp), so the world needs no clean-up of its own.
    await db.$disconnect();
    await cleanUp();
  }
});
