/**
 * The layout of every `/a/:authority/…` page and file route. Its middleware
 * looks up the signed-in user's membership of the authority once per request
 * and keeps it on the request context, where `requireUserWithPermission`
 * (app/modules/auth/auth.server.ts) finds it: the layout and every loader and
 * action beneath share one lookup. It decides nothing itself: each route still
 * checks its own permission (deny by default), and evidence file routes still
 * answer a non-member with 404.
 */
import { Outlet } from "react-router";
import type { Route } from "./+types/a.$authority";
import { findMembership } from "~/modules/auth/auth.server";
import { membershipContext, sessionContext } from "~/utils/request-context";

export const middleware: Route.MiddlewareFunction[] = [
  async ({ params, context }, next) => {
    const session = context.get(sessionContext);
    if (session) {
      const membership = await findMembership(session.user.id, params.authority);
      context.set(membershipContext, { userId: session.user.id, slug: params.authority, membership });
    }
    return next();
  },
];

export default function AuthorityLayout() {
  return <Outlet />;
}
