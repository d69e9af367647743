/**
 * The delivery log (issue 14, "Log" and "a permanent failure is shown to
 * admins with the reason and a retry button"), through the real loaders and
 * actions on a real database: only admins see it (deny by default, other
 * authorities 403), its search filters, viewing it is audited, a failed
 * email is retried (queued again, audited), and one authority never sees or
 * retries another's messages. Also the "Messages sent" panel on the action,
 * meeting and people pages: there for admins, absent for everyone else.
 */
import { afterEach, expect, test } from "vitest";
import type { Role } from "~/modules/auth/permissions";
import { stopJobQueue } from "~/modules/jobs/runner.server";
import type { NotificationKind } from "~/modules/notify/kinds";
import { callRoute } from "../../tests/helpers/route";
import { createBoardMeeting, createWorld, type SignedIn } from "../../tests/helpers/world";
import { loader as actionLoader } from "./a.$authority.actions.$actionId";
import { loader as meetingLoader } from "./a.$authority.meetings.$meetingId";
import { action as logAction, loader as logLoader } from "./a.$authority.notifications.log";
import { loader as peopleLoader } from "./a.$authority.people";

afterEach(async () => {
  await stopJobQueue();
});

type LogRow = {
  id: string;
  address: string;
  status: string;
  attempts: number;
  lastError: string | null;
  notification: { kind: string; title: string; user: { id: string; name: string } };
};
type LogData = { log: { rows: LogRow[]; page: number; hasNext: boolean } };
type Panel = { rows: { key: string; title: string; status: string | null; channel: string }[]; more: boolean } | null;

let n = 0;

async function world() {
  const w = await createWorld();
  const people = {} as Record<Role, SignedIn>;
  for (const role of ["admin", "board_member", "action_owner", "viewer", "partner"] as const)
    people[role] = await w.signedIn(role, role === "action_owner" ? { name: "Olu Owner" } : {});
  const action = await w.action({ title: "Named nurse at strategy discussions", ownerId: people.action_owner.id });
  /** A notification to `to` and its delivery (none for an in-app-only message). */
  const sent = async ({
    to,
    kind = "action_assigned",
    status = "sent",
    channel = "email",
    about = { actionId: action.id },
    at = new Date(),
    lastError = null,
    authorityId = w.authority.id,
  }: {
    to: { id: string; email: string };
    kind?: NotificationKind;
    status?: string;
    channel?: "email" | "digest" | null;
    about?: { actionId?: string; meetingId?: string };
    at?: Date;
    lastError?: string | null;
    authorityId?: string;
  }) => {
    const notification = await w.db.notification.create({
      data: {
        authorityId,
        userId: to.id,
        kind,
        eventKey: `test:${++n}`,
        title: `Message ${n}`,
        link: `/a/${w.authority.slug}/actions/${action.id}`,
        ...about,
        createdAt: at,
      },
    });
    if (!channel) return { notification, delivery: null };
    const delivery = await w.db.notificationDelivery.create({
      data: {
        notificationId: notification.id,
        authorityId,
        channel,
        address: to.email,
        status,
        attempts: status === "queued" ? 0 : 1,
        lastError,
        sentAt: status === "sent" ? at : null,
        createdAt: at,
      },
    });
    return { notification, delivery };
  };
  const slug = w.authority.slug;
  const log = (who: SignedIn, query = "", authority = slug) =>
    callRoute(logLoader, {
      token: who.token,
      path: `/a/${authority}/notifications/log${query}`,
      params: { authority },
    });
  const retry = (who: SignedIn, deliveryId: string, authority = slug) =>
    callRoute(logAction, {
      token: who.token,
      path: `/a/${authority}/notifications/log`,
      params: { authority },
      form: { intent: "retry", deliveryId },
    });
  return { ...w, people, actionRow: action, sent, log, retry };
}

const rowsOf = (reply: { data: Record<string, unknown> | null }) => (reply.data as LogData).log.rows;

test("only admins may read the delivery log or retry from it; everyone else, and other authorities' admins, get 403", async () => {
  const { db, people, sent, log, retry, authority } = await world();
  const { delivery } = await sent({
    to: people.action_owner,
    status: "failed",
    lastError: "The mail server refused the message (SMTP 550).",
  });
  for (const role of ["board_member", "action_owner", "viewer", "partner"] as const) {
    const page = await log(people[role]);
    expect(page.status, role).toBe(403);
    expect(page.data, role).toBeNull();
    expect((await retry(people[role], delivery!.id)).status, role).toBe(403);
  }
  const stranger = await (await createWorld()).signedIn("admin");
  expect((await log(stranger, "", authority.slug)).status).toBe(403);
  expect((await retry(stranger, delivery!.id, authority.slug)).status).toBe(403);
  expect(await db.notificationDelivery.findUniqueOrThrow({ where: { id: delivery!.id } })).toMatchObject({
    status: "failed",
    lastError: "The mail server refused the message (SMTP 550).",
  });
  expect(await db.auditEvent.count({ where: { authorityId: authority.id, entityType: "NotificationLog" } })).toBe(0);

  await sent({ to: people.viewer, status: "sent" });
  const page = await log(people.admin);
  expect(page.status).toBe(200);
  expect((page.data as { log: { failed: number } }).log.failed).toBe(1);
  expect(rowsOf(page)).toHaveLength(2);
  expect(rowsOf(page).slice(1)).toMatchObject([
    {
      id: delivery!.id,
      address: people.action_owner.email,
      status: "failed",
      attempts: 1,
      lastError: "The mail server refused the message (SMTP 550).",
      notification: { kind: "action_assigned", user: { name: "Olu Owner" } },
    },
  ]);
});

