/**
 * Notification settings in one authority (/a/:authority/notifications/settings):
 *  - each member's own choice of how they are told of each kind of message
 *    (NotificationPreference);
 *  - the authority's defaults (NotificationDefault) and its reminder, chaser
 *    and digest days (Authority), which only admins set.
 * A row is kept only where a choice differs from what would apply without it,
 * so a person who has not chosen follows the authority's default, and an
 * authority that has not chosen follows the kind's own (kinds.ts). Every
 * change is audited.
 */
import type { Tx } from "~/modules/action/apply.server";
import type { Actor } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import { diffFields, recordAudit } from "~/modules/audit/service.server";
import { getDb } from "~/utils/db.server";
import { forbidden } from "~/utils/errors";
import {
  CHOOSABLE_KINDS,
  DeliveryModeSchema,
  KIND_INFO,
  modeFor,
  NOTIFICATION_KINDS,
  type DeliveryMode,
  type NotificationKind,
} from "./kinds";

export type KindModes = Partial<Record<NotificationKind, DeliveryMode>>;
type ModeRow = { kind: string; mode: string };

/** Stored rows as kind → mode (a row holding an unknown mode is ignored). */
function modesOf(rows: ModeRow[]): KindModes {
  const out: KindModes = {};
  for (const r of rows) {
    const mode = DeliveryModeSchema.safeParse(r.mode).data;
    if (mode) out[r.kind as NotificationKind] = mode;
  }
  return out;
}

/** The mode that applies to one person for each kind of message in one authority: theirs, else the authority's default, else the kind's own. */
export async function modesInForce({
  userId,
  authorityId,
}: {
  userId: string;
  authorityId: string;
}): Promise<Record<NotificationKind, DeliveryMode>> {
  const db = getDb();
  const [preferences, defaults] = await Promise.all([
    db.notificationPreference.findMany({ where: { userId, authorityId } }),
    db.notificationDefault.findMany({ where: { authorityId } }),
  ]);
  const mine = modesOf(preferences);
  const theirs = modesOf(defaults);
  return Object.fromEntries(
    NOTIFICATION_KINDS.map((kind) => [kind, modeFor(kind, mine[kind], theirs[kind])]),
  ) as Record<NotificationKind, DeliveryMode>;
}

/** The mode that applies to one person for one kind of message in one authority. */
export async function modeInForce(who: { userId: string; authorityId: string; kind: NotificationKind }) {
  return (await modesInForce(who))[who.kind];
}

const REMINDER_FIELDS = ["reminderDays", "chaserDays", "meetingChaserDays", "digestDays"] as const;
export type ReminderSettings = {
  reminderDays: string;
  chaserDays: number;
  meetingChaserDays: number;
  digestDays: number;
};
const REMINDER_SELECT = Object.fromEntries(REMINDER_FIELDS.map((f) => [f, true])) as Record<
  (typeof REMINDER_FIELDS)[number],
  true
>;

/** The page: the person's mode for each kind and the authority's default; for admins, the reminder days too. */
export async function getNotificationSettings({ authorityId, actor }: { authorityId: string; actor: Actor }) {
  if (!roleHasPermission(actor.role, "choose:notifications:own")) throw forbidden();
  const db = getDb();
  const manages = roleHasPermission(actor.role, "manage:notifications:any");
  const [preferences, defaults, reminders] = await Promise.all([
    db.notificationPreference.findMany({ where: { userId: actor.id, authorityId } }),
    db.notificationDefault.findMany({ where: { authorityId } }),
    manages
      ? db.authority.findUniqueOrThrow({
          where: { id: authorityId },
          select: REMINDER_SELECT,
        })
      : null,
  ]);
  const mine = modesOf(preferences);
  const theirs = modesOf(defaults);
  return {
    kinds: CHOOSABLE_KINDS.map((kind) => ({
      kind,
      label: KIND_INFO[kind].label,
      mode: modeFor(kind, mine[kind], theirs[kind]),
      authorityDefault: modeFor(kind, null, theirs[kind]),
      builtInDefault: KIND_INFO[kind].defaultMode,
    })),
    /** Only for those who set the authority's defaults. */
    reminders,
  };
}

/**
 * Writes one set of rows (one per kind) in `tx`: deletes the row where the
 * choice is what applies without it (`fallback`), keeps the rest, and audits
 * the kinds whose mode changed.
 */
