/**
 * Who is told what when an action changes: the pipeline's events
 * (apply.server.ts) become notifications, in the same transaction.
 *  - assigned / unassigned: the new and the previous owner;
 *  - returned (with a challenge): the owner, with the challenge in-app;
 *  - submitted for review: the chairs of the boards that cover the action's
 *    inspection, and the authority's admins.
 * Nobody is told of their own change. Someone who may not read every action
 * (a partner) is told only about actions they own.
 */
import type { Tx } from "~/modules/action/apply.server";
import type { ActionEvent } from "~/modules/action/change";
import type { Actor } from "~/modules/auth/actor";
import { isRole, roleHasPermission, rolesWith } from "~/modules/auth/permissions";
import { authorityHref } from "~/utils/links";
import type { NotificationKind } from "./kinds";
import { queueNotifications, type NotificationInput } from "./outbox.server";

const TITLE_PREFIX: Partial<Record<NotificationKind, string>> = {
  action_assigned: "Assigned to you",
  action_unassigned: "No longer assigned to you",
  action_returned: "Returned with a challenge",
  action_submitted: "Submitted for review",
};

export async function notifyActionEvents(
  tx: Tx,
  {
    authorityId,
    actionId,
    version,
    events,
    actor,
    challenge,
  }: {
    authorityId: string;
    actionId: string;
    version: number;
    events: ActionEvent[];
    actor: Actor;
    /** The words of a return (the timeline entry), shown in-app to the owner. */
    challenge?: string | null;
  },
): Promise<void> {
  const wanted: { userId: string; kind: NotificationKind }[] = [];
  const relevant = events.filter((e) => ["assigned", "unassigned", "returned", "submitted"].includes(e.type));
  if (relevant.length === 0) return;
  const action = await tx.action.findFirst({
    where: { id: actionId, authorityId },
    select: {
      title: true,
      ownerId: true,
      recommendation: { select: { inspectionId: true } },
      authority: { select: { slug: true } },
    },
  });
  if (!action) return;
  for (const e of relevant) {
    if (e.type === "assigned") {
      wanted.push({ userId: e.ownerId, kind: "action_assigned" });
      if (e.previousOwnerId) wanted.push({ userId: e.previousOwnerId, kind: "action_unassigned" });
    } else if (e.type === "unassigned") {
      wanted.push({ userId: e.previousOwnerId, kind: "action_unassigned" });
    } else if (e.type === "returned" && action.ownerId) {
      wanted.push({ userId: action.ownerId, kind: "action_returned" });
    } else if (e.type === "submitted") {
      const [chairs, admins] = await Promise.all([
        tx.boardMember.findMany({
          where: {
            authorityId,
            boardRole: "chair",
            board: {
              OR: [
                { scopeAllInspections: true },
                { scopes: { some: { inspectionId: action.recommendation.inspectionId } } },
              ],
            },
          },
          select: { userId: true },
        }),
        // The authority's admins: the roles that manage its members.
        tx.membership.findMany({
          where: { authorityId, role: { in: rolesWith("manage:members:any") } },
          select: { userId: true },
        }),
      ]);
      for (const r of [...chairs, ...admins]) wanted.push({ userId: r.userId, kind: "action_submitted" });
    }
  }
  const recipients = wanted.filter((w) => w.userId !== actor.id);
  if (recipients.length === 0) return;
  const memberships = await tx.membership.findMany({
    where: { authorityId, userId: { in: recipients.map((r) => r.userId) } },
    select: { userId: true, role: true },
  });
  const roleOf = new Map(memberships.flatMap((m) => (isRole(m.role) ? [[m.userId, m.role] as const] : [])));
  const link = authorityHref(action.authority.slug, "/actions/:actionId", { actionId });
  const inputs: NotificationInput[] = recipients
    // Only members of the authority hear of it; a partner only of their own actions.
    .filter((r) => roleOf.has(r.userId))
    .filter(
      (r) =>
        roleHasPermission(roleOf.get(r.userId)!, "read:action:any") ||
        r.userId === action.ownerId ||
        r.kind === "action_unassigned",
    )
    .map((r) => ({
      authorityId,
      userId: r.userId,
      kind: r.kind,
      eventKey: `${r.kind}:${actionId}:v${version}`,
      title: `${TITLE_PREFIX[r.kind]}: ${action.title}`,
      detail: r.kind === "action_returned" ? (challenge ?? null) : null,
      link,
      actionId,
    }));
  await queueNotifications(tx, inputs);
}
