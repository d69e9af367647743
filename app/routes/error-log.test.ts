/**
 * Finding 7 of issue 12: a failing request whose input holds personal data
 * must never write that input to the log. The narrative form with a bad
 * version number used to log the whole pack (names, update text) because the
 * logger wrote the error's stack, whose first line is the message.
 */
import { expect, test, vi } from "vitest";
import { handleError } from "~/entry.server";
import { routeRequest } from "../../tests/helpers/route";
import { createSummaryReport, createWorld } from "../../tests/helpers/world";
import { action as narrativeAction } from "./a.$authority.reports.$reportId";

const MARKER = "MARKER-Jessica-Smith-7f3a";

/** Runs `fn` with logging on, returning everything written to the console. */
async function captureLog(fn: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const level = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = "info";
  const sink = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  vi.spyOn(console, "error").mockImplementation(sink);
  vi.spyOn(console, "warn").mockImplementation(sink);
  vi.spyOn(console, "log").mockImplementation(sink);
  try {
    await fn();
  } finally {
    process.env.LOG_LEVEL = level;
  }
  return lines.join("\n");
}

test("a narrative saved with a bad version number is refused, and nothing it held reaches the log", async () => {
  const { authority, inspection, signedIn } = await createWorld();
  const admin = await signedIn("admin", { name: `Admin ${MARKER}` });
  const report = await createSummaryReport({
    authorityId: authority.id,
    viewer: { id: admin.id, role: "admin", requestId: "r-1" },
    inspectionId: inspection.id,
  });
  const request = routeRequest({
    token: admin.token,
    path: `/a/${authority.slug}/reports/${report.id}`,
    form: {
      version: "not-a-number",
      baseline: `Baseline ${MARKER}`,
      next: `Next ${MARKER}`,
      barriers: `Barriers ${MARKER}`,
    },
  });
  const params = { authority: authority.slug, reportId: report.id };
  let status = 0;
  const log = await captureLog(async () => {
    try {
      await narrativeAction({ request, params, context: undefined } as never);
      status = 200;
    } catch (error) {
      status = (error as { status?: number }).status ?? 500;
      // What React Router does with an error thrown by an action.
      handleError(error, { request, params, context: undefined as never });
    }
  });
  expect(status).toBe(400);
  expect(log).not.toContain(MARKER);
});

test("an unexpected error is logged with its class, code and stack frames, never its message or its cause's", async () => {
  const cause = Object.assign(new Error(`connect failed for ${MARKER}`), { code: "ECONNREFUSED" });
  const error = new TypeError(`Cannot read "${MARKER}"\nsecond line ${MARKER}`, { cause });
  const request = new Request("http://localhost/somewhere");
  const log = await captureLog(async () => {
    handleError(error, { request, params: {}, context: undefined as never });
  });
  expect(log).not.toContain(MARKER);
  const entry = JSON.parse(log) as Record<string, unknown>;
  expect(entry).toMatchObject({
    level: "error",
    errorClass: "TypeError",
    causeClass: "Error",
    causeCode: "ECONNREFUSED",
  });
  expect(String(entry.errorStack)).toMatch(/^\s+at /);
});
