/**
 * The daily reminders run (the "reminders" job, 07:00 Europe/London): for
 * each authority, in bounded batches, load its open actions, the meetings
 * that cover them and its published inspections; plan today's reminders
 * (reminders.ts, pure); queue them through the outbox, which applies each
 * person's preferences (email now, in the daily digest, in-app only).
 *
 * At most once per period (the date in England), whatever the number of
 * servers: a daily run named "reminders" (~/modules/jobs/daily-run.server:
 * claimed, taken over after a crash, marked done). Beneath that, every
 * reminder's event key names its period, and the outbox keeps one
 * notification per (recipient, event key), so even a run forced twice sends
 * nothing twice.
 *
 * Reminders about an action go to its owner only (so a partner hears only of
 * their own actions), and only while the owner is a member of the
 * authority; statutory-clock reminders go to the authority's admins.
 */
import { ACTION_STATUSES } from "~/modules/action/status";
import { rolesWith } from "~/modules/auth/permissions";
import { runOncePerDay, type DailyRunOptions, type DailyRunResult } from "~/modules/jobs/daily-run.server";
import { toIsoDate, todayInEngland } from "~/modules/inspection/clock";
import type { Db } from "~/utils/db.server";
import { authorityHref } from "~/utils/links";
import { queueNotifications, type NotificationInput } from "./outbox.server";
import {
  isRemindable,
  parseReminderDays,
  planReminders,
  type Reminder,
  type ReminderAction,
  type ReminderInspection,
  type ReminderSettings,
} from "./reminders";

/** Authorities loaded at a time. */
const AUTHORITY_BATCH = 20;
/** Actions loaded (and planned) at a time. */
const ACTION_BATCH = 2000;
/** Notifications queued per transaction (the outbox looks each up by person and event key: SQLite binds at most 999 values). */
const QUEUE_BATCH = 200;
/** What the planner reads of each action (the bench reads the same). */
export const REMINDER_ACTION_SELECT = {
  id: true,
  title: true,
  status: true,
  ownerId: true,
  dueDate: true,
  lastUpdateAt: true,
  createdAt: true,
  recommendation: { select: { inspectionId: true } },
} as const;

/** Email deliveries per "notify-deliver" job (one job sends them over the pooled SMTP connections). */
export const REMINDER_DELIVERIES_PER_JOB = 20;

export const REMINDERS_RUN = "reminders";
/** The statuses at which the work is with the owner (the planner's rule, so the query loads no more than it needs). */
const REMINDABLE_STATUSES = ACTION_STATUSES.filter((status) => isRemindable({ status, ownerId: "owner" }));

export type RemindersResult = DailyRunResult & {
  authorities: number;
  planned: number;
  /** Notifications created (a reminder already sent for its period is not created again). */
  created: number;
};

type Loaded = {
  settings: ReminderSettings;
  slug: string;
  inspections: ReminderInspection[];
  /** inspectionId → the next meeting of a board covering it. */
  nextMeetingOf: (inspectionId: string) => ReminderAction["nextMeeting"];
  members: Set<string>;
  admins: string[];
};

async function loadAuthority(
  db: Db,
  authority: { id: string; slug: string; reminderDays: string; chaserDays: number; meetingChaserDays: number },
  now: Date,
): Promise<Loaded> {
  const startOfToday = todayInEngland(now);
  const [inspections, boards, memberships] = await Promise.all([
    db.inspection.findMany({
      where: { authorityId: authority.id, deletedAt: null, publishedAt: { not: null } },
      select: {
        id: true,
        title: true,
        type: true,
        publishedAt: true,
        recommendations: {
          where: { kind: "area_for_priority_action", deletedAt: null },
          select: { id: true },
          take: 1,
        },
      },
    }),
    db.board.findMany({
      where: { authorityId: authority.id },
      select: {
        id: true,
        scopeAllInspections: true,
        scopes: { select: { inspectionId: true } },
        // Enough to find the board's last meeting before today and its next from today (by date in England).
        meetings: {
          where: { scheduledAt: { gte: new Date(startOfToday.getTime() - 400 * 86_400_000) } },
          select: { id: true, scheduledAt: true, status: true },
          orderBy: { scheduledAt: "asc" },
        },
      },
    }),
    db.membership.findMany({ where: { authorityId: authority.id }, select: { userId: true, role: true } }),
  ]);
  const adminRoles = new Set<string>(rolesWith("manage:members:any"));
  const todayIso = toIsoDate(startOfToday);
  const boardMeetings = boards.map((b) => {
    const upcoming = b.meetings.filter(
      (m) =>
        toIsoDate(todayInEngland(m.scheduledAt)) >= todayIso &&
        (m.status === "planned" || m.status === "agenda_published"),
    );
    const past = b.meetings.filter((m) => toIsoDate(todayInEngland(m.scheduledAt)) < todayIso);
    const next = upcoming[0];
    return {
      board: b,
      next: next ? { id: next.id, at: next.scheduledAt, previousAt: past.at(-1)?.scheduledAt ?? null } : null,
    };
  });
  const cache = new Map<string, ReminderAction["nextMeeting"]>();
  const nextMeetingOf = (inspectionId: string) => {
    if (cache.has(inspectionId)) return cache.get(inspectionId)!;
    let best: ReminderAction["nextMeeting"] = null;
    for (const { board, next } of boardMeetings) {
      if (!next) continue;
      const covers = board.scopeAllInspections || board.scopes.some((s) => s.inspectionId === inspectionId);
      if (covers && (!best || next.at < best.at)) best = next;
    }
    cache.set(inspectionId, best);
    return best;
  };
  return {
    settings: {
      reminderDays: parseReminderDays(authority.reminderDays),
      chaserDays: authority.chaserDays,
      meetingChaserDays: authority.meetingChaserDays,
    },
    slug: authority.slug,
    inspections: inspections.map((i) => ({
      id: i.id,
      title: i.title,
      type: i.type,
      publishedAt: i.publishedAt,
      hasPriorityActions: i.recommendations.length > 0,
    })),
    nextMeetingOf,
    members: new Set(memberships.map((m) => m.userId)),
    admins: memberships.filter((m) => adminRoles.has(m.role)).map((m) => m.userId),
  };
}

