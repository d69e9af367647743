/**
 * The data one end-to-end test works on, made for that test alone and
 * deleted after it (issue 13, item 7). Everything lives in a namespace of its
 * own: authorities get a unique slug, and every email address (the users made
 * here and anyone the test invites through the app, via `email()`) ends in
 * `@<namespace>.example.test`. Built with the factories the demo seed uses
 * (prisma/factories.ts), on the database the server under test uses.
 *
 * Not Playwright-specific: fixtures.ts makes one per test, and the specs that
 * run their own server make one on that server's database.
 */
import { rmSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import { createAction, createAuthority, createInspection, createUser, uniqueSuffix } from "../../prisma/factories";
import { hashPassword } from "../../app/modules/auth/password.server";
import type { Role } from "../../app/modules/auth/permissions";
import type { Db } from "./db";

/** The password of every user a test makes. */
export const E2E_PASSWORD = "Heron-Quarry-Lantern-2027";

let hashOnce: Promise<string> | undefined;
/** argon2id, as the app stores it; hashed once per worker. */
export function e2ePasswordHash(): Promise<string> {
  hashOnce ??= hashPassword(E2E_PASSWORD);
  return hashOnce;
}

export type TestAuthority = { id: string; slug: string; name: string };
export type TestUser = { id: string; email: string; name: string; password: string };

type Omit1<T> = Omit<T, "db">;

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
/** The addresses a local server sees the browser come from (scripts/serve.mjs), for the sign-in limiter's rows. */
const LOCAL_IPS = ["127.0.0.1", "::1", "::ffff:127.0.0.1"];

export class World {
  /** Unique to this test: part of every slug and email address it makes. */
  readonly ns = `e2e${uniqueSuffix()}`.toLowerCase();
  private readonly startedAt = new Date();
  private readonly authorityIds: string[] = [];
  private n = 0;

  constructor(
    readonly db: Db,
    /** Where the server keeps files (FILES_DIR), to remove the ones this test's data stored. */
    private readonly filesDir: string | null = null,
  ) {}

  /** An email address in this test's namespace: deleted with the test's data even if the app created the user. */
  email(local = "user"): string {
    return `${local}@${this.ns}.example.test`.toLowerCase();
  }

  async authority({ name = "Test Borough Council" }: { name?: string } = {}): Promise<TestAuthority> {
    const i = ++this.n;
    const a = await createAuthority({ db: this.db, name, slug: `${this.ns}-${i}`, onsCode: `X${this.ns}${i}` });
    this.authorityIds.push(a.id);
    return { id: a.id, slug: a.slug, name: a.name };
  }

  /** A user with a known password (E2E_PASSWORD) and the given memberships. */
  async user({
    name,
    local,
    organisation = null,
    memberships,
  }: {
    name: string;
    /** The part before the @; a unique one by default. */
    local?: string;
    organisation?: string | null;
    memberships: { authority: TestAuthority; role: Role }[];
  }): Promise<TestUser> {
    const email = this.email(local ?? `user${++this.n}`);
    const u = await createUser({
      db: this.db,
      email,
      name,
      organisation,
      passwordHash: await e2ePasswordHash(),
      memberships: memberships.map((m) => ({ authorityId: m.authority.id, role: m.role })),
    });
    return { id: u.id, email: u.email, name: u.name, password: E2E_PASSWORD };
  }

  inspection(args: Omit1<Parameters<typeof createInspection>[0]>) {
    return createInspection({ db: this.db, ...args });
  }

  action(args: Omit1<Parameters<typeof createAction>[0]>) {
    return createAction({ db: this.db, ...args });
  }

  /**
   * Deletes what this test made: its authorities (everything in them goes
   * with them: inspections, actions, evidence, boards, audit rows, invitations),
   * the files they stored, every user whose email is in the namespace, and the
   * sign-in limiter's rows for those users and for this machine made during the test.
   * Audit rows without an authority (sign-ins) stay, with their actor set to null.
   */
  async cleanUp(): Promise<void> {
    const db = this.db;
    const authorityId = { in: this.authorityIds };
    const files = await db.storedFile.findMany({ where: { authorityId }, select: { storageKey: true } });
    // EvidenceVersion → StoredFile is RESTRICT: remove the versions before the cascade reaches the files.
    await db.evidenceVersion.deleteMany({ where: { authorityId } });
    await db.authority.deleteMany({ where: { id: authorityId } });
    const domain = `@${this.ns}.example.test`;
    const users = await db.user.findMany({ where: { email: { endsWith: domain } }, select: { email: true } });
    await db.invitation.deleteMany({ where: { invitedBy: { email: { endsWith: domain } } } });
    await db.user.deleteMany({ where: { email: { endsWith: domain } } });
    const keys = [
      ...users.map((u) => sha256(`login:${u.email}`)),
      ...LOCAL_IPS.map((ip) => sha256(`ip:${ip}`)),
      sha256("global"),
    ];
    await db.loginAttempt.deleteMany({ where: { keyHash: { in: keys }, createdAt: { gte: this.startedAt } } });
    if (this.filesDir) {
      for (const f of files) rmSync(path.join(this.filesDir, f.storageKey), { force: true });
    }
  }
}
