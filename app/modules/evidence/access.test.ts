import { expect, test } from "vitest";
import { ROLES, type Role } from "~/modules/auth/permissions";
import { createWorld } from "../../../tests/helpers/world";
import { actionEvidenceState, canAttachToAction, canChangeEvidence, canReviewEvidence } from "./access";
import { canSeeEvidence, itemReviewState, type ItemReviewState } from "./access";
import { visibleEvidenceWhere } from "./service.server";

const me = "user-me";

test("who sees an item: every role × restricted or not × owning a linked action or not", () => {
  const expected: Record<
    Role,
    [ordinaryNotMine: boolean, ordinaryMine: boolean, restrictedNotMine: boolean, restrictedMine: boolean]
  > = {
    admin: [true, true, true, true],
    board_member: [true, true, true, true],
    action_owner: [true, true, false, true],
    viewer: [true, true, false, true],
    partner: [false, true, false, true],
  };
  for (const role of ROLES) {
    const seen = [false, true].flatMap((restricted) =>
      [false, true].map((mine) =>
        canSeeEvidence({
          viewer: { id: me, role },
          item: { containsPersonalData: restricted, linkedActionOwnerIds: mine ? ["someone", me] : ["someone", null] },
        }),
      ),
    );
    expect(seen, role).toEqual(expected[role]);
  }
});

test("the database filter agrees with canSeeEvidence for every role and case", async () => {
  const { db, authority, member, action } = await createWorld({
    items: [{ reference: "R1", text: "x", kind: "improvement_item" }],
  });
  const someone = await member("action_owner");
  for (const role of ROLES) {
    const user = await member(role);
    const mine = await action({ ownerId: user.id });
    const theirs = await action({ ownerId: someone.id });
    for (const restricted of [false, true]) {
      for (const owned of [false, true]) {
        const e = await db.evidence.create({
          data: {
            authorityId: authority.id,
            title: `${role} ${restricted} ${owned}`,
            type: "audit",
            containsPersonalData: restricted,
          },
        });
        await db.actionEvidence.create({ data: { authorityId: authority.id, actionId: theirs.id, evidenceId: e.id } });
        if (owned)
          await db.actionEvidence.create({ data: { authorityId: authority.id, actionId: mine.id, evidenceId: e.id } });
        const viewer = { id: user.id, role };
        const inDb =
          (await db.evidence.count({ where: { id: e.id, ...visibleEvidenceWhere(authority.id, viewer) } })) === 1;
        const rule = canSeeEvidence({
          viewer,
          item: {
            containsPersonalData: restricted,
            linkedActionOwnerIds: owned ? [someone.id, user.id] : [someone.id],
          },
        });
        expect(inDb, `${role} restricted=${restricted} owned=${owned}`).toBe(rule);
      }
    }
  }
});

test("who adds, changes and reviews evidence", () => {
  const v = (role: Role) => ({ id: me, role });
  expect(ROLES.filter((r) => canAttachToAction({ viewer: v(r), actionOwnerId: me }))).toEqual([
    "admin",
    "action_owner",
    "partner",
  ]);
  expect(ROLES.filter((r) => canAttachToAction({ viewer: v(r), actionOwnerId: "other" }))).toEqual(["admin"]);
  expect(ROLES.filter((r) => canChangeEvidence({ viewer: v(r), linkedActionOwnerIds: ["other", me] }))).toEqual([
    "admin",
    "action_owner",
    "partner",
  ]);
  expect(ROLES.filter((r) => canChangeEvidence({ viewer: v(r), linkedActionOwnerIds: ["other"] }))).toEqual(["admin"]);
  expect(ROLES.filter((r) => canReviewEvidence(v(r)))).toEqual(["admin", "board_member"]);
});

test("an item's review state follows the latest review of its current version", () => {
  expect(itemReviewState({ currentVersionId: "v2", latestReview: null })).toBe("awaiting_review");
  expect(itemReviewState({ currentVersionId: "v2", latestReview: { versionId: "v1", decision: "accepted" } })).toBe(
    "awaiting_review",
  );
  expect(itemReviewState({ currentVersionId: "v2", latestReview: { versionId: "v2", decision: "accepted" } })).toBe(
    "accepted",
  );
  expect(itemReviewState({ currentVersionId: "v2", latestReview: { versionId: "v2", decision: "challenged" } })).toBe(
    "challenged",
  );
});

test("an action's evidence state: none, all accepted, any challenged, else awaiting review", () => {
  const states: ItemReviewState[] = ["accepted", "challenged", "awaiting_review"];
  expect(actionEvidenceState([])).toBe("none");
  for (const a of states)
    for (const b of states) {
      const expected =
        a === "challenged" || b === "challenged"
          ? "challenged"
          : a === "accepted" && b === "accepted"
            ? "accepted"
            : "awaiting_review";
      expect(actionEvidenceState([a, b]), `${a}+${b}`).toBe(expected);
    }
});
