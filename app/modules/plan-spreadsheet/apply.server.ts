/**
 * Applying a checked plan import. Each row goes through the app's own
 * mutations (mutations.server.ts), and so through the one action pipeline
 * (action/change.ts, ADR 018), so every change is scoped to the
 * authority, checked against the rules and the action's version, and audited
 * with field-level before/after: details (with a due-date change recorded as
 * an extension on the timeline) by updateActionDetails, status / RAG /
 * progress by addProgressUpdate, new actions by createAction.
 *
 * The file is checked again against the current data first (never the
 * preview's memory), and nothing is written when an action changed after the
 * preview the user saw, or when any row is wrong unless the user chose to
 * apply only the valid rows.
 */
import {
  addProgressUpdate,
  createAction,
  updateActionDetails,
  type MutationResult,
} from "~/modules/action/mutations.server";
import type { ActorCall } from "~/modules/auth/actor";
import { recordAudit } from "~/modules/audit/service.server";
import { fail, ok, type Result } from "~/utils/result";
import type { RawRow } from "./read.server";
import { previewPlanImport, type ImportPreview, type RowWork } from "./validate.server";

export type ApplyMode = "all" | "valid";
/** Applied, with the counts; or nothing applied (`code` says why) and the check to show again. */
export type ApplyResult = Result<
  { created: number; updated: number; skipped: number; failed: { rowNumber: number; message: string }[] },
  { code: "errors" | "stale"; preview: ImportPreview }
>;

function failure(r: MutationResult): string | null {
  if (r.ok) return null;
  if ("conflict" in r)
    return `Someone changed this action while the import ran (${r.conflict.fields.map((f) => f.label).join(", ") || "other fields"}). Download the plan again`;
  return Object.values(r.fieldErrors).flat().join("; ");
}

async function applyRow({ authorityId, actor, row }: ActorCall & { row: RowWork }): Promise<string | null> {
  if (row.kind === "create") {
    const created = await createAction({
      authorityId,
      actor,
      recommendationId: row.recommendationId,
      value: row.value,
    });
    if (!created.ok) return Object.values(created.fieldErrors).flat().join("; ");
    if (row.progress)
      return failure(
        await addProgressUpdate({
          authorityId,
          actionId: created.action.id,
          actor,
          value: { ...row.progress, intent: "update", version: created.action.version },
        }),
      );
    return null;
  }
  let version = row.version;
  if (row.details) {
    const r = await updateActionDetails({
      authorityId,
      actionId: row.actionId,
      actor,
      base: row.base,
      value: { ...row.details, version },
    });
    const f = failure(r);
    if (f || !r.ok) return f;
    version = r.version;
  }
  if (row.progress) {
    const f = failure(
      await addProgressUpdate({
        authorityId,
        actionId: row.actionId,
        actor,
        value: { ...row.progress, intent: "update", version },
      }),
    );
    if (f) return row.details ? `The details were saved, but not the status, RAG or progress: ${f}` : f;
  }
  return null;
}

export async function applyPlanImport({
  authorityId,
  actor,
  rows,
  format,
  mode,
  expectedVersions,
  fileLabel,
  progress,
}: ActorCall & {
  rows: RawRow[];
  format: "xlsx" | "csv";
  mode: ApplyMode;
  /** The versions the user's preview was checked against. */
  expectedVersions: Record<string, number>;
  fileLabel?: string;
  /** Told how many rows will be applied, then how many are done (a large import runs as a long job, ADR 021). */
  progress?: { total(n: number): Promise<void>; done(n: number): Promise<void> };
}): Promise<ApplyResult> {
  const { preview, work } = await previewPlanImport({ authorityId, actor, rows, format, expectedVersions, fileLabel });
  if (preview.stale.length) return fail({ code: "stale", preview });
  if (mode === "all" && preview.counts.error > 0) return fail({ code: "errors", preview });

  let created = 0;
  let updated = 0;
  const failed: { rowNumber: number; message: string }[] = [];
  await progress?.total(work.length);
  for (const [i, row] of work.entries()) {
    await progress?.done(i);
    const f = await applyRow({ authorityId, actor, row });
    if (f) failed.push({ rowNumber: row.rowNumber, message: `Row ${row.rowNumber}: ${f}` });
    else if (row.kind === "create") created += 1;
    else updated += 1;
  }
  await recordAudit({
    authorityId,
    actorId: actor.id,
    action: "import",
    entityType: "ActionPlan",
    entityId: null,
    changes: { file: fileLabel ?? null, mode, created, updated, skipped: preview.counts.error, failed: failed.length },
    requestId: actor.requestId,
  });
  return ok({ created, updated, skipped: preview.counts.error, failed });
}
