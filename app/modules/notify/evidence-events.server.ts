/**
 * Evidence challenged: the uploader of the version the board challenged, and
 * the owner of each action the item backs, are told in the review's
 * transaction. Nobody is told of their own review, and only people of the
 * authority who may see the item. The title names a restricted item only as
 * "restricted evidence"; the reviewer's comment is in-app only.
 */
import type { Tx } from "~/modules/action/apply.server";
import type { Actor } from "~/modules/auth/actor";
import { isRole } from "~/modules/auth/permissions";
import { canSeeEvidence } from "~/modules/evidence/access";
import { authorityHref } from "~/utils/links";
import { queueNotifications } from "./outbox.server";

export async function notifyEvidenceChallenged(
  tx: Tx,
  { authorityId, reviewId, actor }: { authorityId: string; reviewId: string; actor: Actor },
): Promise<void> {
  const review = await tx.evidenceReview.findFirst({
    where: { id: reviewId, authorityId, decision: "challenged" },
    select: {
      comment: true,
      version: { select: { uploadedById: true } },
      evidence: {
        select: {
          id: true,
          title: true,
          containsPersonalData: true,
          authority: { select: { slug: true } },
          links: { where: { action: { deletedAt: null } }, select: { action: { select: { ownerId: true } } } },
        },
      },
    },
  });
  if (!review) return;
  const item = { ...review.evidence, linkedActionOwnerIds: review.evidence.links.map((l) => l.action.ownerId) };
  const wanted = new Set(
    [review.version.uploadedById, ...item.linkedActionOwnerIds].filter(
      (id): id is string => id !== null && id !== actor.id,
    ),
  );
  if (wanted.size === 0) return;
  const memberships = await tx.membership.findMany({
    where: { authorityId, userId: { in: [...wanted] } },
    select: { userId: true, role: true },
  });
  const link = authorityHref(item.authority.slug, "/evidence/:evidenceId", { evidenceId: item.id });
  const title = item.containsPersonalData ? "Restricted evidence challenged" : `Evidence challenged: ${item.title}`;
  await queueNotifications(
    tx,
    memberships
      .filter((m) => isRole(m.role) && canSeeEvidence({ viewer: { id: m.userId, role: m.role }, item }))
      .map((m) => ({
        authorityId,
        userId: m.userId,
        kind: "evidence_challenged" as const,
        eventKey: `evidence_challenged:${reviewId}`,
        title,
        detail: review.comment || null,
        link,
        evidenceId: item.id,
      })),
  );
}
