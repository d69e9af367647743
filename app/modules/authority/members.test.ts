/**
 * Managing members on the People page, against a real database: role
 * changes, removal (actions unassigned), cancelled invitations, each audited
 * in the same transaction; the last-admin guard; tenancy; and the route's own
 * permission check.
 */
import { expect, test } from "vitest";
import { AppError } from "~/utils/errors";
import { createSession } from "~/modules/auth/session.server";
import { createAction, createAuthority, createInspection } from "../../../prisma/factories";
import { rejection } from "../../../tests/helpers/errors";
import { invite } from "../../../tests/helpers/invitations";
import { createTenant } from "../../../tests/helpers/world";
import { action as peopleAction, loader as peopleLoader } from "~/routes/a.$authority.people";
import {
  cancelInvitation,
  changeMemberRole,
  getMemberForRemoval,
  inspectInvitation,
  removeMember,
} from "./service.server";

async function world() {
  const { db, authority, member: add } = await createTenant();
  const admin = await add("admin");
  const member = await add("viewer");
  const membershipOf = (userId: string) =>
    db.membership.findFirstOrThrow({ where: { authorityId: authority.id, userId } });
  return { db, authority, admin, member, membershipOf };
}

const changesOf = (row: { changes: string | null }) => JSON.parse(row.changes ?? "null") as unknown;

test("an admin changes a member's role; the change is audited with before and after, actor and request id", async () => {
  const { db, authority, admin, member, membershipOf } = await world();
  const membership = await membershipOf(member.id);
  const r = await changeMemberRole({
    authorityId: authority.id,
    membershipId: membership.id,
    role: "admin",
    actor: { id: admin.id, role: "admin", requestId: "req-role-1" },
  });
  expect(r).toMatchObject({ changed: true, from: "viewer", to: "admin", name: member.name, self: false });
  expect((await membershipOf(member.id)).role).toBe("admin");

  const audit = await db.auditEvent.findMany({
    where: { authorityId: authority.id, entityType: "Membership", entityId: membership.id },
  });
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({ action: "update", actorId: admin.id, requestId: "req-role-1" });
  expect(changesOf(audit[0]!)).toEqual({ role: ["viewer", "admin"] });

  // Choosing the role they already have changes nothing and records nothing.
  expect(
    await changeMemberRole({
      authorityId: authority.id,
      membershipId: membership.id,
      role: "admin",
      actor: { id: admin.id, role: "admin" },
    }),
  ).toMatchObject({ changed: false });
  expect(await db.auditEvent.count({ where: { authorityId: authority.id, entityType: "Membership" } })).toBe(1);
});

