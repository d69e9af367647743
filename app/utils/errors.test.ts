import { createStaticHandler } from "react-router";
import { expect, test } from "vitest";
import { AppError, forbidden, notFound } from "./errors";

async function statusOf(thrown: unknown) {
  const handler = createStaticHandler([
    {
      id: "root",
      path: "/",
      loader: () => {
        throw thrown;
      },
    },
  ]);
  const context = await handler.query(new Request("http://localhost/"));
  if (context instanceof Response) throw new Error("unexpected response");
  return { status: context.statusCode, error: context.errors?.root as { status: number; data: unknown } };
}

test("a thrown AppError reaches the error boundary as an error response with its status and message", async () => {
  const { status, error } = await statusOf(notFound("inspection"));
  expect(status).toBe(404);
  expect(error.status).toBe(404);
  expect(error.data).toEqual({ status: 404, message: "We could not find that inspection." });
});

test("forbidden is a 403 with a message for the user", async () => {
  const { status, error } = await statusOf(forbidden());
  expect(status).toBe(403);
  expect(error.data).toMatchObject({ status: 403 });
});

test("a plain Error is a 500, not mistaken for an AppError", async () => {
  const { status } = await statusOf(new Error("boom"));
  expect(status).toBe(500);
  expect(new AppError({ status: 409, message: "x" })).toBeInstanceOf(Error);
});