test("the log is searched by recipient name or email, kind, status and queued dates, a page at a time; each view is audited", async () => {
  const { db, people, sent, log, authority } = await world();
  const owner = people.action_owner;
  const viewer = people.viewer;
  await sent({ to: owner, kind: "action_assigned", status: "sent", at: new Date("2026-11-02T10:00:00Z") });
  await sent({ to: owner, kind: "overdue", status: "failed", at: new Date("2026-11-20T10:00:00Z") });
  await sent({ to: viewer, kind: "due_soon", status: "queued", at: new Date("2026-12-01T10:00:00Z") });
  const ids = async (query: string) => {
    const page = await log(people.admin, query);
    expect(page.status, query).toBe(200);
    return rowsOf(page).map(
      (r) => `${r.notification.user.id === owner.id ? "owner" : "viewer"}:${r.notification.kind}`,
    );
  };
  expect(await ids("")).toEqual(["viewer:due_soon", "owner:overdue", "owner:action_assigned"]);
  expect(await ids("?q=olu+OWN")).toEqual(["owner:overdue", "owner:action_assigned"]);
  expect(await ids(`?q=${encodeURIComponent(viewer.email.split("@")[0]!.toUpperCase())}`)).toEqual(["viewer:due_soon"]);
  expect(await ids("?kind=overdue")).toEqual(["owner:overdue"]);
  expect(await ids("?status=sent")).toEqual(["owner:action_assigned"]);
  expect(await ids("?from=2026-11-20&to=2026-11-30")).toEqual(["owner:overdue"]);
  // The date inputs' boxes, as the search form sends them; the last day counts whole.
  expect(await ids("?from.day=2&from.month=11&from.year=2026&to.day=20&to.month=11&to.year=2026")).toEqual([
    "owner:overdue",
    "owner:action_assigned",
  ]);
  expect(await ids(`?user=${viewer.id}`)).toEqual(["viewer:due_soon"]);
  // A bad value is dropped, never an error: the whole log.
  expect(await ids("?status=lost&kind=nonsense&from=2026-02-31")).toHaveLength(3);
  expect(await ids("?q=nobody-called-this")).toEqual([]);

  const viewed = await db.auditEvent.findMany({
    where: { authorityId: authority.id, entityType: "NotificationLog", action: "viewed" },
    orderBy: { createdAt: "asc" },
  });
  expect(viewed).toHaveLength(10);
  expect(viewed.every((e) => e.actorId === people.admin.id)).toBe(true);
  expect(JSON.parse(viewed[3]!.changes!)).toEqual({ kind: "overdue", page: 1 });

  // 26 messages: a page of 25, then one.
  for (let i = 0; i < 23; i++) await sent({ to: viewer, kind: "no_update", at: new Date("2026-10-01T10:00:00Z") });
  const first = await log(people.admin);
  expect((first.data as LogData).log).toMatchObject({ page: 1, hasNext: true });
  expect(rowsOf(first)).toHaveLength(25);
  const second = await log(people.admin, "?page=2");
  expect((second.data as LogData).log).toMatchObject({ page: 2, hasNext: false });
  expect(rowsOf(second)).toHaveLength(1);
  expect(rowsOf(second)[0]!.notification.kind).toBe("no_update");
});

test("an admin retries a failed email: it is queued again without its old reason, audited; a sent one cannot be", async () => {
  const { db, people, sent, retry, authority } = await world();
  const { delivery: failed } = await sent({
    to: people.action_owner,
    status: "failed",
    lastError: "The address does not exist (SMTP 550).",
  });
  const { delivery: done } = await sent({ to: people.action_owner, status: "sent" });

  const r = await retry(people.admin, failed!.id);
  expect(r.status).toBe(200);
  expect(r.data).toMatchObject({ notice: "The email is queued to be sent again." });
  expect(await db.notificationDelivery.findUniqueOrThrow({ where: { id: failed!.id } })).toMatchObject({
    status: "queued",
    lastError: null,
  });
  expect(
    await db.auditEvent.findMany({ where: { authorityId: authority.id, entityType: "NotificationDelivery" } }),
  ).toMatchObject([{ action: "retry", actorId: people.admin.id, entityId: failed!.id }]);

  const refused = await retry(people.admin, done!.id);
  expect(refused.status).toBe(409);
  expect(JSON.stringify(refused.data)).toContain("Only a failed email can be sent again.");
  expect((await db.notificationDelivery.findUniqueOrThrow({ where: { id: done!.id } })).status).toBe("sent");
  // Retried once already: now queued, so not again.
  expect((await retry(people.admin, failed!.id)).status).toBe(409);
  expect(await db.auditEvent.count({ where: { authorityId: authority.id, entityType: "NotificationDelivery" } })).toBe(
    1,
  );
});

