/**
 * Zod schemas for the People page's member forms, shared by the client
 * (constraints, validation before submit) and the route action (parsing).
 * The invite form's schema is InviteSchema in ~/modules/auth/forms.
 * Each form on the page carries its own `intent` literal.
 */
import { z } from "zod";
import { ROLES } from "~/modules/auth/permissions";
import { text } from "~/utils/text";

const id = (what: string) => text({ label: `The ${what}`, max: 64, required: `Choose a ${what}` });

/** Change one member's role (one small form per row of the members table). */
export const ChangeRoleSchema = z.object({
  intent: z.literal("change-role"),
  membershipId: id("member"),
  role: z.enum(ROLES, { error: "Choose a role" }),
});

/** Remove a member, posted from the confirmation step. */
export const RemoveMemberSchema = z.object({
  intent: z.literal("remove-member"),
  membershipId: id("member"),
});

/** Cancel a pending invitation, so that its link stops working. */
export const CancelInvitationSchema = z.object({
  intent: z.literal("cancel-invitation"),
  invitationId: id("invitation"),
});