test("removing a member keeps their account, unassigns the actions they owned here (not elsewhere) and audits it all", async () => {
  const { db, authority, admin, member, membershipOf } = await world();
  const other = await createAuthority({ db });
  await db.membership.create({ data: { userId: member.id, authorityId: other.id, role: "action_owner" } });
  const rec = async (authorityId: string) =>
    (
      await createInspection({
        db,
        authorityId,
        recommendations: [{ reference: "R1", text: "Improve.", kind: "improvement_item" }],
      })
    ).recommendations[0]!;
  const here = await rec(authority.id);
  const there = await rec(other.id);
  const a1 = await createAction({ db, authorityId: authority.id, recommendationId: here.id, ownerId: member.id });
  const a2 = await createAction({ db, authorityId: authority.id, recommendationId: here.id, ownerId: member.id });
  await db.action.update({ where: { id: a2.id }, data: { deletedAt: new Date() } }); // a removed action too
  const adminsAction = await createAction({
    db,
    authorityId: authority.id,
    recommendationId: here.id,
    ownerId: admin.id,
  });
  const elsewhere = await createAction({ db, authorityId: other.id, recommendationId: there.id, ownerId: member.id });
  const { token } = await createSession({ userId: member.id, authorityId: authority.id });
  const membership = await membershipOf(member.id);

  const preview = await getMemberForRemoval({ authorityId: authority.id, membershipId: membership.id });
  expect(preview).toMatchObject({ ownedActions: 1, isLastAdmin: false, user: { email: member.email } });

  const r = await removeMember({
    authorityId: authority.id,
    membershipId: membership.id,
    actor: { id: admin.id, role: "admin", requestId: "req-remove-1" },
  });
  expect(r).toEqual({ name: member.name, email: member.email, unassignedActions: 2, self: false });

  expect(await db.membership.findFirst({ where: { authorityId: authority.id, userId: member.id } })).toBeNull();
  expect(await db.user.findUnique({ where: { id: member.id } })).not.toBeNull();
  expect(await db.membership.count({ where: { userId: member.id, authorityId: other.id } })).toBe(1);
  const after = await db.action.findMany({ where: { id: { in: [a1.id, a2.id, adminsAction.id, elsewhere.id] } } });
  const owner = (id: string) => after.find((a) => a.id === id)!;
  expect(owner(a1.id).ownerId).toBeNull();
  expect(owner(a1.id).version).toBe(a1.version + 1);
  expect(owner(a2.id).ownerId).toBeNull();
  expect(owner(adminsAction.id).ownerId).toBe(admin.id);
  expect(owner(elsewhere.id).ownerId).toBe(member.id);
  // Still signed in, but no longer pointed at this authority.
  expect((await db.session.findFirstOrThrow({ where: { userId: member.id } })).authorityId).toBeNull();
  expect(token).toBeTruthy();

  const audit = await db.auditEvent.findMany({ where: { authorityId: authority.id, requestId: "req-remove-1" } });
  expect(audit.every((e) => e.actorId === admin.id)).toBe(true);
  const del = audit.find((e) => e.entityType === "Membership")!;
  expect(del).toMatchObject({ action: "delete", entityId: membership.id });
  expect(changesOf(del)).toEqual({ userId: [member.id, null], email: [member.email, null], role: ["viewer", null] });
  const unassigned = audit.filter((e) => e.entityType === "Action");
  expect(unassigned.map((e) => e.entityId).sort()).toEqual([a1.id, a2.id].sort());
  expect(
    unassigned.every(
      (e) => e.action === "update" && JSON.stringify(changesOf(e)) === JSON.stringify({ ownerId: [member.id, null] }),
    ),
  ).toBe(true);
  expect(await db.auditEvent.count({ where: { authorityId: other.id } })).toBe(0);
});

test("the last admin cannot demote or remove themselves; with a second admin they can", async () => {
  const { db, authority, admin, member, membershipOf } = await world();
  const own = await membershipOf(admin.id);
  const demote = await rejection(
    changeMemberRole({
      authorityId: authority.id,
      membershipId: own.id,
      role: "viewer",
      actor: { id: admin.id, role: "admin" },
    }),
  );
  expect(demote.status).toBe(409);
  expect(demote.message).toBe(
    `You are the only admin of ${authority.name}. Make someone else an admin first, then you can change your own role.`,
  );
  const remove = await rejection(
    removeMember({ authorityId: authority.id, membershipId: own.id, actor: { id: admin.id, role: "admin" } }),
  );
  expect(remove.status).toBe(409);
  expect(remove.message).toMatch(/only admin .* then you can leave\.$/);
  expect((await getMemberForRemoval({ authorityId: authority.id, membershipId: own.id })).isLastAdmin).toBe(true);
  expect((await membershipOf(admin.id)).role).toBe("admin");
  expect(await db.auditEvent.count({ where: { authorityId: authority.id } })).toBe(0);

  await changeMemberRole({
    authorityId: authority.id,
    membershipId: (await membershipOf(member.id)).id,
    role: "admin",
    actor: { id: admin.id, role: "admin" },
  });
  const r = await changeMemberRole({
    authorityId: authority.id,
    membershipId: own.id,
    role: "board_member",
    actor: { id: admin.id, role: "admin" },
  });
  expect(r).toMatchObject({ changed: true, self: true });
  // Now a board member: no longer allowed to manage members.
  expect(
    (
      await rejection(
        removeMember({
          authorityId: authority.id,
          membershipId: (await membershipOf(member.id)).id,
          actor: { id: admin.id, role: "admin" },
        }),
      )
    ).status,
  ).toBe(403);
});

