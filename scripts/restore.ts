/**
 * Restore of a backup archive into an EMPTY database, on either engine, and
 * of its files into the configured storage (ADR 016). Restoring a SQLite
 * backup with DATABASE_URL=postgresql://... is how to move to PostgreSQL.
 *
 *   npm run restore -- <file.tar.gz>
 *
 * Stop the app first. The target is migrated when it has no tables; a
 * database with any row, or an archive from a newer version of the app, is
 * refused with nothing changed.
 * Exit codes: 0 done; 1 failed or refused (nothing changed); 2 usage.
 */
import { restoreBackup } from "./lib/backup/restore.ts";
import { runCli } from "./lib/backup/cli.ts";
import { getStorage } from "../app/modules/storage/storage.server";

runCli("npm run restore -- <file.tar.gz>", async (file, log) => {
  const result = await restoreBackup({ file, storage: getStorage(), log });
  log(`restore complete: ${result.rows} rows, ${result.files} files (backup of ${result.manifest.createdAt})`);
});
