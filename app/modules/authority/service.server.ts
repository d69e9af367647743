import { getDb, type Prisma } from "~/utils/db.server";
import { AppError, conflict, forbidden, notFound } from "~/utils/errors";
import { applyActionChange } from "~/modules/action/apply.server";
import { recordAudit } from "~/modules/audit/service.server";
import { hashPassword, passwordProblem } from "~/modules/auth/password.server";
import {
  createSession,
  generateToken,
  hashToken,
  type LinkLookup,
  type LinkState,
} from "~/modules/auth/session.server";
import type { Actor, ActorCall } from "~/modules/auth/actor";
import { isRole, ROLE_LABELS, roleHasPermission, rolesWith, type Role } from "~/modules/auth/permissions";
import { queueNotifications } from "~/modules/notify/outbox.server";
import type { SecretLink } from "~/modules/notify/secret-links.server";

/** The roles that manage members (admins): an authority always keeps at least one member in one of them. */
const MEMBER_MANAGERS = rolesWith("manage:members:any");
const managesMembers = (role: string) => isRole(role) && roleHasPermission(role, "manage:members:any");

export const INVITATION_TTL_MS = 1000 * 60 * 60 * 24 * 7; // 7 days

export async function listMembers({ authorityId }: { authorityId: string }) {
  return getDb().membership.findMany({
    where: { authorityId },
    orderBy: { user: { name: "asc" } },
    select: {
      id: true,
      role: true,
      createdAt: true,
      user: { select: { id: true, name: true, email: true, organisation: true } },
    },
  });
}

