/**
 * The local outbox page (/dev/outbox) on a real database: it lists what the
 * outbox transport kept, newest first, to the admins of the authority it
 * was about; a message outside any authority only to its recipient; nothing
 * to anyone else; and it does not exist when a mail service is set.
 */
import { expect, test, vi } from "vitest";
import { AppError } from "~/utils/errors";
import { createTenant } from "../../../tests/helpers/world";
import { loader as outboxLoader } from "../../routes/dev.outbox";
import { createSession } from "~/modules/auth/session.server";
import { listOutbox } from "./dev-outbox.server";
import type * as Mailer from "./mailer.server";

const mail = vi.hoisted(() => ({ outbox: true }));
vi.mock("./mailer.server", async (importOriginal) => ({
  ...(await importOriginal<typeof Mailer>()),
  outboxEnabled: () => mail.outbox,
}));

type Tenant = Awaited<ReturnType<typeof createTenant>>;

let seq = 0;
/** A message as the outbox transport leaves it (or, with `sentBy`, as another transport does). */
async function kept(
  { db }: Pick<Tenant, "db">,
  {
    to,
    authorityId,
    subject,
    minutesAgo = 0,
    providerRef,
  }: {
    to: { id: string; email: string };
    authorityId: string | null;
    subject: string;
    minutesAgo?: number;
    providerRef?: string;
  },
) {
  const n = ++seq;
  const at = new Date(Date.now() - minutesAgo * 60_000);
  const notification = await db.notification.create({
    data: {
      userId: to.id,
      authorityId,
      kind: authorityId ? "due_soon" : "password_reset",
      eventKey: `outbox-test:${n}:${Math.random()}`,
      title: subject,
      link: "/",
    },
  });
  return db.notificationDelivery.create({
    data: {
      notificationId: notification.id,
      authorityId,
      channel: "email",
      address: to.email,
      status: "sent",
      providerRef: providerRef ?? `outbox:<${notification.id}@improvement-board>`,
      subject,
      body: `${subject}\n\nOpen it: http://localhost/\n`,
      sentAt: at,
    },
  });
}

async function refusal(run: () => Promise<unknown>) {
  const e = await run().then(
    () => null,
    (error: unknown) => error,
  );
  if (e instanceof AppError) return e.status;
  if (e instanceof Response) return e.status;
  throw new Error(`expected a refusal, got ${String(e)}`);
}

test("admins see their authorities' kept emails, newest first; a message outside any authority only its recipient", async () => {
  const leeds = await createTenant();
  const york = await createTenant();
  const admin = await leeds.member("admin");
  const owner = await leeds.member("action_owner");
  const yorkAdmin = await york.member("admin");
  await kept(leeds, { to: owner, authorityId: leeds.authority.id, subject: "Older", minutesAgo: 5 });
  await kept(leeds, { to: owner, authorityId: leeds.authority.id, subject: "Newer", minutesAgo: 1 });
  await kept(leeds, { to: owner, authorityId: leeds.authority.id, subject: "Sent by SMTP", providerRef: "<x@smtp>" });
  await kept(york, { to: yorkAdmin, authorityId: york.authority.id, subject: "York's" });
  await kept(leeds, { to: owner, authorityId: null, subject: "Owner's password reset" });
  await kept(leeds, { to: admin, authorityId: null, subject: "Admin's new sign-in", minutesAgo: 10 });

  const seen = (await listOutbox({ userId: admin.id })).rows.map((r) => r.subject);
  expect(seen).toEqual(["Newer", "Older", "Admin's new sign-in"]);
  const yorkSees = (await listOutbox({ userId: yorkAdmin.id })).rows.map((r) => r.subject);
  expect(yorkSees).toEqual(["York's"]);
  const row = (await listOutbox({ userId: admin.id })).rows[0]!;
  expect(row).toMatchObject({ address: owner.email, authorityName: leeds.authority.name });
  expect(row.body).toContain("Open it:");

  // Not an admin anywhere: refused, even for their own messages.
  expect(await refusal(() => listOutbox({ userId: owner.id }))).toBe(403);
});

test("the page is a 404 when mail is really sent, even before signing in; signed out it asks to sign in", async () => {
  const leeds = await createTenant();
  const admin = await leeds.member("admin");
  const { token } = await createSession({ userId: admin.id, authorityId: leeds.authority.id });
  const get = (cookie?: string) =>
    outboxLoader({
      request: new Request("http://localhost/dev/outbox", { headers: cookie ? { Cookie: cookie } : {} }),
      params: {},
      context: undefined,
    } as never);
  expect(await get(`ib_session=${token}`)).toMatchObject({ list: { page: 1 } });
  expect(await refusal(() => get())).toBe(302);
  mail.outbox = false;
  try {
    expect(await refusal(() => get(`ib_session=${token}`))).toBe(404);
    expect(await refusal(() => get())).toBe(404);
    expect(await refusal(() => listOutbox({ userId: admin.id }))).toBe(404);
  } finally {
    mail.outbox = true;
  }
});
