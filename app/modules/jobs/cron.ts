/**
 * Cron times in Europe/London, for the embedded runner's schedules and the
 * "once per period" keys of scheduled work (pg-boss reads the same cron
 * expressions with tz Europe/London).
 */
import parser from "cron-parser";

export const LONDON = "Europe/London";

/** The latest time at or before `now` that `cron` names, in London time. */
export function latestCronTime(cron: string, now: Date): Date {
  // cron-parser's prev() is strictly before currentDate; one ms on includes `now` itself.
  const it = parser.parseExpression(cron, { currentDate: new Date(now.getTime() + 1), tz: LONDON });
  return it.prev().toDate();
}
