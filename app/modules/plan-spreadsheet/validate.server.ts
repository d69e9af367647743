/**
 * The dry run of a plan import: every row of the file checked against the
 * authority's current data and the app's own rules (the action form schemas,
 * the RAG rule and the status workflow of status.ts, for an admin), and what
 * would happen to it: create, update (each field before → after), no change,
 * or errors naming the row and the column. Nothing is written here.
 */
import { roleHasPermission } from "~/modules/auth/permissions";
import {
  ActionDetailsSchema,
  NewActionSchema,
  ProgressUpdateSchema,
  type ActionDetailsValue,
  type NewActionValue,
  type ProgressUpdateValue,
} from "~/modules/action/forms";
import type { ActorCall } from "~/modules/auth/actor";
import {
  ACTION_STATUS_LABELS,
  RAG_LABELS,
  checkRagChange,
  checkTransition,
  isActionStatus,
  isRag,
  parseActionStatus,
  parseRag,
  type ActionStatus,
  type Rag,
} from "~/modules/action/status";
import { getDb } from "~/utils/db.server";
import { forbidden } from "~/utils/errors";
import { formatDate } from "~/utils/format";
import { parseDateCell, parseProgressCell, parseRagCell, parseStatusCell, textCell, type CellValue } from "./cells";
import { COLUMN_HEADERS, type PlanColumnKey } from "./columns";
import type { RawRow } from "./read.server";

export type FieldChange = { column: string; before: string; after: string };
export type RowError = {
  column: string | null;
  message: string;
  /** "Row 7, Due date: '31/02/2027' is not a real date" */ text: string;
};
export type RowPreview = {
  rowNumber: number;
  outcome: "create" | "update" | "unchanged" | "error";
  actionId: string | null;
  title: string;
  changes: FieldChange[];
  errors: RowError[];
};
export type ImportPreview = {
  rows: RowPreview[];
  counts: { create: number; update: number; unchanged: number; error: number };
  /** The version of each action the preview was checked against: applying refuses anything changed since. */
  versions: Record<string, number>;
  /** Rows whose action changed after the preview the user saw (only when checked against earlier versions). */
  stale: number[];
};

/** What applying a valid row does, in the app's own form values. */
export type RowWork =
  | {
      rowNumber: number;
      kind: "update";
      actionId: string;
      version: number;
      details: ActionDetailsValue | null;
      progress: ProgressFields | null;
      base: Record<string, unknown>;
    }
  | {
      rowNumber: number;
      kind: "create";
      recommendationId: string;
      value: Omit<NewActionValue, "intent">;
      progress: ProgressFields | null;
    };
export type ProgressFields = Omit<ProgressUpdateValue, "version" | "intent">;

