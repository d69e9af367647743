import { expect, test } from "vitest";
import { hashPassword, passwordProblem, verifyPassword } from "./password.server";

test("passwords shorter than 12 characters are refused", () => {
  expect(passwordProblem("short-pass1")).toBe("Password must be at least 12 characters");
  expect(passwordProblem("long-enough-pass")).toBeNull();
});

test("common passwords are refused even when long enough", () => {
  expect(passwordProblem("password1234")).toMatch(/too common/);
  expect(passwordProblem("PASSWORD1234")).toMatch(/too common/);
  expect(passwordProblem("1q2w3e4r5t6y")).toMatch(/too common/);
});

test("one repeated character is refused", () => {
  expect(passwordProblem("zzzzzzzzzzzzzzzz")).not.toBeNull();
});

test("argon2id hashes verify only the right password", async () => {
  const hash = await hashPassword("Correct-Horse-Battery-9");
  expect(hash.startsWith("$argon2id$")).toBe(true);
  expect(await verifyPassword(hash, "Correct-Horse-Battery-9")).toBe(true);
  expect(await verifyPassword(hash, "correct-horse-battery-9")).toBe(false);
  expect(await verifyPassword("not a hash", "anything")).toBe(false);
});
