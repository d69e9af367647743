/**
 * Notification settings (settings.server.ts, forms.ts) on a real database:
 * a person's own choices, the authority's defaults and reminder days (admins
 * only), each audited, and what the outbox then does with them.
 */
import { afterEach, expect, test } from "vitest";
import type { z } from "zod";
import { parseForm } from "~/components/forms/submission.server";
import { stopJobQueue } from "~/modules/jobs/runner.server";
import { AppError } from "~/utils/errors";
import { assigningWorld } from "../../../tests/helpers/assigning";
import { CHOOSABLE_KINDS, type DeliveryMode } from "./kinds";
import { PreferencesSchema, RemindersSchema } from "./forms";
import {
  getNotificationSettings,
  modeInForce,
  saveNotificationDefaults,
  saveNotificationPreferences,
  saveReminderSettings,
} from "./settings.server";

afterEach(async () => {
  await stopJobQueue();
});

async function world() {
  const w = await assigningWorld();
  const as = (user: { id: string }, role: "admin" | "action_owner" | "viewer" | "partner") => ({
    id: user.id,
    role,
    requestId: "req-settings",
  });
  return { ...w, as };
}

const allKinds = (mode: DeliveryMode) => Object.fromEntries(CHOOSABLE_KINDS.map((k) => [k, mode]));

test("a person's choice is kept only where it differs from the authority's default, and audited", async () => {
  const { db, authority, owner, as } = await world();
  const before = await getNotificationSettings({ authorityId: authority.id, actor: as(owner, "action_owner") });
  expect(before.reminders).toBeNull();
  expect(before.kinds.map((k) => k.kind)).toEqual(CHOOSABLE_KINDS);
  expect(before.kinds.every((k) => k.mode === "email" && k.authorityDefault === "email")).toBe(true);

  // Saving the page as it stands keeps no rows and records nothing.
  const unchanged = await saveNotificationPreferences({
    authorityId: authority.id,
    actor: as(owner, "action_owner"),
    modes: allKinds("email"),
  });
  expect(unchanged).toEqual({ changed: 0 });
  expect(await db.notificationPreference.count({ where: { userId: owner.id } })).toBe(0);

  const saved = await saveNotificationPreferences({
    authorityId: authority.id,
    actor: as(owner, "action_owner"),
    modes: { ...allKinds("email"), due_soon: "digest", no_update: "in_app" },
  });
  expect(saved).toEqual({ changed: 2 });
  expect(
    await db.notificationPreference.findMany({
      where: { userId: owner.id },
      select: { kind: true, mode: true },
      orderBy: { kind: "asc" },
    }),
  ).toEqual([
    { kind: "due_soon", mode: "digest" },
    { kind: "no_update", mode: "in_app" },
  ]);
  const audit = await db.auditEvent.findFirstOrThrow({
    where: { authorityId: authority.id, action: "notification_preferences_changed" },
  });
  expect(audit).toMatchObject({ actorId: owner.id, entityType: "NotificationPreference", requestId: "req-settings" });
  expect(JSON.parse(audit.changes!)).toEqual({ due_soon: ["email", "digest"], no_update: ["email", "in_app"] });
  expect(await modeInForce({ userId: owner.id, authorityId: authority.id, kind: "due_soon" })).toBe("digest");

  // Back to the default: the row goes, so later changes to the default reach them.
  await saveNotificationPreferences({
    authorityId: authority.id,
    actor: as(owner, "action_owner"),
    modes: { due_soon: "email" },
  });
  expect(await db.notificationPreference.count({ where: { userId: owner.id, kind: "due_soon" } })).toBe(0);
});

