/**
 * For specs that run their own production server (the built app) on their own
 * database, so that they can watch its memory or kill it: a free port, start it
 * and wait for /healthz, and sign a user in over plain HTTP. The database is
 * migrated and empty: the spec makes its data with a World on it (./world.ts).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createTempDatabase, dropTempDatabase } from "../../scripts/lib/pg-temp-db.mjs";
import { expect } from "@playwright/test";
import { E2E_PASSWORD } from "./world";

export type OwnServerSetup = {
  env: NodeJS.ProcessEnv;
  databaseUrl: string;
  filesDir: string;
  cleanUp(): Promise<void>;
};

/**
 * A private database (a fresh PostgreSQL database when the run is on
 * PostgreSQL, E2E_DATABASE_URL set; else a SQLite file), migrated (no demo
 * data), a private file store, and the server's environment.
 */
export async function prepareOwnServer({
  port,
  name,
  env: extra = {},
}: {
  port: number;
  name: string;
  env?: NodeJS.ProcessEnv;
}): Promise<OwnServerSetup> {
  const work = mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  const filesDir = path.join(work, "files");
  const serverUrl = process.env.E2E_DATABASE_URL
    ? (process.env.TEST_POSTGRES_URL ?? process.env.E2E_DATABASE_URL)
    : null;
  const databaseUrl = serverUrl
    ? await createTempDatabase(serverUrl, name.replace(/-/g, "_"))
    : `file:${path.join(work, "app.db")}`;
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    FILES_DIR: filesDir,
    PORT: String(port),
    NODE_ENV: "production",
    COOKIE_SECURE: "false",
    LOG_REQUESTS: "false",
    STORAGE_SWEEP: "off",
    REMINDERS: "off",
    ...extra,
  };
  const cleanUp = async () => {
    if (serverUrl) await dropTempDatabase(serverUrl, databaseUrl).catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  };
  const r = spawnSync("node_modules/.bin/tsx", ["scripts/db.ts", "deploy"], { env, encoding: "utf8" });
  if (r.status !== 0) {
    await cleanUp();
    throw new Error(`migrations failed: ${r.stderr}`);
  }
  return { env, databaseUrl, filesDir, cleanUp };
}

/** A TCP port nobody is listening on now (the OS picks it), for a server of the spec's own. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export function startOwnServer(origin: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["scripts/serve.mjs"], { env, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 30_000;
    const poll = () => {
      http
        .get(`${origin}/healthz`, (res) => {
          res.resume();
          if (res.statusCode === 200) resolve(child);
          else setTimeout(poll, 200);
        })
        .on("error", () => (Date.now() > deadline ? reject(new Error("server did not start")) : setTimeout(poll, 200)));
    };
    child.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
    poll();
  });
}

export async function signInCookie(origin: string, email: string, password = E2E_PASSWORD): Promise<string> {
  const res = await fetch(`${origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin },
    body: new URLSearchParams({ email, password }).toString(),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  expect(cookie, "session cookie").toContain("=");
  return cookie;
}
