import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/errors";

/** One recommendation with its inspection and actions. 404 outside the authority. */
export async function getRecommendation({ authorityId, recommendationId }: { authorityId: string; recommendationId: string }) {
  const recommendation = await getDb().recommendation.findFirst({
    where: { id: recommendationId, authorityId, deletedAt: null, inspection: { deletedAt: null } },
    include: {
      inspection: { select: { id: true, title: true, type: true, startDate: true } },
      actions: {
        where: { deletedAt: null },
        orderBy: [{ position: "asc" }, { createdAt: "asc" }],
        select: { id: true, title: true, status: true, rag: true, dueDate: true, progress: true, owner: { select: { name: true } } },
      },
    },
  });
  if (!recommendation) throw notFound("recommendation");
  return recommendation;
}
