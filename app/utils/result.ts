/**
 * The one shape of a service's answer when the outcome is the user's to act
 * on (ADR 006): a refusal they can fix (a form error, a conflict with someone
 * else's save, a wrong file) is returned as a `Result`; anything else (not
 * found, not allowed, a broken invariant) is thrown as an `AppError`.
 *
 * A `Result` is flat, told apart by `ok`: `{ ok: true, ...value }` or
 * `{ ok: false, ...error }`. A failure says what went wrong in `message`, a
 * text safe to show, unless it carries something more precise for the form
 * (`fieldErrors`, `conflict`); when callers must tell failures apart, it names
 * them with a `code`.
 */
export type Ok<T extends object = object> = { ok: true } & T;
export type Fail<E extends object = { message: string }> = { ok: false } & E;
export type Result<T extends object = object, E extends object = { message: string }> = Ok<T> | Fail<E>;

export function ok(): Ok;
export function ok<T extends object>(value: T): Ok<T>;
export function ok<T extends object>(value?: T): Ok<T> {
  return { ...(value as T), ok: true };
}

/** A failure; a string is shorthand for `{ message }`. */
export function fail(message: string): Fail;
export function fail<E extends object>(error: E): Fail<E>;
export function fail<E extends object>(error: E | string): Fail<E> | Fail {
  return typeof error === "string" ? { message: error, ok: false } : { ...error, ok: false };
}
