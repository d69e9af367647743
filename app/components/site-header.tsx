import { Form, Link, useLocation } from "react-router";
import { isRole, roleHasPermission, type Permission } from "~/modules/auth/permissions";
import { authorityHref } from "~/utils/links";

type Authority = { id: string; slug: string; name: string; role: string };

export function SiteHeader({
  user,
  authorities,
}: {
  user: { name: string; email: string } | null;
  authorities: Authority[];
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
          <ul className="mx-auto flex max-w-page gap-6 px-4 py-2 text-sm">
            <li>
              <Link to={authorityHref(current.slug, "/")} className="text-white hover:text-white">
                Overview
              </Link>
            </li>
            <li>
              <Link to={authorityHref(current.slug, "/actions")} className="text-white hover:text-white">
                Actions
              </Link>
            </li>
            {can("read:action:any") ? (
              <li>
                <Link to={authorityHref(current.slug, "/dashboard")} className="text-white hover:text-white">
                  Dashboard
                </Link>
              </li>
            ) : null}
            <li>
              <Link to={authorityHref(current.slug, "/boards")} className="text-white hover:text-white">
                Boards
              </Link>
            </li>
            {can("read:action:any") ? (
              <li>
                <Link to={authorityHref(current.slug, "/reports")} className="text-white hover:text-white">
                  Board packs
                </Link>
              </li>
            ) : null}
            {can("manage:members:any") ? (
              <>
                <li>
                  <Link to={authorityHref(current.slug, "/people")} className="text-white hover:text-white">
                    People
                  </Link>
                </li>
                <li>
                  <Link to={authorityHref(current.slug, "/audit")} className="text-white hover:text-white">
                    Audit log
                  </Link>
                </li>
              </>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}
