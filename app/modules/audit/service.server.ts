import type { Db } from "~/utils/db.server";
import { csvCell } from "~/utils/csv";
import { getDb } from "~/utils/db.server";

type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export type AuditInput = {
  authorityId: string | null;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  /** Field-level changes: { field: [before, after] }. Never put secrets here. */
  changes?: Record<string, [unknown, unknown]> | Record<string, unknown> | null;
  /**
   * The request's id (X-Request-Id), to tie an event to its request and its
   * log lines. Required, so that no call site can forget it: pass null only
   * outside any request (scripts, the storage sweep).
   */
  requestId: string | null | undefined;
};

/** Append one audit event. Pass `tx` to record it in the same transaction as the change. */
export async function recordAudit(input: AuditInput & { tx?: Tx }) {
  const db = input.tx ?? getDb();
  await db.auditEvent.create({
    data: {
      authorityId: input.authorityId,
      actorId: input.actorId,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId ?? null,
      changes: input.changes ? JSON.stringify(input.changes) : null,
      requestId: input.requestId ?? null,
    },
  });
}

/** Field-level difference of two records over the given fields. */
export function diffFields<T extends Record<string, unknown>>(before: T, after: Partial<T>, fields: (keyof T)[]) {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const f of fields) {
    if (!(f in after)) continue;
    const a = before[f];
    const b = after[f];
    const norm = (v: unknown) => (v instanceof Date ? v.toISOString() : (v ?? null));
    if (JSON.stringify(norm(a)) !== JSON.stringify(norm(b))) changes[String(f)] = [norm(a), norm(b)];
  }
  return changes;
}

export async function listAuditEvents({ authorityId, take = 50 }: { authorityId: string; take?: number }) {
  return getDb().auditEvent.findMany({
    where: { authorityId },
    orderBy: { createdAt: "desc" },
    take,
    include: { actor: { select: { name: true } } },
  });
}

const CSV_HEADER = ["when", "who", "email", "action", "entity", "entity id", "changes", "request id"];
const CSV_BATCH = 2000;

/**
 * The authority's whole audit log as CSV, oldest first, streamed in batches
 * (keyset pagination on the (authorityId, createdAt) index), so that memory
 * stays flat however long the log is.
 */
export function auditCsvStream({
  authorityId,
  batchSize = CSV_BATCH,
}: {
  authorityId: string;
  batchSize?: number;
}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(CSV_HEADER.map(csvCell).join(",") + "\r\n"));
      }
      const rows = await getDb().auditEvent.findMany({
        where: { authorityId },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: batchSize,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
        include: { actor: { select: { name: true, email: true } } },
      });
      if (rows.length === 0) {
        controller.close();
        return;
      }
      cursor = rows[rows.length - 1]!.id;
      const text = rows
        .map(
          (r) =>
            [
              r.createdAt,
              r.actor?.name ?? "System",
              r.actor?.email ?? "",
              r.action,
              r.entityType,
              r.entityId,
              r.changes,
              r.requestId,
            ]
              .map(csvCell)
              .join(",") + "\r\n",
        )
        .join("");
      controller.enqueue(encoder.encode(text));
      if (rows.length < batchSize) controller.close();
    },
  });
}

/** The whole CSV as one string (tests and small logs). */
export async function auditCsv({
  authorityId,
  batchSize,
}: {
  authorityId: string;
  batchSize?: number;
}): Promise<string> {
  return new Response(auditCsvStream({ authorityId, batchSize })).text();
}
