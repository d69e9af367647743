/**
 * For specs that run their own production server (the built app) on their own
 * database, so that they can watch its memory or kill it: start it and wait for
 * /healthz, and sign a demo user in over plain HTTP.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createTempDatabase, dropTempDatabase } from "../../scripts/lib/pg-temp-db.mjs";
import { expect } from "@playwright/test";
import { DEMO_PASSWORD } from "./utils";

export type OwnServerSetup = {
  env: NodeJS.ProcessEnv;
  databaseUrl: string;
  filesDir: string;
  cleanUp(): Promise<void>;
};

/**
 * A private database (a fresh PostgreSQL database when the run is on
 * PostgreSQL, E2E_DATABASE_URL set; else a SQLite file), migrated and seeded
 * with the demo data, a private file store, and the server's environment.
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
    ...extra,
  };
  const cleanUp = async () => {
    if (serverUrl) await dropTempDatabase(serverUrl, databaseUrl).catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  };
  for (const args of [["scripts/db.ts", "deploy"], ["prisma/seed.ts"]]) {
    const r = spawnSync("node_modules/.bin/tsx", args, { env, encoding: "utf8" });
    if (r.status !== 0) {
      await cleanUp();
      throw new Error(`${args[0]} failed: ${r.stderr}`);
    }
  }
  return { env, databaseUrl, filesDir, cleanUp };
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

export async function signInCookie(origin: string, email: string): Promise<string> {
  const res = await fetch(`${origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD }).toString(),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  expect(cookie, "session cookie").toContain("=");
  return cookie;
}
