/**
 * Issue 12, finding 8 and "Policy fixes" (ADR 015), through the real routes:
 * only admins and board members generate board packs; a partner on a board
 * sees that board's meetings but no other action's page; a successful unlink
 * of evidence returns to the action.
 */
import { expect, test } from "vitest";
import { getDb } from "~/utils/db.server";
import { createSession } from "~/modules/auth/session.server";
import type { Role } from "~/modules/auth/permissions";
import { createBoard, getMeeting, planMeeting, setBoardMember } from "~/modules/board/service.server";
import { createAction, createAuthority, createInspection, createUser } from "../../prisma/factories";
import { action as packsAction, loader as packsLoader } from "./a.$authority.reports._index";
import { loader as actionLoader } from "./a.$authority.actions.$actionId";
import { loader as meetingLoader } from "./a.$authority.meetings.$meetingId";
import { action as evidenceAction } from "./a.$authority.evidence.$evidenceId";

type Handler = (args: never) => Promise<unknown>;

async function world() {
  const db = getDb();
  const authority = await createAuthority({ db });
  const inspection = await createInspection({
    db,
    authorityId: authority.id,
    recommendations: [{ reference: "R1", text: "Strengthen oversight.", kind: "improvement_item" }],
  });
  const recommendationId = inspection.recommendations[0]!.id;
  const people = {} as Record<Role, { id: string; token: string }>;
  for (const role of ["admin", "board_member", "action_owner", "viewer", "partner"] as const) {
    const user = await createUser({ db, memberships: [{ authorityId: authority.id, role }] });
    people[role] = { id: user.id, token: (await createSession({ userId: user.id, authorityId: authority.id })).token };
  }
  const ownersAction = await createAction({
    db,
    authorityId: authority.id,
    recommendationId,
    ownerId: people.action_owner.id,
    title: "Owner's action",
    status: "submitted_for_review",
    rag: "red",
    dueDate: new Date("2030-01-31"),
  });
  const partnersAction = await createAction({
    db,
    authorityId: authority.id,
    recommendationId,
    ownerId: people.partner.id,
    title: "Partner's action",
    status: "submitted_for_review",
    rag: "green",
    dueDate: new Date("2030-01-31"),
  });
  return { db, authority, inspection, people, ownersAction, partnersAction };
}

async function call(
  handler: Handler,
  {
    token,
    path,
    params,
    form,
  }: { token: string; path: string; params: Record<string, string>; form?: Record<string, string> },
) {
  const request = new Request(`http://localhost${path}`, {
    method: form ? "POST" : "GET",
    headers: {
      Cookie: `ib_session=${token}`,
      ...(form ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
    },
    body: form ? new URLSearchParams(form) : undefined,
  });
  try {
    const result = await handler({ request, params, context: undefined } as never);
    if (result instanceof Response)
      return { status: result.status, location: result.headers.get("Location"), data: null };
    const init = (result as { init?: { status?: number } } | null)?.init;
    return { status: init?.status ?? 200, location: null, data: (result as { data?: unknown })?.data ?? result };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, location: error.headers.get("Location"), data: null };
    const status = (error as { status?: number }).status;
    if (typeof status === "number") return { status, location: null, data: null };
    throw error;
  }
}

test("only admins and board members generate board packs; viewers and action owners read them", async () => {
  const { db, authority, inspection, people } = await world();
  const path = `/a/${authority.slug}/reports`;
  const params = { authority: authority.slug };
  const form = { scope: `inspection:${inspection.id}`, kind: "summary", asAt: "2026-11-20", compareWith: "" };
  for (const role of ["viewer", "action_owner"] as const) {
    const page = await call(packsLoader, { token: people[role].token, path, params });
    expect(page.status, role).toBe(200);
    expect((page.data as { canGenerate: boolean }).canGenerate, role).toBe(false);
    expect((await call(packsAction, { token: people[role].token, path, params, form })).status, role).toBe(403);
  }
  expect(await db.reportSnapshot.count({ where: { authorityId: authority.id } })).toBe(0);
  for (const role of ["admin", "board_member"] as const) {
    expect(
      ((await call(packsLoader, { token: people[role].token, path, params })).data as { canGenerate: boolean })
        .canGenerate,
      role,
    ).toBe(true);
    const made = await call(packsAction, { token: people[role].token, path, params, form });
    expect(made.status, role).toBe(302);
  }
  expect(await db.reportSnapshot.count({ where: { authorityId: authority.id } })).toBe(2);
  // Partners do not see packs at all: they cover the whole plan.
  expect((await call(packsLoader, { token: people.partner.token, path, params })).status).toBe(403);
});

