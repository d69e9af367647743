/**
 * The client's IP address, for the per-address sign-in limit. scripts/serve.mjs
 * overwrites this header on every request with Express's `req.ip` (which
 * honours TRUST_PROXY), so a client cannot choose its own value. Behind
 * another server (the dev server) it is absent and every client shares one
 * "unknown" address; the per-account and global limits still apply.
 */
export const CLIENT_ADDRESS_HEADER = "x-ib-client-address";

export function clientAddress(request: Request): string {
  const value = request.headers.get(CLIENT_ADDRESS_HEADER)?.trim();
  return value && value.length <= 64 && /^[0-9a-fA-F.:]+$/.test(value) ? value : "unknown";
}
