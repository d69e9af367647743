import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/errors";
import { getStorage } from "~/modules/storage/storage.server";
import { recommendationActionsQuery } from "~/modules/action/service.server";

export const INSPECTIONS_PER_PAGE = 10;

/** One page of an authority's inspections with their grades, newest first, and whether there are more. */
export async function listInspections({ authorityId, page = 1 }: { authorityId: string; page?: number }) {
  const rows = await getDb().inspection.findMany({
    where: { authorityId, deletedAt: null },
    orderBy: [{ startDate: "desc" }, { createdAt: "desc" }, { id: "asc" }],
    skip: (page - 1) * INSPECTIONS_PER_PAGE,
    take: INSPECTIONS_PER_PAGE + 1,
    select: {
      id: true,
      type: true,
      title: true,
      startDate: true,
      endDate: true,
      publishedAt: true,
      judgements: { orderBy: { position: "asc" }, select: { id: true, area: true, grade: true, gradeText: true } },
      _count: { select: { recommendations: { where: { deletedAt: null } } } },
    },
  });
  return { rows: rows.slice(0, INSPECTIONS_PER_PAGE), page, hasNext: rows.length > INSPECTIONS_PER_PAGE };
}

/** One inspection with its judgements, recommendations and their actions. 404 outside the authority. */
export async function getInspection({ authorityId, inspectionId }: { authorityId: string; inspectionId: string }) {
  const inspection = await getDb().inspection.findFirst({
    where: { id: inspectionId, authorityId, deletedAt: null },
    include: {
      sourceFile: { select: { fileName: true } },
      judgements: { orderBy: { position: "asc" } },
      recommendations: {
        where: { deletedAt: null },
        orderBy: { position: "asc" },
        include: { actions: recommendationActionsQuery },
      },
    },
  });
  if (!inspection) throw notFound("inspection");
  return inspection;
}

/** The inspection's source document (the uploaded report) and a stream of its bytes. 404 outside the authority or when there is none. */
export async function getInspectionSource({
  authorityId,
  inspectionId,
}: {
  authorityId: string;
  inspectionId: string;
}) {
  const inspection = await getDb().inspection.findFirst({
    where: { id: inspectionId, authorityId, deletedAt: null },
    select: { sourceFile: { select: { storageKey: true, fileName: true, contentType: true, sizeBytes: true } } },
  });
  if (!inspection?.sourceFile) throw notFound("source document");
  const stream = await getStorage()
    .read(inspection.sourceFile.storageKey)
    .catch(() => {
      throw notFound("source document");
    });
  return { file: inspection.sourceFile, stream };
}
