/**
 * The decisions page through its route action (issue 13, item 3): an error
 * on a new action arising is put back beside the row the board filled in,
 * not beside the first row, when the rows above it were left empty.
 */
import { expect, test } from "vitest";
import { getMeeting, publishAgenda } from "~/modules/board/service.server";
import { callRoute } from "../../tests/helpers/route";
import { createBoardMeeting, createWorld } from "../../tests/helpers/world";
import { action as decisionsAction } from "./a.$authority.meetings.$meetingId.decisions";

test("an unknown owner on the third row of actions arising is refused beside the third row, and what was typed is kept", async () => {
  const { db, authority, member, signedIn, action } = await createWorld();
  const admin = await member("admin");
  const chair = await signedIn("board_member");
  await action({ title: "Caseload reduction", status: "in_progress", rag: "red", dueDate: new Date("2030-06-30") });
  const chairActor = { id: chair.id, role: "board_member" as const, requestId: "r" };
  const { meeting: planned } = await createBoardMeeting({
    authorityId: authority.id,
    actor: { id: admin.id, role: "admin", requestId: "r" },
    members: [{ userId: chair.id, boardRole: "chair" }],
    plannedBy: chairActor,
  });
  await publishAgenda({
    authorityId: authority.id,
    actor: chairActor,
    meetingId: planned.id,
    version: planned.version,
  });
  const { agenda } = await getMeeting({
    authorityId: authority.id,
    meetingId: planned.id,
    viewer: chairActor,
  });
  const result = await callRoute(decisionsAction, {
    token: chair.token,
    path: `/a/${authority.slug}/meetings/${planned.id}/decisions`,
    params: { authority: authority.slug, meetingId: planned.id },
    form: {
      intent: "decide",
      itemId: agenda[0]!.id,
      decision: "continue",
      "arising[0].title": "",
      "arising[0].owner": "",
      "arising[2].title": "Report attendance monthly",
      "arising[2].owner": "nobody@elsewhere.example",
    },
  });
  expect(result.status).toBe(400);
  const { error: errors, initialValue } = (
    result.data as { result: { error: Record<string, string[]>; initialValue: unknown } }
  ).result;
  expect(Object.keys(errors)).toEqual(["arising[2].owner"]);
  expect(errors["arising[2].owner"]![0]).toMatch(/nobody@elsewhere\.example|owner|member/i);
  expect(JSON.stringify(initialValue)).toContain("Report attendance monthly");
  // Nothing was decided.
  expect(await db.boardDecision.count({ where: { agendaItemId: agenda[0]!.id } })).toBe(0);
});
