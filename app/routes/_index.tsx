import { redirect } from "react-router";
import type { Route } from "./+types/_index";
import { listUserAuthorities, requireUser } from "~/modules/auth/auth.server";
import { authorityHref } from "~/utils/links";

export const meta: Route.MetaFunction = () => [{ title: "Improvement Board" }];

/** Sends the user to the authority they last worked in, or their first. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUser(args);
  const authorities = await listUserAuthorities({ userId: user.id });
  const target = authorities.find((a) => a.id === user.sessionAuthorityId) ?? authorities[0];
  if (target) throw redirect(authorityHref(target.slug, "/"));
  return { name: user.name };
}

export default function Index({ loaderData }: Route.ComponentProps) {
  return (
    <>
      <h1>You are not a member of any authority yet</h1>
      <p className="text-lg">
        Signed in as {loaderData.name}. Ask your authority&apos;s Improvement Board admin to invite you.
      </p>
    </>
  );
}
