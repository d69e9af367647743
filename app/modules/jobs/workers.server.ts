/**
 * What this app runs in the background, and when (ADR 021). The server starts
 * these at boot (scripts/serve.mjs) unless JOB_WORKERS=off, in which case
 * `npm run worker` runs them in a process of its own. Cron times are read in
 * Europe/London time; on PostgreSQL each runs once per tick however many
 * servers there are, and scheduled work also records its period
 * (ScheduledRun), so a period's reminders go once.
 */
import { sweepStorage } from "~/modules/storage/cleanup.server";
import { getStorage } from "~/modules/storage/storage.server";
import { deliverEmail } from "~/modules/notify/deliver.server";
import { digestJob } from "~/modules/notify/digest.server";
import { remindersJob } from "~/modules/notify/reminders.server";
import { sendMeetingDigests } from "~/modules/notify/meeting-digest.server";
import { startPasswordReset } from "~/modules/auth/password-reset.server";
import { env } from "~/utils/env.server";
import type { Schedule } from "./queue";
import { startJobWorkers, type Worker } from "./runner.server";

export const WORKERS: Worker[] = [
  { queue: "notify-deliver", handler: deliverEmail, concurrency: 4 },
  { queue: "password-reset", handler: startPasswordReset, concurrency: 2 },
  { queue: "reminders", handler: remindersJob },
  { queue: "notify-digest", handler: digestJob },
  {
    queue: "meeting-digest",
    handler: async () => {
      await sendMeetingDigests();
    },
  },
  {
    queue: "storage-sweep",
    handler: async () => {
      await sweepStorage({ storage: getStorage() });
    },
  },
];

export function schedules(): Schedule[] {
  const list: Schedule[] = [];
  // Storage sweep: abandoned uploads, incomplete writes and unreferenced files, hourly.
  if (process.env.STORAGE_SWEEP !== "off") list.push({ queue: "storage-sweep", cron: "17 * * * *" });
  // Reminders, chasers and the statutory clock, each morning; then the daily digest emails, which include them.
  if (process.env.REMINDERS !== "off") list.push({ queue: "reminders", cron: "0 7 * * *" });
  if (process.env.REMINDERS !== "off") list.push({ queue: "notify-digest", cron: "30 7 * * *" });
  // The digest before each meeting, its authority's digestDays before it: looked for daily at 06:30.
  list.push({ queue: "meeting-digest", cron: "30 6 * * *" });
  return list;
}

/** Starts the workers and schedules in this process; returns a function that stops them. */
export async function startBackgroundJobs(): Promise<() => Promise<void>> {
  if (env().JOB_WORKERS === "off") return async () => {};
  return startJobWorkers(WORKERS, schedules());
}
