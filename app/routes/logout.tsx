import { redirect } from "react-router";
import type { Route } from "./+types/logout";
import { getOptionalUser } from "~/modules/auth/auth.server";
import { blankSessionCookie, invalidateSession } from "~/modules/auth/session.server";
import { recordAudit } from "~/modules/audit/service.server";

export async function loader() {
  return redirect("/");
}

export async function action(args: Route.ActionArgs) {
  const user = await getOptionalUser(args);
  if (user) {
    await invalidateSession({ sessionId: user.sessionId });
    await recordAudit({
      authorityId: user.sessionAuthorityId,
      actorId: user.id,
      action: "sign_out",
      entityType: "Session",
      requestId: user.requestId,
    });
  }
  return redirect("/login?signedOut=1", { headers: { "Set-Cookie": blankSessionCookie() } });
}
