import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { PERMISSIONS, ROLES, ROLE_DESCRIPTIONS, ROLE_PERMISSIONS, roleHasPermission, rolesWith } from "./permissions";

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
    "choose:notifications:own",
  ],
  action_owner: [
    "read:inspection:any",
    "read:action:any",
    "read:action:own",
    "read:evidence:any",
    "hold:action:own",
    "update:action:own",
    "choose:notifications:own",
  ],
  viewer: [
    "read:inspection:any",
    "read:action:any",
    "read:action:own",
    "read:evidence:any",
    "choose:notifications:own",
  ],
  partner: ["read:action:own", "hold:action:own", "update:action:own", "choose:notifications:own"],
};

for (const role of ROLES) {
  for (const permission of PERMISSIONS) {
    const allowed = EXPECTED[role]!.includes(permission);
    test(`${role} ${allowed ? "may" : "may not"} ${permission}`, () => {
      expect(roleHasPermission(role, permission)).toBe(allowed);
    });
  }
}

test("a viewer can change nothing of the authority's: their only setting is how they are told", () => {
  const writes = PERMISSIONS.filter((p) => !p.startsWith("read:"));
  for (const p of writes) expect(roleHasPermission("viewer", p), p).toBe(p === "choose:notifications:own");
});

test("every member chooses how they are told; only admins set the authority's defaults and read the outbox", () => {
  expect(rolesWith("choose:notifications:own")).toEqual([...ROLES]);
  expect(rolesWith("manage:notifications:any")).toEqual(["admin"]);
  expect(rolesWith("read:outbox:any")).toEqual(["admin"]);
});

test("only admins read the delivery log (what was sent to whom) and send a failed email again", () => {
  expect(rolesWith("read:notification_log:any")).toEqual(["admin"]);
  expect(rolesWith("manage:notifications:any")).toEqual(["admin"]);
});

test("a partner cannot read the plan beyond their own actions", () => {
  expect(ROLE_PERMISSIONS.partner.filter((p) => p.endsWith(":any"))).toEqual([]);
});

test("the role text shown on the people page says who generates board packs, as the matrix does (ADR 015)", () => {
  for (const role of ROLES) {
    const says = /generates board packs/.test(ROLE_DESCRIPTIONS[role]);
    expect(says, role).toBe(roleHasPermission(role, "write:report:any"));
  }
  expect(ROLE_DESCRIPTIONS.viewer).toMatch(/Cannot change anything/);
  expect(ROLE_DESCRIPTIONS.partner).toMatch(/only the actions assigned to them/);
});

test("rolesWith lists the roles that carry a permission, in ROLES order", () => {
  expect(rolesWith("manage:members:any")).toEqual(["admin"]);
  expect(rolesWith("decide:board:any")).toEqual(["admin", "board_member"]);
  expect(rolesWith("hold:action:own")).toEqual(["admin", "board_member", "action_owner", "partner"]);
  for (const p of PERMISSIONS) expect(rolesWith(p)).toEqual(ROLES.filter((r) => roleHasPermission(r, p)));
});

// ─── No role names outside the matrix ───────────────────────────────────────

const NAMES = ROLES.join("|");
/** Ways of deciding by a role's name instead of by a permission. */
const ROLE_NAME_CHECKS: RegExp[] = [
  // user.role === "admin", authorityRole !== "viewer"
  new RegExp(`role\\s*[!=]==?\\s*["'](?:${NAMES})["']`, "i"),
  // "admin" === user.role
  new RegExp(`["'](?:${NAMES})["']\\s*[!=]==?\\s*[\\w.?]*role\\b`, "i"),
  // { role: "admin" } in a query or a made-up actor
  new RegExp(`\\brole\\s*:\\s*["'](?:${NAMES})["']`),
  // switch (role) { case "admin": … }
  new RegExp(`\\bcase\\s+["'](?:${NAMES})["']\\s*:`),
  // ["admin", "board_member"].includes(role), role: { in: ["admin"] }
  new RegExp(`\\[[^\\]]*["'](?:${NAMES})["'][^\\]]*\\]\\s*\\.includes\\(`),
  new RegExp(`\\bin\\s*:\\s*\\[[^\\]]*["'](?:${NAMES})["']`),
];
const roleNameChecks = (source: string) =>
  source
    .split("\n")
    .flatMap((line, i) => (ROLE_NAME_CHECKS.some((re) => re.test(line)) ? [`${i + 1}: ${line.trim()}`] : []));

test("the scan for role names recognises each way of checking one", () => {
  for (const line of [
    'if (user.role === "admin") return;',
    "if (authorityRole !== 'viewer') return;",
    'if ("board_member" == actor.role) return;',
    'const admins = await db.membership.count({ where: { authorityId, role: "admin" } });',
    'const fake = { id, role: "admin", requestId };',
    '  case "partner":',
    'if (["admin", "board_member"].includes(user.role)) return;',
    'where: { role: { in: ["admin", "board_member"] } }',
  ])
    expect(roleNameChecks(line), line).toHaveLength(1);
  for (const line of [
    'if (roleHasPermission(user.role, "manage:members:any")) return;',
    'if (boardRole === "chair") return;',
    '{ from: "complete", to: "closed", by: "admin", requires: [] }',
    'if (capacity === "admin") return;',
  ])
    expect(roleNameChecks(line), line).toEqual([]);
});

test("no code in app/ decides by a role's name: every check goes through the permission matrix", () => {
  const app = fileURLToPath(new URL("../../", import.meta.url));
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "generated") walk(full);
      } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        if (full === fileURLToPath(new URL("./permissions.ts", import.meta.url))) continue;
        for (const hit of roleNameChecks(readFileSync(full, "utf8"))) found.push(`${path.relative(app, full)}:${hit}`);
      }
    }
  };
  walk(app);
  expect(found).toEqual([]);
});
