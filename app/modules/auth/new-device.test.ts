/**
 * A sign-in to an admin account from a device it has not used is emailed to
 * its owner (over SMTP, to a real SMTP server); a known device, and accounts
 * that administer nothing, are not.
 */
import { afterEach, expect, test } from "vitest";
import { getDb } from "~/utils/db.server";
import { startJobWorkers, stopJobQueue } from "~/modules/jobs/runner.server";
import { deliverEmail } from "~/modules/notify/deliver.server";
import { createAuthority, createUser } from "../../../prisma/factories";
import { smtpSinkForFile } from "../../../tests/helpers/mail";
import { until } from "../../../tests/helpers/until";
import { signIn } from "./login.server";
import type { Role } from "./permissions";

const PASSWORD = "Otter-Compass-Meadow-42";

const smtp = smtpSinkForFile();
afterEach(async () => {
  await stopJobQueue();
});

let ipSeq = 0;
const ip = () => `2001:db8:7::${(++ipSeq).toString(16)}:${Math.floor(Math.random() * 0xffff).toString(16)}`;

async function account(roles: Role[]) {
  const db = getDb();
  const memberships = [];
  for (const role of roles) memberships.push({ authorityId: (await createAuthority({ db })).id, role });
  return createUser({ db, password: PASSWORD, memberships });
}

const signInFrom = (email: string, deviceToken: string | null = null) =>
  signIn({ email, password: PASSWORD, requestId: null, ip: ip(), deviceToken });

const alerts = (userId: string) =>
  getDb().notification.findMany({ where: { userId, kind: "new_device_sign_in" }, orderBy: { createdAt: "asc" } });

test("an admin signing in on a new device is emailed; the same device again is not", async () => {
  // An admin in one authority and a viewer in another is still an admin account.
  const admin = await account(["viewer", "admin"]);
  await startJobWorkers([{ queue: "notify-deliver", handler: deliverEmail }], []);
  const first = await signInFrom(admin.email);
  if (!first.ok) throw new Error("sign-in failed");
  await until(() => smtp.inbox(admin.email).length === 1);
  const [mail] = smtp.inbox(admin.email);
  expect(mail!.subject).toMatch(/^New sign-in to your Improvement Board admin account at \d\d:\d\d on \d+ \w+ \d{4}$/);
  expect(mail!.text).toContain("signed in to from a device it has not used before");
  expect(mail!.text).toMatch(/Open it: http:\/\/localhost:\d+\/reset-password\n/);
  expect(await alerts(admin.id)).toMatchObject([{ authorityId: null, link: "/reset-password" }]);

  expect((await signInFrom(admin.email, first.device.token)).ok).toBe(true);
  // A second browser is another new device.
  expect((await signInFrom(admin.email)).ok).toBe(true);
  expect(await alerts(admin.id)).toHaveLength(2);
  await until(() => smtp.inbox(admin.email).length === 2);
});

test("accounts that administer nothing, and failed sign-ins, are not alerted", async () => {
  const member = await account(["board_member", "action_owner"]);
  const admin = await account(["admin"]);
  expect((await signInFrom(member.email)).ok).toBe(true);
  expect((await signIn({ email: admin.email, password: "Wrong-Password-000", requestId: null, ip: ip() })).ok).toBe(
    false,
  );
  expect(await alerts(member.id)).toEqual([]);
  expect(await alerts(admin.id)).toEqual([]);
});
