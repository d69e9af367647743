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
 */
import { getDb } from "~/utils/db.server";
import { KIND_INFO, NotificationKindSchema, type NotificationKind } from "./kinds";
import { unsubscribeHashOf } from "./outbox.server";
import { modeInForce, writePreferences } from "./settings.server";

/** What newUnsubscribeToken makes: 20 random bytes in lower-case base32. */
const TOKEN = /^[a-z2-7]{32}$/;

type Subscription = {
  userId: string;
  authorityId: string;
  authorityName: string;
  kind: NotificationKind;
  /** e.g. "An action is assigned to me". */
  label: string;
};

/** The person, authority and kind a link is for; null for a link that is not one of ours (or an account message). */
async function subscriptionOf(token: string): Promise<Subscription | null> {
  if (!TOKEN.test(token)) return null;
  const delivery = await getDb().notificationDelivery.findUnique({
    where: { unsubscribeHash: unsubscribeHashOf(token) },
    select: {
      notification: {
        select: { userId: true, kind: true, authorityId: true, authority: { select: { name: true } } },
      },
    },
  });
  const n = delivery?.notification;
  const kind = NotificationKindSchema.safeParse(n?.kind).data;
  if (!n?.authorityId || !n.authority || !kind || KIND_INFO[kind].account) return null;
  return {
    userId: n.userId,
    authorityId: n.authorityId,
    authorityName: n.authority.name,
    kind,
    label: KIND_INFO[kind].label,
  };
}

/** The page the link opens: what it would turn off, and whether that is already off. */
export async function inspectUnsubscribe({ token }: { token: string }) {
  const s = await subscriptionOf(token);
  if (!s) return null;
  const mode = await modeInForce(s);
  return { kind: s.kind, label: s.label, authorityName: s.authorityName, emailed: mode !== "in_app" };
}

/** Turns off email for the link's kind of message in its authority; audited as the person's own change. */
export async function unsubscribe({ token, requestId }: { token: string; requestId: string | null }) {
  const s = await subscriptionOf(token);
  if (!s) return null;
  const { changed } = await getDb().$transaction((tx) =>
    writePreferences(tx, {
      userId: s.userId,
      authorityId: s.authorityId,
      modes: { [s.kind]: "in_app" },
      action: "unsubscribed",
      requestId,
    }),
  );
  return { kind: s.kind, label: s.label, authorityName: s.authorityName, changed: changed > 0 };
}
