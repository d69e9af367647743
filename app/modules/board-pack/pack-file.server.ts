/**
 * A kept pack as a Word or PDF file, made in the background (a long job, ADR
 * 021): a 1,000-action pack takes seconds to write, so the request only
 * queues it and the status page shows the actions written so far. The file
 * is made from the pack's own data, so it is what the board saw.
 */
import type { Actor } from "~/modules/auth/actor";
import type { LongJobRunner } from "~/modules/long-jobs/worker.server";
import { startLongJob } from "~/modules/long-jobs/service.server";
import { badRequest } from "~/utils/errors";
import { summaryDocx } from "./summary-docx.server";
import { summaryPdf } from "./summary-pdf.server";
import { getReport } from "./summary.server";
import type { SummaryData } from "./summary";

export const PACK_FORMATS = ["docx", "pdf"] as const;
export type PackFormat = (typeof PACK_FORMATS)[number];
export const isPackFormat = (v: unknown): v is PackFormat => PACK_FORMATS.includes(v as PackFormat);

const TYPES: Record<PackFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
};
const FORMAT_LABELS: Record<PackFormat, string> = { docx: "Word document", pdf: "PDF" };

export const actionCount = (data: SummaryData) =>
  data.inspections.reduce((n, i) => n + i.recommendations.reduce((m, r) => m + r.actions.length, 0), 0);

/** The file's name from the pack's title: letters, digits and dashes. */
export function packFileName(title: string, format: PackFormat): string {
  const base = title
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase()
    .slice(0, 100);
  return `${base || "board-pack"}.${format}`;
}

/** Queues the file for a kept pack; 404 when the pack is not this authority's. Returns the job's id. */
export async function startPackFile({
  authorityId,
  actor,
  reportId,
  format,
}: {
  authorityId: string;
  actor: Actor;
  reportId: string;
  format: PackFormat;
}): Promise<{ id: string }> {
  if (!isPackFormat(format)) throw badRequest("Choose Word or PDF.");
  const { report, data } = await getReport({ authorityId, viewer: actor, reportId });
  return startLongJob({
    authorityId,
    actor,
    kind: "board-pack-file",
    title: `${FORMAT_LABELS[format]} of ${report.title}`,
    unit: "actions",
    total: actionCount(data),
    params: { reportId: report.id, format },
  });
}

/** The long job's work: read the pack again (it may have been deleted), write the file, counting actions. */
export const packFileRunner: LongJobRunner = async ({ authorityId, actor, params, progress }) => {
  const format = params.format;
  if (!isPackFormat(format) || typeof params.reportId !== "string")
    throw badRequest("This job was started with a format we do not make.");
  const { report, data } = await getReport({ authorityId, viewer: actor, reportId: params.reportId });
  await progress.total(actionCount(data));
  const bytes = format === "docx" ? await summaryDocx(data, progress.done) : await summaryPdf(data, progress.done);
  return {
    file: { bytes: new Uint8Array(bytes), fileName: packFileName(report.title, format), contentType: TYPES[format] },
  };
};
