#!/usr/bin/env node
// Production HTTP server for the built app. Our own (rather than
// react-router-serve) so that: request logs never contain secrets or personal
// data (invitation tokens in URLs are redacted, query strings dropped), static
// files get nosniff too, and Express does not announce itself.
import { spawn } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@react-router/express";
import { redactPath } from "./lib/log-path.mjs";

const port = Number(process.env.PORT ?? 3000);
const buildDir = path.resolve("build");
const build = await import(pathToFileURL(path.join(buildDir, "server/index.js")).href);

const app = express();
app.disable("x-powered-by");
app.use(compression());

app.use((req, res, next) => {
  const started = process.hrtime.bigint();
  res.on("finish", () => {
    if (process.env.LOG_LEVEL === "silent" || process.env.LOG_REQUESTS === "false") return;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(JSON.stringify({ t: new Date().toISOString(), method: req.method, path: redactPath(req.originalUrl), status: res.statusCode, ms: Math.round(ms * 10) / 10, requestId: res.getHeader("x-request-id") ?? null }));
  });
  next();
});

const staticHeaders = (res) => res.setHeader("X-Content-Type-Options", "nosniff");
app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y", setHeaders: staticHeaders, index: false }));
app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h", setHeaders: staticHeaders, index: false }));
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

// Storage sweep (app/modules/storage/cleanup.server.ts): abandoned uploads,
// incomplete writes and files whose row was never written are removed 30 s
// after start and then hourly. It runs as a short-lived child process
// (`tsx scripts/storage-cleanup.ts`, one JSON line of counts) because the
// sweep is not part of the server bundle; the child's memory is returned
// after each run and a failure in it cannot touch the server. One at a time.
// STORAGE_SWEEP=off disables it, e.g. where a cron job or one instance of
// several runs `npm run storage:cleanup` instead.
function scheduleStorageSweep() {
  if (process.env.STORAGE_SWEEP === "off") return () => {};
  let child = null;
  const run = () => {
    if (child) return;
    const quiet = process.env.LOG_LEVEL === "silent";
    child = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/storage-cleanup.ts"], { env: process.env, stdio: ["ignore", quiet ? "ignore" : "inherit", "inherit"] });
    child.on("error", (error) => {
      console.error(JSON.stringify({ t: new Date().toISOString(), level: "error", msg: "storage sweep not started", error: error.code ?? error.name }));
      child = null;
    });
    child.on("exit", () => {
      child = null;
    });
  };
  setTimeout(run, 30_000).unref();
  setInterval(run, 60 * 60_000).unref();
  return () => child?.kill("SIGTERM");
}

const server = app.listen(port, () => console.log(`Improvement Board listening on http://localhost:${port}`));
const stopStorageSweep = scheduleStorageSweep();
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    stopStorageSweep();
    server.close(() => process.exit(0));
  });
}
