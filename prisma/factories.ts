/**
 * Factories shared by the demo seed and the tests, so that both build data
 * the same way. Each takes the client explicitly (no hidden globals) and one
 * object argument.
 */
import type { Db } from "../app/utils/db.server";
import { hashPassword } from "../app/modules/auth/password.server";
import type { Role } from "../app/modules/auth/permissions";
import { searchTextOf } from "../app/modules/action/search-text";

let seq = 0;
/** Unique enough for tests running in parallel against one database. */
export function uniqueSuffix(): string {
  seq += 1;
  return `${Date.now().toString(36)}${process.pid.toString(36)}${seq.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export async function createAuthority({
  db,
  name,
  slug,
  onsCode,
}: {
  db: Db;
  name?: string;
  slug?: string;
  onsCode?: string;
}) {
  const s = uniqueSuffix();
  return db.authority.create({
    data: { name: name ?? `Test Authority ${s}`, slug: slug ?? `test-${s}`, onsCode: onsCode ?? `T${s}` },
  });
}

let cachedHash: { password: string; hash: Promise<string> } | undefined;

export async function createUser({
  db,
  email,
  name,
  password,
  organisation = null,
  memberships = [],
  passwordHash,
}: {
  db: Db;
  email?: string;
  name?: string;
  password?: string;
  organisation?: string | null;
  memberships?: { authorityId: string; role: Role }[];
  /** Reuse a hash (tests), skipping argon2 work. */
  passwordHash?: string;
}) {
  const s = uniqueSuffix();
  let hash = passwordHash ?? null;
  if (!hash && password) {
    if (cachedHash?.password !== password) cachedHash = { password, hash: hashPassword(password) };
    hash = process.env.NODE_ENV === "test" ? await cachedHash.hash : await hashPassword(password);
  }
  return db.user.create({
    data: {
      email: (email ?? `user-${s}@example.test`).toLowerCase(),
      name: name ?? `Test User ${s}`,
      passwordHash: hash,
      organisation,
      memberships: { create: memberships.map((m) => ({ authorityId: m.authorityId, role: m.role })) },
    },
  });
}

export async function createInspection({
  db,
  authorityId,
  type = "ilacs_standard",
  title = "Inspection of children's social care services",
  startDate = new Date("2019-01-07"),
  endDate = new Date("2019-01-18"),
  publishedAt = null,
  leadInspector = null,
  judgements = [],
  recommendations = [],
}: {
  db: Db;
  authorityId: string;
  type?: string;
  title?: string;
  startDate?: Date | null;
  endDate?: Date | null;
  publishedAt?: Date | null;
  leadInspector?: string | null;
  judgements?: { area: string; grade: string; gradeText: string }[];
  recommendations?: {
    reference: string;
    text: string;
    kind: string;
    addressedTo?: string | null;
    timescale?: string | null;
  }[];
}) {
  return db.inspection.create({
    data: {
      authorityId,
      type,
      title,
      startDate,
      endDate,
      publishedAt,
      leadInspector,
      judgements: { create: judgements.map((j, i) => ({ ...j, authorityId, position: i })) },
      recommendations: {
        create: recommendations.map((r, i) => ({
          reference: r.reference,
          text: r.text,
          kind: r.kind,
          addressedTo: r.addressedTo ?? null,
          timescale: r.timescale ?? null,
          authorityId,
          position: i,
        })),
      },
    },
    include: { recommendations: { orderBy: { position: "asc" } }, judgements: { orderBy: { position: "asc" } } },
  });
}

export async function createAction({
  db,
  authorityId,
  recommendationId,
  ownerId = null,
  title,
  ...rest
}: {
  db: Db;
  authorityId: string;
  recommendationId: string;
  ownerId?: string | null;
  title?: string;
  description?: string;
  leadService?: string;
  partnerAgencies?: string;
  successMeasure?: string;
  startDate?: Date | null;
  dueDate?: Date | null;
  status?: string;
  rag?: string | null;
  ragReason?: string | null;
  impactRag?: string | null;
  impactReason?: string | null;
  progress?: number;
  blockedReason?: string | null;
  completedAt?: Date | null;
  position?: number;
  /** For histories: when the action was created. */
  createdAt?: Date;
}) {
  return db.action.create({
    data: {
      authorityId,
      recommendationId,
      ownerId,
      title: title ?? `Action ${uniqueSuffix()}`,
      ...rest,
      searchText: searchTextOf([title ?? "", rest.description ?? ""]),
    },
  });
}
