import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/errors";

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
 * Who is asking, for row-level scope: users whose role only grants `own`
 * access (partner users) see only actions assigned to them.
 */
export type ActionViewer = { userId: string; scope: "any" | "own"; /** Admins may open a removed action to restore it. */ seeRemoved?: boolean };

function scopeWhere(authorityId: string, viewer: ActionViewer) {
  return {
    authorityId,
    ...(viewer.seeRemoved && viewer.scope === "any" ? {} : { deletedAt: null }),
    ...(viewer.scope === "own" ? { ownerId: viewer.userId } : {}),
  };
}

/** One action with its recommendation and timeline. 404 outside the authority or the viewer's scope. */
export async function getAction({ authorityId, actionId, viewer }: { authorityId: string; actionId: string; viewer: ActionViewer }) {
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

/** Actions assigned to a user in an authority, earliest due first. */
export async function listActionsForOwner({ authorityId, ownerId }: { authorityId: string; ownerId: string }) {
  return getDb().action.findMany({
    where: { authorityId, ownerId, deletedAt: null },
    orderBy: [{ dueDate: "asc" }, { createdAt: "asc" }],
    take: 200,
    select: {
      ...actionRowSelect,
      recommendation: { select: { reference: true, text: true, inspection: { select: { title: true, startDate: true } } } },
    },
  });
}
