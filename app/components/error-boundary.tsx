import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { isAppErrorBody } from "~/utils/errors";

type StatusHandler = (info: { status: number; message: string }) => React.ReactNode;

const DEFAULT_HANDLERS: Record<number, StatusHandler> = {
  403: ({ message }) => (
    <>
      <h1>You do not have access to this page</h1>
      <p className="mb-4 text-lg">{message}</p>
      <p>
        If you think you should have access, ask your authority&apos;s Improvement Board admin.{" "}
        <Link to="/">Go to your start page</Link>.
      </p>
    </>
  ),
  404: ({ message }) => (
    <>
      <h1>Page not found</h1>
      <p className="mb-4 text-lg">{message}</p>
      <p>
        If you typed the web address, check it is correct. If you pasted it, check you copied the whole address.{" "}
        <Link to="/">Go to your start page</Link>.
      </p>
    </>
  ),
};

const TITLES: Record<number, string> = {
  403: "You do not have access to this page",
  404: "Page not found",
  409: "Someone else changed this",
  410: "This link can no longer be used",
  429: "Too many requests",
};

/**
 * The one error boundary. Shows the status and the safe message of an
 * AppError (or any thrown response); never a stack trace.
 */
export function GeneralErrorBoundary({ statusHandlers }: { statusHandlers?: Record<number, StatusHandler> }) {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const message = isAppErrorBody(error.data)
      ? error.data.message
      : typeof error.data === "string" && error.data
        ? error.data
        : error.statusText || "Something went wrong.";
    const handler = statusHandlers?.[error.status] ?? DEFAULT_HANDLERS[error.status];
    const title = TITLES[error.status] ?? "There is a problem";
    if (handler)
      return (
        <div role="alert">
          <title>{`${title} – Improvement Board`}</title>
          {handler({ status: error.status, message })}
        </div>
      );
    return (
      <div role="alert">
        <title>{`${title} – Improvement Board`}</title>
        <h1>{title}</h1>
        <p className="text-lg">{message}</p>
      </div>
    );
  }
  return (
    <div role="alert">
      <title>Sorry, there is a problem with the service – Improvement Board</title>
      <h1>Sorry, there is a problem with the service</h1>
      <p className="mb-4 text-lg">Something went wrong on our side. Nothing you saved before this has been lost.</p>
      <p>
        Try again later. <Link to="/">Go to your start page</Link>.
      </p>
    </div>
  );
}