test("a partner on a board sees that board's meetings, agenda items on other actions included, but not those actions' pages", async () => {
  const { authority, people, ownersAction, partnersAction } = await world();
  const admin = { id: people.admin.id, role: "admin" as const, requestId: "r" };
  const board = await createBoard({
    authorityId: authority.id,
    actor: admin,
    value: { name: "Improvement Board", kind: "improvement" },
  });
  await setBoardMember({
    authorityId: authority.id,
    actor: admin,
    boardId: board.id,
    userId: people.partner.id,
    boardRole: "member",
  });
  const meeting = await planMeeting({
    authorityId: authority.id,
    actor: admin,
    boardId: board.id,
    value: { date: "2026-12-10", time: "14:00", location: "Civic Hall" },
  });
  const m = await getMeeting({
    authorityId: authority.id,
    meetingId: meeting.id,
    viewer: { id: people.partner.id, role: "partner" },
  });
  expect(m.agenda.map((i) => i.shown.title).sort()).toEqual(["Owner's action", "Partner's action"]);
  const meetingPage = await call(meetingLoader, {
    token: people.partner.token,
    path: `/a/${authority.slug}/meetings/${meeting.id}`,
    params: { authority: authority.slug, meetingId: meeting.id },
  });
  expect(meetingPage.status).toBe(200);
  // The action pages stay closed, except the partner's own.
  const actionPage = (id: string) =>
    call(actionLoader, {
      token: people.partner.token,
      path: `/a/${authority.slug}/actions/${id}`,
      params: { authority: authority.slug, actionId: id },
    });
  expect([403, 404]).toContain((await actionPage(ownersAction.id)).status);
  expect((await actionPage(partnersAction.id)).status).toBe(200);
  // A partner who is not on the board does not see its meetings.
  const outsider = await createUser({ db: getDb(), memberships: [{ authorityId: authority.id, role: "partner" }] });
  const { token } = await createSession({ userId: outsider.id, authorityId: authority.id });
  expect(
    (
      await call(meetingLoader, {
        token,
        path: `/a/${authority.slug}/meetings/${meeting.id}`,
        params: { authority: authority.slug, meetingId: meeting.id },
      })
    ).status,
  ).toBe(404);
});

test("unlinking evidence from an action returns to the action, which says so", async () => {
  const { db, authority, people, ownersAction } = await world();
  const evidence = await db.evidence.create({
    data: { authorityId: authority.id, title: "Audit summary", type: "audit", containsPersonalData: false },
  });
  await db.actionEvidence.create({
    data: { authorityId: authority.id, actionId: ownersAction.id, evidenceId: evidence.id },
  });
  const result = await call(evidenceAction, {
    token: people.action_owner.token,
    path: `/a/${authority.slug}/evidence/${evidence.id}`,
    params: { authority: authority.slug, evidenceId: evidence.id },
    form: { intent: "unlink", actionId: ownersAction.id },
  });
  expect(result.status).toBe(302);
  expect(result.location).toBe(`/a/${authority.slug}/actions/${ownersAction.id}?unlinked=1`);
  expect(await db.actionEvidence.count({ where: { evidenceId: evidence.id } })).toBe(0);
  const audit = await db.auditEvent.findFirst({
    where: { authorityId: authority.id, action: "evidence_unlinked", entityId: ownersAction.id },
  });
  expect(audit?.requestId).toBeTruthy();
});
