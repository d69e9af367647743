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