/** The editable fields of an action, as the import compares them. */
type Fields = {
  title: string;
  description: string;
  ownerEmail: string;
  leadService: string;
  partnerAgencies: string;
  successMeasure: string;
  startDate: string | null;
  dueDate: string | null;
  status: ActionStatus;
  rag: Rag | null;
  ragReason: string;
  progress: number;
};
const TEXT_FIELDS = ["title", "description", "leadService", "partnerAgencies", "successMeasure", "ragReason"] as const;
/** Form-schema field → column, to name the column of a schema error. */
const SCHEMA_COLUMN: Record<string, PlanColumnKey> = {
  title: "title",
  description: "description",
  ownerId: "ownerEmail",
  leadService: "leadService",
  partnerAgencies: "partnerAgencies",
  successMeasure: "successMeasure",
  startDate: "startDate",
  dueDate: "dueDate",
  ragReason: "ragReason",
  progress: "progress",
  rag: "rag",
  status: "status",
};
const DETAIL_KEYS = [
  "title",
  "description",
  "ownerEmail",
  "leadService",
  "partnerAgencies",
  "successMeasure",
  "startDate",
  "dueDate",
] as const;
const PROGRESS_KEYS = ["status", "rag", "ragReason", "progress"] as const;
const ORDER: (keyof Fields)[] = [
  "title",
  "description",
  "ownerEmail",
  "leadService",
  "partnerAgencies",
  "startDate",
  "dueDate",
  "status",
  "rag",
  "ragReason",
  "progress",
  "successMeasure",
];

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
function show(key: keyof Fields, v: unknown): string {
  if (v === null || v === undefined || v === "") return "(blank)";
  if (key === "startDate" || key === "dueDate") return formatDate(String(v));
  if (key === "status" && isActionStatus(v)) return ACTION_STATUS_LABELS[v];
  if (key === "rag" && isRag(v)) return RAG_LABELS[v];
  if (key === "progress") return `${String(v)}%`;
  return String(v);
}
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Checks every row. `expectedVersions` (from an earlier preview) flags actions changed since. */
export async function previewPlanImport({
  authorityId,
  actor,
  rows,
  format,
  expectedVersions,
  fileLabel = "the plan import",
}: ActorCall & {
  rows: RawRow[];
  format: "xlsx" | "csv";
  expectedVersions?: Record<string, number>;
  /** Named in the timeline entries the import writes. */
  fileLabel?: string;
}): Promise<{ preview: ImportPreview; work: RowWork[] }> {
  if (!roleHasPermission(actor.role, "write:action:any"))
    throw forbidden("Only an authority admin can import the action plan.");
  const db = getDb();
  const csv = format === "csv";
  const text = (v: CellValue) => textCell(v, { csv });

  const ids = [...new Set(rows.map((r) => text(r.cells.actionId)).filter(Boolean))];
  const emails = [...new Set(rows.map((r) => text(r.cells.ownerEmail).toLowerCase()).filter(Boolean))];
  const [actions, members, inspections] = await Promise.all([
    db.action.findMany({
      where: { id: { in: ids }, authorityId, deletedAt: null },
      include: {
        owner: { select: { email: true } },
        recommendation: {
          select: { reference: true, deletedAt: true, inspection: { select: { title: true, deletedAt: true } } },
        },
      },
    }),
    db.membership.findMany({
      where: { authorityId, user: { email: { in: emails } } },
      select: { user: { select: { id: true, email: true } } },
    }),
    db.inspection.findMany({
      where: { authorityId, deletedAt: null },
      select: {
        id: true,
        title: true,
        startDate: true,
        recommendations: { where: { deletedAt: null }, select: { id: true, reference: true } },
      },
    }),
  ]);
  const actionById = new Map(
    actions.filter((a) => !a.recommendation.deletedAt && !a.recommendation.inspection.deletedAt).map((a) => [a.id, a]),
  );
  const memberByEmail = new Map(members.map((m) => [m.user.email.toLowerCase(), m.user.id]));
  const seenIds = new Map<string, number>();

  const out: RowPreview[] = [];
  const work: RowWork[] = [];
  const versions: Record<string, number> = {};
  const stale: number[] = [];

  for (const row of rows) {
    const n = row.rowNumber;
    const errors: RowError[] = [];
    const err = (column: PlanColumnKey | null, message: string) => {
      const label = column ? COLUMN_HEADERS[column] : null;
      if (errors.some((e) => e.column === label)) return; // one message per cell is enough
      errors.push({ column: label, message, text: `Row ${n}${label ? `, ${label}` : ""}: ${message}` });
    };
    const has = (k: PlanColumnKey) => k in row.cells;
    const id = text(row.cells.actionId);
    const action = id ? actionById.get(id) : undefined;
    let title = text(row.cells.title);

    if (id && !action) {
      err("actionId", `'${id}' is not found in this authority. Leave Action ID blank to add a new action`);
      out.push({ rowNumber: n, outcome: "error", actionId: id, title, changes: [], errors });
      continue;
    }
    if (id) {
      const earlier = seenIds.get(id);
      if (earlier !== undefined) {
        err("actionId", `this action is already in row ${earlier}; keep one row per action`);
        out.push({ rowNumber: n, outcome: "error", actionId: id, title, changes: [], errors });
        continue;
      }
      seenIds.set(id, n);
    }

    const current: Fields = action
      ? {
          title: action.title,
          description: action.description,
          ownerEmail: action.owner?.email ?? "",
          leadService: action.leadService,
          partnerAgencies: action.partnerAgencies,
          successMeasure: action.successMeasure,
          startDate: iso(action.startDate),
          dueDate: iso(action.dueDate),
          status: parseActionStatus(action.status),
          rag: parseRag(action.rag),
          ragReason: action.ragReason ?? "",
          progress: action.progress,
        }
      : {
          title: "",
          description: "",
          ownerEmail: "",
          leadService: "",
          partnerAgencies: "",
          successMeasure: "",
          startDate: null,
          dueDate: null,
          status: "not_started",
          rag: null,
          ragReason: "",
          progress: 0,
        };
    const next: Fields = { ...current };

    // Read each cell the file has; a column the file lacks leaves the field as it is.
    for (const k of TEXT_FIELDS) if (has(k)) next[k] = text(row.cells[k]);
    // Status, RAG, progress and the RAG reason are never cleared (the app's rule for RAG): a blank cell leaves them as they are.
    if (next.ragReason === "") next.ragReason = current.ragReason;
    if (has("ownerEmail")) next.ownerEmail = text(row.cells.ownerEmail).toLowerCase();
    let ownerId: string | null = action?.ownerId ?? null;
    if (next.ownerEmail !== current.ownerEmail.toLowerCase()) {
      if (next.ownerEmail === "") ownerId = null;
      else if (!next.ownerEmail.includes("@")) err("ownerEmail", `'${next.ownerEmail}' is not an email address`);
      else if (!memberByEmail.has(next.ownerEmail))
        err("ownerEmail", `nobody with the email '${next.ownerEmail}' belongs to this authority`);
      else ownerId = memberByEmail.get(next.ownerEmail)!;
    } else next.ownerEmail = current.ownerEmail;
    for (const k of ["startDate", "dueDate"] as const) {
      if (!has(k)) continue;
      const d = parseDateCell(row.cells[k]);
      if (d.ok) next[k] = d.value;
      else err(k, d.message);
    }
    if (has("status")) {
      const s = parseStatusCell(row.cells.status);
      if (!s.ok) err("status", s.message);
      else if (s.value) next.status = s.value;
    }
    if (has("rag")) {
      const r = parseRagCell(row.cells.rag);
      if (!r.ok) err("rag", r.message);
      else if (r.value) next.rag = r.value;
    }
    if (has("progress")) {
      const p = parseProgressCell(row.cells.progress);
      if (!p.ok) err("progress", p.message);
      else if (p.value !== null) next.progress = p.value;
    }

    // Where the action sits: kept for an update, looked up for a new one.
    let recommendationId: string | null = null;
    const inspectionText = text(row.cells.inspection);
    const referenceText = text(row.cells.recommendationReference);
    if (action) {
      if (has("inspection") && inspectionText && !same(inspectionText, action.recommendation.inspection.title))
        err(
          "inspection",
          `this action belongs to '${action.recommendation.inspection.title}'; an import cannot move it. Put that back`,
        );
      if (has("recommendationReference") && referenceText && !same(referenceText, action.recommendation.reference))
        err(
          "recommendationReference",
          `this action belongs to item '${action.recommendation.reference}'; an import cannot move it. Put that back`,
        );
    } else {
      if (!inspectionText)
        err("inspection", "enter the title of the inspection the new action is for, as in the downloaded plan");
      if (!referenceText)
        err("recommendationReference", "enter the reference of the item the new action is for, for example R1");
      if (inspectionText && referenceText) {
        let matches = inspections.filter((i) => same(i.title, inspectionText));
        if (matches.length > 1 && has("inspectionDate")) {
          const d = parseDateCell(row.cells.inspectionDate);
          if (d.ok && d.value) matches = matches.filter((i) => iso(i.startDate) === d.value);
        }
        if (matches.length === 0) err("inspection", `'${inspectionText}' is not an inspection of this authority`);
        else if (matches.length > 1)
          err(
            "inspectionDate",
            `several inspections are called '${inspectionText}'; give the inspection date to choose one`,
          );
        else {
          const rec = matches[0]!.recommendations.filter((r) => same(r.reference, referenceText));
          if (rec.length !== 1)
            err("recommendationReference", `'${referenceText}' is not an item of '${matches[0]!.title}'`);
          else recommendationId = rec[0]!.id;
        }
      }
    }
    title = next.title;
    if (action) {
      versions[action.id] = action.version;
      // A row that changes nothing is not held to today's form rules (older data may predate them).
      if (errors.length === 0 && ORDER.every((k) => next[k] === current[k])) {
        out.push({ rowNumber: n, outcome: "unchanged", actionId: action.id, title, changes: [], errors: [] });
        continue;
      }
      // A change to an action that moved on after the preview (or was not in it) was never shown to the user.
      if (expectedVersions && expectedVersions[action.id] !== action.version) stale.push(n);
    }

    // The app's form rules (lengths, a title, due date on or after the start).
    const schemaInput = {
      title: next.title,
      description: next.description,
      ownerId: ownerId ?? "",
      leadService: next.leadService,
      partnerAgencies: next.partnerAgencies,
      successMeasure: next.successMeasure,
      startDate: next.startDate ?? "",
      dueDate: next.dueDate ?? "",
    };
    const parsed = action
      ? ActionDetailsSchema.safeParse({
          intent: "edit",
          version: String(action.version),
          ...schemaInput,
          extensionReason: `Due date changed in ${fileLabel} (row ${n}).`,
        })
      : NewActionSchema.safeParse({ intent: "create", ...schemaInput });
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        err(SCHEMA_COLUMN[String(issue.path[0])] ?? null, lowerFirst(issue.message));

    // RAG: a change needs a (new) reason; the reason changes only with the RAG.
    const ragChanged = next.rag !== current.rag;
    const reasonChanged = next.ragReason !== current.ragReason;
    if (ragChanged && next.rag) {
      const check = checkRagChange({ from: current.rag, to: next.rag, reason: reasonChanged ? next.ragReason : "" });
      if (!check.ok) err("rag", "a RAG change needs a RAG reason: write why in the RAG reason column");
    } else if (reasonChanged && !ragChanged) {
      err(
        "ragReason",
        current.rag
          ? "the RAG reason can only change with the RAG; change the RAG too, or put back the reason"
          : "give a RAG with the reason",
      );
    }
    // Status: the workflow, as for an admin on the action's page.
    const statusChanged = next.status !== current.status;
    if (statusChanged) {
      const who = { role: actor.role, isOwner: action?.ownerId === actor.id, via: "update" as const };
      const t = checkTransition({ from: current.status, to: next.status, actor: who });
      if (!t.ok) {
        const needsText = checkTransition({
          from: current.status,
          to: next.status,
          actor: who,
          reason: "x",
          challenge: "x",
        }).ok;
        const move = `'${ACTION_STATUS_LABELS[current.status]}' to '${ACTION_STATUS_LABELS[next.status]}'`;
        err(
          "status",
          needsText
            ? `${move} needs a reason (${lowerFirst(t.message)}), which the import cannot take: make this change on the action's page`
            : `cannot go from ${move}: ${lowerFirst(t.message)}`,
        );
      }
    }

    const changes: FieldChange[] = ORDER.filter((k) => next[k] !== current[k]).map((k) => ({
      column: COLUMN_HEADERS[k],
      before: action ? show(k, current[k]) : "",
      after: show(k, next[k]),
    }));

    if (errors.length) {
      out.push({ rowNumber: n, outcome: "error", actionId: id || null, title, changes, errors });
      continue;
    }
    const detailChanged = DETAIL_KEYS.some((k) => next[k] !== current[k]);
    const progressChanged = PROGRESS_KEYS.some((k) => next[k] !== current[k]);
    const progress = progressChanged ? progressFields({ n, current, next, fileLabel }) : null;
    if (progress) {
      const p = ProgressUpdateSchema.safeParse({ intent: "update", version: "1", ...progress.form });
      if (!p.success) {
        for (const issue of p.error.issues)
          err(SCHEMA_COLUMN[String(issue.path[0])] ?? null, lowerFirst(issue.message));
        out.push({ rowNumber: n, outcome: "error", actionId: id || null, title, changes, errors });
        continue;
      }
    }
    if (action) {
      work.push({
        rowNumber: n,
        kind: "update",
        actionId: action.id,
        version: action.version,
        details: detailChanged && parsed.success ? (parsed.data as ActionDetailsValue) : null,
        progress: progress?.value ?? null,
        base: {
          title: action.title,
          description: action.description,
          ownerId: action.ownerId,
          leadService: action.leadService,
          partnerAgencies: action.partnerAgencies,
          successMeasure: action.successMeasure,
          startDate: action.startDate,
          dueDate: action.dueDate,
        },
      });
      out.push({ rowNumber: n, outcome: "update", actionId: action.id, title, changes, errors: [] });
    } else {
      const { intent: _intent, ...value } = parsed.data as NewActionValue;
      work.push({
        rowNumber: n,
        kind: "create",
        recommendationId: recommendationId!,
        value,
        progress: progress?.value ?? null,
      });
      out.push({ rowNumber: n, outcome: "create", actionId: null, title, changes, errors: [] });
    }
  }

  const counts = { create: 0, update: 0, unchanged: 0, error: 0 };
  for (const r of out) counts[r.outcome] += 1;
  return { preview: { rows: out, counts, versions, stale }, work };
}

