/**
 * The columns of the action-plan spreadsheet (XLSX and CSV), in order. Pure:
 * the exporter writes them, the importer reads them back by header text, and
 * the import page explains them. "Action ID" is the key for updates; a blank
 * Action ID creates an action.
 */
export const PLAN_COLUMNS = [
  { key: "actionId", header: "Action ID", width: 28, kind: "text", imported: "key" },
  { key: "inspection", header: "Inspection", width: 40, kind: "text", imported: "create" },
  { key: "inspectionDate", header: "Inspection date", width: 14, kind: "date", imported: "create" },
  { key: "recommendationReference", header: "Recommendation reference", width: 14, kind: "text", imported: "create" },
  { key: "recommendation", header: "Recommendation", width: 60, kind: "text", imported: "no" },
  { key: "title", header: "Action title", width: 40, kind: "text", imported: "yes" },
  { key: "description", header: "Description", width: 50, kind: "text", imported: "yes" },
  { key: "ownerEmail", header: "Owner email", width: 30, kind: "text", imported: "yes" },
  { key: "leadService", header: "Lead service", width: 28, kind: "text", imported: "yes" },
  { key: "partnerAgencies", header: "Partner agencies", width: 30, kind: "text", imported: "yes" },
  { key: "startDate", header: "Start date", width: 12, kind: "date", imported: "yes" },
  { key: "dueDate", header: "Due date", width: 12, kind: "date", imported: "yes" },
  { key: "status", header: "Status", width: 20, kind: "text", imported: "yes" },
  { key: "rag", header: "RAG", width: 8, kind: "text", imported: "yes" },
  { key: "ragReason", header: "RAG reason", width: 40, kind: "text", imported: "yes" },
  { key: "progress", header: "Progress %", width: 11, kind: "number", imported: "yes" },
  { key: "successMeasure", header: "How we will know", width: 50, kind: "text", imported: "yes" },
  { key: "latestUpdate", header: "Latest update", width: 50, kind: "text", imported: "no" },
  { key: "lastUpdated", header: "Last updated", width: 14, kind: "date", imported: "no" },
] as const;

export type PlanColumn = (typeof PLAN_COLUMNS)[number];
export type PlanColumnKey = PlanColumn["key"];

/** One action as a spreadsheet row: text, whole numbers, and dates as UTC midnight (null when blank). */
export type PlanRow = {
  actionId: string;
  inspection: string;
  inspectionDate: Date | null;
  recommendationReference: string;
  recommendation: string;
  title: string;
  description: string;
  ownerEmail: string;
  leadService: string;
  partnerAgencies: string;
  startDate: Date | null;
  dueDate: Date | null;
  status: string;
  rag: string;
  ragReason: string;
  progress: number;
  successMeasure: string;
  latestUpdate: string;
  lastUpdated: Date | null;
};

export const COLUMN_HEADERS: Record<PlanColumnKey, string> = Object.fromEntries(
  PLAN_COLUMNS.map((c) => [c.key, c.header]),
) as Record<PlanColumnKey, string>;

/** The uploaded-file limit for an import. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
/** Up to this size the preview keeps the file in the page, so applying needs no second upload. */
export const MAX_CARRIED_BYTES = 1024 * 1024;
/** Rows per import: a plan is hundreds of actions; this keeps a preview page and one apply bounded. */
export const MAX_IMPORT_ROWS = 2000;
