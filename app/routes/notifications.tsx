import { data, Form, Link } from "react-router";
import type { Route } from "./+types/notifications";
import { Button, PageTitle, SuccessBanner } from "~/components/forms";
import { parseForm } from "~/components/forms/submission.server";
import { NotificationSettingsLinks } from "~/components/notification-settings-links";
import { PageLinks } from "~/components/page-links";
import { Tag } from "~/components/tag";
import { listUserAuthorities, requireUser } from "~/modules/auth/auth.server";
import { MarkReadSchema, pageFromUrl } from "~/modules/notify/forms";
import { countUnreadNotifications, listNotifications, markNotificationsRead } from "~/modules/notify/list.server";
import { readFormData } from "~/utils/body.server";
import { badRequest } from "~/utils/errors";
import { formatDateTime } from "~/utils/format";

/** The signed-in person's notifications, newest first, from the authorities they are a member of. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUser(args);
  const page = pageFromUrl(args.request.url);
  const [list, unread, authorities] = await Promise.all([
    listNotifications({ userId: user.id, page }),
    countUnreadNotifications({ userId: user.id }),
    listUserAuthorities({ userId: user.id }),
  ]);
  return { list, unread, authorities: authorities.map((a) => ({ id: a.id, slug: a.slug, name: a.name })) };
}

/** "Mark as read" (one) and "Mark all as read": only the person's own notifications, whatever id is posted. */
export async function action(args: Route.ActionArgs) {
  const user = await requireUser(args);
  const submission = parseForm(await readFormData(args.request, "form"), MarkReadSchema);
  if (submission.status !== "success") throw badRequest("Choose a notification to mark as read.");
  const { intent, notificationId } = submission.value;
  if (intent === "read" && !notificationId) throw badRequest("Choose a notification to mark as read.");
  const { marked } = await markNotificationsRead({
    userId: user.id,
    notificationId: intent === "read" ? notificationId : undefined,
  });
  return data({ intent, marked });
}

const plural = (n: number, adjective = "") => `${n} ${adjective}${n === 1 ? "notification" : "notifications"}`;

export default function Notifications({ loaderData, actionData }: Route.ComponentProps) {
  const { list, unread, authorities } = loaderData;
  return (
    <>
      <PageTitle title="Notifications" />
      {actionData?.intent === "read-all" ? (
        <SuccessBanner signal={`read-all:${actionData.marked}`}>
          {actionData.marked > 0 ? `${plural(actionData.marked)} marked as read.` : "You have no unread notifications."}
        </SuccessBanner>
      ) : null}
      <h1>Notifications</h1>
      <p className="mb-4 max-w-2xl">
        What Improvement Board has told you, newest first: actions assigned to you or returned, reviews, meetings and
        reminders.
      </p>
      <NotificationSettingsLinks authorities={authorities} />
      <p className="mb-4 font-bold" data-testid="unread-count">
        {unread === 0 ? "You have no unread notifications." : `You have ${plural(unread, "unread ")}.`}
      </p>
      {unread > 0 ? (
        <Form method="post" className="mb-6">
          <input type="hidden" name="intent" value="read-all" />
          <Button type="submit" variant="secondary">
            Mark all as read
          </Button>
        </Form>
      ) : null}
      {list.rows.length === 0 ? (
        <p>{list.page > 1 ? "There are no more notifications." : "You have no notifications."}</p>
      ) : (
        <ul className="mb-6 max-w-3xl divide-y divide-rule border-y border-rule">
          {list.rows.map((n) => (
            <li key={n.id} className={`py-4 ${n.readAt ? "" : "border-l-4 border-brand pl-3"}`}>
              <p className="mb-1 font-bold">
                {n.readAt ? null : (
                  <>
                    <Tag tone="blue">Unread</Tag>{" "}
                  </>
                )}
                <Link to={n.link}>{n.title}</Link>
              </p>
              {n.detail ? <p className="mb-1 whitespace-pre-line [overflow-wrap:anywhere]">{n.detail}</p> : null}
              <p className="mb-2 text-sm text-ink-muted">
                {n.authority ? `${n.authority.name} · ` : null}
                <time dateTime={new Date(n.createdAt).toISOString()}>{formatDateTime(n.createdAt)}</time>
              </p>
              {n.readAt ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="notificationId" value={n.id} />
                  <Button type="submit" variant="secondary" className="text-sm">
                    Mark as read<span className="sr-only">: {n.title}</span>
                  </Button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      <PageLinks page={list.page} hasNext={list.hasNext} />
    </>
  );
}
