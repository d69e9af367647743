/**
 * The one error type services throw. `status` is the HTTP status the user
 * gets; `message` is safe to show; `details` go to the logs and must never
 * carry personal data.
 *
 * The converter to a response is built in (ADR 006): React Router treats any
 * thrown object shaped like the result of `data(body, init)` as an error
 * response, so a thrown AppError reaches the one GeneralErrorBoundary with its
 * status and user message, in production too, without a try/catch in every
 * route. app/utils/errors.test.ts proves this against React Router itself.
 */
export type AppErrorBody = { status: number; message: string };

export class AppError extends Error {
  readonly status: number;
  readonly details?: Record<string, string | number | boolean | null>;
  /** React Router's marker for `data()` results. */
  readonly type = "DataWithResponseInit" as const;
  readonly data: AppErrorBody;
  readonly init: { status: number };

  constructor(opts: {
    status: number;
    message: string;
    details?: Record<string, string | number | boolean | null>;
    cause?: unknown;
  }) {
    super(opts.message, { cause: opts.cause });
    this.name = "AppError";
    this.status = opts.status;
    this.details = opts.details;
    this.data = { status: opts.status, message: opts.message };
    this.init = { status: opts.status };
  }
}

export function isAppErrorBody(value: unknown): value is AppErrorBody {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AppErrorBody).status === "number" &&
    typeof (value as AppErrorBody).message === "string"
  );
}

export const notFound = (what = "page") => new AppError({ status: 404, message: `We could not find that ${what}.` });

export const forbidden = (message = "You do not have permission to see or do that.") =>
  new AppError({ status: 403, message });

export const badRequest = (message: string) => new AppError({ status: 400, message });

export const conflict = (message: string) => new AppError({ status: 409, message });
