import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/account";
import { Button, PageTitle } from "~/components/forms";
import { NotificationSettingsLinks } from "~/components/notification-settings-links";
import { SummaryList } from "~/components/summary-list";
import { listUserAuthorities, requireUser } from "~/modules/auth/auth.server";
import { ROLE_LABELS } from "~/modules/auth/permissions";
import { blankSessionCookie, invalidateAllSessions } from "~/modules/auth/session.server";
import { recordAudit } from "~/modules/audit/service.server";

export async function loader(args: Route.LoaderArgs) {
  const user = await requireUser(args);
  const authorities = await listUserAuthorities({ userId: user.id });
  return { user: { name: user.name, email: user.email, organisation: user.organisation }, authorities };
}

/** "Sign out everywhere": revokes every session of this user, including this one. */
export async function action(args: Route.ActionArgs) {
  const user = await requireUser(args);
  const count = await invalidateAllSessions({ userId: user.id });
  await recordAudit({
    authorityId: user.sessionAuthorityId,
    actorId: user.id,
    action: "sign_out_everywhere",
    entityType: "Session",
    changes: { sessionsRevoked: count },
    requestId: user.requestId,
  });
  return redirect("/login?signedOut=everywhere", { headers: { "Set-Cookie": blankSessionCookie() } });
}

export default function Account({ loaderData }: Route.ComponentProps) {
  const { user, authorities } = loaderData;
  return (
    <>
      <PageTitle title="Your account" />
      <h1>Your account</h1>
      <SummaryList
        rows={[
          { key: "Name", value: user.name },
          { key: "Email address", value: user.email },
          ...(user.organisation ? [{ key: "Organisation", value: user.organisation }] : []),
          {
            key: "Authorities",
            value: (
              <ul>
                {authorities.map((a) => (
                  <li key={a.id}>
                    {a.name}: {ROLE_LABELS[a.role]}
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
      />
      <h2>Notifications</h2>
      <p className="mb-4 max-w-2xl">
        <Link to="/notifications">See your notifications</Link>
      </p>
      <NotificationSettingsLinks authorities={authorities} />
      <h2>Sign out everywhere</h2>
      <p className="mb-4 max-w-2xl">
        If you signed in on a shared or lost device, sign out of every browser and device at once. You will need to sign
        in again here too.
      </p>
      <Form method="post">
        <Button type="submit" variant="warning">
          Sign out everywhere
        </Button>
      </Form>
    </>
  );
}
