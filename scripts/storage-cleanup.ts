/**
 * One sweep of file storage (app/modules/storage/cleanup.server.ts): removes
 * abandoned staged uploads, incomplete writes and objects that no StoredFile
 * row names, once older than the grace period.
 *
 *   npm run storage:cleanup -- [--grace-minutes N]   (default 15)
 *
 * Uses the storage and database the app uses (STORAGE_BACKEND, FILES_DIR,
 * S3_*, UPLOAD_STAGING_DIR, DATABASE_URL). Prints the counts as one JSON line,
 * like the server's logs; the production server (scripts/serve.mjs) runs it
 * hourly. A grace shorter than the longest upload would remove uploads in
 * progress. Exit codes: 0 done; 1 a step failed (the others still ran); 2 usage.
 */
import { parseArgs } from "node:util";
import { disconnectDb } from "../app/utils/db.server";
import { DEFAULT_SWEEP_GRACE_MS, StorageSweepError, sweepStorage } from "../app/modules/storage/cleanup.server";
import { errorCode, getStorage } from "../app/modules/storage/storage.server";

const USAGE = "Usage: npm run storage:cleanup -- [--grace-minutes N]   (N ≥ 1, default 15)";

const line = (level: "info" | "error", fields: Record<string, unknown>) =>
  JSON.stringify({
    t: new Date().toISOString(),
    level,
    msg: level === "info" ? "storage sweep" : "storage sweep failed",
    ...fields,
  });

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { "grace-minutes": { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const raw = values["grace-minutes"];
  const graceMinutes = raw === undefined ? DEFAULT_SWEEP_GRACE_MS / 60_000 : Number(raw);
  if (!Number.isFinite(graceMinutes) || graceMinutes < 1) {
    console.error(`--grace-minutes must be a number of minutes, at least 1.\n${USAGE}`);
    return 2;
  }
  const storage = getStorage();
  try {
    const result = await sweepStorage({ storage, graceMs: graceMinutes * 60_000, log: false });
    console.log(line("info", { backend: storage.kind, graceMinutes, ...result }));
    return 0;
  } catch (error) {
    if (!(error instanceof StorageSweepError)) throw error;
    console.log(line("info", { backend: storage.kind, graceMinutes, ...error.result }));
    console.error(line("error", { error: error.message }));
    return 1;
  }
}

main()
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // Settings errors name the variable; anything else is reported by its code only (no paths or keys).
      const settings = error instanceof Error && /^Invalid (storage settings|environment)/.test(error.message);
      console.error(line("error", { error: settings ? (error as Error).message : errorCode(error) }));
      process.exitCode = 1;
    },
  )
  .finally(async () => {
    await disconnectDb();
    // Only forces the exit if a driver (an idle keep-alive socket) holds the event loop.
    setTimeout(() => process.exit(), 5000).unref();
  });
