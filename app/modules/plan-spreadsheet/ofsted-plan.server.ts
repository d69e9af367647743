/**
 * The post-inspection action plan for one inspection, in the shape Ofsted
 * expects it: each item the report asked to improve (reference and verbatim
 * text), then its actions with the lead, timescale, measure of success and
 * current progress. One loader for the Word and Excel versions.
 */
import { isRag, RAG_LABELS, statusLabel } from "~/modules/action/status";
import { recommendationKindLabel } from "~/modules/inspection/types";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/errors";
import { formatDate, formatDateRange } from "~/utils/format";
import { stripUnsafeDeep } from "~/utils/text";
import { PLAN_ACTION_ORDER, PLAN_STATE_SELECT } from "./plan-query";

export type OfstedPlanAction = {
  title: string;
  ownerName: string;
  leadService: string;
  startDate: Date | null;
  dueDate: Date | null;
  successMeasure: string;
  status: string;
  rag: string;
  progress: number;
  latestUpdate: string;
};
export type OfstedPlan = {
  authorityName: string;
  inspection: { id: string; title: string; type: string; dates: string; publishedAt: Date | null };
  recommendations: {
    reference: string;
    kind: string;
    text: string;
    timescale: string | null;
    actions: OfstedPlanAction[];
  }[];
};

export async function getOfstedPlan({
  authorityId,
  inspectionId,
}: {
  authorityId: string;
  inspectionId: string;
}): Promise<OfstedPlan> {
  const inspection = await getDb().inspection.findFirst({
    where: { id: inspectionId, authorityId, deletedAt: null },
    select: {
      id: true,
      title: true,
      type: true,
      startDate: true,
      endDate: true,
      publishedAt: true,
      authority: { select: { name: true } },
      recommendations: {
        where: { deletedAt: null },
        orderBy: [{ position: "asc" }, { id: "asc" }],
        select: {
          reference: true,
          kind: true,
          text: true,
          timescale: true,
          actions: {
            where: { deletedAt: null },
            orderBy: PLAN_ACTION_ORDER,
            select: {
              title: true,
              leadService: true,
              startDate: true,
              dueDate: true,
              successMeasure: true,
              ...PLAN_STATE_SELECT,
              owner: { select: { name: true } },
            },
          },
        },
      },
    },
  });
  if (!inspection) throw notFound("inspection");
  // For the Word and Excel plan: stored text that predates the text schema is cleaned of controls (invalid in the XML) and bidi overrides.
  return stripUnsafeDeep({
    authorityName: inspection.authority.name,
    inspection: {
      id: inspection.id,
      title: inspection.title,
      type: inspection.type,
      dates: formatDateRange(inspection.startDate, inspection.endDate),
      publishedAt: inspection.publishedAt,
    },
    recommendations: inspection.recommendations.map((r) => ({
      reference: r.reference,
      kind: recommendationKindLabel(r.kind),
      text: r.text,
      timescale: r.timescale,
      actions: r.actions.map((a) => ({
        title: a.title,
        ownerName: a.owner?.name ?? "",
        leadService: a.leadService,
        startDate: a.startDate,
        dueDate: a.dueDate,
        successMeasure: a.successMeasure,
        status: statusLabel(a.status),
        rag: isRag(a.rag) ? RAG_LABELS[a.rag] : "Not set",
        progress: a.progress,
        latestUpdate: a.updates[0]?.body ?? "",
      })),
    })),
  });
}

export function ofstedPlanTitle(plan: Pick<OfstedPlan, "inspection">): string {
  return `${plan.inspection.title}: post-inspection action plan`;
}

/** "1 March 2026 to 31 July 2026", "By 31 July 2026", "From 1 March 2026", or "Not set". */
export function timescaleText(a: Pick<OfstedPlanAction, "startDate" | "dueDate">): string {
  if (a.startDate && a.dueDate) return formatDateRange(a.startDate, a.dueDate);
  if (a.dueDate) return `By ${formatDate(a.dueDate)}`;
  if (a.startDate) return `From ${formatDate(a.startDate)}`;
  return "Not set";
}

export function leadText(a: Pick<OfstedPlanAction, "ownerName" | "leadService">): string {
  return [a.ownerName || "No owner", a.leadService].filter(Boolean).join("\n");
}

export function progressText(a: Pick<OfstedPlanAction, "status" | "rag" | "progress" | "latestUpdate">): string {
  return [
    `Status: ${a.status}`,
    `RAG: ${a.rag}`,
    `Progress: ${a.progress}%`,
    ...(a.latestUpdate ? [`Latest update: ${a.latestUpdate}`] : []),
  ].join("\n");
}

export function ofstedPlanFileName(plan: OfstedPlan, ext: "docx" | "xlsx"): string {
  const slug =
    plan.inspection.title
      .replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .toLowerCase()
      .slice(0, 60) || "inspection";
  return `post-inspection-action-plan-${slug}.${ext}`;
}
