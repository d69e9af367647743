import type { Actor, ViewerCall } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/errors";
import { DONE_STATUSES } from "./status";

/** The columns of an action row in lists and tables (ActionTable). */
export const actionRowSelect = {
  id: true,
  title: true,
  status: true,
  rag: true,
  dueDate: true,
  progress: true,
  owner: { select: { name: true } },
} as const;

/** Live actions of a recommendation, in plan order. */
export const recommendationActionsQuery = {
  where: { deletedAt: null },
  orderBy: [{ position: "asc" as const }, { createdAt: "asc" as const }],
  select: actionRowSelect,
};

/**
 * Which actions the person may read, from their role: users whose role only
 * grants `own` access (partner users) see only the actions assigned to them
 * (`ownerId`); those who may change any action (admins) may also see removed
 * ones, to restore them.
 */
export function actionScope(viewer: Actor): { ownerId: string | null; seeRemoved: boolean } {
  const readsAll = roleHasPermission(viewer.role, "read:action:any");
  return {
    ownerId: readsAll ? null : viewer.id,
    seeRemoved: readsAll && roleHasPermission(viewer.role, "write:action:any"),
  };
}

function scopeWhere(authorityId: string, viewer: Actor) {
  const { ownerId, seeRemoved } = actionScope(viewer);
  return { authorityId, ...(seeRemoved ? {} : { deletedAt: null }), ...(ownerId ? { ownerId } : {}) };
}

/** One action with its recommendation and timeline. 404 outside the authority or the viewer's scope. */
export async function getAction({ authorityId, actionId, viewer }: ViewerCall & { actionId: string }) {
  const action = await getDb().action.findFirst({
    where: { id: actionId, ...scopeWhere(authorityId, viewer) },
    include: {
      owner: { select: { id: true, name: true, organisation: true } },
      recommendation: {
        select: {
          id: true,
          reference: true,
          text: true,
          kind: true,
          inspection: { select: { id: true, title: true, type: true, startDate: true } },
        },
      },
      milestones: { orderBy: [{ position: "asc" }, { createdAt: "asc" }] },
      updates: {
        orderBy: { createdAt: "desc" },
        take: 50,
        include: { author: { select: { name: true } } },
      },
    },
  });
  if (!action) throw notFound("action");
  return action;
}

/** How many of a person's open actions "My actions" shows; the rest are one link away in the action list. */
export const MY_ACTIONS_SHOWN = 20;

/**
 * A person's open actions in an authority, most urgent first: for open
 * actions, earliest due date first is overdue first (most overdue first),
 * then due soon, then later, then those with no due date. Bounded, with the
 * total so that the page can say how many more there are.
 */
export async function listActionsForOwner({
  authorityId,
  ownerId,
  take = MY_ACTIONS_SHOWN,
}: {
  authorityId: string;
  ownerId: string;
  take?: number;
}) {
  const where = { authorityId, ownerId, deletedAt: null, status: { notIn: [...DONE_STATUSES] } };
  const [rows, openCount] = await Promise.all([
    getDb().action.findMany({
      where,
      orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }, { id: "asc" }],
      take,
      select: {
        ...actionRowSelect,
        recommendation: {
          select: { reference: true, text: true, inspection: { select: { title: true, startDate: true } } },
        },
      },
    }),
    getDb().action.count({ where }),
  ]);
  return { rows, openCount };
}
