import { data, Form, Link, useNavigation } from "react-router";
import type { Route } from "./+types/a.$authority.notifications.log";
import {
  Button,
  DateInput,
  Field,
  FilterForm,
  FormPageHead,
  NoticeBanner,
  Select,
  SuccessBanner,
  useSchemaForm,
} from "~/components/forms";
import { invalid, parseForm } from "~/components/forms/submission.server";
import { DeliveryStatusTag } from "~/components/messages-sent";
import { PageLinks } from "~/components/page-links";
import { TableHead } from "~/components/table-head";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import { LOG_DATE_FIELDS, LogSearchSchema, RetryDeliverySchema } from "~/modules/notify/forms";
import {
  CHANNEL_LABELS,
  DELIVERY_STATUS_LABELS,
  DELIVERY_STATUSES,
  KIND_INFO,
  kindLabel,
  NOTIFICATION_KINDS,
} from "~/modules/notify/kinds";
import { retryDelivery, searchDeliveryLog } from "~/modules/notify/log.server";
import { readFormData } from "~/utils/body.server";
import { formatDateTime } from "~/utils/format";
import { authorityHref } from "~/utils/links";
import { queryValues } from "~/utils/query";

const KIND_OPTIONS = NOTIFICATION_KINDS.map((k) => [k, KIND_INFO[k].label] as const);
const STATUS_OPTIONS = DELIVERY_STATUSES.map((s) => [s, DELIVERY_STATUS_LABELS[s]] as const);

/** The delivery log (admins): every email and digest line the authority sent or tried to, searchable; viewing it is audited. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:notification_log:any");
  const typed = queryValues(new URL(args.request.url).searchParams, LOG_DATE_FIELDS);
  const search = LogSearchSchema.parse(typed);
  const log = await searchDeliveryLog({ authorityId: user.authority.id, actor: actorOf(user), search });
  return {
    authority: user.authority,
    /** What the URL says, as typed (a date that is not real is ignored by the search but kept in its boxes). */
    typed,
    search,
    log,
    canRetry: roleHasPermission(user.role, "manage:notifications:any"),
  };
}

/** "Retry" on a failed email: queued to be sent again (retryDelivery audits it). */
export async function action(args: Route.ActionArgs) {
  const user = await requireUserWithPermission(args, "manage:notifications:any");
  const submission = parseForm(await readFormData(args.request, "form"), RetryDeliverySchema);
  if (submission.status !== "success") return invalid(submission, { notice: null });
  const r = await retryDelivery({
    authorityId: user.authority.id,
    deliveryId: submission.value.deliveryId,
    actor: actorOf(user),
  });
  if (!r.ok) return invalid(submission, { notice: null, formErrors: [r.message], status: 409 });
  return data({ notice: "The email is queued to be sent again." as string | null, result: submission.reply() });
}

