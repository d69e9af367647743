/**
 * What a request log may say about a URL: the path only (query strings can
 * carry search terms or return paths), with secrets in the path replaced.
 * @param {string} url
 */
export function redactPath(url) {
  const pathname = url.split("?")[0] ?? "";
  return pathname
    .replace(/^\/invite\/[^/]+/, "/invite/[token]")
    .replace(/^\/reset-password\/[^/]+/, "/reset-password/[token]");
}
