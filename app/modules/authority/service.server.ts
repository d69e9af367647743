import { getDb } from "~/utils/db.server";
import { AppError, notFound } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/service.server";
import { hashPassword, passwordProblem } from "~/modules/auth/password.server";
import { createSession, generateToken, hashToken } from "~/modules/auth/session.server";
import { isRole, type Role } from "~/modules/auth/permissions";

export const INVITATION_TTL_MS = 1000 * 60 * 60 * 24 * 7; // 7 days

export async function getAuthorityBySlug({ slug }: { slug: string }) {
  const authority = await getDb().authority.findUnique({ where: { slug } });
  if (!authority) throw notFound("authority");
  return authority;
}

export async function listMembers({ authorityId }: { authorityId: string }) {
  return getDb().membership.findMany({
    where: { authorityId },
    orderBy: { user: { name: "asc" } },
    select: { id: true, role: true, createdAt: true, user: { select: { id: true, name: true, email: true, organisation: true } } },
  });
}

export async function listPendingInvitations({ authorityId, now = new Date() }: { authorityId: string; now?: Date }) {
  return getDb().invitation.findMany({
    where: { authorityId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: { id: true, email: true, role: true, expiresAt: true, invitedBy: { select: { name: true } } },
  });
}

/**
 * Invites someone to the authority with a role. Returns the single-use token
 * for the link; only its hash is stored.
 */
export async function createInvitation({
  authorityId,
  email,
  role,
  actorId,
  requestId,
}: {
  authorityId: string;
  email: string;
  role: Role;
  actorId: string;
  requestId?: string;
}) {
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
      data: { authorityId, email, role, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + INVITATION_TTL_MS), invitedById: actorId },
    });
    await recordAudit({ tx, authorityId, actorId, action: "invite", entityType: "Invitation", entityId: created.id, changes: { role: [null, role] }, requestId });
    return created;
  });
  return { token, invitation };
}

export type InvitationState =
  | { status: "valid"; email: string; role: Role; authorityName: string; hasAccount: boolean }
  | { status: "expired" | "used" | "unknown" };

/** What the invite link shows. Never throws for a bad link: the page explains it. */
export async function inspectInvitation({ token, now = new Date() }: { token: string; now?: Date }): Promise<InvitationState> {
  const invitation = await getDb().invitation.findUnique({
    where: { tokenHash: hashToken(token) },
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
    new AppError({ status: 410, message: "This invitation link has expired or has already been used. Ask your admin for a new one." });
  const preview = await db.invitation.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!preview || preview.acceptedAt || preview.revokedAt || preview.expiresAt <= new Date()) throw gone();
  const existing = await db.user.findUnique({ where: { email: preview.email } });
  const joiningExisting = Boolean(existing?.passwordHash);
  let passwordHash: string | null = null;
  if (joiningExisting) {
    if (!signedInUserId || signedInUserId !== existing!.id) {
      throw new AppError({ status: 403, message: "You already have an account. Sign in with it first, then open the invitation link again." });
    }
  } else {
    const problem = password === undefined ? "Enter a password" : passwordProblem(password);
    if (problem) throw new AppError({ status: 400, message: problem });
    if (!name?.trim()) throw new AppError({ status: 400, message: "Enter your full name" });
    passwordHash = await hashPassword(password!);
  }
  const result = await db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({ where: { tokenHash: hashToken(token) } });
    if (!invitation || !isRole(invitation.role) || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= new Date()) {
      throw gone();
    }
    // Single use, even under a double submit: only the first update matches.
    const { count } = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null }, data: { acceptedAt: new Date() } });
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