export default function NotificationLog({ loaderData, actionData }: Route.ComponentProps) {
  const { authority, typed, search, log, canRetry } = loaderData;
  const navigation = useNavigation();
  const [filterForm, filter] = useSchemaForm(LogSearchSchema, { id: "log-search", defaultValue: typed });
  const slug = authority.slug;
  const logUrl = authorityHref(slug, "/notifications/log");
  const scoped = search.action ?? search.meeting ?? search.user;
  const refused = actionData?.result.error?.[""] ?? [];
  const first = (log.page - 1) * log.pageSize + 1;
  return (
    <>
      <FormPageHead title="Delivery log" forms={[filterForm]} otherErrors={refused} />
      {actionData?.notice ? <SuccessBanner>{actionData.notice}</SuccessBanner> : null}
      <h1>Delivery log</h1>
      <p className="mb-4 max-w-3xl">
        Every email {authority.name} has sent or tried to send, newest first: to whom, about what, when, and whether it
        arrived. A failed email shows why; retry it once the reason is dealt with. Messages shown only in the app are
        not listed. Each time the log is viewed or searched, the audit log records it.
      </p>
      {log.failed > 0 && search.status !== "failed" ? (
        <NoticeBanner title="Emails that failed">
          <p>
            {log.failed === 1 ? "1 email has failed." : `${log.failed} emails have failed.`}{" "}
            <Link to={`${logUrl}?status=failed`}>Show the failed emails</Link>
          </p>
        </NoticeBanner>
      ) : null}
      <p className="mb-6">
        <Link to={authorityHref(slug, "/notifications/settings")}>Notification settings</Link>
      </p>
      <FilterForm
        form={filterForm}
        id="search"
        heading="Search"
        intro={
          <>
            {(["action", "meeting", "user"] as const).map((k) =>
              search[k] ? <input key={k} type="hidden" name={k} value={search[k]} /> : null,
            )}
            {scoped ? (
              <p className="mb-4">
                Showing only the messages{" "}
                {search.action ? "about one action" : search.meeting ? "about one meeting" : "sent to one person"}.{" "}
                <Link to={logUrl}>Show all messages</Link>
              </p>
            ) : null}
          </>
        }
        columns={3}
        submitLabel="Search"
        clear={{ to: logUrl, label: "Clear search" }}
      >
        <Field field={filter.q} label="Recipient's name or email" type="search" />
        <Select field={filter.kind} label="Kind of message" emptyLabel="Any" options={KIND_OPTIONS} />
        <Select field={filter.status} label="Status" emptyLabel="Any" options={STATUS_OPTIONS} />
        <DateInput field={filter.from} legend="Queued from" hint={null} />
        <DateInput field={filter.to} legend="Queued to" hint={null} />
      </FilterForm>

      <div className="mb-4 overflow-x-auto">
        <table className="w-full text-left">
          <caption className="mb-2 text-left text-lg">
            {log.rows.length === 0
              ? "No messages match this search."
              : `Messages ${first} to ${first + log.rows.length - 1}`}
          </caption>
          <TableHead
            row="border-b-2 border-rule"
            cell="py-1 pr-3"
            columns={[
              "To",
              "Message",
              "Queued",
              "Sent",
              "How",
              "Status",
              ...(canRetry ? [["Retry", "py-1"] as const] : []),
            ]}
          />
          <tbody>
            {log.rows.map((d) => (
              <tr key={d.id} className="border-b border-rule align-top" data-testid={`delivery-${d.id}`}>
                <td className="py-2 pr-3 [overflow-wrap:anywhere]">
                  <Link to={`${logUrl}?user=${encodeURIComponent(d.notification.user.id)}`}>
                    {d.notification.user.name}
                  </Link>
                  <span className="block text-sm">{d.address}</span>
                </td>
                <td className="py-2 pr-3 [overflow-wrap:anywhere]">
                  <Link to={d.notification.link}>{d.notification.title}</Link>
                  <span className="block text-sm text-ink-muted">{kindLabel(d.notification.kind)}</span>
                </td>
                <td className="py-2 pr-3">{formatDateTime(d.createdAt)}</td>
                <td className="py-2 pr-3">{d.sentAt ? formatDateTime(d.sentAt) : "Not sent"}</td>
                <td className="py-2 pr-3">{CHANNEL_LABELS[d.channel] ?? d.channel}</td>
                <td className="py-2 pr-3">
                  <DeliveryStatusTag status={d.status} />
                  <span className="block text-sm">
                    {d.attempts} {d.attempts === 1 ? "attempt" : "attempts"}
                  </span>
                  {d.lastError ? <span className="block text-sm [overflow-wrap:anywhere]">{d.lastError}</span> : null}
                </td>
                {canRetry ? (
                  <td className="py-2">
                    {d.status === "failed" && d.channel === "email" ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="retry" />
                        <input type="hidden" name="deliveryId" value={d.id} />
                        <Button type="submit" variant="secondary" disabled={navigation.state !== "idle"}>
                          Retry<span className="sr-only"> the email to {d.address}</span>
                        </Button>
                      </Form>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <PageLinks page={log.page} hasNext={log.hasNext} />
    </>
  );
}
