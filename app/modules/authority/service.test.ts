import { expect, test } from "vitest";
import { createUser } from "../../../prisma/factories";
import { rejection } from "../../../tests/helpers/errors";
import { invite } from "../../../tests/helpers/invitations";
import { createTenant } from "../../../tests/helpers/world";
import { validateSessionToken } from "~/modules/auth/session.server";
import { verifyPassword } from "~/modules/auth/password.server";
import { acceptInvitation, inspectInvitation } from "./service.server";

async function setup() {
  const { db, authority, member } = await createTenant();
  return { db, authority, admin: await member("admin") };
}

test("an invitee sets their own password from the link, once, and is signed in with the invited role", async () => {
  const { db, authority, admin } = await setup();
  const email = `invitee-${Date.now()}@example.test`;
  const { token } = await invite({ authorityId: authority.id, admin, role: "action_owner", email });
  expect(await inspectInvitation({ token })).toMatchObject({
    status: "valid",
    email,
    role: "action_owner",
    hasAccount: false,
  });

  expect((await rejection(acceptInvitation({ token, name: "New Person", password: "short" }))).status).toBe(400);
  expect((await rejection(acceptInvitation({ token, name: "New Person", password: "password1234" }))).message).toMatch(
    /too common/,
  );

  const accepted = await acceptInvitation({ token, name: "New Person", password: "Heron-Violet-Quarry-7" });
  const session = await validateSessionToken(accepted.token);
  expect(session?.user.email).toBe(email);
  const membership = await db.membership.findFirst({ where: { authorityId: authority.id, user: { email } } });
  expect(membership?.role).toBe("action_owner");
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  expect(await verifyPassword(user.passwordHash!, "Heron-Violet-Quarry-7")).toBe(true);

  // Single use.
  expect(await inspectInvitation({ token })).toEqual({ status: "used" });
  expect(
    (await rejection(acceptInvitation({ token, name: "Someone Else", password: "Another-Long-Pass-8" }))).status,
  ).toBe(410);
  // Audited, without the password.
  const audit = await db.auditEvent.findMany({
    where: { authorityId: authority.id, entityType: { in: ["Invitation", "Membership"] } },
  });
  expect(audit.map((a) => a.action).sort()).toEqual(["create", "invite"]);
  expect(JSON.stringify(audit)).not.toContain("Heron");
});

test("an expired invitation link is refused with a clear state", async () => {
  const { db, authority, admin } = await setup();
  const { token, invitation } = await invite({ authorityId: authority.id, admin, role: "viewer", local: "late" });
  await db.invitation.update({ where: { id: invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  expect(await inspectInvitation({ token })).toEqual({ status: "expired" });
  expect((await rejection(acceptInvitation({ token, name: "Late", password: "Heron-Violet-Quarry-7" }))).status).toBe(
    410,
  );
  expect(await inspectInvitation({ token: "not-a-real-token" })).toEqual({ status: "unknown" });
});

test("a link for someone who already has an account never signs in without that account's session", async () => {
  const { db, authority, admin } = await setup();
  const existing = await createUser({ db, password: "Existing-Account-Pass-1" });
  const { token } = await invite({ authorityId: authority.id, admin, role: "viewer", email: existing.email });
  expect(
    (await rejection(acceptInvitation({ token, name: "Hijacker", password: "Hijacker-Password-99" }))).status,
  ).toBe(403);
  const stranger = await createUser({ db });
  expect((await rejection(acceptInvitation({ token, signedInUserId: stranger.id }))).status).toBe(403);
  await acceptInvitation({ token, signedInUserId: existing.id });
  expect(await db.membership.count({ where: { userId: existing.id, authorityId: authority.id } })).toBe(1);
  const after = await db.user.findUniqueOrThrow({ where: { id: existing.id } });
  expect(after.name).toBe(existing.name);
});

test("inviting an existing member is refused; a new invitation replaces a pending one", async () => {
  const { authority, admin } = await setup();
  expect(
    (await rejection(invite({ authorityId: authority.id, admin, role: "viewer", email: admin.email }))).status,
  ).toBe(409);
  const email = `twice-${Date.now()}@example.test`;
  const first = await invite({ authorityId: authority.id, admin, role: "viewer", email });
  await invite({ authorityId: authority.id, admin, role: "board_member", email });
  expect(await inspectInvitation({ token: first.token })).toEqual({ status: "used" });
});
