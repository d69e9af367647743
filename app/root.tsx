import { useEffect } from "react";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, data, useLoaderData, useRouteLoaderData } from "react-router";
import type { Route } from "./+types/root";
import "./app.css";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { SiteHeader } from "./components/site-header";
import { getOptionalUser, listUserAuthorities } from "./modules/auth/auth.server";
import { countUnreadNotifications } from "./modules/notify/list.server";
import { readSessionToken, sessionCookie, validateSessionToken } from "./modules/auth/session.server";
import { nonceContext, requestIdContext, sessionContext } from "./utils/request-context";
import { applySecurityHeaders, assertCleanPath, assertSameOrigin } from "./utils/security.server";
import { applyCacheControl } from "./utils/cache-control.server";

/**
 * Runs for every document, data and resource request: request id, CSP nonce,
 * cross-site check on mutations, one session lookup (with sliding renewal of
 * the cookie), the security headers and `Cache-Control: no-store` for
 * signed-in users and the sign-in pages.
 */
export const middleware: Route.MiddlewareFunction[] = [
  async ({ request, context }, next) => {
    const requestId = crypto.randomUUID();
    const nonceBytes = new Uint8Array(16);
    crypto.getRandomValues(nonceBytes);
    const nonce = Buffer.from(nonceBytes).toString("base64");
    context.set(requestIdContext, requestId);
    context.set(nonceContext, nonce);

    assertSameOrigin(request);
    assertCleanPath(request);

    const token = readSessionToken(request);
    const session = token ? await validateSessionToken(token) : null;
    context.set(sessionContext, session);

    const response = await next();
    if (token && session?.renewed) response.headers.append("Set-Cookie", sessionCookie(token, session.expiresAt));
    applySecurityHeaders(response.headers, nonce);
    applyCacheControl(response.headers, { signedIn: session != null, pathname: new URL(request.url).pathname });
    response.headers.set("X-Request-Id", requestId);
    return response;
  },
];

export const links: Route.LinksFunction = () => [{ rel: "icon", href: "/favicon.svg", type: "image/svg+xml" }];

export async function loader(args: Route.LoaderArgs) {
  const user = await getOptionalUser(args);
  if (!user) return data({ user: null, authorities: [], unreadNotifications: 0 });
  const [authorities, unreadNotifications] = await Promise.all([
    listUserAuthorities({ userId: user.id }),
    countUnreadNotifications({ userId: user.id }),
  ]);
  return data({ user: { id: user.id, name: user.name, email: user.email }, authorities, unreadNotifications });
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  useEffect(() => {
    // Marks the page as interactive; end-to-end tests wait for it before typing.
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang="en-GB" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-full flex-col">
        <a
          href="#main-content"
          className="sr-only bg-focus text-ink focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:p-2"
        >
          Skip to main content
        </a>
        <SiteHeader
          user={root?.user ?? null}
          authorities={root?.authorities ?? []}
          unreadNotifications={root?.unreadNotifications ?? 0}
        />
        <main id="main-content" className="mx-auto w-full max-w-page flex-1 px-4 py-8" tabIndex={-1}>
          {children}
        </main>
        <footer className="border-t-4 border-brand bg-surface px-4 py-6 text-sm text-ink-muted">
          <div className="mx-auto max-w-page">
            Improvement Board — tracking what inspectors asked children&apos;s services to improve.
          </div>
        </footer>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
