/**
 * A route's loader or action called as React Router calls it, for tests that
 * go through the real routes: a request (signed in with a session's token,
 * or not), and the answer as the browser gets it.
 */
import { sessionCookieName } from "../../app/modules/auth/session.server";

/** What a browser gets: the status, the headers, and the data (none for a Response). */
export type Reply = { status: number; headers: Headers; data: Record<string, unknown> | null };

/**
 * A route's answer as the browser gets it: a DataWithResponseInit, a Response
 * (returned or thrown), an error with a status (an AppError), or plain data
 * (200). Any other error is thrown on.
 */
export async function settle(run: () => Promise<unknown>): Promise<Reply> {
  try {
    const out = (await run()) as
      { type?: string; data?: unknown; init?: { status?: number; headers?: HeadersInit } } | Response;
    if (out instanceof Response) return { status: out.status, headers: out.headers, data: null };
    if (out?.type === "DataWithResponseInit")
      return {
        status: out.init?.status ?? 200,
        headers: new Headers(out.init?.headers),
        data: out.data as Record<string, unknown>,
      };
    return { status: 200, headers: new Headers(), data: out as Record<string, unknown> };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, headers: error.headers, data: null };
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === "number") return { status, headers: new Headers(), data: null };
    throw error;
  }
}

export type RouteRequest = {
  /** The session's token; none for a signed-out visitor. */
  token?: string;
  /** The URL's path (and query). */
  path: string;
  /** A form to post, sent urlencoded. */
  form?: Record<string, string>;
  /** Or a body to post, of `contentType`: bytes are sent with their Content-Length, a stream without one. */
  body?: Uint8Array | ReadableStream<Uint8Array>;
  contentType?: string;
};

/** The request a browser sends: a GET, or a POST of `form` or `body`. */
export function routeRequest({ token, path, form, body, contentType }: RouteRequest): Request {
  const headers: Record<string, string> = {};
  if (token) headers.Cookie = `${sessionCookieName()}=${token}`;
  if (form) headers["Content-Type"] = "application/x-www-form-urlencoded";
  if (contentType) headers["Content-Type"] = contentType;
  if (body instanceof Uint8Array) headers["Content-Length"] = String(body.length);
  const sent = form ? new URLSearchParams(form) : body;
  return new Request(`http://localhost${path}`, {
    method: sent ? "POST" : "GET",
    headers,
    body: sent,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
}

/** `handler` (a loader or an action) called with `request` and `params`, and its answer as the browser gets it. */
export function callRoute(
  handler: (args: never) => Promise<unknown>,
  request: RouteRequest & { params: Record<string, string> },
): Promise<Reply> {
  const { params } = request;
  return settle(() => handler({ request: routeRequest(request), params, context: undefined } as never));
}
