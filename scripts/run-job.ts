/**
 * `npm run job -- <name> [--at <ISO date-time>]`: one scheduled run now, for
 * an operator catching up after an outage ("send this morning's reminders")
 * and for the tests that move the clock forward. The run is the same code
 * the 07:00 schedule runs, with the same once-per-period guard, so running
 * it again for the same day sends nothing new. The emails it queues are
 * delivered by the app's workers (or `npm run worker`). Uses DATABASE_URL.
 *
 *   npm run job -- reminders                  today's reminders, chasers and statutory clock
 *   npm run job -- digest --at 2027-03-01T07:30:00Z
 *   npm run job -- meeting-digest
 */
import { parseArgs } from "node:util";
import { sendDigests } from "../app/modules/notify/digest.server";
import { sendMeetingDigests } from "../app/modules/notify/meeting-digest.server";
import { runReminders } from "../app/modules/notify/reminders.server";
import { stopJobQueue } from "../app/modules/jobs/runner.server";
import { disconnectDb } from "../app/utils/db.server";

const RUNS = {
  reminders: (now: Date) => runReminders({ now }),
  digest: (now: Date) => sendDigests({ now }),
  "meeting-digest": (now: Date) => sendMeetingDigests({ now }),
} as const;
type RunName = keyof typeof RUNS;

const { positionals, values } = parseArgs({ allowPositionals: true, options: { at: { type: "string" } } });
const name = positionals[0];
if (positionals.length !== 1 || !name || !(name in RUNS)) {
  console.error(`Usage: npm run job -- <${Object.keys(RUNS).join("|")}> [--at <ISO date-time>]`);
  process.exit(2);
}
const now = values.at ? new Date(values.at) : new Date();
if (Number.isNaN(now.getTime())) {
  console.error(`--at ${values.at} is not a date-time (e.g. 2027-03-01T07:00:00Z)`);
  process.exit(2);
}
try {
  const result = await RUNS[name as RunName](now);
  console.log(JSON.stringify({ run: name, at: now.toISOString(), result }));
} finally {
  // On PostgreSQL the queue the run sent its emails through (pg-boss) keeps connections open: close it, or the
  // command never ends.
  await stopJobQueue();
  await disconnectDb();
}
