/**
 * Invitations as an authority's admin sends them from the People page.
 */
import type { Role } from "../../app/modules/auth/permissions";
import { createInvitation } from "../../app/modules/authority/service.server";

/**
 * `admin` (an admin of the authority) invites `email` to it as `role`; with
 * no email, a new address starting `local`.
 */
export const invite = ({
  authorityId,
  admin,
  role,
  email,
  local = "invitee",
}: {
  authorityId: string;
  admin: { id: string };
  role: Role;
  email?: string;
  local?: string;
}) =>
  createInvitation({
    authorityId,
    email: email ?? `${local}-${Date.now()}@example.test`,
    role,
    actor: { id: admin.id, role: "admin" },
  });
