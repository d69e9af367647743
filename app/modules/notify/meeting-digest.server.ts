/**
 * The "meeting-digest" job (daily, Europe/London; workers.server.ts): for
 * each coming meeting whose digest is due (its authority's digestDays before
 * the meeting's day, meeting-lines.ts digestDue), the digest is queued for the
 * board's members. A ScheduledRun row ("meeting-digest", the meeting's id) is
 * written in the same transaction, so each meeting's digest goes once, however
 * many servers run the job and however often: a second run fails on that
 * row's key and rolls back, queuing nothing.
 */
import { todayInEngland } from "~/modules/inspection/clock";
import { getDb } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { digestDue } from "./meeting-lines";
import { queueMeetingDigest } from "./meeting-events.server";

/** The most days before a meeting a digest can go (forms.ts: digestDays is 1 to 30). */
const MAX_DIGEST_DAYS = 30;

export const DIGEST_RUN = "meeting-digest";

/** Prisma's unique-constraint error (either engine's client: checked by its code, not its class). */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** Queues every digest now due; returns how many meetings' digests this run queued. */
export async function sendMeetingDigests({ now = new Date() }: { now?: Date } = {}): Promise<{ meetings: number }> {
  const db = getDb();
  const today = todayInEngland(now);
  // Across authorities: each meeting then carries its own authority into every later query.
  const coming = await db.meeting.findMany({
    where: {
      status: { in: ["planned", "agenda_published"] },
      scheduledAt: { gt: now, lt: new Date(now.getTime() + (MAX_DIGEST_DAYS + 2) * 86_400_000) },
    },
    orderBy: { scheduledAt: "asc" },
    select: { id: true, authorityId: true, scheduledAt: true, authority: { select: { digestDays: true } } },
  });
  const due = coming.filter((m) =>
    digestDue({
      meetingDay: todayInEngland(m.scheduledAt),
      today,
      digestDays: m.authority.digestDays,
      startsAt: m.scheduledAt,
      now,
    }),
  );
  if (due.length === 0) return { meetings: 0 };
  const done = new Set(
    (
      await db.scheduledRun.findMany({
        where: { name: DIGEST_RUN, period: { in: due.map((m) => m.id) } },
        select: { period: true },
      })
    ).map((r) => r.period),
  );
  let meetings = 0;
  for (const m of due.filter((d) => !done.has(d.id))) {
    try {
      await db.$transaction(async (tx) => {
        await tx.scheduledRun.create({ data: { name: DIGEST_RUN, period: m.id } });
        await queueMeetingDigest(tx, { authorityId: m.authorityId, meetingId: m.id, now });
      });
      meetings += 1;
    } catch (error) {
      // Another server (or an earlier run) queued this meeting's digest first.
      if (isUniqueViolation(error)) continue;
      throw error;
    }
  }
  if (meetings > 0) logger.info("meeting digests queued", { meetings });
  return { meetings };
}
