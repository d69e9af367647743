/**
 * One-click unsubscribe (RFC 8058). Each email a person may turn off carries
 * a random token in its List-Unsubscribe link; only the token's SHA-256 is
 * kept, on the delivery (deliver.server.ts). Posting
 * `List-Unsubscribe=One-Click` to the link, from the mail client or from the
 * page the link opens, sets that person's choice for that kind of message in
 * that authority to "in-app only": nothing more is emailed, and the
 * notifications still show in the list. No session is needed: the token is
 * the proof. Opening the link (GET) changes nothing, so that a mail scanner
 * following links does not unsubscribe anyone.
 *
 * The daily digest's link (its token is kept on the first delivery it lists)
 * stops the daily email: every kind of message that person gets in it from
 * that authority becomes "in-app only".
 */
import { getDb } from "~/utils/db.server";
import { CHOOSABLE_KINDS, KIND_INFO, NotificationKindSchema, type NotificationKind } from "./kinds";
import { unsubscribeHashOf } from "./outbox.server";
import { modesInForce, writePreferences } from "./settings.server";

/** What newUnsubscribeToken makes: 20 random bytes in lower-case base32. */
const TOKEN = /^[a-z2-7]{32}$/;

type Subscription = {
  userId: string;
  authorityId: string;
  authorityName: string;
  kind: NotificationKind;
  /** e.g. "An action is assigned to me". */
  label: string;
  /** Completes "You get an email from <authority> …". */
  when: string;
};

/** The person, authority and kind a link is for; null for a link that is not one of ours (or an account message). */
async function subscriptionOf(token: string): Promise<Subscription | null> {
  if (!TOKEN.test(token)) return null;
  const delivery = await getDb().notificationDelivery.findUnique({
    where: { unsubscribeHash: unsubscribeHashOf(token) },
    select: {
      channel: true,
      notification: {
        select: { userId: true, kind: true, authorityId: true, authority: { select: { name: true } } },
      },
    },
  });
  const n = delivery?.notification;
  const kind = NotificationKindSchema.safeParse(n?.kind).data;
  if (!n?.authorityId || !n.authority || !kind || KIND_INFO[kind].account) return null;
  const digest = delivery?.channel === "digest";
  const label = KIND_INFO[digest ? "daily_digest" : kind].label;
  return {
    userId: n.userId,
    authorityId: n.authorityId,
    authorityName: n.authority.name,
    kind: digest ? "daily_digest" : kind,
    label,
    when: digest ? "each day, listing your messages" : `when “${label.toLowerCase()}”`,
  };
}

/** What the link would turn off that is still emailed: its kind, or for the daily email every kind the person gets in it. */
async function emailedKinds(s: Subscription): Promise<NotificationKind[]> {
  const modes = await modesInForce(s);
  if (s.kind === "daily_digest") return CHOOSABLE_KINDS.filter((kind) => modes[kind] === "digest");
  return modes[s.kind] === "in_app" ? [] : [s.kind];
}

/** The page the link opens: what it would turn off, and whether that is already off. */
export async function inspectUnsubscribe({ token }: { token: string }) {
  const s = await subscriptionOf(token);
  if (!s) return null;
  const emailed = (await emailedKinds(s)).length > 0;
  return { kind: s.kind, label: s.label, when: s.when, authorityName: s.authorityName, emailed };
}

/** Turns off email for the link's kind of message in its authority; audited as the person's own change. */
export async function unsubscribe({ token, requestId }: { token: string; requestId: string | null }) {
  const s = await subscriptionOf(token);
  if (!s) return null;
  const kinds = await emailedKinds(s);
  const { changed } = await getDb().$transaction((tx) =>
    writePreferences(tx, {
      userId: s.userId,
      authorityId: s.authorityId,
      modes: Object.fromEntries(kinds.map((kind) => [kind, "in_app"])),
      action: "unsubscribed",
      requestId,
    }),
  );
  return { kind: s.kind, label: s.label, authorityName: s.authorityName, changed: changed > 0 };
}
