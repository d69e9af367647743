/**
 * Sign-in throttling (ADR 015), replacing the old hard lockout that let anyone
 * lock an account for 15 minutes with five wrong passwords.
 *
 * - Per account, for devices the account has not signed in on: the first
 *   LOGIN_ACCOUNT_FAILURES failures in the window are free; after that each
 *   try must wait, 30 s doubling per further failure up to the window. A
 *   known device (device.server.ts) is not slowed by failures made elsewhere,
 *   so an attacker cannot keep the owner out; it has its own, larger budget.
 * - Per IP address, across all accounts: LOGIN_IP_FAILURES in the window,
 *   then that address is refused (unknown devices) until failures age out.
 * - Globally: LOGIN_GLOBAL_FAILURES in the window, then every unknown device
 *   is refused, which stops guessing spread over many addresses.
 *
 * "Forgotten password" requests are limited in the same table and window,
 * under keys of their own (allowResetRequest, below).
 *
 * Only hashes of the keys are stored: the table holds no email or IP address.
 */
import { hashToken } from "./session.server";
import { getDb } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { fail, ok, type Result } from "~/utils/result";

export type LoginLimits = {
  accountFailures: number;
  /** Failures allowed from one known device before it counts as unknown. */
  deviceFailures: number;
  ipFailures: number;
  globalFailures: number;
  windowMs: number;
  backoffBaseMs: number;
};

export type LimitKind = "account" | "device" | "ip" | "global";

export function loginLimits(): LoginLimits {
  const e = env();
  return {
    accountFailures: e.LOGIN_ACCOUNT_FAILURES,
    deviceFailures: e.LOGIN_ACCOUNT_FAILURES * 2,
    ipFailures: e.LOGIN_IP_FAILURES,
    globalFailures: e.LOGIN_GLOBAL_FAILURES,
    windowMs: e.LOGIN_WINDOW_MINUTES * 60_000,
    backoffBaseMs: 30_000,
  };
}

const accountKey = (email: string) => hashToken(`login:${email.trim().toLowerCase()}`);
const ipKey = (ip: string) => hashToken(`ip:${ip}`);
const deviceKey = (deviceId: string) => hashToken(`device:${deviceId}`);
const GLOBAL_KEY = hashToken("global");

/** Wait required before the next try after `failures` failures (0 while within the free ones). */
export function backoffMs(failures: number, limits: LoginLimits): number {
  if (failures < limits.accountFailures) return 0;
  return Math.min(limits.backoffBaseMs * 2 ** (failures - limits.accountFailures), limits.windowMs);
}

async function failuresSince(keyHash: string, since: Date) {
  return getDb().loginAttempt.count({ where: { keyHash, succeeded: false, createdAt: { gt: since } } });
}

