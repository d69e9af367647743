#!/usr/bin/env node
// `npm start`: generate the Prisma clients, build, migrate, seed the demo data
// if the database is empty, then serve the production build.
// Environment: DATABASE_URL (default file:./data/app.db), PORT (default 3000),
// SEED_DEMO (default: true for SQLite, false for PostgreSQL), SKIP_BUILD=1;
// without SMTP_URL or NOTIFY_API_KEY, MAIL_OUTBOX=true (mail kept at /dev/outbox).
import { spawnSync, spawn } from "node:child_process";

const env = { ...process.env };
env.DATABASE_URL ||= "file:./data/app.db";
env.PORT ||= "3000";
const isPostgres = /^postgres(ql)?:\/\//.test(env.DATABASE_URL);
const seedDemo = (env.SEED_DEMO ?? (isPostgres ? "false" : "true")) === "true";
// The demo on a laptop is served over plain http://localhost, so its session
// cookie cannot be Secure. Production sets NODE_ENV=production behind HTTPS,
// where the cookie is Secure unless COOKIE_SECURE says otherwise.
if (!env.NODE_ENV && !env.COOKIE_SECURE) env.COOKIE_SECURE = "false";
env.NODE_ENV ||= "production";
// With no mail service set, the demo keeps what it would send in its local
// outbox (/dev/outbox) rather than failing every delivery.
if (!env.SMTP_URL && !env.NOTIFY_API_KEY && !env.MAIL_OUTBOX) env.MAIL_OUTBOX = "true";

function run(label, cmd, args) {
  const started = Date.now();
  process.stdout.write(`› ${label}… `);
  const r = spawnSync(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (r.status !== 0) {
    console.log("failed");
    process.stdout.write(r.stdout ?? "");
    process.stderr.write(r.stderr ?? "");
    process.exit(r.status ?? 1);
  }
  console.log(`done (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return r.stdout;
}

const bin = (name) => `node_modules/.bin/${name}`;
if (env.SKIP_BUILD !== "1") {
  run("Generating database clients", "npm", ["run", "--silent", "prisma:generate"]);
  run("Building the app", bin("react-router"), ["build"]);
}
run("Applying database migrations", bin("tsx"), ["scripts/db.ts", "deploy"]);
if (seedDemo) {
  const out = run("Checking demo data", bin("tsx"), ["prisma/seed.ts"]);
  console.log(out.trim());
}
console.log(`\nImprovement Board is starting on http://localhost:${env.PORT}\n`);
const server = spawn(process.execPath, ["scripts/serve.mjs"], { env, stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));
