/**
 * The views people work from: the filtered, sorted, paginated action list and
 * the authority dashboard. Queries follow the page size, not the plan size:
 * lists fetch one page (+1 to know if there is a next), and the dashboard's
 * counts are cached per authority until the plan changes or the day turns.
 */
import { Prisma } from "~/utils/db.server";
import { containsText, getDb } from "~/utils/db.server";
import type { z } from "zod";
import { addDays, dayFromIso, dayStart } from "~/utils/format";
import { queryValues } from "~/utils/query";
import { ActionFilterSchema } from "./forms";
import { DUE_SOON_DAYS, NO_UPDATE_DAYS } from "./status";
import { ownerChoices } from "./history.server";
import { searchQuery } from "./search-text";
import { actionRowSelect, actionScope } from "./service.server";
import type { Actor } from "~/modules/auth/actor";

export const PAGE_SIZE = 25;
const DONE = ["complete", "closed"];

export type ActionFilters = z.infer<typeof ActionFilterSchema>;

/** The URL's filters; a date input's boxes (`dueFrom.day`, `dueFrom.month`, `dueFrom.year`) are read as one date. */
export function parseActionFilters(searchParams: URLSearchParams): ActionFilters {
  return ActionFilterSchema.parse(filterParams(searchParams));
}

/** The URL's query as the filter form's values: one value a key, a due date's boxes gathered into one object. */
export const filterParams = (searchParams: URLSearchParams) => queryValues(searchParams, ["dueFrom", "dueTo"]);

const startOfToday = (now: Date) => new Date(dayStart(now));

function whereFor({
  authorityId,
  f,
  ownerScope,
  now,
  seeRemoved,
}: {
  authorityId: string;
  f: ActionFilters;
  ownerScope: string | null;
  now: Date;
  seeRemoved: boolean;
}): Prisma.ActionWhereInput {
  const and: Prisma.ActionWhereInput[] = [];
  const where: Prisma.ActionWhereInput = {
    authorityId,
    deletedAt: seeRemoved && !ownerScope && f.removed ? { not: null } : null,
  };
  if (ownerScope) where.ownerId = ownerScope;
  if (f.recommendation) where.recommendationId = f.recommendation;
  if (f.inspection) where.recommendation = { inspectionId: f.inspection };
  if (f.status) where.status = f.status;
  if (f.rag) where.rag = f.rag === "none" ? null : f.rag;
  if (f.owner && !ownerScope) {
    if (f.owner === "none") where.ownerId = null;
    else if (f.owner.includes("@")) where.owner = { email: f.owner.trim().toLowerCase() };
    else where.ownerId = f.owner;
  }
  if (f.service) where.leadService = containsText(f.service);
  if (f.partner) where.partnerAgencies = containsText(f.partner);
  const today = startOfToday(now);
  if (f.overdue) {
    and.push({ dueDate: { lt: today } }, { status: { notIn: DONE } });
  }
  if (f.dueFrom) and.push({ dueDate: { gte: dayFromIso(f.dueFrom)! } });
  if (f.dueTo) and.push({ dueDate: { lte: dayFromIso(f.dueTo)! } });
  // One column, lower-cased on both sides: the query walks the list's index in page order and stops at a page.
  if (f.q) where.searchText = { contains: searchQuery(f.q) };
  if (and.length) where.AND = and;
  return where;
}

function orderFor(sort: ActionFilters["sort"]): Prisma.ActionOrderByWithRelationInput[] {
  switch (sort) {
    case "-due":
      return [{ dueDate: "desc" }, { id: "asc" }];
    case "title":
      return [{ title: "asc" }, { id: "asc" }];
    case "updated":
      return [{ updatedAt: "desc" }, { id: "asc" }];
    case "status":
      return [{ status: "asc" }, { dueDate: "asc" }, { id: "asc" }];
    default:
      return [{ dueDate: "asc" }, { id: "asc" }];
  }
}

/** One page of actions matching the filters, within what the viewer may read (actionScope): partners only ever see their own. */
export async function listActions({
  authorityId,
  viewer,
  filters,
  now = new Date(),
}: {
  authorityId: string;
  viewer: Actor;
  filters: ActionFilters;
  now?: Date;
}) {
  const page = filters.page ?? 1;
  const { ownerId: ownerScope, seeRemoved } = actionScope(viewer);
  const rows = await getDb().action.findMany({
    where: whereFor({ authorityId, f: filters, ownerScope, now, seeRemoved }),
    orderBy: orderFor(filters.sort),
    skip: (page - 1) * PAGE_SIZE,
    take: PAGE_SIZE + 1,
    select: {
      ...actionRowSelect,
      leadService: true,
      version: true,
      owner: { select: { id: true, name: true } },
      recommendation: { select: { id: true, reference: true, inspection: { select: { id: true, title: true } } } },
    },
  });
  return { rows: rows.slice(0, PAGE_SIZE), page, pageSize: PAGE_SIZE, hasNext: rows.length > PAGE_SIZE };
}

/** Most recent inspections offered in the list's inspection filter (older ones are reached from their own page). */
export const INSPECTION_CHOICES = 50;

