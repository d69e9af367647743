/**
 * Where to go after sign-in: only a path on this app (no open redirects).
 *
 * The target is resolved against the app's origin the way a browser would
 * resolve it, and kept only when it stays on that origin. Control characters
 * (TAB, CR, LF…: browsers drop TAB and newlines, so `/<TAB>/evil.example`
 * becomes `//evil.example`) and backslashes (read as `/`) are refused outright,
 * raw or percent-encoded. Anything refused gives the fallback, never an error.
 */
/** C0 and C1 controls, DEL, the Unicode line separators, and the backslash. */
function hasUnsafe(text: string): boolean {
  for (const ch of text) {
    const n = ch.codePointAt(0)!;
    if (n < 0x20 || (n >= 0x7f && n <= 0x9f) || n === 0x2028 || n === 0x2029 || ch === "\\") return true;
  }
  return false;
}
const MAX_LENGTH = 2048;

export function safeRedirect(to: unknown, fallback = "/", origin = "http://localhost"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > MAX_LENGTH) return fallback;
  if (!to.startsWith("/") || to.startsWith("//")) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(to);
  } catch {
    return fallback;
  }
  if (hasUnsafe(to) || hasUnsafe(decoded) || decoded.startsWith("//")) return fallback;
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(to, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin) return fallback;
  const path = url.pathname + url.search + url.hash;
  // A path that the browser would read as protocol-relative is never returned.
  return path.startsWith("/") && !path.startsWith("//") ? path : fallback;
}
