import { redirect } from "react-router";
import { readFormData } from "~/utils/body.server";
import type { Route } from "./+types/switch-authority";
import { listUserAuthorities, requireUser } from "~/modules/auth/auth.server";
import { setSessionAuthority } from "~/modules/auth/session.server";
import { SwitchAuthoritySchema } from "~/modules/auth/forms";
import { parseForm } from "~/components/forms/submission.server";
import { forbidden } from "~/utils/errors";
import { authorityHref } from "~/utils/links";

export async function loader() {
  return redirect("/");
}

/** Switches the user's working authority. Only authorities they belong to. */
export async function action(args: Route.ActionArgs) {
  const user = await requireUser(args);
  const submission = parseForm(await readFormData(args.request, "form"), SwitchAuthoritySchema);
  // The header offers only the user's own authorities; anything else is not theirs.
  const slug = submission.status === "success" ? submission.value.authority : null;
  const target = (await listUserAuthorities({ userId: user.id })).find((a) => a.slug === slug);
  if (!target) throw forbidden("You are not a member of that authority.");
  await setSessionAuthority({ sessionId: user.sessionId, authorityId: target.id });
  return redirect(authorityHref(target.slug, "/"));
}
