/** What both plan downloads (the spreadsheet export and the Ofsted plan) read of each action, said once. */
import type { Prisma } from "~/utils/db.server";

/** The plan's order of an item's actions. */
export const PLAN_ACTION_ORDER = [
  { position: "asc" },
  { createdAt: "asc" },
  { id: "asc" },
] satisfies Prisma.ActionOrderByWithRelationInput[];

/** The plan's columns both downloads show: status, RAG, progress and the latest update's text. */
export const PLAN_STATE_SELECT = {
  status: true,
  rag: true,
  progress: true,
  updates: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 1, select: { body: true } },
} satisfies Prisma.ActionSelect;
