/**
 * The data most integration tests start from, built with the factories the
 * seed uses (prisma/factories.ts): an authority of their own (tests share one
 * database and never assume it is empty), members with a role in it, and an
 * inspection with improvement items to hang actions on.
 */
import type { AuthorityUser } from "../../app/modules/auth/auth.server";
import type { Role } from "../../app/modules/auth/permissions";
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

/** A new authority, and `member(role)` to add a user to it. */
export async function createTenant(authority: Args<typeof createAuthority> = {}) {
  const db = getDb();
  const tenant = await createAuthority({ db, ...authority });
  const member = (role: Role, user: Omit<Args<typeof createUser>, "memberships"> = {}) =>
    createUser({ db, ...user, memberships: [{ authorityId: tenant.id, role }] });
  return { db, authority: tenant, member };
}

/**
 * A new authority with one inspection holding `items` (one improvement item
 * unless given), `member(role)` to add a user, and `action(fields)` to add an
 * action (to the first item unless `recommendationId` says otherwise).
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
  const { db, authority, member } = await createTenant(authorityFields);
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
  return { db, authority, inspection, recommendations, recommendationId, member, action };
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
