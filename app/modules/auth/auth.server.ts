/**
 * Authentication (requireUser) and authorisation (requireUserWithPermission),
 * the two helpers every loader and action goes through. Deny by default.
 */
import { redirect } from "react-router";
import type { RouterContextProvider } from "react-router";
import { getDb } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/errors";
import {
  membershipContext,
  requestIdContext,
  sessionContext,
  type AuthorityMembership,
  type MembershipLookup,
} from "~/utils/request-context";
import { isRole, roleHasPermission, type Permission, type Role } from "./permissions";
import { readSessionToken, validateSessionToken, type SessionWithUser } from "./session.server";

/** What a loader or action is called with, as far as authentication reads it. */
export type RouteArgs = {
  request: Request;
  context?: Readonly<RouterContextProvider> | unknown;
  params?: Record<string, string | undefined>;
};

export type SignedInUser = {
  id: string;
  email: string;
  name: string;
  organisation: string | null;
  sessionId: string;
  /** The authority recorded on the session (last used), if any. */
  sessionAuthorityId: string | null;
  requestId: string;
};

export type AuthorityUser = SignedInUser & {
  role: Role;
  authority: { id: string; slug: string; name: string };
};

function fromContext<T>(
  context: RouteArgs["context"],
  key: Parameters<RouterContextProvider["get"]>[0],
): T | undefined {
  const provider = context as RouterContextProvider | undefined;
  if (!provider || typeof provider.get !== "function") return undefined;
  try {
    return provider.get(key) as T;
  } catch {
    return undefined;
  }
}

/** This request's id (set by the root middleware), or a fresh one outside a request. */
export function requestIdFrom(args: Pick<RouteArgs, "context">): string {
  return fromContext<string>(args.context, requestIdContext) || crypto.randomUUID();
}

/**
 * The session is validated once per request by the root middleware
 * (app/root.tsx, which also renews the cookie); outside a request (tests,
 * scripts) it is validated here.
 */
export async function getOptionalUser(args: RouteArgs): Promise<SignedInUser | null> {
  const requestId = requestIdFrom(args);
  let session = fromContext<SessionWithUser | null>(args.context, sessionContext);
  if (session === undefined) {
    const token = readSessionToken(args.request);
    session = token ? await validateSessionToken(token) : null;
  }
  if (!session) return null;
  return { ...session.user, sessionId: session.id, sessionAuthorityId: session.authorityId, requestId };
}

/** The signed-in user, or a redirect to sign-in that returns here afterwards. */
export async function requireUser(args: RouteArgs): Promise<SignedInUser> {
  const user = await getOptionalUser(args);
  if (!user) {
    const url = new URL(args.request.url);
    const back = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return user;
}

/**
 * The signed-in user's membership of the authority in the URL (`params.authority`,
 * a slug) with the given permission. A user who is not a member gets 403 and
 * sees nothing of that authority.
 */
export async function requireUserWithPermission(
  args: RouteArgs,
  permission: Permission,
  /** "not_found": a non-member gets 404, as if nothing were there (evidence files: their URLs must not even confirm they exist). */
  outsider: "forbidden" | "not_found" = "forbidden",
): Promise<AuthorityUser> {
  const user = await requireUser(args);
  const slug = args.params?.authority;
  if (!slug) throw notFound();
  const membership = await membershipOf(args, user.id, slug);
  if (!membership) {
    if (outsider === "not_found") throw notFound();
    throw forbidden("You are not a member of that authority, so you cannot see its pages.");
  }
  if (!roleHasPermission(membership.role, permission)) throw forbidden();
  return { ...user, role: membership.role, authority: membership.authority };
}

/**
 * The user's membership of the authority `slug`: read once per request by the
 * `/a/:authority` layout's middleware and kept on the request context, so the
 * layout and every loader and action below it share one lookup. Outside a
 * request (tests, scripts) it is read here.
 */
async function membershipOf(args: RouteArgs, userId: string, slug: string): Promise<AuthorityMembership | null> {
  const cached = fromContext<MembershipLookup>(args.context, membershipContext);
  if (cached && cached.userId === userId && cached.slug === slug) return cached.membership;
  return findMembership(userId, slug);
}

/** One membership lookup: the role (if it is a known one) and the authority. */
export async function findMembership(userId: string, slug: string): Promise<AuthorityMembership | null> {
  const row = await getDb().membership.findFirst({
    where: { userId, authority: { slug } },
    select: { role: true, authority: { select: { id: true, slug: true, name: true } } },
  });
  if (!row || !isRole(row.role)) return null;
  return { role: row.role, authority: row.authority };
}

/** Authorities the user belongs to, for the switcher and the landing redirect. */
export async function listUserAuthorities({ userId }: { userId: string }) {
  const rows = await getDb().membership.findMany({
    where: { userId },
    select: { role: true, authority: { select: { id: true, slug: true, name: true } } },
    orderBy: { authority: { name: "asc" } },
  });
  return rows.flatMap((r) => (isRole(r.role) ? [{ ...r.authority, role: r.role }] : []));
}
