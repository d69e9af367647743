import { expect, test } from "vitest";
import {
  PERMISSIONS,
  ROLES,
  ROLE_DESCRIPTIONS,
  ROLE_PERMISSIONS,
  roleHasPermission,
  userHasPermission,
} from "./permissions";

// The whole matrix, written out: a change to who may do what must change this table.
const EXPECTED: Record<string, string[]> = {
  admin: [...PERMISSIONS],
  board_member: [
    "read:inspection:any",
    "read:action:any",
    "read:action:own",
    "read:evidence:any",
    "read:restricted_evidence:any",
    "hold:action:own",
    "decide:board:any",
    "write:report:any",
  ],
  action_owner: [
    "read:inspection:any",
    "read:action:any",
    "read:action:own",
    "read:evidence:any",
    "hold:action:own",
    "update:action:own",
  ],
  viewer: ["read:inspection:any", "read:action:any", "read:action:own", "read:evidence:any"],
  partner: ["read:action:own", "hold:action:own", "update:action:own"],
};

for (const role of ROLES) {
  for (const permission of PERMISSIONS) {
    const allowed = EXPECTED[role]!.includes(permission);
    test(`${role} ${allowed ? "may" : "may not"} ${permission}`, () => {
      expect(roleHasPermission(role, permission)).toBe(allowed);
    });
  }
}

test("a viewer can change nothing", () => {
  const writes = PERMISSIONS.filter((p) => !p.startsWith("read:"));
  for (const p of writes) expect(roleHasPermission("viewer", p)).toBe(false);
});

test("a partner cannot read the plan beyond their own actions", () => {
  expect(ROLE_PERMISSIONS.partner.filter((p) => p.endsWith(":any"))).toEqual([]);
});

test("the client mirror denies when there is no user", () => {
  expect(userHasPermission(null, "read:action:own")).toBe(false);
  expect(userHasPermission({ role: "admin" }, "manage:members:any")).toBe(true);
});

test("the role text shown on the people page says who generates board packs, as the matrix does (ADR 015)", () => {
  for (const role of ROLES) {
    const says = /generates board packs/.test(ROLE_DESCRIPTIONS[role]);
    expect(says, role).toBe(roleHasPermission(role, "write:report:any"));
  }
  expect(ROLE_DESCRIPTIONS.viewer).toMatch(/Cannot change anything/);
  expect(ROLE_DESCRIPTIONS.partner).toMatch(/only the actions assigned to them/);
});
