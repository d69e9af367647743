import { rolesWith } from "~/modules/auth/permissions";
import { getDb } from "~/utils/db.server";
import { fail, ok, type Result } from "~/utils/result";

/** The audit history of one item, newest first (admins). Scoped to the authority. */
export async function listEntityAudit({
  authorityId,
  entityType,
  entityId,
  take = 100,
}: {
  authorityId: string;
  entityType: string;
  entityId: string;
  take?: number;
}) {
  return getDb().auditEvent.findMany({
    where: { authorityId, entityType, entityId },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      action: true,
      changes: true,
      createdAt: true,
      requestId: true,
      actor: { select: { name: true } },
    },
  });
}

/** Roles that may own an action, from the matrix. */
const OWNER_ROLES = rolesWith("hold:action:own");
/** Above this many possible owners, pickers ask for an email address instead of listing everyone (the page must not grow with the authority). */
export const OWNER_SELECT_LIMIT = 150;

export type OwnerChoices =
  { mode: "select"; people: { id: string; name: string; organisation: string | null }[] } | { mode: "email" };

/** People who can own actions in the authority, for the owner picker: a list when it is short, else "type an email". */
export async function ownerChoices({ authorityId }: { authorityId: string }): Promise<OwnerChoices> {
  const rows = await getDb().membership.findMany({
    where: { authorityId, role: { in: OWNER_ROLES } },
    select: { user: { select: { id: true, name: true, organisation: true } } },
    orderBy: { user: { name: "asc" } },
    take: OWNER_SELECT_LIMIT + 1,
  });
  if (rows.length > OWNER_SELECT_LIMIT) return { mode: "email" };
  return { mode: "select", people: rows.map((r) => r.user) };
}

/**
 * What an owner field holds (a user id from the list, or an email typed in
 * its place) as a member of the authority. `null` input means unassigned.
 */
export async function resolveOwner({
  authorityId,
  value,
}: {
  authorityId: string;
  value: string | null;
}): Promise<Result<{ id: string | null }>> {
  if (!value) return ok({ id: null });
  const byEmail = value.includes("@");
  const member = await getDb().membership.findFirst({
    where: { authorityId, ...(byEmail ? { user: { email: value.trim().toLowerCase() } } : { userId: value }) },
    select: { userId: true },
  });
  if (member) return ok({ id: member.userId });
  return fail(
    byEmail ? "No one with that email address is a member of this authority" : "Choose an owner from this authority",
  );
}

/** The email of a member, for an owner field in email mode (admins only). */
export async function memberEmail({
  authorityId,
  userId,
}: {
  authorityId: string;
  userId: string | null | undefined;
}): Promise<string | null> {
  if (!userId) return null;
  const m = await getDb().membership.findFirst({
    where: { authorityId, userId },
    select: { user: { select: { email: true } } },
  });
  return m?.user.email ?? null;
}
