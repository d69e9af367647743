import type { IncomingMessage, ServerResponse } from "node:http";

export const SERVER_LIMITS: {
  maxHeaderSize: number;
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
};
export const SIGN_IN_BODY_BYTES: number;
export const FORM_BODY_BYTES: number;
export const REPORT_IMPORT_BODY_BYTES: number;
export const PLAN_IMPORT_BODY_BYTES: number;
export const UPLOAD_ENVELOPE_BYTES: number;
export const FORM_BODY_MS: number;
export const UPLOAD_BODY_MS: number;
export function uploadBytesFromEnv(value: string | undefined): number;
export function bodyLimitFor(
  pathname: string,
  opts: { maxUploadBytes: number },
): { maxBytes: number; timeoutMs: number };
type Handler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => unknown;
export function guardRequestBodies(handler: Handler, opts: { maxUploadBytes: number; timeoutMs?: number }): Handler;
export function swallowAfterRefusal(
  error: unknown,
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
): void;