export async function listPendingInvitations({ authorityId, now = new Date() }: { authorityId: string; now?: Date }) {
  return getDb().invitation.findMany({
    where: { authorityId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: { id: true, email: true, role: true, expiresAt: true, invitedBy: { select: { name: true } } },
  });
}

/** The invitation email's event key names its invitation: "invitation:<Invitation id>". */
const INVITATION_EVENT_PREFIX = "invitation:";

/**
 * Invites someone to the authority with a role. Returns the single-use token
 * for the link the admin may copy; only its hash is stored. In the same
 * transaction an `invitation` email is queued to the address, with a link of
 * its own made when it is sent (mintInvitationLink). So that the email has
 * a recipient, someone new becomes a user without a password now rather
 * than on accepting.
 */
export async function createInvitation({ authorityId, email, role, actor }: ActorCall & { email: string; role: Role }) {
  const { id: actorId, requestId } = actor;
  const db = getDb();
  const existing = await db.membership.findFirst({ where: { authorityId, user: { email } }, select: { id: true } });
  if (existing) throw new AppError({ status: 409, message: "That person is already a member of this authority." });
  const token = generateToken();
  const invitation = await db.$transaction(async (tx) => {
    // A new invitation replaces any pending one for the same address.
    await tx.invitation.updateMany({
      where: { authorityId, email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const created = await tx.invitation.create({
      data: {
        authorityId,
        email,
        role,
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        invitedById: actorId,
      },
    });
    await recordAudit({
      tx,
      authorityId,
      actorId,
      action: "invite",
      entityType: "Invitation",
      entityId: created.id,
      changes: { role: [null, role] },
      requestId,
    });
    const authority = await tx.authority.findUniqueOrThrow({ where: { id: authorityId }, select: { name: true } });
    // Until they accept, someone new has the address as their name (acceptInvitation sets theirs).
    const invitee = await tx.user.upsert({ where: { email }, create: { email, name: email }, update: {} });
    await queueNotifications(tx, [
      {
        authorityId,
        userId: invitee.id,
        kind: "invitation",
        eventKey: `${INVITATION_EVENT_PREFIX}${created.id}`,
        title: `Join ${authority.name} on Improvement Board as ${ROLE_LABELS[role]}`,
        link: "/",
      },
    ]);
    return created;
  });
  return { token, invitation };
}

/** As the invitation email is sent: a new token for its link, if the invitation is still pending. */
export async function mintInvitationLink(eventKey: string): Promise<SecretLink | null> {
  if (!eventKey.startsWith(INVITATION_EVENT_PREFIX)) return null;
  const token = generateToken();
  const { count } = await getDb().invitation.updateMany({
    where: {
      id: eventKey.slice(INVITATION_EVENT_PREFIX.length),
      acceptedAt: null,
      revokedAt: null,
      expiresAt: { gt: new Date() },
    },
    data: { emailTokenHash: hashToken(token) },
  });
  return count === 1 ? { path: `/invite/${token}`, token } : null;
}

/** The invitation a link opens: the admin's copyable link or the emailed one. */
const byToken = (token: string) => {
  const hash = hashToken(token);
  return { OR: [{ tokenHash: hash }, { emailTokenHash: hash }] };
};

export type InvitationState = LinkState<{ email: string; role: Role; authorityName: string; hasAccount: boolean }>;

/** What the invite link shows. Never throws for a bad link: the page explains it. */
export async function inspectInvitation({ token, now = new Date() }: LinkLookup): Promise<InvitationState> {
  const invitation = await getDb().invitation.findFirst({
    where: byToken(token),
    include: { authority: { select: { name: true } } },
  });
  if (!invitation || !isRole(invitation.role)) return { status: "unknown" };
  if (invitation.acceptedAt || invitation.revokedAt) return { status: "used" };
  if (invitation.expiresAt <= now) return { status: "expired" };
  const user = await getDb().user.findUnique({ where: { email: invitation.email }, select: { passwordHash: true } });
  return {
    status: "valid",
    email: invitation.email,
    role: invitation.role,
    authorityName: invitation.authority.name,
    hasAccount: Boolean(user?.passwordHash),
  };
}

/**
 * Accepts an invitation. A new user sets their name and password; someone who
 * already has an account must be signed in as that account (the link alone
 * never signs anyone in to an existing account). Adds the membership, marks
 * the link used and returns a new session. The link works once.
 */
export async function acceptInvitation({
  token,
  name,
  password,
  signedInUserId,
  requestId,
}: {
  token: string;
  name?: string;
  password?: string;
  signedInUserId?: string | null;
  requestId?: string;
}) {
  const db = getDb();
  const gone = () =>
    new AppError({
      status: 410,
      message: "This invitation link has expired or has already been used. Ask your admin for a new one.",
    });
  const preview = await db.invitation.findFirst({ where: byToken(token) });
  if (!preview || preview.acceptedAt || preview.revokedAt || preview.expiresAt <= new Date()) throw gone();
  const existing = await db.user.findUnique({ where: { email: preview.email } });
  const joiningExisting = Boolean(existing?.passwordHash);
  let passwordHash: string | null = null;
  if (joiningExisting) {
    if (!signedInUserId || signedInUserId !== existing!.id) {
      throw new AppError({
        status: 403,
        message: "You already have an account. Sign in with it first, then open the invitation link again.",
      });
    }
  } else {
    const problem = password === undefined ? "Enter a password" : passwordProblem(password);
    if (problem) throw new AppError({ status: 400, message: problem });
    if (!name?.trim()) throw new AppError({ status: 400, message: "Enter your full name" });
    passwordHash = await hashPassword(password!);
  }
  const result = await db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findFirst({ where: byToken(token) });
    if (
      !invitation ||
      !isRole(invitation.role) ||
      invitation.acceptedAt ||
      invitation.revokedAt ||
      invitation.expiresAt <= new Date()
    ) {
      throw gone();
    }
    // Single use, even under a double submit: only the first update matches.
    const { count } = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null },
      data: { acceptedAt: new Date() },
    });
    if (count !== 1) throw new AppError({ status: 410, message: "This invitation link has already been used." });
    const current = await tx.user.findUnique({ where: { email: invitation.email } });
    const user = joiningExisting
      ? current!
      : current
        ? await tx.user.update({ where: { id: current.id }, data: { name: name!.trim(), passwordHash } })
        : await tx.user.create({ data: { email: invitation.email, name: name!.trim(), passwordHash } });
    const membership = await tx.membership.upsert({
      where: { userId_authorityId: { userId: user.id, authorityId: invitation.authorityId } },
      update: {},
      create: { userId: user.id, authorityId: invitation.authorityId, role: invitation.role },
    });
    await recordAudit({
      tx,
      authorityId: invitation.authorityId,
      actorId: user.id,
      action: "create",
      entityType: "Membership",
      entityId: membership.id,
      changes: { role: [null, invitation.role] },
      requestId,
    });
    return { userId: user.id, authorityId: invitation.authorityId };
  });
  const session = await createSession({ userId: result.userId, authorityId: result.authorityId });
  return { ...result, ...session };
}

