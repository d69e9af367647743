/**
 * Issue 12, finding 8 and "Policy fixes" (ADR 015), through the real routes:
 * only admins and board members generate board packs; a partner on a board
 * sees that board's meetings but no other action's page; a successful unlink
 * of evidence returns to the action.
 */
import { expect, test } from "vitest";
import type { Role } from "~/modules/auth/permissions";
import { getMeeting } from "~/modules/board/service.server";
import { callRoute } from "../../tests/helpers/route";
import { createBoardMeeting, createTenant, createWorld, type SignedIn } from "../../tests/helpers/world";
import { action as packsAction, loader as packsLoader } from "./a.$authority.reports._index";
import { loader as actionLoader } from "./a.$authority.actions.$actionId";
import { loader as meetingLoader } from "./a.$authority.meetings.$meetingId";
import { action as evidenceAction } from "./a.$authority.evidence.$evidenceId";
import { action as settingsAction, loader as settingsLoader } from "./a.$authority.notifications.settings";
import { action as notificationsAction, loader as notificationsLoader } from "./notifications";
import { CHOOSABLE_KINDS } from "~/modules/notify/kinds";

async function world() {
  const { db, authority, inspection, signedIn, action } = await createWorld();
  const people = {} as Record<Role, SignedIn>;
  for (const role of ["admin", "board_member", "action_owner", "viewer", "partner"] as const)
    people[role] = await signedIn(role);
  /** An action of `owner`'s, waiting for review. */
  const submitted = (owner: SignedIn, title: string, rag: string) =>
    action({ ownerId: owner.id, title, status: "submitted_for_review", rag, dueDate: new Date("2030-01-31") });
  const ownersAction = await submitted(people.action_owner, "Owner's action", "red");
  const partnersAction = await submitted(people.partner, "Partner's action", "green");
  return { db, authority, inspection, people, signedIn, ownersAction, partnersAction };
}

test("only admins and board members generate board packs; viewers and action owners read them", async () => {
  const { db, authority, inspection, people } = await world();
  const path = `/a/${authority.slug}/reports`;
  const params = { authority: authority.slug };
  const form = { scope: `inspection:${inspection.id}`, kind: "summary", asAt: "2026-11-20", compareWith: "" };
  for (const role of ["viewer", "action_owner"] as const) {
    const page = await callRoute(packsLoader, { token: people[role].token, path, params });
    expect(page.status, role).toBe(200);
    expect((page.data as { canGenerate: boolean }).canGenerate, role).toBe(false);
    expect((await callRoute(packsAction, { token: people[role].token, path, params, form })).status, role).toBe(403);
  }
  expect(await db.reportSnapshot.count({ where: { authorityId: authority.id } })).toBe(0);
  for (const role of ["admin", "board_member"] as const) {
    expect(
      ((await callRoute(packsLoader, { token: people[role].token, path, params })).data as { canGenerate: boolean })
        .canGenerate,
      role,
    ).toBe(true);
    const made = await callRoute(packsAction, { token: people[role].token, path, params, form });
    expect(made.status, role).toBe(302);
  }
  expect(await db.reportSnapshot.count({ where: { authorityId: authority.id } })).toBe(2);
  // Partners do not see packs at all: they cover the whole plan.
  expect((await callRoute(packsLoader, { token: people.partner.token, path, params })).status).toBe(403);
});

