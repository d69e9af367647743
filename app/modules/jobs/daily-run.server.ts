/**
 * A scheduled job's daily run (the reminders, the daily digest): at most once
 * per period (the date in England), whatever the number of servers. The run
 * first claims its ScheduledRun row (name, date) and records "<name>:done"
 * when it has finished. A run that died part way (kill -9) leaves its claim
 * without "done"; once the job lease has passed, the next run takes the claim
 * over and finishes the day. A run that fails gives its claim back, so that
 * the job's retry runs the period again.
 */
import { toIsoDate, todayInEngland } from "~/modules/inspection/clock";
import { getDb, type Db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";

/** A run's caller: the job gives nothing (now, the app's database, every authority); tests and scripts may give each. */
export type DailyRunOptions = { now?: Date; db?: Db; authorityIds?: string[] };

export type DailyRunResult = {
  period: string;
  /** True when this period had already been run (or is being run by another server). */
  skipped: boolean;
};

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "P2002";
}

/** Claims `name` for `period`: true for exactly one caller, and for a later caller when the first died part way. */
async function claimPeriod(db: Db, name: string, period: string, now: Date = new Date()): Promise<boolean> {
  try {
    await db.scheduledRun.create({ data: { name, period, ranAt: now } });
    return true;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const done = await db.scheduledRun.findUnique({ where: { name_period: { name: `${name}:done`, period } } });
  if (done) return false;
  const stale = new Date(now.getTime() - env().JOBS_LEASE_SECONDS * 1000);
  const { count } = await db.scheduledRun.updateMany({
    where: { name, period, ranAt: { lt: stale } },
    data: { ranAt: now },
  });
  return count === 1;
}

async function finishPeriod(db: Db, name: string, period: string) {
  try {
    await db.scheduledRun.create({ data: { name: `${name}:done`, period } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

/** Gives a claim back (the run failed), so that the job's retry can run the period again. */
async function releasePeriod(db: Db, name: string, period: string) {
  await db.scheduledRun.deleteMany({ where: { name, period } });
}

/** The ScheduledRun name of a run: the whole service's, or one limited to some authorities. */
const runName = (name: string, authorityIds?: readonly string[]) =>
  authorityIds ? `${name}:${[...authorityIds].sort().join(",")}` : name;

/**
 * Today's run `run` (limited to `authorityIds` when given), once per period:
 * `work` adds to the counts of the result, which is logged as `logAs` when
 * the run has finished. A period already run returns the counts as given,
 * with `skipped`.
 */
export async function runOncePerDay<Counts extends object>({
  run,
  logAs,
  options: { now = new Date(), db = getDb(), authorityIds },
  counts,
  work,
}: {
  run: string;
  logAs: string;
  options: DailyRunOptions;
  counts: Counts;
  work: (run: { db: Db; now: Date; authorityIds?: string[]; result: DailyRunResult & Counts }) => Promise<void>;
}): Promise<DailyRunResult & Counts> {
  const period = toIsoDate(todayInEngland(now));
  const name = runName(run, authorityIds);
  const result = { period, skipped: false, ...counts };
  if (!(await claimPeriod(db, name, period, now))) return { ...result, skipped: true };
  try {
    await work({ db, now, authorityIds, result });
  } catch (error) {
    await releasePeriod(db, name, period);
    throw error;
  }
  await finishPeriod(db, name, period);
  logger.info(logAs, { ...result });
  return result;
}
