import { expect, test } from "vitest";
import { redactPath } from "./lib/log-path.mjs";

test("request logs never carry invitation or password reset tokens, or query strings", () => {
  expect(redactPath("/invite/abcdefghijklmnopqrstuvwxyz234567")).toBe("/invite/[token]");
  expect(redactPath("/invite/abcdefghijklmnopqrstuvwxyz234567.data")).toBe("/invite/[token]");
  expect(redactPath("/reset-password/abcdefghijklmnopqrstuvwxyz234567")).toBe("/reset-password/[token]");
  expect(redactPath("/reset-password/abcdefghijklmnopqrstuvwxyz234567.data")).toBe("/reset-password/[token]");
  expect(redactPath("/reset-password")).toBe("/reset-password");
  expect(redactPath("/login?redirectTo=%2Fa%2Fleeds&email=someone%40x")).toBe("/login");
  expect(redactPath("/a/leeds/actions/cm123")).toBe("/a/leeds/actions/cm123");
});
