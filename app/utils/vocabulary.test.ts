import { expect, test } from "vitest";
import { isOneOf, keysOf } from "./vocabulary";

test("keysOf lists a table's keys in the order they are written", () => {
  expect(keysOf({ planned: 1, agenda_published: 2, held: 3 })).toEqual(["planned", "agenda_published", "held"]);
});

test("isOneOf accepts only the list's values", () => {
  const isColour = isOneOf(["red", "green"] as const);
  expect(isColour("red")).toBe(true);
  expect(isColour("blue")).toBe(false);
  expect(isColour(1)).toBe(false);
  expect(isColour(null)).toBe(false);
});
