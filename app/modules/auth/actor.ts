/**
 * Who is acting on, or looking at, an authority's data: the one shape every
 * service takes, for changes and for reads alike, derived from the signed-in
 * session (requireUserWithPermission gives an AuthorityUser; `actorOf` keeps
 * only what services may use). Services decide what the person may see or do
 * from `role` through the permission matrix (permissions.ts), never from
 * anything the route worked out. Pure, so the action pipeline and the access
 * rules use the same type.
 */
import type { AuthorityUser } from "./auth.server";

/** The user's id, their role in this authority, and the request (for the audit). */
export type Actor = Pick<AuthorityUser, "id" | "role"> & Partial<Pick<AuthorityUser, "requestId">>;

export function actorOf(user: Actor): Actor {
  return { id: user.id, role: user.role, requestId: user.requestId };
}

/** What every service that changes an authority's data takes, besides its own arguments: the tenant and who acts. */
export type ActorCall = { authorityId: string; actor: Actor };
/** The same for a read: the tenant and who is looking (what they may see follows from their role). */
export type ViewerCall = { authorityId: string; viewer: Actor };
