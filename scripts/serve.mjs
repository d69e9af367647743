#!/usr/bin/env node
// Production HTTP server for the built app. Our own (rather than
// react-router-serve) so that: request logs never contain secrets or personal
// data (invitation tokens in URLs are redacted, query strings dropped), static
// files get nosniff too, and Express does not announce itself.
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

const server = app.listen(port, () => console.log(`Improvement Board listening on http://localhost:${port}`));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.close(() => process.exit(0)));
