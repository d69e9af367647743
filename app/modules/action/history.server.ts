import { getDb } from "~/utils/db.server";

/** The audit history of one item, newest first (admins). Scoped to the authority. */
export async function listEntityAudit({ authorityId, entityType, entityId, take = 100 }: { authorityId: string; entityType: string; entityId: string; take?: number }) {
  return getDb().auditEvent.findMany({
    where: { authorityId, entityType, entityId },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, action: true, changes: true, createdAt: true, requestId: true, actor: { select: { name: true } } },
  });
}

/** People who can own actions in the authority, for the owner picker. */
export async function listPossibleOwners({ authorityId }: { authorityId: string }) {
  const rows = await getDb().membership.findMany({
    where: { authorityId, role: { in: ["admin", "action_owner", "partner", "board_member"] } },
    select: { user: { select: { id: true, name: true, organisation: true } } },
    orderBy: { user: { name: "asc" } },
  });
  return rows.map((r) => r.user);
}
