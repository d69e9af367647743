import { expect, test } from "vitest";
import { isOneOf, keysOf, labelOf } from "./vocabulary";

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

test("labelOf gives a known value's label, and any other value as it is", () => {
  const colourLabel = labelOf({ red: "Red", light_green: "Light green" });
  expect(colourLabel("light_green")).toBe("Light green");
  expect(colourLabel("blue")).toBe("blue");
  expect(colourLabel("")).toBe("");
  expect(colourLabel("toString")).toBe("toString");
});
