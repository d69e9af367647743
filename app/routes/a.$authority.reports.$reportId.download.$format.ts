import type { Route } from "./+types/a.$authority.reports.$reportId.download.$format";
import { requireUserWithPermission } from "~/modules/auth/auth.server";
import { actorOf } from "~/modules/auth/actor";
import { summaryDocx } from "~/modules/board-pack/summary-docx.server";
import { summaryPdf } from "~/modules/board-pack/summary-pdf.server";
import { getReport } from "~/modules/board-pack/summary.server";
import { downloadResponse } from "~/utils/download.server";
import { notFound } from "~/utils/errors";

const TYPES = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
} as const;

/** A kept pack in Word or PDF, generated from the pack's own data, so it is what the board saw. */
export async function loader(args: Route.LoaderArgs) {
  const user = await requireUserWithPermission(args, "read:action:any");
  const format = args.params.format;
  if (format !== "docx" && format !== "pdf") throw notFound("format");
  const { report, data } = await getReport({
    authorityId: user.authority.id,
    viewer: actorOf(user),
    reportId: args.params.reportId,
  });
  const bytes = format === "docx" ? await summaryDocx(data) : await summaryPdf(data);
  const name = `${report.title
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase()
    .slice(0, 100)}.${format}`;
  return downloadResponse(new Uint8Array(bytes), {
    fileName: name,
    contentType: TYPES[format],
    sizeBytes: bytes.length,
  });
}
