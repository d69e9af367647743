import { actorOf } from "~/modules/auth/actor";
import { requireUserWithPermission, type RouteArgs } from "~/modules/auth/auth.server";

/**
 * The signed-in member and what they ask for on `/meetings/:meetingId/…`:
 * that meeting, in their authority, seen as they may see it (`getMeeting`,
 * `minutesData` decide what that is).
 */
export async function meetingOfRoute(args: RouteArgs & { params: { meetingId: string } }) {
  const user = await requireUserWithPermission(args, "read:action:own");
  return { user, request: { authorityId: user.authority.id, meetingId: args.params.meetingId, viewer: actorOf(user) } };
}
