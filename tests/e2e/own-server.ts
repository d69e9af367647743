/**
 * For specs that run their own production server (the built app) on their own
 * database, so that they can watch its memory or kill it: a free port, start it
 * and wait for /healthz, and sign a user in over plain HTTP. The database is
 * migrated and empty: the spec makes its data with a World on it (./world.ts).
 * `prepareMailingServer` adds a real SMTP server that the app sends its mail to.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createTempDatabase, dropTempDatabase } from "../../scripts/lib/pg-temp-db.mjs";
import { expect } from "@playwright/test";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp";
import { openDb, type Db } from "./db";
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

export type MailingServer = {
  origin: string;
  env: NodeJS.ProcessEnv;
  /** The spec's connection to the server's database. */
  db: Db;
  /** Where the server's mail arrives (read it with `inboxOf`). */
  smtp: SmtpSink;
  /** Starts the server, once the spec has made its data. */
  start(): Promise<void>;
  /** Kills the server (if started), then closes the database connection and the SMTP server and removes the files. */
  stop(): Promise<void>;
};

/**
 * An own server (prepareOwnServer, on a free port) that sends its mail over
 * SMTP to a real SMTP server started here (../helpers/smtp.ts), with links to
 * its own origin; not started yet. Call `stop()` in a `finally`.
 */
export async function prepareMailingServer(name: string): Promise<MailingServer> {
  const smtp = await startSmtpSink();
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const { env, databaseUrl, cleanUp } = await prepareOwnServer({
    port,
    name,
    env: { SMTP_URL: smtp.url, MAIL_FROM: "board@example.gov.uk", APP_ORIGIN: origin },
  });
  const db = openDb(databaseUrl);
  let server: ChildProcess | null = null;
  return {
    origin,
    env,
    db,
    smtp,
    async start() {
      server = await startOwnServer(origin, env);
    },
    async stop() {
      server?.kill("SIGKILL");
      await db.$disconnect();
      await smtp.close();
      await cleanUp();
    },
  };
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
