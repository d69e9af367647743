import { AppError } from "./errors";
import { env } from "./env.server";
import { hasUnsafeCharacters } from "./text";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The one mutation another site may send: an email's one-click unsubscribe
 * (RFC 8058), which the mail provider posts from its own servers with no
 * Origin. The random token in the path is the proof, and all it can do is
 * turn off one kind of email for the person it was sent to. Only the page
 * address itself: the app's own data requests (`….data`) still need the check.
 */
const CROSS_SITE_POSTS = /^\/unsubscribe\/[a-z2-7]+$/;

/**
 * Cross-site request protection for every mutation: the browser must say the
 * request came from our own origin (Sec-Fetch-Site, else Origin). A request
 * with neither header is refused: deny by default.
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (request.method === "POST" && CROSS_SITE_POSTS.test(new URL(request.url).pathname)) return;
  const site = request.headers.get("Sec-Fetch-Site");
  if (site) {
    if (site === "same-origin") return;
    throw new AppError({ status: 403, message: "This request came from another site and was refused." });
  }
  const origin = request.headers.get("Origin");
  if (origin && origin !== "null" && origin === expectedOrigin(request)) return;
  throw new AppError({ status: 403, message: "This request came from another site and was refused." });
}

/**
 * A page address whose path holds a control character (NUL included) or a
 * bidirectional override, or a malformed %-escape, is refused with a 400
 * before any route sees it: route params go straight into queries, and
 * PostgreSQL refuses NUL in text with an error.
 */
export function assertCleanPath(request: Request): void {
  const { pathname } = new URL(request.url);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    throw new AppError({ status: 400, message: "This page address is not valid." });
  }
  if (hasUnsafeCharacters(decoded, { multiline: false })) {
    throw new AppError({ status: 400, message: "This page address contains characters that cannot be part of one." });
  }
}

function expectedOrigin(request: Request): string {
  const configured = env().APP_ORIGIN;
  if (configured) return new URL(configured).origin;
  return new URL(request.url).origin;
}

export function contentSecurityPolicy(nonce: string): string {
  const dev = env().NODE_ENV === "development";
  return [
    "default-src 'self'",
    // No inline scripts except React Router's own, which carry the per-request nonce.
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self'${dev ? " 'unsafe-inline'" : ""}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function applySecurityHeaders(headers: Headers, nonce: string): void {
  // A route may set a stricter policy of its own (user files: "default-src 'none'; sandbox").
  if (!headers.has("Content-Security-Policy")) headers.set("Content-Security-Policy", contentSecurityPolicy(nonce));
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("X-Frame-Options", "DENY");
  headers.set("Referrer-Policy", "same-origin");
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (env().NODE_ENV === "production") headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}
