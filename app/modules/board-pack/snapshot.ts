/**
 * A board pack as stored: the SummaryData its page, Word, PDF and spreadsheet
 * are made from, with a snapshot `version` (app/utils/snapshot.ts). Version 1
 * is the shape kept since packs were first stored; packs written before the
 * field existed are read as version 1. A new shape gets a new version and its
 * own schema here, and old packs keep reading.
 */
import { z } from "zod";
import { ACTION_STATUSES, parseActionStatus, parseRag, RECOMMENDATION_STATUSES } from "~/modules/action/status";
import { parsedBy, readSnapshot, writeSnapshot } from "~/utils/snapshot";
import { NARRATIVE_SECTIONS, REPORT_KINDS, type SummaryData } from "./summary";

export const PACK_SNAPSHOT_VERSION = 1;

const count = z.number().int().nonnegative();
const ragCounts = z.object({ red: count, amber: count, green: count, none: count });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const action = z.object({
  id: z.string(),
  title: z.string(),
  ownerName: z.string().nullable(),
  leadService: z.string(),
  dueDate: day.nullable(),
  status: parsedBy(z.string(), parseActionStatus),
  rag: parsedBy(z.string().nullable(), parseRag),
  ragReason: z.string().nullable(),
  overdue: z.boolean(),
  latestUpdate: z.object({ body: z.string(), at: z.string() }).nullable(),
  evidence: z.array(z.object({ title: z.string(), state: z.enum(["accepted", "challenged", "awaiting_review"]) })),
  restrictedEvidence: count,
  lastDecision: z
    .object({ decision: z.string(), label: z.string(), challenge: z.string(), boardName: z.string(), date: z.string() })
    .nullable(),
  changes: z.array(z.string()),
});

const packV1: z.ZodType<SummaryData> = z.object({
  kind: z.enum(REPORT_KINDS),
  authorityName: z.string(),
  scopeName: z.string(),
  scope: z.object({ boardId: z.string().nullable(), inspectionId: z.string().nullable() }),
  asAt: day,
  comparedWith: z.object({ date: z.string(), label: z.string() }).nullable(),
  generatedAt: z.string(),
  counts: z.object({
    recommendations: count,
    recommendationsByStatus: z.record(z.enum(RECOMMENDATION_STATUSES), count),
    recommendationsByRag: ragCounts,
    actions: count,
    byStatus: z.record(z.enum(ACTION_STATUSES), count),
    byRag: ragCounts,
    overdue: count,
    completedSince: count,
  }),
  progress: z.array(z.object({ month: z.string(), completed: count, total: count })),
  narrative: z.record(z.enum(NARRATIVE_SECTIONS), z.string()),
  inspections: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      recommendations: z.array(
        z.object({ id: z.string(), reference: z.string(), text: z.string(), actions: z.array(action) }),
      ),
    }),
  ),
});

/** The JSON kept for a pack (the current version). */
export function writePackSnapshot(data: SummaryData, replacer?: (key: string, value: unknown) => unknown): string {
  return writeSnapshot(PACK_SNAPSHOT_VERSION, data, replacer);
}

/** A stored pack, checked: an unknown version or a malformed pack is an AppError naming the pack in the logs. */
export function readPackSnapshot(json: string, reportId: string): SummaryData {
  return readSnapshot({ json, what: "board pack", versions: { 1: packV1 }, details: { reportId } });
}