test("a partner on a board sees that board's meetings, agenda items on other actions included, but not those actions' pages", async () => {
  const { authority, people, signedIn, ownersAction, partnersAction } = await world();
  const { meeting } = await createBoardMeeting({
    authorityId: authority.id,
    actor: { id: people.admin.id, role: "admin", requestId: "r" },
    members: [{ userId: people.partner.id, boardRole: "member" }],
  });
  const m = await getMeeting({
    authorityId: authority.id,
    meetingId: meeting.id,
    viewer: { id: people.partner.id, role: "partner" },
  });
  expect(m.agenda.map((i) => i.shown.title).sort()).toEqual(["Owner's action", "Partner's action"]);
  const meetingPage = await callRoute(meetingLoader, {
    token: people.partner.token,
    path: `/a/${authority.slug}/meetings/${meeting.id}`,
    params: { authority: authority.slug, meetingId: meeting.id },
  });
  expect(meetingPage.status).toBe(200);
  // The action pages stay closed, except the partner's own.
  const actionPage = (id: string) =>
    callRoute(actionLoader, {
      token: people.partner.token,
      path: `/a/${authority.slug}/actions/${id}`,
      params: { authority: authority.slug, actionId: id },
    });
  expect([403, 404]).toContain((await actionPage(ownersAction.id)).status);
  expect((await actionPage(partnersAction.id)).status).toBe(200);
  // A partner who is not on the board does not see its meetings.
  const { token } = await signedIn("partner");
  expect(
    (
      await callRoute(meetingLoader, {
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
  const result = await callRoute(evidenceAction, {
    token: people.action_owner.token,
    path: `/a/${authority.slug}/evidence/${evidence.id}`,
    params: { authority: authority.slug, evidenceId: evidence.id },
    form: { intent: "unlink", actionId: ownersAction.id },
  });
  expect(result.status).toBe(302);
  expect(result.headers.get("Location")).toBe(`/a/${authority.slug}/actions/${ownersAction.id}?unlinked=1`);
  expect(await db.actionEvidence.count({ where: { evidenceId: evidence.id } })).toBe(0);
  const audit = await db.auditEvent.findFirst({
    where: { authorityId: authority.id, action: "evidence_unlinked", entityId: ownersAction.id },
  });
  expect(audit?.requestId).toBeTruthy();
});

test("every member chooses how they are told; only admins see and set the defaults and reminder days", async () => {
  const { db, authority, people } = await world();
  const path = `/a/${authority.slug}/notifications/settings`;
  const params = { authority: authority.slug };
  const open = (token: string) => callRoute(settingsLoader, { token, path, params });
  const post = (token: string, form: Record<string, string>) =>
    callRoute(settingsAction, { token, path, params, form });
  const modes = (group: string, mode: string) =>
    Object.fromEntries(CHOOSABLE_KINDS.map((k) => [`${group}.${k}`, mode]));
  const forms = {
    preferences: { intent: "preferences", ...modes("mode", "email"), "mode.due_soon": "in_app" },
    defaults: { intent: "defaults", ...modes("defaultMode", "in_app") },
    reminders: (reminderDays: string) => ({
      intent: "reminders",
      reminderDays,
      chaserDays: "30",
      meetingChaserDays: "7",
      digestDays: "3",
    }),
  };
  for (const role of ["board_member", "action_owner", "viewer", "partner"] as const) {
    const { token } = people[role];
    const page = await open(token);
    expect(page.status, role).toBe(200);
    expect((page.data as { reminders: unknown }).reminders, role).toBeNull();
    expect((await post(token, forms.preferences)).status, role).toBe(200);
    expect((await post(token, forms.defaults)).status, role).toBe(403);
    expect((await post(token, forms.reminders("1"))).status, role).toBe(403);
  }
  expect(await db.notificationPreference.count({ where: { authorityId: authority.id, kind: "due_soon" } })).toBe(4);
  expect(await db.notificationDefault.count({ where: { authorityId: authority.id } })).toBe(0);
  expect((await db.authority.findUniqueOrThrow({ where: { id: authority.id } })).reminderDays).toBe("14,7,1");

  const admin = people.admin.token;
  expect(((await open(admin)).data as { reminders: unknown }).reminders).toEqual({
    reminderDays: "14,7,1",
    chaserDays: 30,
    meetingChaserDays: 7,
    digestDays: 3,
  });
  expect((await post(admin, forms.reminders("14, 0"))).status).toBe(400);
  expect((await post(admin, forms.reminders("7, 21"))).status).toBe(200);
  expect((await db.authority.findUniqueOrThrow({ where: { id: authority.id } })).reminderDays).toBe("21,7");
  expect((await post(admin, forms.defaults)).status).toBe(200);
  expect(await db.notificationDefault.count({ where: { authorityId: authority.id } })).toBe(CHOOSABLE_KINDS.length);

  // Someone of another authority sees nothing of this one's settings.
  const { token } = await (await createTenant()).signedIn("admin");
  expect((await open(token)).status).toBe(403);
  expect((await post(token, forms.defaults)).status).toBe(403);
});

test("the notification list marks read only the signed-in person's own notifications, whatever id is posted", async () => {
  const { db, authority, people } = await world();
  const note = (userId: string) =>
    db.notification.create({
      data: {
        userId,
        authorityId: authority.id,
        kind: "due_soon",
        eventKey: `policy:${userId}:${Math.random()}`,
        title: "Due soon: an action",
        link: `/a/${authority.slug}/actions/x`,
      },
    });
  const mine = await note(people.action_owner.id);
  const theirs = await note(people.viewer.id);
  const as = (token: string, form?: Record<string, string>) =>
    callRoute(form ? notificationsAction : notificationsLoader, { token, path: "/notifications", params: {}, form });
  const list = await as(people.action_owner.token);
  expect((list.data as { list: { rows: { id: string }[] } }).list.rows.map((r) => r.id)).toEqual([mine.id]);
  expect((await as(people.action_owner.token, { intent: "read", notificationId: theirs.id })).status).toBe(200);
  expect((await db.notification.findUniqueOrThrow({ where: { id: theirs.id } })).readAt).toBeNull();
  expect((await as(people.action_owner.token, { intent: "read-all" })).status).toBe(200);
  expect((await db.notification.findUniqueOrThrow({ where: { id: mine.id } })).readAt).not.toBeNull();
  expect((await db.notification.findUniqueOrThrow({ where: { id: theirs.id } })).readAt).toBeNull();
  expect((await as(people.action_owner.token, { intent: "read" })).status).toBe(400);
  // Signed out: to the sign-in page.
  const signedOut = await callRoute(notificationsLoader, { token: "nobody", path: "/notifications", params: {} });
  expect(signedOut.status).toBe(302);
  expect(signedOut.headers.get("Location")).toBe("/login?redirectTo=%2Fnotifications");
});
