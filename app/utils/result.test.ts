import { expect, expectTypeOf, test } from "vitest";
import { fail, ok, type Result } from "./result";

test("ok and fail build the one flat shape, told apart by ok", () => {
  expect(ok()).toEqual({ ok: true });
  expect(ok({ version: 3 })).toEqual({ ok: true, version: 3 });
  expect(fail("Choose a person")).toEqual({ ok: false, message: "Choose a person" });
  expect(fail({ code: "stale", rows: [2] })).toEqual({ ok: false, code: "stale", rows: [2] });
  // A value cannot override the discriminant.
  expect(ok({ ok: false } as object)).toEqual({ ok: true });
});

test("a Result narrows on ok, and codes keep their literal types", () => {
  const check = (n: number): Result<{ value: number }, { code: "negative" | "odd"; message: string }> =>
    n < 0
      ? fail({ code: "negative", message: "below zero" })
      : n % 2
        ? fail({ code: "odd", message: "odd" })
        : ok({ value: n });
  const r = check(3);
  if (r.ok) expectTypeOf(r.value).toEqualTypeOf<number>();
  else expectTypeOf(r.code).toEqualTypeOf<"negative" | "odd">();
  expect(r).toEqual({ ok: false, code: "odd", message: "odd" });
  expect(check(4)).toEqual({ ok: true, value: 4 });
});
