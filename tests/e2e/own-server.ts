/**
 * For specs that run their own production server (the built app) on their own
 * database, so that they can watch its memory or kill it: start it and wait for
 * /healthz, and sign a demo user in over plain HTTP.
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { expect } from "@playwright/test";
import { DEMO_PASSWORD } from "./utils";

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
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  expect(cookie, "session cookie").toContain("=");
  return cookie;
}
