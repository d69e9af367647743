import type { Route } from "./+types/dev.outbox";
import { PageTitle } from "~/components/forms";
import { PageLinks } from "~/components/page-links";
import { requireUser } from "~/modules/auth/auth.server";
import { assertOutboxOpen, listOutbox } from "~/modules/notify/dev-outbox.server";
import { pageFromUrl } from "~/modules/notify/forms";
import { formatDateTime } from "~/utils/format";

/** The local outbox: only while mail is kept here instead of sent, and only for authority admins. */
export async function loader(args: Route.LoaderArgs) {
  assertOutboxOpen();
  const user = await requireUser(args);
  return { list: await listOutbox({ userId: user.id, page: pageFromUrl(args.request.url) }) };
}

export default function DevOutbox({ loaderData }: Route.ComponentProps) {
  const { list } = loaderData;
  return (
    <>
      <PageTitle title="Local outbox" />
      <h1>Local outbox</h1>
      <p className="mb-6 max-w-2xl">
        No mail service is set up here (no SMTP_URL or NOTIFY_API_KEY), so emails are not sent: each one is kept here
        instead, newest first, for the authorities you administer. This page does not exist when a mail service is set.
      </p>
      {list.rows.length === 0 ? (
        <p>{list.page > 1 ? "There are no more emails." : "No emails yet."}</p>
      ) : (
        <ul className="mb-6 max-w-3xl space-y-6">
          {list.rows.map((m) => (
            <li key={m.id} className="border-l-4 border-rule pl-4">
              <h2 className="mb-2 text-xl [overflow-wrap:anywhere]">{m.subject ?? "(no subject)"}</h2>
              <dl className="mb-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
                <dt className="font-bold">To</dt>
                <dd className="[overflow-wrap:anywhere]">{m.address}</dd>
                <dt className="font-bold">Sent</dt>
                <dd>{formatDateTime(m.sentAt)}</dd>
                {m.authorityName ? (
                  <>
                    <dt className="font-bold">Authority</dt>
                    <dd>{m.authorityName}</dd>
                  </>
                ) : null}
              </dl>
              <pre className="whitespace-pre-wrap bg-surface p-3 font-mono text-sm [overflow-wrap:anywhere]">
                {m.body}
              </pre>
            </li>
          ))}
        </ul>
      )}
      <PageLinks page={list.page} hasNext={list.hasNext} />
    </>
  );
}
