/**
 * Who is acting on, or looking at, an authority's data: the one shape every
 * service takes, derived from the signed-in session (requireUserWithPermission
 * gives an AuthorityUser; `actorOf` / `viewerOf` turn it into these). Pure, so
 * the action pipeline and the access rules use the same type.
 */
import type { Role } from "./permissions";

/** Someone changing data: the user's id, their role in this authority, and the request for the audit. */
export type Actor = { id: string; role: Role; requestId?: string };

/** Someone reading data: the same person as an Actor, named by `userId` in read queries. */
export type Viewer = { userId: Actor["id"]; role: Actor["role"]; requestId?: Actor["requestId"] };

type SessionUser = { id: string; role: Role; requestId?: string };

export function actorOf(user: SessionUser): Actor {
  return { id: user.id, role: user.role, requestId: user.requestId };
}

export function viewerOf(user: SessionUser): Viewer {
  return { userId: user.id, role: user.role, requestId: user.requestId };
}
