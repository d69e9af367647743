/**
 * The decisions page through its route action (issue 13, item 3): an error
 * on a new action arising is put back beside the row the board filled in,
 * not beside the first row, when the rows above it were left empty.
 */
import { expect, test } from "vitest";
import { getDb } from "~/utils/db.server";
import { createSession } from "~/modules/auth/session.server";
import { createBoard, getMeeting, planMeeting, publishAgenda, setBoardMember } from "~/modules/board/service.server";
import { createAction, createAuthority, createInspection, createUser } from "../../prisma/factories";
import { action as decisionsAction } from "./a.$authority.meetings.$meetingId.decisions";

test("an unknown owner on the third row of actions arising is refused beside the third row, and what was typed is kept", async () => {
  const db = getDb();
  const authority = await createAuthority({ db });
  const inspection = await createInspection({
    db,
    authorityId: authority.id,
    recommendations: [{ reference: "R1", text: "Strengthen management oversight.", kind: "improvement_item" }],
  });
  const admin = await createUser({ db, memberships: [{ authorityId: authority.id, role: "admin" }] });
  const chair = await createUser({ db, memberships: [{ authorityId: authority.id, role: "board_member" }] });
  await createAction({
    db,
    authorityId: authority.id,
    recommendationId: inspection.recommendations[0]!.id,
    title: "Caseload reduction",
    status: "in_progress",
    rag: "red",
    dueDate: new Date("2030-06-30"),
  });
  const adminActor = { id: admin.id, role: "admin" as const, requestId: "r" };
  const board = await createBoard({
    authorityId: authority.id,
    actor: adminActor,
    value: { name: "Improvement Board", kind: "improvement" },
  });
  await setBoardMember({
    authorityId: authority.id,
    actor: adminActor,
    boardId: board.id,
    userId: chair.id,
    boardRole: "chair",
  });
  const chairActor = { id: chair.id, role: "board_member" as const, requestId: "r" };
  const planned = await planMeeting({
    authorityId: authority.id,
    actor: chairActor,
    boardId: board.id,
    value: { date: "2026-12-10", time: "14:00", location: "Civic Hall" },
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
  const { token } = await createSession({ userId: chair.id, authorityId: authority.id });
  const form = new URLSearchParams({
    intent: "decide",
    itemId: agenda[0]!.id,
    decision: "continue",
    "arising[0].title": "",
    "arising[0].owner": "",
    "arising[2].title": "Report attendance monthly",
    "arising[2].owner": "nobody@elsewhere.example",
  });
  const request = new Request(`http://localhost/a/${authority.slug}/meetings/${planned.id}/decisions`, {
    method: "POST",
    headers: { Cookie: `ib_session=${token}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: form,
  });
  const result = (await decisionsAction({
    request,
    params: { authority: authority.slug, meetingId: planned.id },
    context: undefined,
  } as never)) as {
    init: { status: number };
    data: { result: { error: Record<string, string[]>; initialValue: unknown } };
  };
  expect(result.init.status).toBe(400);
  const errors = result.data.result.error;
  expect(Object.keys(errors)).toEqual(["arising[2].owner"]);
  expect(errors["arising[2].owner"]![0]).toMatch(/nobody@elsewhere\.example|owner|member/i);
  expect(JSON.stringify(result.data.result.initialValue)).toContain("Report attendance monthly");
  // Nothing was decided.
  expect(await db.boardDecision.count({ where: { agendaItemId: agenda[0]!.id } })).toBe(0);
});