test("one authority's admins never see or retry another's messages, on the log or on their own pages", async () => {
  const theirs = await world();
  const mine = await world();
  const { delivery } = await theirs.sent({ to: theirs.people.action_owner, status: "failed", lastError: "Bounced" });
  await mine.sent({ to: mine.people.action_owner, status: "sent" });
  // A row of theirs that names my action (as a corrupted or forged row might): the authority in the query keeps it out.
  await theirs.sent({ to: theirs.people.action_owner, about: { actionId: mine.actionRow.id } });

  const myLog = rowsOf(await mine.log(mine.people.admin));
  expect(myLog.map((r) => r.address)).toEqual([mine.people.action_owner.email]);
  expect(rowsOf(await mine.log(mine.people.admin, `?user=${theirs.people.action_owner.id}`))).toEqual([]);
  expect(rowsOf(await mine.log(mine.people.admin, `?q=${theirs.people.action_owner.email}`))).toEqual([]);

  // Their delivery, under my authority's URL: not found, and unchanged.
  expect((await mine.retry(mine.people.admin, delivery!.id)).status).toBe(404);
  expect((await theirs.db.notificationDelivery.findUniqueOrThrow({ where: { id: delivery!.id } })).status).toBe(
    "failed",
  );

  const myAction = await callRoute(actionLoader, {
    token: mine.people.admin.token,
    path: `/a/${mine.authority.slug}/actions/${mine.actionRow.id}`,
    params: { authority: mine.authority.slug, actionId: mine.actionRow.id },
  });
  const panel = (myAction.data as { messages: Panel }).messages!;
  expect(panel.rows).toHaveLength(1);
  expect(panel.rows[0]).toMatchObject({ channel: "email", status: "sent" });
});

test("'Messages sent' shows on the action, meeting and people pages for admins only, in-app messages included", async () => {
  const { people, sent, authority, actionRow } = await world();
  const { meeting } = await createBoardMeeting({
    authorityId: authority.id,
    actor: { id: people.admin.id, role: "admin", requestId: "r" },
    members: [{ userId: people.board_member.id, boardRole: "chair" }],
  });
  await sent({ to: people.action_owner, status: "failed", lastError: "Bounced" });
  await sent({ to: people.action_owner, channel: null, kind: "overdue" });
  await sent({ to: people.board_member, kind: "agenda_published", about: { meetingId: meeting.id } });
  const slug = authority.slug;
  const actionPage = (who: SignedIn) =>
    callRoute(actionLoader, {
      token: who.token,
      path: `/a/${slug}/actions/${actionRow.id}`,
      params: { authority: slug, actionId: actionRow.id },
    });
  const meetingPage = (who: SignedIn) =>
    callRoute(meetingLoader, {
      token: who.token,
      path: `/a/${slug}/meetings/${meeting.id}`,
      params: { authority: slug, meetingId: meeting.id },
    });
  const messages = (reply: { status: number; data: Record<string, unknown> | null }) => {
    expect(reply.status).toBe(200);
    return (reply.data as { messages: Panel }).messages;
  };

  const onAction = messages(await actionPage(people.admin))!;
  expect(onAction.rows.map((r) => [r.channel, r.status])).toEqual([
    ["in_app", null],
    ["email", "failed"],
  ]);
  expect(messages(await meetingPage(people.admin))!.rows.map((r) => r.status)).toEqual(["sent"]);
  const toOwner = messages(
    await callRoute(peopleLoader, {
      token: people.admin.token,
      path: `/a/${slug}/people?messages=${people.action_owner.id}`,
      params: { authority: slug },
    }),
  )!;
  expect(toOwner.rows).toHaveLength(2);
  expect(
    messages(
      await callRoute(peopleLoader, {
        token: people.admin.token,
        path: `/a/${slug}/people`,
        params: { authority: slug },
      }),
    ),
  ).toBeNull();

  // Others who see these pages see no messages at all.
  for (const role of ["board_member", "action_owner", "viewer"] as const)
    expect(messages(await actionPage(people[role])), role).toBeNull();
  expect(messages(await meetingPage(people.board_member))).toBeNull();
});
