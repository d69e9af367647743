import { createContext } from "react-router";
import type { Role } from "~/modules/auth/permissions";
import type { SessionWithUser } from "~/modules/auth/session.server";

/** Per-request id, recorded on audit events and returned as X-Request-Id. */
export const requestIdContext = createContext<string>("");
/** CSP nonce for this document response. */
export const nonceContext = createContext<string>("");
/**
 * The request's validated session: undefined until the root middleware ran,
 * then the session or null.
 */
export const sessionContext = createContext<SessionWithUser | null | undefined>(undefined);

/** The signed-in user's membership of the authority in the URL. */
export type AuthorityMembership = { role: Role; authority: { id: string; slug: string; name: string } };
/**
 * Set once per request by the `/a/:authority` layout's middleware
 * (app/routes/a.$authority.tsx): null outside that layout or for a
 * visitor who is not signed in; `membership` is null for a non-member.
 */
export type MembershipLookup = { userId: string; slug: string; membership: AuthorityMembership | null };
export const membershipContext = createContext<MembershipLookup | null>(null);
