/**
 * A person's in-app notifications: the count in the header, the list at
 * /notifications, and marking them read. Every query is scoped to the user
 * and, for a notification about an authority, to the authorities they are
 * still a member of: someone removed from an authority no longer sees what
 * it told them. Messages outside any authority (authorityId null) stay theirs.
 */
import { getDb, type Prisma } from "~/utils/db.server";

export const NOTIFICATIONS_PER_PAGE = 20;

/**
 * The order and bounds of page `page` (from 1) of a list newest first by the
 * time `column`, ties by id (so pages never overlap), and one row more than a
 * page, to know whether there is a next one.
 */
export const newestFirstPage = <C extends string>(column: C, page: number) => ({
  orderBy: [{ [column]: "desc" } as Record<C, "desc">, { id: "desc" as const }],
  skip: (page - 1) * NOTIFICATIONS_PER_PAGE,
  take: NOTIFICATIONS_PER_PAGE + 1,
});

/** A page of rows read with `newestFirstPage`. */
export function pageOf<T>(rows: T[], page: number) {
  return {
    rows: rows.slice(0, NOTIFICATIONS_PER_PAGE),
    page,
    pageSize: NOTIFICATIONS_PER_PAGE,
    hasNext: rows.length > NOTIFICATIONS_PER_PAGE,
  };
}

/** The user's own notifications that they may still see. */
function visibleTo(userId: string): Prisma.NotificationWhereInput {
  return { userId, OR: [{ authorityId: null }, { authority: { memberships: { some: { userId } } } }] };
}

/** A stored link, kept to a path inside the app (never another site's address). */
export function insideApp(link: string): string {
  return link.startsWith("/") && !link.startsWith("//") && !link.startsWith("/\\") ? link : "/";
}

/** How many of the user's notifications are unread: one count query, for the header on every page. */
export function countUnreadNotifications({ userId }: { userId: string }): Promise<number> {
  return getDb().notification.count({ where: { ...visibleTo(userId), readAt: null } });
}

/** One page of the user's notifications, newest first. */
export async function listNotifications({ userId, page = 1 }: { userId: string; page?: number }) {
  const rows = await getDb().notification.findMany({
    where: visibleTo(userId),
    ...newestFirstPage("createdAt", page),
    select: {
      id: true,
      kind: true,
      title: true,
      detail: true,
      link: true,
      createdAt: true,
      readAt: true,
      authority: { select: { name: true } },
    },
  });
  return pageOf(
    rows.map((r) => ({ ...r, link: insideApp(r.link) })),
    page,
  );
}

/**
 * Marks the user's unread notifications read: the one given, or all of them.
 * Another person's notification (or an unknown id) changes nothing.
 */
export async function markNotificationsRead({
  userId,
  notificationId,
  now = new Date(),
}: {
  userId: string;
  /** Only this one; all when absent. */
  notificationId?: string;
  now?: Date;
}): Promise<{ marked: number }> {
  const { count } = await getDb().notification.updateMany({
    where: { ...visibleTo(userId), readAt: null, ...(notificationId === undefined ? {} : { id: notificationId }) },
    data: { readAt: now },
  });
  return { marked: count };
}
