/**
 * Backup of the database and every stored file into one archive (ADR 016).
 *
 *   npm run backup -- <file.tar.gz>
 *
 * Safe while the app runs. Uses the app's settings: DATABASE_URL (SQLite or
 * PostgreSQL) and the storage backend (STORAGE_BACKEND, FILES_DIR, S3_*).
 * Rows are spooled to TMPDIR first. The archive holds personal data and
 * password hashes: keep it encrypted and access-controlled.
 * Exit codes: 0 done; 1 failed (no archive written); 2 usage.
 */
import { createBackup } from "./lib/backup/backup.ts";
import { runCli } from "./lib/backup/cli.ts";
import { getStorage } from "../app/modules/storage/storage.server";

runCli("npm run backup -- <file.tar.gz>", async (file, log) => {
  const manifest = await createBackup({ file, storage: getStorage(), log });
  log(`backup written: ${file} (${manifest.engine}, migration ${manifest.migrationLevel})`);
});
