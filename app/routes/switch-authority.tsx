import { redirect } from "react-router";
import { readFormData } from "~/utils/body.server";
import type { Route } from "./+types/switch-authority";
import { listUserAuthorities, requireUser } from "~/modules/auth/auth.server";
import { setSessionAuthority } from "~/modules/auth/session.server";
import { forbidden } from "~/utils/errors";
import { authorityHref } from "~/utils/links";

export async function loader() {
  return redirect("/");
}

/** Switches the user's working authority. Only authorities they belong to. */
export async function action(args: Route.ActionArgs) {
  const user = await requireUser(args);
  const slug = String((await readFormData(args.request, "form")).get("authority") ?? "");
  const target = (await listUserAuthorities({ userId: user.id })).find((a) => a.slug === slug);
  if (!target) throw forbidden("You are not a member of that authority.");
  await setSessionAuthority({ sessionId: user.sessionId, authorityId: target.id });
  return redirect(authorityHref(target.slug, "/"));
}
