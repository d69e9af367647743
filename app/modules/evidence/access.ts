/**
 * Who may see and do what with evidence, and what an action's evidence adds
 * up to. Pure: shared by the server (which always checks), the UI (which only
 * hides controls) and the board pack generator (which leaves restricted items
 * out). The Prisma filter in service.server.ts mirrors `canSeeEvidence`;
 * access.test.ts holds the two to the same table of cases.
 */
import { roleHasPermission, type Role } from "~/modules/auth/permissions";
import type { Actor } from "~/modules/auth/actor";
import { keysOf, labelOf } from "~/utils/vocabulary";

export const EVIDENCE_TYPE_LABELS = {
  audit: "Audit",
  minutes: "Minutes",
  data_report: "Data report",
  policy: "Policy or procedure",
  case_study: "Case study",
  other: "Other",
};
export type EvidenceType = keyof typeof EVIDENCE_TYPE_LABELS;
export const EVIDENCE_TYPES = keysOf(EVIDENCE_TYPE_LABELS);
export const evidenceTypeLabel = labelOf(EVIDENCE_TYPE_LABELS);

export const REVIEW_DECISIONS = ["accepted", "challenged"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** Roles that see restricted items ("contains personal data about children or families") on any action. */
export function seesAllRestricted(role: Role): boolean {
  return roleHasPermission(role, "read:restricted_evidence:any");
}

/**
 * Can this person see this item? Everyone who reads the whole plan sees
 * ordinary evidence; partner users only evidence linked to actions they own.
 * Restricted items: admins, board members, and the owner of an action the
 * item backs — nobody else, whatever else they can read.
 */
export function canSeeEvidence({
  viewer,
  item,
}: {
  viewer: Actor;
  item: { containsPersonalData: boolean; linkedActionOwnerIds: readonly (string | null)[] };
}): boolean {
  const ownsLinkedAction = item.linkedActionOwnerIds.includes(viewer.id);
  const readsAll = roleHasPermission(viewer.role, "read:evidence:any");
  if (!readsAll && !ownsLinkedAction) return false;
  if (!item.containsPersonalData) return true;
  return seesAllRestricted(viewer.role) || ownsLinkedAction;
}

/** Can this person add evidence to (or link evidence to, or unlink it from) this action? The action's owner or an admin. */
export function canAttachToAction({ viewer, actionOwnerId }: { viewer: Actor; actionOwnerId: string | null }): boolean {
  if (roleHasPermission(viewer.role, "write:action:any")) return true;
  return actionOwnerId === viewer.id && roleHasPermission(viewer.role, "update:action:own");
}

/** Can this person change an item's details or upload a new version? An admin, or the owner of an action it backs. */
export function canChangeEvidence({
  viewer,
  linkedActionOwnerIds,
}: {
  viewer: Actor;
  linkedActionOwnerIds: readonly (string | null)[];
}): boolean {
  if (roleHasPermission(viewer.role, "write:action:any")) return true;
  return roleHasPermission(viewer.role, "update:action:own") && linkedActionOwnerIds.includes(viewer.id);
}

/** Board members (and admins, who hold every permission) accept or challenge evidence. */
export function canReviewEvidence(viewer: Actor): boolean {
  return roleHasPermission(viewer.role, "decide:board:any");
}

/** The state of one item for the board: the latest review of its current version, if any. */
export type ItemReviewState = "accepted" | "challenged" | "awaiting_review";

export function itemReviewState({
  currentVersionId,
  latestReview,
}: {
  currentVersionId: string;
  latestReview: { versionId: string; decision: string } | null;
}): ItemReviewState {
  // A review speaks for the version it saw; a newer upload needs a fresh look.
  if (!latestReview || latestReview.versionId !== currentVersionId) return "awaiting_review";
  return latestReview.decision === "accepted" ? "accepted" : "challenged";
}

export const ITEM_REVIEW_LABELS: Record<ItemReviewState, string> = {
  accepted: "Accepted",
  challenged: "Challenged",
  awaiting_review: "Awaiting review",
};

/** What an action's evidence adds up to, including items the viewer cannot see (restricted). */
export type ActionEvidenceState = "none" | "accepted" | "challenged" | "awaiting_review";

export function actionEvidenceState(items: readonly ItemReviewState[]): ActionEvidenceState {
  if (items.length === 0) return "none";
  if (items.includes("challenged")) return "challenged";
  if (items.every((s) => s === "accepted")) return "accepted";
  return "awaiting_review";
}

export const ACTION_EVIDENCE_LABELS: Record<ActionEvidenceState, string> = {
  none: "No evidence yet",
  accepted: "Evidence accepted",
  challenged: "Evidence challenged",
  awaiting_review: "Evidence awaiting review",
};