/** When the oldest failure in the window ages out: the earliest moment a full counter drops below its limit. */
async function oldestAgesOutAt(keyHash: string, since: Date, windowMs: number): Promise<number> {
  const oldest = await getDb().loginAttempt.findFirst({
    where: { keyHash, succeeded: false, createdAt: { gt: since } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  return (oldest?.createdAt.getTime() ?? since.getTime()) + windowMs;
}

/** "3 minutes": how long a person must wait, in words, from a Retry-After in seconds. */
export function waitInWords(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** Whole seconds from `now` until `until`, at least 1: a Retry-After. */
const secondsUntil = (until: number, now: Date) => Math.max(1, Math.ceil((until - now.getTime()) / 1000));

/** Adds one counted row for each key, first dropping the keys' rows older than the window so the table stays small. */
async function recordAttempt(keyHashes: string[], since: Date, now: Date) {
  const db = getDb();
  await db.loginAttempt.deleteMany({ where: { keyHash: { in: keyHashes }, createdAt: { lte: since } } });
  await db.loginAttempt.createMany({
    data: keyHashes.map((keyHash) => ({ keyHash, succeeded: false, createdAt: now })),
  });
}

export type Gate = Result<object, { limit: Exclude<LimitKind, "device">; retryAfterSeconds: number }>;

/**
 * May this sign-in attempt go ahead? A known device always may (its own
 * failures are checked when it is recognised). The checks cost the same
 * whether or not the account exists.
 */
export async function checkSignInAllowed({
  email,
  ip,
  knownDevice,
  limits,
  now = new Date(),
}: {
  email: string;
  ip: string;
  knownDevice: boolean;
  limits: LoginLimits;
  now?: Date;
}): Promise<Gate> {
  if (knownDevice) return ok();
  const since = new Date(now.getTime() - limits.windowMs);
  const wait = (until: number) => secondsUntil(until, now);
  const [global, fromIp, account] = await Promise.all([
    failuresSince(GLOBAL_KEY, since),
    failuresSince(ipKey(ip), since),
    getDb().loginAttempt.findMany({
      where: { keyHash: accountKey(email), succeeded: false, createdAt: { gt: since } },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
      take: limits.accountFailures + 20,
    }),
  ]);
  if (global >= limits.globalFailures)
    return fail({
      limit: "global",
      retryAfterSeconds: wait(await oldestAgesOutAt(GLOBAL_KEY, since, limits.windowMs)),
    });
  if (fromIp >= limits.ipFailures)
    return fail({ limit: "ip", retryAfterSeconds: wait(await oldestAgesOutAt(ipKey(ip), since, limits.windowMs)) });
  const delay = backoffMs(account.length, limits);
  if (delay > 0) {
    const allowedAt = account[0]!.createdAt.getTime() + delay;
    if (allowedAt > now.getTime()) return fail({ limit: "account", retryAfterSeconds: wait(allowedAt) });
  }
  return ok();
}

/** Is this known device still within its own failure budget? */
export async function deviceWithinBudget({
  deviceId,
  limits,
  now = new Date(),
}: {
  deviceId: string;
  limits: LoginLimits;
  now?: Date;
}) {
  return (await failuresSince(deviceKey(deviceId), new Date(now.getTime() - limits.windowMs))) < limits.deviceFailures;
}

/**
 * Records a failed attempt. From a known device only the device's counter
 * moves; otherwise the account's, the address's and the global one. Returns
 * the limits that this failure has just reached (for the admin alert, once
 * per window rather than on every refused try).
 */
export async function recordSignInFailure({
  email,
  ip,
  deviceId,
  limits,
  now = new Date(),
}: {
  email: string;
  ip: string;
  deviceId: string | null;
  limits: LoginLimits;
  now?: Date;
}): Promise<LimitKind[]> {
  const since = new Date(now.getTime() - limits.windowMs);
  const keys: [LimitKind, string, number][] = deviceId
    ? [["device", deviceKey(deviceId), limits.deviceFailures]]
    : [
        ["account", accountKey(email), limits.accountFailures],
        ["ip", ipKey(ip), limits.ipFailures],
        ["global", GLOBAL_KEY, limits.globalFailures],
      ];
  await recordAttempt(
    keys.map((k) => k[1]),
    since,
    now,
  );
  const tripped: LimitKind[] = [];
  for (const [kind, keyHash, limit] of keys) {
    if ((await failuresSince(keyHash, since)) === limit) tripped.push(kind);
  }
  return tripped;
}

/** A successful sign-in clears the account's failures (and the device's, when it came from a known one). */
export async function recordSignInSuccess({ email, deviceId }: { email: string; deviceId: string | null }) {
  const keys = [accountKey(email), ...(deviceId ? [deviceKey(deviceId)] : [])];
  await getDb().loginAttempt.deleteMany({ where: { keyHash: { in: keys } } });
}

// ---- password reset requests ----------------------------------------------

/** Reset links one address may be sent in the window (so nobody can fill a person's inbox with them). */
export const RESET_REQUESTS_PER_ADDRESS = 3;
const resetKey = (email: string) => hashToken(`reset:${email.trim().toLowerCase()}`);
const resetIpKey = (ip: string) => hashToken(`reset-ip:${ip}`);

export type ResetGate = Result<object, { limit: "account" | "ip"; retryAfterSeconds: number }>;

/**
 * May this "forgotten password" request go ahead? The sign-in window, with
 * keys of its own: RESET_REQUESTS_PER_ADDRESS per email address, and the
 * sign-in per-IP limit per client address. Every request that goes ahead counts, whether or
 * not the address has an account, so the answer says nothing about one.
 */
export async function allowResetRequest({
  email,
  ip,
  limits = loginLimits(),
  now = new Date(),
}: {
  email: string;
  ip: string;
  limits?: LoginLimits;
  now?: Date;
}): Promise<ResetGate> {
  const since = new Date(now.getTime() - limits.windowMs);
  const checks = [
    ["account", resetKey(email), RESET_REQUESTS_PER_ADDRESS],
    ["ip", resetIpKey(ip), limits.ipFailures],
  ] as const;
  for (const [limit, keyHash, max] of checks) {
    if ((await failuresSince(keyHash, since)) >= max)
      return fail({
        limit,
        retryAfterSeconds: secondsUntil(await oldestAgesOutAt(keyHash, since, limits.windowMs), now),
      });
  }
  await recordAttempt(
    checks.map((c) => c[1]),
    since,
    now,
  );
  return ok();
}
