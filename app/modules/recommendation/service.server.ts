import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/errors";
import { recommendationActionsQuery } from "~/modules/action/service.server";

/** One recommendation with its inspection and actions. 404 outside the authority. */
export async function getRecommendation({
  authorityId,
  recommendationId,
}: {
  authorityId: string;
  recommendationId: string;
}) {
  const recommendation = await getDb().recommendation.findFirst({
    where: { id: recommendationId, authorityId, deletedAt: null, inspection: { deletedAt: null } },
    include: {
      inspection: { select: { id: true, title: true, type: true, startDate: true } },
      actions: recommendationActionsQuery,
    },
  });
  if (!recommendation) throw notFound("recommendation");
  return recommendation;
}
