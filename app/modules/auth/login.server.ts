import { getDb } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { fail, ok, type Result } from "~/utils/result";
import { formatDateTime } from "~/utils/format";
import { recordAudit } from "~/modules/audit/service.server";
import { queueNotifications } from "~/modules/notify/outbox.server";
import { findKnownDevice, rememberDevice } from "./device.server";
import { dummyPasswordHash, verifyPassword } from "./password.server";
import { isRole, roleHasPermission } from "./permissions";
import {
  checkSignInAllowed,
  deviceWithinBudget,
  loginLimits,
  recordSignInFailure,
  recordSignInSuccess,
  type LimitKind,
  type LoginLimits,
} from "./rate-limit.server";
import { createSession } from "./session.server";

export type SignInResult = Result<
  {
    token: string;
    expiresAt: Date;
    userId: string;
    authorityId: string | null;
    device: { token: string; expiresAt: Date };
  },
  { code: "invalid" } | { code: "throttled"; limit: "account" | "ip" | "global"; retryAfterSeconds: number }
>;

/**
 * Checks the password (argon2id) under the sign-in limits of
 * rate-limit.server.ts. The same answer, and similar timing, whether or not
 * the account exists: the same lookups run, and an unknown email is checked
 * against a dummy hash. A sign-in to an admin account from a new device is
 * emailed to its owner.
 */
export async function signIn({
  email,
  password,
  requestId,
  ip = "unknown",
  deviceToken = null,
  limits = loginLimits(),
}: {
  email: string;
  password: string;
  requestId: string | null;
  /** The client's address, for the per-IP limit (hashed before it is stored). */
  ip?: string;
  /** The known-device cookie's token, if the browser sent one. */
  deviceToken?: string | null;
  limits?: LoginLimits;
}): Promise<SignInResult> {
  const db = getDb();
  const user = await db.user.findUnique({
    where: { email: email.toLowerCase() },
    select: {
      id: true,
      passwordHash: true,
      memberships: { select: { authorityId: true, role: true, authority: { select: { name: true } } } },
    },
  });
  const known = await findKnownDevice({ userId: user?.id ?? null, token: deviceToken });
  const deviceId = known && (await deviceWithinBudget({ deviceId: known, limits })) ? known : null;

  const gate = await checkSignInAllowed({ email, ip, knownDevice: deviceId !== null, limits });
  if (!gate.ok) return fail({ code: "throttled", limit: gate.limit, retryAfterSeconds: gate.retryAfterSeconds });

  const valid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, password)
    : (await verifyPassword(await dummyPasswordHash(), password), false);
  if (!user || !valid) {
    const tripped = await recordSignInFailure({ email, ip, deviceId, limits });
    await recordAudit({
      authorityId: null,
      actorId: user?.id ?? null,
      action: "sign_in_failed",
      entityType: "Session",
      requestId,
    });
    for (const limit of tripped) await alertLimitReached({ limit, limits, requestId, user });
    return fail({ code: "invalid" });
  }
  await recordSignInSuccess({ email, deviceId });
  const first = [...user.memberships].sort((a, b) => a.authority.name.localeCompare(b.authority.name))[0];
  const authorityId = first?.authorityId ?? null;
  // Housekeeping on a path that runs often but not hot: drop this user's expired sessions.
  await db.session.deleteMany({ where: { userId: user.id, expiresAt: { lt: new Date() } } });
  const session = await createSession({ userId: user.id, authorityId });
  const device = await rememberDevice({ userId: user.id, token: deviceToken });
  await recordAudit({ authorityId, actorId: user.id, action: "sign_in", entityType: "Session", requestId });
  if (!known && user.memberships.some((m) => isRole(m.role) && roleHasPermission(m.role, "manage:members:any")))
    await alertNewDevice(user.id);
  return ok({ token: session.token, expiresAt: session.expiresAt, userId: user.id, authorityId, device });
}

/**
 * An admin account was signed in to from a device it has not used (or not
 * for DEVICE_TTL_MS): its owner is told by email, so that a sign-in with a
 * stolen password does not go unseen.
 */
async function alertNewDevice(userId: string) {
  const at = new Date();
  await getDb().$transaction((tx) =>
    queueNotifications(tx, [
      {
        authorityId: null,
        userId,
        kind: "new_device_sign_in",
        eventKey: `new_device_sign_in:${crypto.randomUUID()}`,
        title: `New sign-in to your Improvement Board admin account at ${formatDateTime(at)}`,
        // The email says: if this was not you, reset your password.
        link: "/reset-password",
      },
    ]),
  );
}

/**
 * A limit was just reached: a warning line (no email, no address) and an audit
 * event where admins look. For an account, in each of its authorities' audit
 * logs; for an address or the whole service, in every authority's, since
 * guessing may be aimed at any of them. Runs once per window per limit.
 */
async function alertLimitReached({
  limit,
  limits,
  requestId,
  user,
}: {
  limit: LimitKind;
  limits: LoginLimits;
  requestId: string | null;
  user: { id: string; memberships: { authorityId: string }[] } | null;
}) {
  const failures = {
    account: limits.accountFailures,
    device: limits.deviceFailures,
    ip: limits.ipFailures,
    global: limits.globalFailures,
  }[limit];
  const windowMinutes = Math.round(limits.windowMs / 60_000);
  logger.warn("sign-in limit reached", { limit, failures, windowMinutes, requestId });
  const changes = { limit: [null, limit], failures: [null, failures], windowMinutes: [null, windowMinutes] } as const;
  const event = { actorId: null, action: "sign_in_limit", requestId, changes: { ...changes } };
  // One row outside any authority every time, so the work is the same whether or not the account exists.
  await recordAudit({ ...event, authorityId: null, entityType: "Session", entityId: null });
  let authorityIds: string[] = [];
  if (limit === "account" || limit === "device") authorityIds = user?.memberships.map((m) => m.authorityId) ?? [];
  else authorityIds = (await getDb().authority.findMany({ select: { id: true }, take: 1000 })).map((a) => a.id);
  for (const authorityId of authorityIds) {
    await recordAudit({
      ...event,
      authorityId,
      entityType: limit === "account" || limit === "device" ? "User" : "Session",
      entityId: limit === "account" || limit === "device" ? (user?.id ?? null) : null,
    });
  }
}
