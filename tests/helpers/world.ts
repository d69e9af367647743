/**
 * The data most integration tests start from, built with the factories the
 * seed uses (prisma/factories.ts): an authority of their own (tests share one
 * database and never assume it is empty), members with a role in it (signed
 * in, for tests that go through the routes), an inspection with improvement
 * items to hang actions on, and the board, meeting, pack and import draft a
 * test may need besides.
 */
import type { Actor } from "../../app/modules/auth/actor";
import type { AuthorityUser } from "../../app/modules/auth/auth.server";
import type { Role } from "../../app/modules/auth/permissions";
import { createSession } from "../../app/modules/auth/session.server";
import { createReport } from "../../app/modules/board-pack/summary.server";
import type { BoardRole } from "../../app/modules/board/rules";
import { createBoard, planMeeting, setBoardMember } from "../../app/modules/board/service.server";
import { createDraft } from "../../app/modules/inspection/import-draft.server";
import { getDb } from "../../app/utils/db.server";
import { createAction, createAuthority, createInspection, createUser } from "../../prisma/factories";

type Args<F extends (a: never) => unknown> = Omit<Parameters<F>[0], "db">;
export type ItemInput = NonNullable<Args<typeof createInspection>["recommendations"]>[number];
export type ActionInput = Omit<Args<typeof createAction>, "authorityId" | "recommendationId"> & {
  /** The first item's, unless named. */
  recommendationId?: string;
};

/** One improvement item, the default for `createWorld`. */
export const ONE_ITEM: ItemInput[] = [{ reference: "R1", text: "Strategy discussions.", kind: "improvement_item" }];

type UserInput = Omit<Args<typeof createUser>, "memberships">;

/** A new session of `user` in `authorityId`, and its token (what the session cookie holds). */
export async function signIn(user: { id: string }, authorityId: string) {
  const { token } = await createSession({ userId: user.id, authorityId });
  return { token };
}

/**
 * A new authority, `member(role)` to add a user to it, and `signedIn(role)`
 * to add one with a session in it (the user, with the session's `token`).
 */
export async function createTenant(authority: Args<typeof createAuthority> = {}) {
  const db = getDb();
  const tenant = await createAuthority({ db, ...authority });
  const member = (role: Role, user: UserInput = {}) =>
    createUser({ db, ...user, memberships: [{ authorityId: tenant.id, role }] });
  const signedIn = async (role: Role, user: UserInput = {}) => {
    const u = await member(role, user);
    return { ...u, ...(await signIn(u, tenant.id)) };
  };
  return { db, authority: tenant, member, signedIn };
}

export type SignedIn = Awaited<ReturnType<Awaited<ReturnType<typeof createTenant>>["signedIn"]>>;

/**
 * A new authority with one inspection holding `items` (one improvement item
 * unless given), `member(role)` and `signedIn(role)` to add a user (as
 * `createTenant`), and `action(fields)` to add an action (to the first item
 * unless `recommendationId` says otherwise).
 */
export async function createWorld({
  items = ONE_ITEM,
  authority: authorityFields = {},
  inspection: inspectionFields = {},
}: {
  items?: ItemInput[];
  authority?: Args<typeof createAuthority>;
  inspection?: Omit<Args<typeof createInspection>, "authorityId" | "recommendations">;
} = {}) {
  const { db, authority, member, signedIn } = await createTenant(authorityFields);
  const inspection = await createInspection({
    db,
    ...inspectionFields,
    authorityId: authority.id,
    recommendations: items,
  });
  const recommendations = inspection.recommendations;
  const recommendationId = recommendations[0]!.id;
  const action = (fields: ActionInput = {}) =>
    createAction({ db, authorityId: authority.id, recommendationId, ...fields });
  return { db, authority, inspection, recommendations, recommendationId, member, signedIn, action };
}

/** The signed-in user a service sees for `user` acting in `authority` with `role` (no real session behind it). */
export function asAuthorityUser(
  user: { id: string; email: string; name: string },
  authority: { id: string; slug: string; name: string },
  role: Role,
): AuthorityUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    organisation: null,
    sessionId: "s",
    sessionAuthorityId: authority.id,
    requestId: "req-test",
    role,
    authority: { id: authority.id, slug: authority.slug, name: authority.name },
  };
}

/**
 * An improvement board of the authority, made by `actor` (an admin), with
 * `members` on it, and one meeting of it on 10 December 2026 at 14:00 in the
 * Civic Hall, planned by `plannedBy` (the actor unless told).
 */
export async function createBoardMeeting({
  authorityId,
  actor,
  members = [],
  plannedBy = actor,
}: {
  authorityId: string;
  actor: Actor;
  members?: { userId: string; boardRole: BoardRole }[];
  plannedBy?: Actor;
}) {
  const board = await createBoard({ authorityId, actor, value: { name: "Improvement Board", kind: "improvement" } });
  for (const m of members) {
    const added = await setBoardMember({ authorityId, actor, boardId: board.id, ...m });
    if (!added.ok) throw new Error(`could not put ${m.userId} on the board: ${added.message}`);
  }
  const meeting = await planMeeting({
    authorityId,
    actor: plannedBy,
    boardId: board.id,
    value: { date: "2026-12-10", time: "14:00", location: "Civic Hall" },
  });
  return { board, meeting };
}

/** A summary pack of one inspection as at 20 November 2026, generated by `viewer` (an admin or board member). */
export const createSummaryReport = ({
  authorityId,
  viewer,
  inspectionId,
}: {
  authorityId: string;
  viewer: Actor;
  inspectionId: string;
}) =>
  createReport({
    authorityId,
    viewer,
    scope: { inspectionId },
    kind: "summary",
    asAt: "2026-11-20",
    compareWith: null,
  });

/** An import draft of `sourceText` (and `sourceFileId`, if any) with nothing read from it yet. */
export const createBlankDraft = ({
  authorityId,
  createdById,
  sourceText = "",
  sourceFileId = null,
}: {
  authorityId: string;
  createdById: string;
  sourceText?: string;
  sourceFileId?: string | null;
}) =>
  createDraft({
    authorityId,
    createdById,
    sourceText,
    sourceFileId,
    defaults: { type: "other", title: "", judgements: [], items: [] },
  });
