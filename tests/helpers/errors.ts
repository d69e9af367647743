/**
 * What a service call refused with, for tests that check refusals.
 */
import { expect } from "vitest";
import { AppError } from "../../app/utils/errors";

/** The status of the AppError the promise rejects with (the error itself if it has none), or null if it resolves. */
export const statusOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (e as AppError).status ?? e,
  );

/** The AppError the promise rejects with; the test fails if it resolves or rejects with anything else. */
export async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

/**
 * For a stored snapshot (readSnapshot) a test spoils on purpose: `problemOf(json)`
 * stores `json` in the row, then reads it; null when it reads, else the problem
 * its refusal names. Every refusal must be the AppError 500 with `message` and
 * `details` (the row and the snapshot's name).
 */
export function snapshotRefusals({
  store,
  read,
  message,
  details,
}: {
  store: (json: string) => Promise<unknown>;
  read: () => Promise<unknown>;
  message: string;
  details: Record<string, unknown>;
}) {
  return async function problemOf(json: string): Promise<string | null> {
    await store(json);
    const e = await read().then(
      () => null,
      (err: unknown) => err,
    );
    if (e === null) return null;
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ status: 500, message, details });
    return String((e as AppError).details!.problem);
  };
}
