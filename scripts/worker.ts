/**
 * `npm run worker`: the job runner on its own, for deployments whose web
 * servers run with JOB_WORKERS=off (ADR 021). Uses DATABASE_URL like the app.
 * Stops cleanly on SIGINT / SIGTERM, letting running jobs finish.
 */
import { startJobWorkers } from "../app/modules/jobs/runner.server";
import { WORKERS, schedules } from "../app/modules/jobs/workers.server";
import { disconnectDb } from "../app/utils/db.server";

const stop = await startJobWorkers(WORKERS, schedules());
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => {
    void stop()
      .then(() => disconnectDb())
      .finally(() => process.exit(0));
  });
}
