import { Link } from "react-router";
import { authorityHref } from "~/utils/links";

/** A link to the notification settings of each authority the person belongs to (choices are per authority). */
export function NotificationSettingsLinks({
  authorities,
}: {
  authorities: { id: string; slug: string; name: string }[];
}) {
  if (authorities.length === 0) return null;
  return (
    <>
      <p className="mb-2 max-w-2xl">
        Choose which messages are emailed to you straight away, which come in a daily email, and which only show here:
      </p>
      <ul className="mb-8 list-disc pl-6">
        {authorities.map((a) => (
          <li key={a.id}>
            <Link to={authorityHref(a.slug, "/notifications/settings")}>Notification settings for {a.name}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}
