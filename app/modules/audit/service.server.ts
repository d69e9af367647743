import type { Db } from "~/utils/db.server";
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
  requestId?: string | null;
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
    const norm = (v: unknown) => (v instanceof Date ? v.toISOString() : v ?? null);
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

const csvCell = (v: unknown) => {
  const text = v === null || v === undefined ? "" : v instanceof Date ? v.toISOString() : String(v);
  // Quote always; neutralise spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
};

/** The authority's whole audit log as CSV, oldest first. */
export async function auditCsv({ authorityId }: { authorityId: string }): Promise<string> {
  const rows = await getDb().auditEvent.findMany({
    where: { authorityId },
    orderBy: { createdAt: "asc" },
    include: { actor: { select: { name: true, email: true } } },
  });
  const header = ["when", "who", "email", "action", "entity", "entity id", "changes", "request id"];
  const lines = [header.map(csvCell).join(",")];
  for (const r of rows) {
    lines.push([r.createdAt, r.actor?.name ?? "System", r.actor?.email ?? "", r.action, r.entityType, r.entityId, r.changes, r.requestId].map(csvCell).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}
