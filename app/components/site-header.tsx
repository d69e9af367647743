import { Form, Link, useLocation } from "react-router";
import { isRole, roleHasPermission, type Permission } from "~/modules/auth/permissions";
import { authorityHref, type AuthorityPath } from "~/utils/links";

type Authority = { id: string; slug: string; name: string; role: string };

/** The authority's sections, in order; `needs` hides a link from a role without the permission. */
const AUTHORITY_NAV: readonly {
  label: string;
  path: Exclude<AuthorityPath, `${string}:${string}`>;
  needs?: Permission;
}[] = [
  { label: "Overview", path: "/" },
  { label: "Actions", path: "/actions" },
  { label: "Dashboard", path: "/dashboard", needs: "read:action:any" },
  { label: "Boards", path: "/boards" },
  { label: "Board packs", path: "/reports", needs: "read:action:any" },
  { label: "People", path: "/people", needs: "manage:members:any" },
  { label: "Audit log", path: "/audit", needs: "manage:members:any" },
  { label: "Delivery log", path: "/notifications/log", needs: "read:notification_log:any" },
];

export function SiteHeader({
  user,
  authorities,
  unreadNotifications = 0,
}: {
  user: { name: string; email: string } | null;
  authorities: Authority[];
  /** The signed-in person's unread notifications (root loader). */
  unreadNotifications?: number;
}) {
  const location = useLocation();
  const currentSlug = location.pathname.match(/^\/a\/([^/]+)/)?.[1];
  const current = authorities.find((a) => a.slug === currentSlug);
  /** Links follow the permission matrix (the server checks again on each page). */
  const can = (permission: Permission) =>
    !!current && isRole(current.role) && roleHasPermission(current.role, permission);
  return (
    <header className="bg-ink text-white">
      <div className="mx-auto flex max-w-page flex-wrap items-center justify-between gap-4 px-4 py-3">
        <Link to="/" className="text-xl font-bold text-white no-underline hover:text-white hover:underline">
          Improvement Board
          {current ? <span className="ml-3 font-normal">{current.name}</span> : null}
        </Link>
        {user ? (
          <nav aria-label="Account" className="flex flex-wrap items-center gap-4 text-sm">
            {authorities.length > 1 ? (
              <Form method="post" action="/switch-authority" className="flex items-center gap-2">
                <label htmlFor="switch-authority" className="text-white">
                  Choose authority
                </label>
                <select
                  id="switch-authority"
                  name="authority"
                  defaultValue={current?.slug ?? ""}
                  className="rounded-none border-2 border-white bg-white px-1 py-0.5 text-ink"
                >
                  {current ? null : <option value="">Choose…</option>}
                  {authorities.map((a) => (
                    <option key={a.id} value={a.slug}>
                      {a.name}
                    </option>
                  ))}
                </select>
                <button
                  type="submit"
                  className="border-2 border-white px-2 py-0.5 font-bold text-white hover:bg-white hover:text-ink"
                >
                  Switch
                </button>
              </Form>
            ) : null}
            <span>{user.name}</span>
            <Link to="/notifications" className="text-white hover:text-white" data-testid="notifications-link">
              Notifications
              {unreadNotifications > 0 ? (
                <>
                  {" "}
                  <span className="inline-block min-w-6 rounded-full bg-white px-1.5 text-center font-bold text-ink no-underline">
                    {unreadNotifications > 99 ? "99+" : unreadNotifications}
                  </span>
                  <span className="sr-only"> unread</span>
                </>
              ) : null}
            </Link>
            <Link to="/account" className="text-white hover:text-white">
              Your account
            </Link>
            <Form method="post" action="/logout">
              <button type="submit" className="text-white underline underline-offset-2">
                Sign out
              </button>
            </Form>
          </nav>
        ) : null}
      </div>
      {current ? (
        <nav aria-label="Authority" className="bg-brand-dark">
          <ul className="mx-auto flex max-w-page flex-wrap gap-x-6 gap-y-2 px-4 py-2 text-sm">
            {AUTHORITY_NAV.filter((n) => !n.needs || can(n.needs)).map((n) => (
              <li key={n.path}>
                <Link to={authorityHref(current.slug, n.path)} className="text-white hover:text-white">
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}
