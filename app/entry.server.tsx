import { PassThrough } from "node:stream";
import type { EntryContext, HandleErrorFunction, RouterContextProvider } from "react-router";
import { createReadableStreamFromReadable } from "@react-router/node";
import { ServerRouter } from "react-router";
import { isbot } from "isbot";
import type { RenderToPipeableStreamOptions } from "react-dom/server";
import { renderToPipeableStream } from "react-dom/server";
import { nonceContext, requestIdContext } from "~/utils/request-context";
import { AppError } from "~/utils/errors";
import { errorFields, logger } from "~/utils/logger.server";

export const streamTimeout = 5_000;

/** The production server (scripts/serve.mjs) starts the job runner's workers through the build. */
export { startBackgroundJobs } from "~/modules/jobs/workers.server";

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: RouterContextProvider,
) {
  if (request.method.toUpperCase() === "HEAD") {
    return new Response(null, { status: responseStatusCode, headers: responseHeaders });
  }
  // The root middleware made the nonce and puts it in the CSP header.
  const nonce = loadContext.get(nonceContext);

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const userAgent = request.headers.get("user-agent");
    const readyOption: keyof RenderToPipeableStreamOptions =
      (userAgent && isbot(userAgent)) || routerContext.isSpaMode ? "onAllReady" : "onShellReady";
    let timeoutId: ReturnType<typeof setTimeout> | undefined = setTimeout(() => abort(), streamTimeout + 1000);

    const { pipe, abort } = renderToPipeableStream(
      <ServerRouter context={routerContext} url={request.url} nonce={nonce} />,
      {
        nonce,
        [readyOption]() {
          shellRendered = true;
          const body = new PassThrough({
            final(callback) {
              clearTimeout(timeoutId);
              timeoutId = undefined;
              callback();
            },
          });
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          pipe(body);
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logError(error, requestIdOf(loadContext));
        },
      },
    );
  });
}

function requestIdOf(context: unknown): string | undefined {
  const provider = context as Partial<RouterContextProvider> | undefined;
  try {
    return typeof provider?.get === "function" ? provider.get(requestIdContext) : undefined;
  } catch {
    return undefined;
  }
}

function logError(error: unknown, requestId?: string) {
  // Class, code and stack frames only, never the message: messages of
  // third-party errors echo user input (a Prisma validation error prints the
  // whole query, with every value in it).
  logger.error("request error", { ...errorFields(error), requestId: requestId || undefined });
}

export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  // Expected, shown to the user with its status; only server faults are logged.
  if (error instanceof AppError && error.status < 500) return;
  logError(error, requestIdOf(context));
};