function lowerFirst(s: string) {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** The progress update that carries a row's status, RAG and progress changes, as the action page would send it. */
function progressFields({
  n,
  current,
  next,
  fileLabel,
}: {
  n: number;
  current: Fields;
  next: Fields;
  fileLabel: string;
}): { form: Record<string, string>; value: ProgressFields } {
  const changed = PROGRESS_KEYS.filter((k) => next[k] !== current[k]).map((k) => COLUMN_HEADERS[k]);
  const form = {
    body: `Updated from ${fileLabel} (row ${n}): ${changed.join(", ")}.`,
    progress: next.progress !== current.progress ? String(next.progress) : "",
    rag: next.rag !== current.rag && next.rag ? next.rag : "",
    ragReason: next.rag !== current.rag ? next.ragReason : "",
    status: next.status !== current.status ? next.status : "",
    statusReason: "",
  };
  const parsed = ProgressUpdateSchema.safeParse({ intent: "update", version: "1", ...form });
  const {
    intent: _i,
    version: _v,
    ...value
  } = parsed.success
    ? parsed.data
    : ({
        intent: "update",
        version: 1,
        body: form.body,
        progress: null,
        rag: null,
        ragReason: "",
        status: null,
        statusReason: "",
      } as ProgressUpdateValue);
  return { form, value };
}
