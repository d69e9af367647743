/**
 * Roles and the role → permission matrix (ADR 005). Pure: shared by the
 * server (`requireUserWithPermission`, the services) and the UI
 * (`roleHasPermission`, which only hides controls; the server always checks
 * again). No code outside this file decides by a role's name.
 *
 * A permission is `<verb>:<entity>:<access>`. `any` covers every row of the
 * authority; `own` covers rows assigned to the user (actions they own).
 */
export const ROLES = ["admin", "board_member", "action_owner", "viewer", "partner"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Authority admin",
  board_member: "Board member",
  action_owner: "Action owner",
  viewer: "Viewer (read-only)",
  partner: "Partner user",
};

/** Shown where roles are chosen (people page). Must agree with ROLE_PERMISSIONS and ADR 015; permissions.test.ts checks the claims. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: "Manages inspections, the plan, people and settings for the authority, and generates board packs.",
  board_member: "Reads the whole plan and its evidence, records board decisions, and generates board packs.",
  action_owner: "Reads the plan and board packs, and updates the actions they own.",
  viewer: "Reads the plan and board packs. Cannot change anything, so cannot generate packs. For scrutiny councillors.",
  partner:
    "From a partner agency. Sees and updates only the actions assigned to them. On a board, also sees that board's meetings: the agenda as sent, decisions and minutes.",
};

export const PERMISSIONS = [
  "read:inspection:any",
  "write:inspection:any",
  "read:action:any",
  "read:action:own",
  "write:action:any",
  "update:action:own",
  "read:evidence:any",
  /** See evidence marked "contains personal data" on any action; others see it only on actions they own (evidence/access.ts). */
  "read:restricted_evidence:any",
  /** May be named the owner of an action (the owner picker lists only these roles). */
  "hold:action:own",
  "decide:board:any",
  /** Clerk any board's meetings (agenda, attendance, held) without being its chair. */
  "manage:meeting:any",
  /** Generate board packs and edit their narrative (ADR 015). Reading packs needs only read:action:any. */
  "write:report:any",
  "manage:members:any",
  "read:audit:any",
  /** Choose how one is told of each kind of message in this authority (one's own notification settings). */
  "choose:notifications:own",
  /** Set the authority's notification defaults and its reminder, chaser and digest days. */
  "manage:notifications:any",
  /** Read and search the delivery log: what was sent to whom, when, and whether it arrived (issue 14, "Log"). */
  "read:notification_log:any",
  /** Read the local outbox (/dev/outbox): the emails the authority's people would have been sent. */
  "read:outbox:any",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_PLAN: Permission[] = ["read:inspection:any", "read:action:any", "read:evidence:any"];
/** Every member chooses how they are told (viewers and partners too). */
const OWN_SETTINGS: Permission[] = ["choose:notifications:own"];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [...PERMISSIONS],
  board_member: [
    ...READ_PLAN,
    "read:restricted_evidence:any",
    "read:action:own",
    "hold:action:own",
    "decide:board:any",
    "write:report:any",
    ...OWN_SETTINGS,
  ],
  action_owner: [...READ_PLAN, "read:action:own", "hold:action:own", "update:action:own", ...OWN_SETTINGS],
  viewer: [...READ_PLAN, "read:action:own", ...OWN_SETTINGS],
  partner: ["read:action:own", "hold:action:own", "update:action:own", ...OWN_SETTINGS],
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Does this role carry the permission? `any` implies `own` for the same verb and entity. */
export function roleHasPermission(role: Role, permission: Permission): boolean {
  const granted = ROLE_PERMISSIONS[role];
  if (granted.includes(permission)) return true;
  const [verb, entity, access] = permission.split(":");
  if (access === "own") return granted.includes(`${verb}:${entity}:any` as Permission);
  return false;
}

/** The roles that carry the permission, in ROLES order (for queries over memberships). */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((role) => roleHasPermission(role, permission));
}
