#!/usr/bin/env node
// Production HTTP server for the built app. Our own (rather than
// react-router-serve) so that: request logs never contain secrets or personal
// data (invitation tokens in URLs are redacted, query strings dropped), static
// files get nosniff too, and Express does not announce itself.
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@react-router/express";
import { redactPath } from "./lib/log-path.mjs";
import { guardRequestBodies, SERVER_LIMITS, swallowAfterRefusal, uploadBytesFromEnv } from "./lib/request-limits.mjs";

const port = Number(process.env.PORT ?? 3000);
const buildDir = path.resolve("build");
const build = await import(pathToFileURL(path.join(buildDir, "server/index.js")).href);

const app = express();
app.disable("x-powered-by");
// The client's address for the per-address sign-in limit: always overwritten,
// so a client cannot send its own (app/utils/client-address.server.ts).
// TRUST_PROXY (e.g. 1, or loopback) makes req.ip honour X-Forwarded-For.
if (process.env.TRUST_PROXY)
  app.set(
    "trust proxy",
    /^\d+$/.test(process.env.TRUST_PROXY) ? Number(process.env.TRUST_PROXY) : process.env.TRUST_PROXY,
  );
app.use((req, _res, next) => {
  req.headers["x-ib-client-address"] = req.ip ?? req.socket.remoteAddress ?? "";
  next();
});
app.use(compression());

app.use((req, res, next) => {
  const started = process.hrtime.bigint();
  res.on("finish", () => {
    if (process.env.LOG_LEVEL === "silent" || process.env.LOG_REQUESTS === "false") return;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(
      JSON.stringify({
        t: new Date().toISOString(),
        method: req.method,
        path: redactPath(req.originalUrl),
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        requestId: res.getHeader("x-request-id") ?? null,
      }),
    );
  });
  next();
});

const staticHeaders = (res) => res.setHeader("X-Content-Type-Options", "nosniff");
app.use(
  "/assets",
  express.static(path.join(buildDir, "client/assets"), {
    immutable: true,
    maxAge: "1y",
    setHeaders: staticHeaders,
    index: false,
  }),
);
app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h", setHeaders: staticHeaders, index: false }));
// Body size and time limits before React Router (scripts/lib/request-limits.mjs).
app.all(
  "*",
  guardRequestBodies(createRequestHandler({ build, mode: process.env.NODE_ENV }), {
    maxUploadBytes: uploadBytesFromEnv(process.env.MAX_UPLOAD_MB),
  }),
);
app.use(swallowAfterRefusal);
// Last resort for an error that escaped React Router: Express's own handler
// would print the whole stack, whose first line is the message, which can
// echo what the user sent. Logged as class, code and stack frames only.
app.use((error, _req, res, _next) => {
  const frames =
    typeof error?.stack === "string"
      ? error.stack
          .split("\n")
          .filter((l) => /^\s+at /.test(l))
          .join("\n")
      : null;
  console.error(
    JSON.stringify({
      t: new Date().toISOString(),
      level: "error",
      msg: "unhandled request error",
      name: error?.name ?? typeof error,
      code: error?.code ?? null,
      stack: frames,
    }),
  );
  if (res.headersSent) return res.destroy();
  res.status(500).type("text/plain").send("Sorry, something went wrong on our side. Please try again.");
});

// Header size and request timeouts (values and reasons in scripts/lib/request-limits.mjs).
const server = http.createServer({ maxHeaderSize: SERVER_LIMITS.maxHeaderSize }, app);
server.headersTimeout = SERVER_LIMITS.headersTimeout;
server.requestTimeout = SERVER_LIMITS.requestTimeout;
server.keepAliveTimeout = SERVER_LIMITS.keepAliveTimeout;
server.listen(port, () => console.log(`Improvement Board listening on http://localhost:${port}`));
// The job runner (ADR 021): email delivery, reminders, digests and the hourly
// storage sweep, in this process unless JOB_WORKERS=off (then `npm run worker`).
const stopJobs = await build.entry.module.startBackgroundJobs();
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    server.close(() => stopJobs().finally(() => process.exit(0)));
  });
}