// ---- managing members and invitations (People page) --------------------------
//
// Every change below runs in one transaction that first locks the authority's
// row, then re-checks that the actor may manage members and that the change
// leaves the authority with an admin, then writes the change and its audit
// event. The lock serialises member changes within one authority, so two admins
// demoting each other at the same moment cannot leave it with none (PostgreSQL
// takes a row lock; SQLite serialises writers anyway).

type Tx = Prisma.TransactionClient;

async function lockAuthority(tx: Tx, authorityId: string) {
  return tx.authority.update({
    where: { id: authorityId },
    data: { updatedAt: new Date() },
    select: { id: true, name: true },
  });
}

/** The actor must manage members in this authority now, not just when the page loaded. */
async function requireMemberManager(
  tx: Tx,
  { authorityId, actor }: { authorityId: string; actor: Actor },
): Promise<Actor> {
  const now = await tx.membership.findFirst({ where: { authorityId, userId: actor.id }, select: { role: true } });
  if (!now || !isRole(now.role) || !roleHasPermission(now.role, "manage:members:any")) {
    throw forbidden("Only an authority admin can change who is a member and what they can do.");
  }
  return { ...actor, role: now.role };
}

async function findMembership(tx: Tx, { authorityId, membershipId }: { authorityId: string; membershipId: string }) {
  const membership = await tx.membership.findFirst({
    where: { id: membershipId, authorityId },
    select: { id: true, role: true, userId: true, user: { select: { name: true, email: true } } },
  });
  if (!membership) throw notFound("member");
  return membership;
}

/** Refuses a change that would leave the authority without an admin. */
async function keepAnAdmin(
  tx: Tx,
  {
    authority,
    membership,
    actorId,
    doing,
  }: {
    authority: { id: string; name: string };
    membership: { role: string; userId: string; user: { name: string } };
    actorId: string;
    doing: "demote" | "remove";
  },
) {
  if (!managesMembers(membership.role)) return;
  const admins = await tx.membership.count({ where: { authorityId: authority.id, role: { in: MEMBER_MANAGERS } } });
  if (admins > 1) return;
  const self = membership.userId === actorId;
  const who = self ? "You are" : `${membership.user.name} is`;
  const then =
    doing === "demote" ? (self ? "change your own role" : "change their role") : self ? "leave" : "remove them";
  throw conflict(`${who} the only admin of ${authority.name}. Make someone else an admin first, then you can ${then}.`);
}

/** One member, for the removal confirmation: who they are and what removing them would do. */
export async function getMemberForRemoval({
  authorityId,
  membershipId,
}: {
  authorityId: string;
  membershipId: string;
}) {
  const db = getDb();
  const membership = await db.membership.findFirst({
    where: { id: membershipId, authorityId },
    select: { id: true, role: true, user: { select: { id: true, name: true, email: true } } },
  });
  if (!membership) throw notFound("member");
  const [ownedActions, admins] = await Promise.all([
    db.action.count({ where: { authorityId, ownerId: membership.user.id, deletedAt: null } }),
    db.membership.count({ where: { authorityId, role: { in: MEMBER_MANAGERS } } }),
  ]);
  return { ...membership, ownedActions, isLastAdmin: managesMembers(membership.role) && admins <= 1 };
}

/**
 * Changes a member's role. Audited as a Membership "update" with
 * { role: [before, after] }; choosing the role they already have changes nothing.
 */
