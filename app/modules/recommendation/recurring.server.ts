/**
 * "Raised before": earlier recommendations of the same authority that say
 * much the same thing (TF-IDF cosine, see similarity.ts). Scoped to the authority.
 */
import { getDb } from "~/utils/db.server";
import { findRecurring } from "./similarity";
import corpus from "./background-corpus.json";

/** Public Ofsted items as IDF background: word frequencies only, never shown or compared. */
const BACKGROUND: readonly string[] = corpus.texts;

export type RaisedBefore = {
  id: string;
  reference: string;
  inspectionTitle: string;
  inspectionDate: string | null;
  score: number;
};

async function earlierItems({
  authorityId,
  before,
  excludeInspectionId,
}: {
  authorityId: string;
  before?: Date | null;
  excludeInspectionId?: string;
}) {
  return getDb().recommendation.findMany({
    where: {
      authorityId,
      deletedAt: null,
      inspection: {
        deletedAt: null,
        ...(excludeInspectionId ? { id: { not: excludeInspectionId } } : {}),
        ...(before ? { startDate: { lt: before } } : {}),
      },
    },
    select: {
      id: true,
      reference: true,
      text: true,
      inspection: { select: { title: true, startDate: true, publishedAt: true } },
    },
    take: 2000,
  });
}

function toRaisedBefore(
  results: ReturnType<typeof findRecurring>,
  earlier: Awaited<ReturnType<typeof earlierItems>>,
): RaisedBefore[][] {
  const byId = new Map(earlier.map((e) => [e.id, e]));
  return results.map((r) =>
    r.matches.map((m) => {
      const e = byId.get(m.id)!;
      const date = e.inspection.startDate ?? e.inspection.publishedAt;
      return {
        id: e.id,
        reference: e.reference,
        inspectionTitle: e.inspection.title,
        inspectionDate: date ? date.toISOString().slice(0, 10) : null,
        score: m.score,
      };
    }),
  );
}

/** For each text being imported, the authority's existing recommendations it repeats. */
export async function recurringForDraft({
  authorityId,
  texts,
}: {
  authorityId: string;
  texts: string[];
}): Promise<RaisedBefore[][]> {
  if (texts.length === 0) return [];
  const earlier = await earlierItems({ authorityId });
  if (earlier.length === 0) return texts.map(() => []);
  return matchEarlier(texts, earlier);
}

/** For each text, the earlier items it repeats. */
function matchEarlier(texts: string[], earlier: Awaited<ReturnType<typeof earlierItems>>): RaisedBefore[][] {
  const results = findRecurring({
    newItems: texts.map((text) => ({ text })),
    background: BACKGROUND,
    earlier: earlier.map((e) => ({
      id: e.id,
      text: e.text,
      inspectionTitle: e.inspection.title,
      inspectionDate: e.inspection.startDate ?? new Date(0),
    })),
  });
  return toRaisedBefore(results, earlier);
}

/** Earlier inspections' recommendations that one recommendation repeats. */
export async function raisedBefore({
  authorityId,
  recommendationId,
}: {
  authorityId: string;
  recommendationId: string;
}): Promise<RaisedBefore[]> {
  const rec = await getDb().recommendation.findFirst({
    where: { id: recommendationId, authorityId },
    select: { text: true, inspectionId: true, inspection: { select: { startDate: true } } },
  });
  if (!rec?.inspection.startDate) return [];
  const earlier = await earlierItems({
    authorityId,
    before: rec.inspection.startDate,
    excludeInspectionId: rec.inspectionId,
  });
  if (earlier.length === 0) return [];
  return matchEarlier([rec.text], earlier)[0] ?? [];
}