test("admins set the authority's defaults, which apply to anyone who has not chosen; others may not", async () => {
  const { db, authority, admin, owner, as, assign } = await world();
  const refused = await saveNotificationDefaults({
    authorityId: authority.id,
    actor: as(owner, "action_owner"),
    modes: allKinds("in_app"),
  }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(AppError);
  expect((refused as AppError).status).toBe(403);
  expect(await db.notificationDefault.count({ where: { authorityId: authority.id } })).toBe(0);

  await saveNotificationDefaults({
    authorityId: authority.id,
    actor: as(admin, "admin"),
    modes: { ...allKinds("email"), action_assigned: "in_app" },
  });
  expect(await db.notificationDefault.findMany({ where: { authorityId: authority.id } })).toMatchObject([
    { kind: "action_assigned", mode: "in_app" },
  ]);
  const audit = await db.auditEvent.findFirstOrThrow({
    where: { authorityId: authority.id, action: "notification_defaults_changed" },
  });
  expect(JSON.parse(audit.changes!)).toEqual({ action_assigned: ["email", "in_app"] });
  const seen = await getNotificationSettings({ authorityId: authority.id, actor: as(owner, "action_owner") });
  expect(seen.kinds.find((k) => k.kind === "action_assigned")).toMatchObject({
    mode: "in_app",
    authorityDefault: "in_app",
    builtInDefault: "email",
  });

  // The owner is assigned an action: it shows in their list, and no email is queued.
  await assign(owner.id);
  expect(await db.notification.count({ where: { userId: owner.id } })).toBe(1);
  expect(await db.notificationDelivery.count({ where: { address: owner.email } })).toBe(0);
});

test("admins set the reminder, chaser, meeting chaser and digest days, audited; others may not", async () => {
  const { db, authority, admin, owner, as } = await world();
  const value = { reminderDays: "28,7", chaserDays: 14, meetingChaserDays: 10, digestDays: 5 };
  await expect(
    saveReminderSettings({ authorityId: authority.id, actor: as(owner, "action_owner"), value }),
  ).rejects.toMatchObject({ status: 403 });
  expect((await getNotificationSettings({ authorityId: authority.id, actor: as(admin, "admin") })).reminders).toEqual({
    reminderDays: "14,7,1",
    chaserDays: 30,
    meetingChaserDays: 7,
    digestDays: 3,
  });
  expect(await saveReminderSettings({ authorityId: authority.id, actor: as(admin, "admin"), value })).toEqual({
    changed: 4,
  });
  expect(
    await db.authority.findUniqueOrThrow({
      where: { id: authority.id },
      select: { reminderDays: true, chaserDays: true, meetingChaserDays: true, digestDays: true },
    }),
  ).toEqual(value);
  const audit = await db.auditEvent.findFirstOrThrow({
    where: { authorityId: authority.id, action: "reminder_settings_changed" },
  });
  expect(audit).toMatchObject({ actorId: admin.id, entityType: "Authority", entityId: authority.id });
  expect(JSON.parse(audit.changes!)).toEqual({
    reminderDays: ["14,7,1", "28,7"],
    chaserDays: [30, 14],
    meetingChaserDays: [7, 10],
    digestDays: [3, 5],
  });
  expect(await saveReminderSettings({ authorityId: authority.id, actor: as(admin, "admin"), value })).toEqual({
    changed: 0,
  });
});

const parse = <S extends z.ZodType>(schema: S, fields: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return parseForm(fd, schema);
};

test("reminder days are whole numbers from 1 to 365 separated by commas, stored longest first without repeats", () => {
  const ok = (reminderDays: string) => {
    const r = parse(RemindersSchema, {
      intent: "reminders",
      reminderDays,
      chaserDays: "30",
      meetingChaserDays: "7",
      digestDays: "3",
    });
    return r.status === "success" ? r.value.reminderDays : r.error;
  };
  expect(ok("14,7,1")).toBe("14,7,1");
  expect(ok(" 1, 14 ,7, 7 ")).toBe("14,7,1");
  expect(ok("365")).toBe("365");
  const format = {
    reminderDays: ["Reminder days must be whole numbers from 1 to 365, separated by commas, like 14, 7, 1"],
  };
  for (const bad of ["0", "366", "14,,7", "fourteen", "7.5", "-1", "14;7", "1e2"]) expect(ok(bad), bad).toEqual(format);
  expect(ok("")).toEqual({ reminderDays: ["Enter the days before the due date to send reminders, like 14, 7, 1"] });
  expect(ok("1,2,3,4,5,6,7,8,9,10,11")).toEqual({ reminderDays: ["Enter at most 10 reminder days"] });
});

test("the chaser and digest days are whole numbers in range; each kind's radio must be answered", () => {
  const errors = (fields: Record<string, string>) => {
    const r = parse(RemindersSchema, {
      intent: "reminders",
      reminderDays: "7",
      chaserDays: "30",
      meetingChaserDays: "7",
      digestDays: "3",
      ...fields,
    });
    return r.status === "success" ? null : r.error;
  };
  expect(errors({})).toBeNull();
  expect(errors({ chaserDays: "0" })).toEqual({
    chaserDays: ["The days without an update must be a whole number from 1 to 365"],
  });
  expect(errors({ digestDays: "31", chaserDays: "" })).toEqual({
    chaserDays: ["Enter how many days without an update before an owner is chased"],
    digestDays: ["The days before a meeting must be a whole number from 1 to 30"],
  });
  expect(errors({ meetingChaserDays: "61" })).toEqual({
    meetingChaserDays: ["The days before a meeting to chase owners must be a whole number from 1 to 60"],
  });
  expect(errors({ meetingChaserDays: "" })).toEqual({
    meetingChaserDays: ["Enter how many days before a meeting owners with no update are chased"],
  });
  const prefs = parse(PreferencesSchema, {
    intent: "preferences",
    ...Object.fromEntries(CHOOSABLE_KINDS.map((k) => [`mode.${k}`, "email"])),
    "mode.due_soon": "weekly",
  });
  expect(prefs.status).toBe("error");
  expect(prefs.status === "error" ? Object.keys(prefs.error ?? {}) : []).toEqual(["mode.due_soon"]);
});