test("two admins demoting each other at the same moment still leave one admin", async () => {
  const { db, authority, admin, member, membershipOf } = await world();
  await db.membership.update({ where: { id: (await membershipOf(member.id)).id }, data: { role: "admin" } });
  const [a, b] = [await membershipOf(admin.id), await membershipOf(member.id)];
  const results = await Promise.allSettled([
    changeMemberRole({
      authorityId: authority.id,
      membershipId: a.id,
      role: "viewer",
      actor: { id: admin.id, role: "admin" },
    }),
    changeMemberRole({
      authorityId: authority.id,
      membershipId: b.id,
      role: "viewer",
      actor: { id: member.id, role: "admin" },
    }),
  ]);
  expect(results.filter((x) => x.status === "fulfilled")).toHaveLength(1);
  expect(await db.membership.count({ where: { authorityId: authority.id, role: "admin" } })).toBe(1);
});

test("a membership or invitation of another authority is not found, and nothing changes there", async () => {
  const { db, authority, admin } = await world();
  const theirs = await world();
  const theirMembership = await theirs.membershipOf(theirs.member.id);
  const { invitation } = await invite({
    authorityId: theirs.authority.id,
    admin: theirs.admin,
    role: "viewer",
    local: "x",
  });
  const scope = { authorityId: authority.id, actor: { id: admin.id, role: "admin" as const } };
  expect(
    (await rejection(changeMemberRole({ ...scope, membershipId: theirMembership.id, role: "admin" }))).status,
  ).toBe(404);
  expect((await rejection(removeMember({ ...scope, membershipId: theirMembership.id }))).status).toBe(404);
  expect(
    (await rejection(getMemberForRemoval({ authorityId: authority.id, membershipId: theirMembership.id }))).status,
  ).toBe(404);
  expect((await rejection(cancelInvitation({ ...scope, invitationId: invitation.id }))).status).toBe(404);
  // Acting as an admin of one's own authority on the other's id, even with its authorityId, is refused.
  expect(
    (
      await rejection(
        changeMemberRole({
          authorityId: theirs.authority.id,
          actor: { id: admin.id, role: "admin" },
          membershipId: theirMembership.id,
          role: "admin",
        }),
      )
    ).status,
  ).toBe(403);
  expect((await theirs.membershipOf(theirs.member.id)).role).toBe("viewer");
  expect((await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).revokedAt).toBeNull();
});

test("a non-admin member cannot change roles, remove members or cancel invitations", async () => {
  const { authority, admin, member, membershipOf } = await world();
  const adminMembership = await membershipOf(admin.id);
  const { invitation } = await invite({ authorityId: authority.id, admin, role: "viewer", local: "y" });
  const scope = { authorityId: authority.id, actor: { id: member.id, role: "viewer" as const } };
  expect(
    (await rejection(changeMemberRole({ ...scope, membershipId: (await membershipOf(member.id)).id, role: "admin" })))
      .status,
  ).toBe(403);
  expect((await rejection(removeMember({ ...scope, membershipId: adminMembership.id }))).status).toBe(403);
  expect((await rejection(cancelInvitation({ ...scope, invitationId: invitation.id }))).status).toBe(403);
  expect((await membershipOf(member.id)).role).toBe("viewer");
});