async function saveModes(
  tx: Tx,
  {
    chosen,
    current,
    fallback,
    remove,
    upsert,
    audit,
  }: {
    chosen: KindModes;
    current: KindModes;
    fallback: (kind: NotificationKind) => DeliveryMode;
    remove: (kind: NotificationKind) => Promise<unknown>;
    upsert: (kind: NotificationKind, mode: DeliveryMode) => Promise<unknown>;
    audit: Omit<Parameters<typeof recordAudit>[0], "tx" | "changes">;
  },
): Promise<{ changed: number }> {
  const changes: Record<string, [DeliveryMode, DeliveryMode]> = {};
  for (const kind of CHOOSABLE_KINDS) {
    const after = chosen[kind];
    if (!after) continue;
    const before = current[kind] ?? fallback(kind);
    if (before !== after) changes[kind] = [before, after];
    if (after === fallback(kind)) {
      if (current[kind]) await remove(kind);
    } else if (current[kind] !== after) await upsert(kind, after);
  }
  const changed = Object.keys(changes).length;
  if (changed > 0) await recordAudit({ ...audit, tx, changes });
  return { changed };
}

/**
 * Writes a person's choices in one authority, in `tx`, audited as `action`
 * (the settings page, or an email's unsubscribe link).
 */
export async function writePreferences(
  tx: Tx,
  {
    userId,
    authorityId,
    modes,
    action = "notification_preferences_changed",
    requestId,
  }: {
    userId: string;
    authorityId: string;
    modes: KindModes;
    action?: "notification_preferences_changed" | "unsubscribed";
    requestId: string | null | undefined;
  },
): Promise<{ changed: number }> {
  const [preferences, defaults] = await Promise.all([
    tx.notificationPreference.findMany({ where: { userId, authorityId } }),
    tx.notificationDefault.findMany({ where: { authorityId } }),
  ]);
  const theirs = modesOf(defaults);
  return saveModes(tx, {
    chosen: modes,
    current: modesOf(preferences),
    fallback: (kind) => modeFor(kind, null, theirs[kind]),
    remove: (kind) => tx.notificationPreference.deleteMany({ where: { userId, authorityId, kind } }),
    upsert: (kind, mode) =>
      tx.notificationPreference.upsert({
        where: { userId_authorityId_kind: { userId, authorityId, kind } },
        create: { userId, authorityId, kind, mode },
        update: { mode },
      }),
    audit: {
      authorityId,
      actorId: userId,
      action,
      entityType: "NotificationPreference",
      entityId: userId,
      requestId,
    },
  });
}

/** A page's radios saved by `actor` in one authority. */
type ModesChosen = { authorityId: string; actor: Actor; modes: KindModes };

/** Saves how the person is told of each kind in this authority. */
export async function saveNotificationPreferences({
  authorityId,
  actor,
  modes,
}: ModesChosen): Promise<{ changed: number }> {
  if (!roleHasPermission(actor.role, "choose:notifications:own")) throw forbidden();
  return getDb().$transaction((tx) =>
    writePreferences(tx, { userId: actor.id, authorityId, modes, requestId: actor.requestId }),
  );
}

function requireManager(actor: Actor) {
  if (!roleHasPermission(actor.role, "manage:notifications:any"))
    throw forbidden("Only the authority's admins can change its notification defaults.");
}

/** Saves the authority's default for each kind (admins). */
export async function saveNotificationDefaults({
  authorityId,
  actor,
  modes,
}: ModesChosen): Promise<{ changed: number }> {
  requireManager(actor);
  return getDb().$transaction(async (tx) =>
    saveModes(tx, {
      chosen: modes,
      current: modesOf(await tx.notificationDefault.findMany({ where: { authorityId } })),
      fallback: (kind) => KIND_INFO[kind].defaultMode,
      remove: (kind) => tx.notificationDefault.deleteMany({ where: { authorityId, kind } }),
      upsert: (kind, mode) =>
        tx.notificationDefault.upsert({
          where: { authorityId_kind: { authorityId, kind } },
          create: { authorityId, kind, mode },
          update: { mode },
        }),
      audit: {
        authorityId,
        actorId: actor.id,
        action: "notification_defaults_changed",
        entityType: "NotificationDefault",
        entityId: authorityId,
        requestId: actor.requestId,
      },
    }),
  );
}

/** Saves the authority's reminder days before a due date, the chaser's and the digest's days (admins). */
export async function saveReminderSettings({
  authorityId,
  actor,
  value,
}: {
  authorityId: string;
  actor: Actor;
  value: ReminderSettings;
}): Promise<{ changed: number }> {
  requireManager(actor);
  return getDb().$transaction(async (tx) => {
    const before = await tx.authority.findUniqueOrThrow({
      where: { id: authorityId },
      select: REMINDER_SELECT,
    });
    const changes = diffFields(before, value, [...REMINDER_FIELDS]);
    if (Object.keys(changes).length === 0) return { changed: 0 };
    await tx.authority.update({ where: { id: authorityId }, data: value });
    await recordAudit({
      tx,
      authorityId,
      actorId: actor.id,
      action: "reminder_settings_changed",
      entityType: "Authority",
      entityId: authorityId,
      changes,
      requestId: actor.requestId,
    });
    return { changed: Object.keys(changes).length };
  });
}
