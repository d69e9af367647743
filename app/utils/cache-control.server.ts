/**
 * No copy of a signed-in page may be kept by the browser or any cache on the
 * way (a shared council PC's back button, a proxy): `Cache-Control: no-store`
 * on every response to a signed-in user, on the sign-in pages, and on any
 * response that sets a cookie. Called by the root middleware for every
 * document, data and resource request; public static assets never get here.
 */
const SIGN_IN_PATHS = /^\/(login|logout|account|invite\/[^/]*|reset-password(\/[^/]*)?)\/?$/;

export function applyCacheControl(
  headers: Headers,
  { signedIn, pathname }: { signedIn: boolean; pathname: string },
): void {
  // React Router's data requests for a route end in ".data".
  const path = pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/");
  const sensitive = signedIn || SIGN_IN_PATHS.test(path) || headers.has("Set-Cookie");
  if (!sensitive) return;
  if (/\bno-store\b/.test(headers.get("Cache-Control") ?? "")) return;
  headers.set("Cache-Control", "no-store");
}
