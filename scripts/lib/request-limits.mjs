// The production server's outer guard on request bodies and time (issue 12,
// finding 1). It runs before React Router, so that no request can make the
// server hold more than a stated amount, whatever a route does:
//
// - A declared Content-Length above the largest limit of any route at that
//   path → 413 and the connection closed, without reading the body.
// - A chunked (or under-declared) body is counted as it streams, with the same
//   cap → 413 (or the connection closed if the answer has started).
// - A body must arrive within a time limit (slowloris): 30 s for forms,
//   10 min for file uploads → 408 and the connection closed.
// - A response sent before its request body was read whole closes the
//   connection, so an unread body cannot sit on a kept-alive socket.
//
// The routes' own limits (app/utils/body.server.ts, and the exact upload
// limits of the one upload path, app/modules/upload/upload.server.ts) are at most these;
// app/utils/request-limits.test.ts checks that they agree.

const KB = 1024;
const MB = 1024 * KB;

/** Node HTTP server settings (scripts/serve.mjs). */
export const SERVER_LIMITS = {
  // Headers: 16 KB (Node's default is 16 KB too, but it can be raised by a
  // flag; we state it). Our cookies are one session id.
  maxHeaderSize: 16 * KB,
  // Whole request head must arrive within 20 s.
  headersTimeout: 20_000,
  // Whole request (head and body) within 15 min: the slowest upload we allow
  // for (50 MB over a poor 0.5 Mbit/s link). Per-path body deadlines below
  // are much shorter for forms.
  requestTimeout: 15 * 60_000,
  // Idle kept-alive connections close after 5 s (Node's default).
  keepAliveTimeout: 5_000,
};

/** Sign-in and invitation: anonymous, small. Equals BODY_LIMITS.signIn. */
export const SIGN_IN_BODY_BYTES = 16 * KB;
/** Every other form: BODY_LIMITS.longForm, the largest named form limit. */
export const FORM_BODY_BYTES = 4 * MB;
/** Report import: MAX_REPORT_BYTES (20 MB) plus the multipart envelope. */
export const REPORT_IMPORT_BODY_BYTES = 20 * MB + 256 * KB;
/** Plan import: MAX_IMPORT_BYTES (5 MB) + 2 × MAX_CARRIED_BYTES (1 MB) plus the envelope. */
export const PLAN_IMPORT_BODY_BYTES = 7 * MB + 256 * KB;
/** Around the exact evidence upload limit: busboy's envelope allowance. */
export const UPLOAD_ENVELOPE_BYTES = 256 * KB;

export const FORM_BODY_MS = 30_000;
export const UPLOAD_BODY_MS = 10 * 60_000;

/** MAX_UPLOAD_MB as bytes, like app/modules/upload/file-kinds.ts (50 MB when unset). */
export function uploadBytesFromEnv(value) {
  const raw = value?.trim();
  const mb = raw && /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : 50;
  return Math.floor(mb * MB);
}

/**
 * The largest body any route at `pathname` accepts, and how long it may take
 * to arrive.
 */
export function bodyLimitFor(pathname, { maxUploadBytes }) {
  const p = pathname.replace(/\/+$/, "");
  if (p === "/login" || p === "/reset-password" || p.startsWith("/invite/") || p.startsWith("/reset-password/"))
    return { maxBytes: SIGN_IN_BODY_BYTES, timeoutMs: FORM_BODY_MS };
  if (/^\/a\/[^/]+\/actions\/[^/]+\/evidence\/(new|upload)$/.test(p) || /^\/a\/[^/]+\/evidence\/[^/]+$/.test(p)) {
    return { maxBytes: Math.max(maxUploadBytes + UPLOAD_ENVELOPE_BYTES, FORM_BODY_BYTES), timeoutMs: UPLOAD_BODY_MS };
  }
  if (/^\/a\/[^/]+\/inspections\/new$/.test(p))
    return { maxBytes: REPORT_IMPORT_BODY_BYTES, timeoutMs: UPLOAD_BODY_MS };
  if (/^\/a\/[^/]+\/plan\/import$/.test(p)) return { maxBytes: PLAN_IMPORT_BODY_BYTES, timeoutMs: UPLOAD_BODY_MS };
  return { maxBytes: FORM_BODY_BYTES, timeoutMs: FORM_BODY_MS };
}

const formatBytes = (bytes) =>
  bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${Math.ceil(bytes / KB)} KB`;

function refuse(res, status, message) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(message),
    Connection: "close",
    "Cache-Control": "no-store",
  });
  res.end(message);
}

/** Responses the guard has answered itself (the app's later answer is dropped). */
const refused = new WeakSet();

/**
 * Wraps the React Router request handler. The counting listener is added
 * right after the handler has attached its own body reader (synchronously,
 * in @react-router/express's createRemixRequest), so both see every chunk and
 * the handler's backpressure (pause/resume) still applies. `timeoutMs`
 * overrides the per-path body deadline (tests).
 */
export function guardRequestBodies(handler, { maxUploadBytes, timeoutMs: timeoutOverride }) {
  return (req, res, next) => {
    const limit = bodyLimitFor(req.path ?? new URL(req.url, "http://x").pathname, { maxUploadBytes });
    const { maxBytes } = limit;
    const timeoutMs = timeoutOverride ?? limit.timeoutMs;
    const tooLarge = `What was sent is too large. This address accepts up to ${formatBytes(maxBytes)}.`;

    // Close the connection after any answer given before the body was read whole.
    const writeHead = res.writeHead;
    res.writeHead = function (...args) {
      if (!req.complete) this.setHeader("Connection", "close");
      return writeHead.apply(this, args);
    };

    const declared = req.headers["content-length"];
    if (declared !== undefined && !(Number(declared) <= maxBytes)) {
      refused.add(res);
      return refuse(
        res,
        Number(declared) > maxBytes ? 413 : 400,
        Number(declared) > maxBytes ? tooLarge : "Bad Content-Length.",
      );
    }
    if (req.complete || (declared === undefined && req.headers["transfer-encoding"] === undefined))
      return handler(req, res, next);

    let received = 0;
    const timer = setTimeout(() => {
      if (req.complete || refused.has(res)) return;
      refused.add(res);
      refuse(res, 408, "The request took too long to arrive.");
      res.once("finish", () => setTimeout(() => req.socket?.destroy(), 1_000).unref());
    }, timeoutMs);
    timer.unref();
    const done = () => clearTimeout(timer);
    req.once("end", done);
    res.once("close", done);

    const result = handler(req, res, next);
    req.on("data", (chunk) => {
      received += chunk.length;
      if (received > maxBytes && !refused.has(res)) {
        refused.add(res);
        done();
        refuse(res, 413, tooLarge);
        // Stop taking bytes; the socket closes once the answer is out.
        req.pause();
        res.once("finish", () => setTimeout(() => req.socket?.destroy(), 1_000).unref());
      }
    });
    return result;
  };
}

/**
 * After the guard has answered, the app's own attempt to answer fails with
 * "headers already sent": drop it quietly (nothing to tell the client).
 */
export function swallowAfterRefusal(error, req, res, next) {
  if (refused.has(res)) {
    if (!res.writableEnded) res.destroy();
    return;
  }
  next(error);
}