/** Choices for the list's filter controls, bounded so that the page does not grow with the authority. */
export async function filterChoices({
  authorityId,
  selectedInspection,
}: {
  authorityId: string;
  selectedInspection?: string;
}) {
  const db = getDb();
  const [recent, selected, owners] = await Promise.all([
    db.inspection.findMany({
      where: { authorityId, deletedAt: null },
      select: { id: true, title: true, startDate: true },
      orderBy: { startDate: "desc" },
      take: INSPECTION_CHOICES,
    }),
    selectedInspection
      ? db.inspection.findFirst({
          where: { id: selectedInspection, authorityId, deletedAt: null },
          select: { id: true, title: true, startDate: true },
        })
      : null,
    ownerChoices({ authorityId }),
  ]);
  const inspections = selected && !recent.some((i) => i.id === selected.id) ? [selected, ...recent] : recent;
  return { inspections, owners };
}

// ---- dashboard ----------------------------------------------------------------

export type Dashboard = {
  total: number;
  byStatus: Record<string, number>;
  byRag: Record<string, number>;
  overdue: number;
  dueNext30: number;
  staleUpdates: number;
  perInspection: {
    id: string;
    title: string;
    startDate: string | null;
    actions: number;
    done: number;
    meanProgress: number;
  }[];
};

const cache = new Map<string, { key: string; value: Dashboard }>();
/** Most recent inspections in the dashboard's progress table. */
export const DASHBOARD_INSPECTIONS = 20;

/** Authority dashboard. Cached until an action or inspection of the authority changes (latest updatedAt) or the day turns. */
export async function getDashboard({
  authorityId,
  now = new Date(),
}: {
  authorityId: string;
  now?: Date;
}): Promise<Dashboard> {
  const db = getDb();
  // Inspections are few per authority; their latest change covers corrections and removals.
  const [latest, latestInspection] = await Promise.all([
    db.action.findFirst({ where: { authorityId }, orderBy: { updatedAt: "desc" }, select: { updatedAt: true } }),
    db.inspection.findFirst({ where: { authorityId }, orderBy: { updatedAt: "desc" }, select: { updatedAt: true } }),
  ]);
  const today = startOfToday(now);
  const key = `${latest?.updatedAt.toISOString() ?? "none"}|${latestInspection?.updatedAt.toISOString() ?? "none"}|${today.toISOString()}`;
  const hit = cache.get(authorityId);
  if (hit && hit.key === key) return hit.value;

  const live = { authorityId, deletedAt: null };
  const in30 = addDays(today, DUE_SOON_DAYS);
  const stale = addDays(today, -NO_UPDATE_DAYS);
  const [byStatus, byRag, overdue, dueNext30, staleUpdates, inspections] = await Promise.all([
    db.action.groupBy({ by: ["status"], where: live, _count: { _all: true } }),
    db.action.groupBy({ by: ["rag"], where: live, _count: { _all: true } }),
    db.action.count({ where: { ...live, dueDate: { lt: today }, status: { notIn: DONE } } }),
    db.action.count({ where: { ...live, dueDate: { gte: today, lte: in30 }, status: { notIn: DONE } } }),
    db.action.count({
      where: { ...live, status: { notIn: DONE }, OR: [{ lastUpdateAt: null }, { lastUpdateAt: { lt: stale } }] },
    }),
    db.inspection.findMany({
      where: { authorityId, deletedAt: null },
      select: { id: true, title: true, startDate: true },
      orderBy: { startDate: "desc" },
      take: DASHBOARD_INSPECTIONS,
    }),
  ]);
  // Per-inspection progress for the inspections shown, in one grouped query (works on both engines).
  const perInspectionRows = inspections.length
    ? await db.$queryRaw<
        { inspectionId: string; status: string; n: number | bigint; progress: number | bigint | null }[]
      >`
        SELECT r."inspectionId" AS "inspectionId", a."status" AS "status", COUNT(*) AS "n", SUM(a."progress") AS "progress"
        FROM "Action" a JOIN "Recommendation" r ON r."id" = a."recommendationId"
        WHERE a."authorityId" = ${authorityId} AND a."deletedAt" IS NULL AND r."deletedAt" IS NULL
          AND r."inspectionId" IN (${Prisma.join(inspections.map((i) => i.id))})
        GROUP BY r."inspectionId", a."status"`
    : [];
  const agg = new Map<string, { actions: number; done: number; progress: number }>();
  for (const row of perInspectionRows) {
    const a = agg.get(row.inspectionId) ?? { actions: 0, done: 0, progress: 0 };
    const n = Number(row.n);
    a.actions += n;
    if (DONE.includes(row.status)) {
      a.done += n;
      a.progress += 100 * n;
    } else a.progress += Number(row.progress ?? 0);
    agg.set(row.inspectionId, a);
  }
  const value: Dashboard = {
    total: byStatus.reduce((n, r) => n + r._count._all, 0),
    byStatus: Object.fromEntries(byStatus.map((r) => [r.status, r._count._all])),
    byRag: Object.fromEntries(byRag.map((r) => [r.rag ?? "none", r._count._all])),
    overdue,
    dueNext30,
    staleUpdates,
    perInspection: inspections.map((i) => {
      const a = agg.get(i.id) ?? { actions: 0, done: 0, progress: 0 };
      return {
        id: i.id,
        title: i.title,
        startDate: i.startDate?.toISOString().slice(0, 10) ?? null,
        actions: a.actions,
        done: a.done,
        meanProgress: a.actions ? Math.round(a.progress / a.actions) : 0,
      };
    }),
  };
  cache.set(authorityId, { key, value });
  return value;
}
