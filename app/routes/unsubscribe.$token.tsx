import { data, Form, Link } from "react-router";
import type { Route } from "./+types/unsubscribe.$token";
import { Button, PageTitle } from "~/components/forms";
import { requestIdFrom } from "~/modules/auth/auth.server";
import { ONE_CLICK } from "~/modules/notify/forms";
import { inspectUnsubscribe, unsubscribe } from "~/modules/notify/unsubscribe.server";
import { readFormData } from "~/utils/body.server";
import { badRequest } from "~/utils/errors";

/** The link is a credential: no copy of the page is kept (the root adds no-store only for signed-in users). */
export const headers: Route.HeadersFunction = () => ({ "Cache-Control": "no-store" });

/** Opening the link changes nothing: it shows what the button will turn off. */
export async function loader({ params }: Route.LoaderArgs) {
  const link = await inspectUnsubscribe({ token: params.token });
  return data({ link }, { status: link ? 200 : 404 });
}

/**
 * RFC 8058 one-click unsubscribe: a POST of `List-Unsubscribe=One-Click`,
 * from the mail client (no session, no Origin: the origin check lets this
 * path through, app/utils/security.server.ts) or from this page's button.
 */
export async function action(args: Route.ActionArgs) {
  const formData = await readFormData(args.request, "signIn");
  if (formData.get(ONE_CLICK.name) !== ONE_CLICK.value)
    throw badRequest(`To unsubscribe, post ${ONE_CLICK.name}=${ONE_CLICK.value}.`);
  const done = await unsubscribe({ token: args.params.token, requestId: requestIdFrom(args) });
  return data({ done }, { status: done ? 200 : 404 });
}

const title = "Stop emails";

export default function Unsubscribe({ loaderData, actionData }: Route.ComponentProps) {
  const done = actionData?.done;
  const link = loaderData.link;
  if (done)
    return (
      <div className="max-w-2xl" role="status">
        <PageTitle title="You have unsubscribed" />
        <h1>You will not be emailed about this again</h1>
        <p className="mb-4 text-lg">
          {done.changed ? "We have turned off" : "You had already turned off"} emails from {done.authorityName} for “
          {done.label.toLowerCase()}”. These messages will still show in your notifications in Improvement Board.
        </p>
        <p>
          <Link to="/notifications">See your notifications</Link> or change your notification settings after you sign
          in.
        </p>
      </div>
    );
  if (!link || actionData)
    return (
      <div className="max-w-2xl">
        <PageTitle title="This unsubscribe link cannot be used" />
        <h1>This unsubscribe link cannot be used</h1>
        <p className="mb-4 text-lg">
          It is not a link from one of our emails, or it was copied only in part. You can choose which emails you get in
          your notification settings.
        </p>
        <p>
          <Link to="/notifications">Sign in to see your notifications</Link>
        </p>
      </div>
    );
  return (
    <div className="max-w-2xl">
      <PageTitle title={title} />
      <h1>Stop these emails</h1>
      <p className="mb-4 text-lg">
        {link.emailed ? "You get an email from" : "You have already turned off emails from"} {link.authorityName}{" "}
        {link.when}.
      </p>
      <p className="mb-6">
        If you stop these emails, the messages still show in your notifications in Improvement Board. Messages about
        your account are always emailed.
      </p>
      <Form method="post">
        <input type="hidden" name={ONE_CLICK.name} value={ONE_CLICK.value} />
        <Button type="submit">Stop these emails</Button>
      </Form>
    </div>
  );
}
