/**
 * Import drafts: a report read into a draft, reviewed, then confirmed into an
 * inspection with its judgements and recommendations. Nothing reaches the
 * plan until confirm. Every call is scoped to the authority.
 */
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/errors";
import { dayFromIso } from "~/utils/format";
import { cleanText } from "~/utils/text";
import { recordAudit } from "~/modules/audit/service.server";
import { getStorage } from "~/modules/storage/storage.server";
import type { ReviewDefaults, ReviewValue } from "./forms";

export const DRAFT_TTL_MS = 1000 * 60 * 60 * 24 * 7;

/** Removes the authority's expired drafts and their files. Cheap: indexed by (authorityId, expiresAt). */
async function removeExpiredDrafts({ authorityId }: { authorityId: string }) {
  const db = getDb();
  const expired = await db.importDraft.findMany({
    where: { authorityId, expiresAt: { lt: new Date() } },
    select: DRAFT_FILE,
  });
  for (const d of expired) await deleteDraft(d);
}

const DRAFT_FILE = {
  id: true,
  sourceFile: { select: { id: true, storageKey: true, inspections: { select: { id: true } } } },
};

/** Deletes a draft, and its uploaded report unless an inspection was made from it. */
async function deleteDraft(d: {
  id: string;
  sourceFile: { id: string; storageKey: string; inspections: { id: string }[] } | null;
}) {
  const db = getDb();
  await db.importDraft.delete({ where: { id: d.id } });
  if (d.sourceFile && d.sourceFile.inspections.length === 0) {
    await db.storedFile.delete({ where: { id: d.sourceFile.id } });
    await getStorage().remove(d.sourceFile.storageKey);
  }
}

export async function createDraft({
  authorityId,
  createdById,
  sourceText,
  sourceFileId,
  defaults,
}: {
  authorityId: string;
  createdById: string;
  sourceText: string;
  sourceFileId: string | null;
  defaults: ReviewDefaults;
}) {
  await removeExpiredDrafts({ authorityId });
  return getDb().importDraft.create({
    data: {
      authorityId,
      createdById,
      // Cleaned here too, whoever calls: the pasted or extracted report text is stored, and PostgreSQL refuses NUL.
      sourceText: cleanText(sourceText, { pages: true }),
      sourceFileId,
      extracted: JSON.stringify(defaults),
      expiresAt: new Date(Date.now() + DRAFT_TTL_MS),
    },
    select: { id: true },
  });
}

export async function getDraft({ authorityId, draftId }: { authorityId: string; draftId: string }) {
  const draft = await getDb().importDraft.findFirst({
    where: { id: draftId, authorityId, expiresAt: { gt: new Date() } },
    include: { sourceFile: { select: { fileName: true, sizeBytes: true, sha256: true } } },
  });
  if (!draft) throw notFound("import (it may have been confirmed, discarded or expired)");
  return { ...draft, defaults: JSON.parse(draft.extracted) as ReviewDefaults };
}

export async function discardDraft({ authorityId, draftId }: { authorityId: string; draftId: string }) {
  const draft = await getDb().importDraft.findFirst({ where: { id: draftId, authorityId }, select: DRAFT_FILE });
  if (draft) await deleteDraft(draft);
}

/** Creates the inspection, its judgements and its kept items, exactly as reviewed. */
export async function createInspectionFromReview({
  authorityId,
  actorId,
  value,
  sourceText = null,
  sourceFileId = null,
  requestId,
  draftId,
}: {
  authorityId: string;
  actorId: string | null;
  value: ReviewValue;
  sourceText?: string | null;
  sourceFileId?: string | null;
  requestId?: string;
  /** When confirming a draft: deleted in the same transaction, so a double submit cannot create two inspections. */
  draftId?: string;
}) {
  const kept = value.items.filter((i) => i.keep);
  return getDb().$transaction(async (tx) => {
    if (draftId) {
      const { count } = await tx.importDraft.deleteMany({ where: { id: draftId, authorityId } });
      if (count !== 1) throw notFound("import (it may already have been confirmed)");
    }
    const inspection = await tx.inspection.create({
      data: {
        authorityId,
        type: value.type,
        title: value.title,
        startDate: dayFromIso(value.startDate),
        endDate: dayFromIso(value.endDate),
        publishedAt: dayFromIso(value.publishedAt),
        leadInspector: value.leadInspector ?? null,
        sourceText,
        sourceFileId,
        judgements: { create: value.judgements.map((j, position) => ({ ...j, authorityId, position })) },
        recommendations: {
          create: kept.map((i, position) => ({
            authorityId,
            position,
            reference: i.reference,
            text: i.text,
            kind: i.kind,
            addressedTo: i.addressedTo ?? null,
            timescale: i.timescale ?? null,
            subheading: i.subheading ?? null,
          })),
        },
      },
      select: { id: true },
    });
    await recordAudit({
      tx,
      authorityId,
      actorId,
      action: "create",
      entityType: "Inspection",
      entityId: inspection.id,
      changes: {
        title: [null, value.title],
        type: [null, value.type],
        recommendations: [null, kept.length],
        judgements: [null, value.judgements.length],
      },
      requestId,
    });
    return inspection;
  });
}
