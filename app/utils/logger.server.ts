/**
 * Structured logging. Never pass personal data (names, emails, free text
 * typed by users, file contents) to these functions: ids and counts only.
 *
 * Errors go through `errorFields`: the class, the code and the stack frames,
 * never the message. A message can echo input (Prisma's validation errors
 * print the whole query, a JSON parse error quotes the body), and a JS stack's
 * first line is "<name>: <message>", so the stack is cut to its "at" frames.
 */
type Value = string | number | boolean | null | undefined;
type Fields = Record<string, Value>;

function write(level: "info" | "warn" | "error", msg: string, fields?: Fields) {
  if (process.env.LOG_LEVEL === "silent") return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/** Only the "    at …" lines of a stack: the header line(s) carry the message. */
export function stackFrames(stack: string | undefined | null, maxFrames = 15): string | null {
  if (!stack) return null;
  const frames = stack.split("\n").filter((l) => /^\s+at /.test(l));
  return frames.length ? frames.slice(0, maxFrames).join("\n") : null;
}

/** A short machine-readable code (e.g. ENOENT, P2002, a snake_case reason), or undefined. */
function codeOf(value: unknown): string | undefined {
  if (typeof value === "number") return String(value);
  return typeof value === "string" && /^[A-Za-z0-9_.-]{1,40}$/.test(value) ? value : undefined;
}

/** A string detail is written only when it is a snake_case code ("too_large") or a cuid; anything else could be a name. */
function detailCode(value: unknown): string {
  return typeof value === "string" && (/^[a-z]+(_[a-z0-9]+)+$/.test(value) || /^c[a-z0-9]{20,30}$/.test(value))
    ? value
    : "[redacted]";
}

/** What is safe to log about an error: class, code, status, stack frames, and the same for its cause. */
export function errorFields(error: unknown, prefix = "error"): Fields {
  if (!(error instanceof Error)) return { [`${prefix}Kind`]: typeof error };
  const e = error as Error & { code?: unknown; status?: unknown; details?: Record<string, unknown> };
  const fields: Fields = {
    [`${prefix}Class`]:
      e.constructor?.name && e.constructor.name !== "Object" ? e.constructor.name : (codeOf(e.name) ?? "Error"),
    [`${prefix}Code`]: codeOf(e.code),
    [`${prefix}Status`]: typeof e.status === "number" ? e.status : undefined,
    [`${prefix}Stack`]: stackFrames(e.stack),
  };
  // AppError details are for the logs, but only numbers, booleans and codes are written.
  if (e.details && typeof e.details === "object") {
    for (const [k, v] of Object.entries(e.details)) {
      if (!/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(k)) continue;
      fields[`detail_${k}`] = typeof v === "number" || typeof v === "boolean" || v === null ? v : detailCode(v);
    }
  }
  if (prefix === "error" && e.cause instanceof Error) Object.assign(fields, errorFields(e.cause, "cause"));
  return fields;
}

export const logger = {
  info: (msg: string, fields?: Fields) => write("info", msg, fields),
  warn: (msg: string, fields?: Fields) => write("warn", msg, fields),
  error: (msg: string, fields?: Fields) => write("error", msg, fields),
};
