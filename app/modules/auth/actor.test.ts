import { expect, test } from "vitest";
import { actorOf } from "./actor";

test("the actor is the signed-in user's id, role and request, and nothing else from the session", () => {
  const user = { id: "u1", role: "board_member" as const, requestId: "r1", email: "a@example.gov.uk", sessionId: "s1" };
  expect(actorOf(user)).toStrictEqual({ id: "u1", role: "board_member", requestId: "r1" });
});