export async function changeMemberRole({
  authorityId,
  membershipId,
  role,
  actor,
}: ActorCall & { membershipId: string; role: Role }) {
  const { id: actorId, requestId } = actor;
  return getDb().$transaction(async (tx) => {
    const authority = await lockAuthority(tx, authorityId);
    await requireMemberManager(tx, { authorityId, actor });
    const membership = await findMembership(tx, { authorityId, membershipId });
    const result = {
      membershipId,
      name: membership.user.name,
      from: membership.role,
      to: role,
      self: membership.userId === actorId,
    };
    if (membership.role === role) return { ...result, changed: false };
    if (!managesMembers(role)) await keepAnAdmin(tx, { authority, membership, actorId, doing: "demote" });
    await tx.membership.update({ where: { id: membership.id }, data: { role } });
    await recordAudit({
      tx,
      authorityId,
      actorId,
      action: "update",
      entityType: "Membership",
      entityId: membership.id,
      changes: { role: [membership.role, role] },
      requestId,
    });
    return { ...result, changed: true };
  });
}

/**
 * Removes someone from the authority. Their user account stays, and so does
 * everything they recorded; only the membership goes. In the same transaction:
 *  - every action of this authority they owned (removed ones too, so that a
 *    restore cannot bring back a non-member owner) becomes unassigned, with a
 *    new version and an Action "update" audit event { ownerId: [id, null] };
 *  - their sessions stop pointing at this authority as the one last used.
 * Audited as a Membership "delete" with who was removed and their role.
 */
export async function removeMember({ authorityId, membershipId, actor }: ActorCall & { membershipId: string }) {
  const { id: actorId, requestId } = actor;
  return getDb().$transaction(async (tx) => {
    const authority = await lockAuthority(tx, authorityId);
    const manager = await requireMemberManager(tx, { authorityId, actor });
    const membership = await findMembership(tx, { authorityId, membershipId });
    await keepAnAdmin(tx, { authority, membership, actorId, doing: "remove" });

    // Their actions (removed ones too) are unassigned through the action pipeline, each audited.
    const owned = await tx.action.findMany({
      where: { authorityId, ownerId: membership.userId },
      select: { id: true },
    });
    for (const action of owned) {
      const r = await applyActionChange({
        authorityId,
        actor: manager,
        tx,
        target: { actionId: action.id },
        change: { kind: "unassign" },
      });
      if (!r.ok) throw new AppError({ status: 409, message: "An action of this member changed meanwhile. Try again." });
    }
    await tx.session.updateMany({ where: { userId: membership.userId, authorityId }, data: { authorityId: null } });
    await tx.membership.delete({ where: { id: membership.id } });
    await recordAudit({
      tx,
      authorityId,
      actorId,
      action: "delete",
      entityType: "Membership",
      entityId: membership.id,
      changes: {
        userId: [membership.userId, null],
        email: [membership.user.email, null],
        role: [membership.role, null],
      },
      requestId,
    });
    return {
      name: membership.user.name,
      email: membership.user.email,
      unassignedActions: owned.length,
      self: membership.userId === actorId,
    };
  });
}

/** Cancels a pending invitation: its link stops working at once. Audited as an Invitation "cancel". */
export async function cancelInvitation({ authorityId, invitationId, actor }: ActorCall & { invitationId: string }) {
  const { id: actorId, requestId } = actor;
  return getDb().$transaction(async (tx) => {
    await lockAuthority(tx, authorityId);
    await requireMemberManager(tx, { authorityId, actor });
    const invitation = await tx.invitation.findFirst({
      where: { id: invitationId, authorityId },
      select: { id: true, email: true },
    });
    if (!invitation) throw notFound("invitation");
    const revokedAt = new Date();
    // Only a pending one: an accepted, cancelled or replaced invitation stays as it is.
    const { count } = await tx.invitation.updateMany({
      where: { id: invitation.id, authorityId, acceptedAt: null, revokedAt: null },
      data: { revokedAt },
    });
    if (count !== 1) throw conflict(`The invitation for ${invitation.email} has already been used or cancelled.`);
    await recordAudit({
      tx,
      authorityId,
      actorId,
      action: "cancel",
      entityType: "Invitation",
      entityId: invitation.id,
      changes: { revokedAt: [null, revokedAt.toISOString()] },
      requestId,
    });
    return { email: invitation.email };
  });
}