/** The outbox rows for planned reminders: an action's to its owner (if still a member), the clock's to each admin. */
export function reminderNotifications(
  authorityId: string,
  loaded: Pick<Loaded, "slug" | "members" | "admins">,
  reminders: Reminder[],
): NotificationInput[] {
  return reminders.flatMap((r): NotificationInput[] => {
    if (r.kind === "statutory_clock") {
      const link = authorityHref(loaded.slug, "/inspections/:inspectionId", { inspectionId: r.inspectionId });
      return loaded.admins.map((userId) => ({
        authorityId,
        userId,
        kind: r.kind,
        eventKey: r.eventKey,
        title: r.title,
        link,
      }));
    }
    if (!loaded.members.has(r.to.ownerId)) return [];
    return [
      {
        authorityId,
        userId: r.to.ownerId,
        kind: r.kind,
        eventKey: r.eventKey,
        title: r.title,
        link: authorityHref(loaded.slug, "/actions/:actionId", { actionId: r.actionId }),
        actionId: r.actionId,
      },
    ];
  });
}

async function queueInBatches(db: Db, inputs: NotificationInput[]): Promise<number> {
  let created = 0;
  for (let i = 0; i < inputs.length; i += QUEUE_BATCH) {
    const chunk = inputs.slice(i, i + QUEUE_BATCH);
    const r = await db.$transaction((tx) =>
      queueNotifications(tx, chunk, { deliveriesPerJob: REMINDER_DELIVERIES_PER_JOB }),
    );
    created += r.created;
  }
  return created;
}

/** One authority's reminders for today; returns how many were planned and how many notifications were new. */
export async function remindAuthority(
  db: Db,
  authority: { id: string; slug: string; reminderDays: string; chaserDays: number; meetingChaserDays: number },
  now: Date,
): Promise<{ planned: number; created: number }> {
  const loaded = await loadAuthority(db, authority, now);
  let planned = 0;
  let created = 0;
  const statutory = planReminders({ settings: loaded.settings, actions: [], inspections: loaded.inspections, now });
  planned += statutory.length;
  created += await queueInBatches(db, reminderNotifications(authority.id, loaded, statutory));
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.action.findMany({
      where: {
        authorityId: authority.id,
        deletedAt: null,
        ownerId: { not: null },
        status: { in: REMINDABLE_STATUSES },
      },
      select: REMINDER_ACTION_SELECT,
      orderBy: { id: "asc" },
      take: ACTION_BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (rows.length === 0) break;
    cursor = rows[rows.length - 1]!.id;
    const actions: ReminderAction[] = rows.map(({ recommendation, ...a }) => ({
      ...a,
      nextMeeting: loaded.nextMeetingOf(recommendation.inspectionId),
    }));
    const reminders = planReminders({ settings: loaded.settings, actions, inspections: [], now });
    planned += reminders.length;
    created += await queueInBatches(db, reminderNotifications(authority.id, loaded, reminders));
    if (rows.length < ACTION_BATCH) break;
  }
  return { planned, created };
}

/**
 * Today's reminders for every authority (or only `authorityIds`: tests on a
 * shared database, or one authority's run), once per day in England.
 */
export function runReminders(options: DailyRunOptions = {}): Promise<RemindersResult> {
  return runOncePerDay({
    run: REMINDERS_RUN,
    logAs: "reminders run",
    options,
    counts: { authorities: 0, planned: 0, created: 0 },
    work: async ({ db, now, authorityIds, result }) => {
      let cursor: string | undefined;
      for (;;) {
        const authorities = await db.authority.findMany({
          where: authorityIds ? { id: { in: authorityIds } } : {},
          select: { id: true, slug: true, reminderDays: true, chaserDays: true, meetingChaserDays: true },
          orderBy: { id: "asc" },
          take: AUTHORITY_BATCH,
          ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
        });
        if (authorities.length === 0) break;
        cursor = authorities[authorities.length - 1]!.id;
        for (const a of authorities) {
          const r = await remindAuthority(db, a, now);
          result.authorities += 1;
          result.planned += r.planned;
          result.created += r.created;
        }
        if (authorities.length < AUTHORITY_BATCH) break;
      }
    },
  });
}

/** The "reminders" job (scheduled at 07:00 Europe/London). */
export async function remindersJob(): Promise<void> {
  await runReminders({ now: new Date() });
}