test("cancelling an invitation stops its link and is audited; a used one cannot be cancelled", async () => {
  const { db, authority, admin } = await world();
  const { token, invitation } = await invite({ authorityId: authority.id, admin, role: "partner", local: "z" });
  expect(
    await cancelInvitation({
      authorityId: authority.id,
      invitationId: invitation.id,
      actor: { id: admin.id, role: "admin", requestId: "req-cancel-1" },
    }),
  ).toEqual({ email: invitation.email });
  expect(await inspectInvitation({ token })).toEqual({ status: "used" });
  const audit = await db.auditEvent.findFirstOrThrow({
    where: { authorityId: authority.id, entityType: "Invitation", action: "cancel" },
  });
  expect(audit).toMatchObject({ entityId: invitation.id, actorId: admin.id, requestId: "req-cancel-1" });
  expect(changesOf(audit)).toEqual({ revokedAt: [null, expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/)] });
  const again = await rejection(
    cancelInvitation({
      authorityId: authority.id,
      invitationId: invitation.id,
      actor: { id: admin.id, role: "admin" },
    }),
  );
  expect(again.status).toBe(409);
});

// ---- through the route: permission, parsing and responses -------------------

async function post(token: string, slug: string, fields: Record<string, string>) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  const request = new Request(`http://localhost/a/${slug}/people`, {
    method: "POST",
    body,
    headers: { Cookie: `ib_session=${token}` },
  });
  try {
    const res = await peopleAction({ request, params: { authority: slug }, context: undefined } as never);
    if (res instanceof Response) return { status: res.status, data: null, location: res.headers.get("Location") };
    const d = res as unknown as {
      data: { notice: { message: string } | null; result?: { error?: Record<string, string[]> } };
      init: { status?: number } | null;
    };
    return { status: d.init?.status ?? 200, data: d.data, location: null };
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, data: null, location: null };
    throw error;
  }
}

test("the People page action: admins change roles, others get 403, foreign ids 404, the last admin sees why", async () => {
  const { db, authority, admin, member, membershipOf } = await world();
  const theirs = await world();
  const slug = authority.slug;
  const viewer = await createSession({ userId: member.id, authorityId: authority.id });
  const target = await membershipOf(member.id);
  expect(
    (await post(viewer.token, slug, { intent: "change-role", membershipId: target.id, role: "admin" })).status,
  ).toBe(403);
  expect((await membershipOf(member.id)).role).toBe("viewer");

  const mine = await createSession({ userId: admin.id, authorityId: authority.id });
  const ok = await post(mine.token, slug, { intent: "change-role", membershipId: target.id, role: "action_owner" });
  expect(ok.status).toBe(200);
  expect(ok.data?.notice?.message).toBe(`${member.name}’s role has changed from Viewer (read-only) to Action owner.`);
  expect((await membershipOf(member.id)).role).toBe("action_owner");

  const foreign = await theirs.membershipOf(theirs.member.id);
  expect(
    (await post(mine.token, slug, { intent: "change-role", membershipId: foreign.id, role: "admin" })).status,
  ).toBe(404);
  expect((await post(mine.token, slug, { intent: "remove-member", membershipId: foreign.id })).status).toBe(404);
  const removeLoader = new Request(`http://localhost/a/${slug}/people?remove=${foreign.id}`, {
    headers: { Cookie: `ib_session=${mine.token}` },
  });
  const loaded = await peopleLoader({
    request: removeLoader,
    params: { authority: slug },
    context: undefined,
  } as never).catch((e: unknown) => e);
  expect((loaded as AppError).status).toBe(404);

  const guard = await post(mine.token, slug, {
    intent: "change-role",
    membershipId: (await membershipOf(admin.id)).id,
    role: "viewer",
  });
  expect(guard.status).toBe(409);
  expect(guard.data?.result?.error?.role?.[0]).toMatch(/^You are the only admin of /);
  expect(
    (await post(mine.token, slug, { intent: "change-role", membershipId: target.id, role: "superuser" })).status,
  ).toBe(400);

  const removed = await post(mine.token, slug, { intent: "remove-member", membershipId: target.id });
  expect(removed.status).toBe(200);
  expect(removed.data?.notice?.message).toContain("has been removed from");
  expect(await db.membership.count({ where: { id: target.id } })).toBe(0);
});
