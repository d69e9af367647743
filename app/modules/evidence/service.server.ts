/**
 * Evidence: files that back actions. Every function is scoped to the
 * authority and checks the person asking (access.ts). A file reaches storage
 * only after it has been received whole, hashed, inspected by content and
 * (when configured) scanned; the database rows are written after the file is
 * committed, in one transaction, and the file is removed again if that
 * transaction fails. So no row ever points at a missing or partial file, and
 * a crash leaves at most an unreferenced file that the storage sweep removes.
 */
import { Transform, type Readable } from "node:stream";
import { createHash } from "node:crypto";
import type { Actor, ActorCall, ViewerCall } from "~/modules/auth/actor";
import { roleHasPermission } from "~/modules/auth/permissions";
import { diffFields, recordAudit } from "~/modules/audit/service.server";
import { getStorage, readStoredFile } from "~/modules/storage/storage.server";
import { safeFileName } from "~/utils/download.server";
import { getDb, type Prisma } from "~/utils/db.server";
import { AppError, forbidden, notFound } from "~/utils/errors";
import { logger } from "~/utils/logger.server";
import { notifyEvidenceChallenged } from "~/modules/notify/evidence-events.server";
import {
  actionEvidenceState,
  canAttachToAction,
  canChangeEvidence,
  canReviewEvidence,
  canSeeEvidence,
  itemReviewState,
  seesAllRestricted,
  type ItemReviewState,
} from "./access";
import { FILE_KINDS, type FileKind } from "~/modules/upload/file-kinds";
import {
  checkUpload,
  commitStaged,
  removeStaged,
  type CheckedUpload,
  type ContentPolicy,
  type StagedFile,
} from "~/modules/upload/upload.server";
import type { EvidenceDetailsValue, EvidenceReviewValue, EvidenceUploadValue } from "./forms";
import { dayFromIso } from "~/utils/format";
import { fail, ok, type Result } from "~/utils/result";

/** An identical file already held as evidence (same SHA-256). */
export type DuplicateInfo = { evidenceId: string; title: string; versionNumber: number; linked: boolean };

export type UploadOutcome = Result<
  { evidenceId: string; versionNumber: number; warnings: string[] },
  { status: number; message: string; duplicate?: DuplicateInfo } | { status: 409; conflict: true; message: string }
>;

/**
 * The Prisma mirror of `canSeeEvidence`: what of the authority's evidence
 * this person may see. access.test.ts checks the two agree.
 */
export function visibleEvidenceWhere(authorityId: string, viewer: Actor): Prisma.EvidenceWhereInput {
  const ownsLinked = { links: { some: { action: { ownerId: viewer.id, deletedAt: null } } } };
  const and: Prisma.EvidenceWhereInput[] = [];
  if (!roleHasPermission(viewer.role, "read:evidence:any")) and.push(ownsLinked);
  if (!seesAllRestricted(viewer.role)) and.push({ OR: [{ containsPersonalData: false }, ownsLinked] });
  return { authorityId, deletedAt: null, AND: and };
}

/** An action the person may at least read; 404 otherwise (partners see only their own). */
async function readableAction({ authorityId, actionId, actor }: ActorCall & { actionId: string }) {
  const action = await getDb().action.findFirst({
    where: { id: actionId, authorityId, deletedAt: null },
    select: { id: true, title: true, ownerId: true },
  });
  if (!action) throw notFound("action");
  if (!roleHasPermission(actor.role, "read:action:any") && action.ownerId !== actor.id) throw notFound("action");
  return action;
}

async function attachableAction({ authorityId, actionId, actor }: ActorCall & { actionId: string }) {
  const action = await readableAction({ authorityId, actionId, actor });
  if (!canAttachToAction({ viewer: actor, actionOwnerId: action.ownerId })) {
    throw forbidden("Only the action's owner or an authority admin can add evidence to this action.");
  }
  return action;
}

/** An evidence item the person may see, with the owners of the actions it backs; 404 otherwise. */
async function visibleItem({ authorityId, evidenceId, viewer }: ViewerCall & { evidenceId: string }) {
  const item = await getDb().evidence.findFirst({
    where: { id: evidenceId, ...visibleEvidenceWhere(authorityId, viewer) },
    include: { links: { where: { action: { deletedAt: null } }, select: { action: { select: { ownerId: true } } } } },
  });
  if (!item) throw notFound("evidence");
  return { ...item, linkedActionOwnerIds: item.links.map((l) => l.action.ownerId) };
}

type Checked = CheckedUpload;

/** Evidence takes every kind in file-kinds.ts, and is scanned for viruses when clamd is configured. */
const EVIDENCE_CONTENT: ContentPolicy = { accept: "any", scan: true };

/** The one upload path's content check and virus scan (ADR 020); a malware find is audited. */
async function checkStaged({ staged, authorityId, actor }: ActorCall & { staged: StagedFile }): Promise<Checked> {
  const checked = await checkUpload(staged, EVIDENCE_CONTENT);
  if (!checked.ok && checked.signature)
    await recordAudit({
      authorityId,
      actorId: actor.id,
      action: "upload_refused",
      entityType: "Evidence",
      changes: { reason: "malware", signature: checked.signature },
      requestId: actor.requestId,
    });
  return checked;
}

/** An identical file already held as evidence this person can see, if any. */
async function identicalEvidence({
  authorityId,
  viewer,
  sha256,
  actionId,
}: ViewerCall & { sha256: string; actionId?: string }): Promise<DuplicateInfo | null> {
  const version = await getDb().evidenceVersion.findFirst({
    where: { authorityId, file: { sha256 }, evidence: visibleEvidenceWhere(authorityId, viewer) },
    orderBy: { createdAt: "asc" },
    select: {
      versionNumber: true,
      evidence: {
        select: { id: true, title: true, links: actionId ? { where: { actionId }, select: { id: true } } : false },
      },
    },
  });
  if (!version) return null;
  const links = (version.evidence as { links?: unknown[] }).links ?? [];
  return {
    evidenceId: version.evidence.id,
    title: version.evidence.title,
    versionNumber: version.versionNumber,
    linked: links.length > 0,
  };
}

function storedFileData({
  authorityId,
  actor,
  staged,
  checked,
  key,
}: ActorCall & { staged: StagedFile; checked: Extract<Checked, { ok: true }>; key: string }) {
  const name = safeFileName(staged.fileName);
  const extension = checked.extension;
  // The download name always ends in the extension of what the file really is.
  const fileName = name.toLowerCase().endsWith(`.${extension}`)
    ? name
    : `${name.replace(/\.[^.]{1,8}$/, "")}.${extension}`;
  return {
    authorityId,
    uploadedById: actor.id,
    storageKey: key,
    fileName: safeFileName(fileName),
    contentType: checked.contentType,
    sizeBytes: staged.sizeBytes,
    sha256: staged.sha256,
    warnings: checked.warnings.join(","),
    scanResult: checked.scan,
  };
}

/** An item's own columns, as the upload form and the details form give them. */
function detailColumns(value: EvidenceUploadValue) {
  return {
    title: value.title,
    type: value.type,
    description: value.description,
    effectiveDate: dayFromIso(value.effectiveDate),
    reviewDate: dayFromIso(value.reviewDate),
    containsPersonalData: value.containsPersonalData,
  };
}

/** A new evidence item on an action, from a received upload. The staged file is always consumed. */
export async function addEvidenceToAction({
  authorityId,
  actor,
  actionId,
  staged,
  value,
}: ActorCall & { actionId: string; staged: StagedFile; value: EvidenceUploadValue }): Promise<UploadOutcome> {
  const viewer = actor;
  try {
    const action = await attachableAction({ authorityId, actionId, actor: viewer });
    const checked = await checkStaged({ staged, authorityId, actor });
    if (!checked.ok) return checked;
    const duplicate = await identicalEvidence({ authorityId, viewer, sha256: staged.sha256, actionId });
    if (duplicate) {
      return {
        ok: false,
        status: 409,
        message: duplicate.linked
          ? `This file is already on this action as "${duplicate.title}" (version ${duplicate.versionNumber}). Nothing new was saved.`
          : `This exact file is already held as "${duplicate.title}" (version ${duplicate.versionNumber}). Link that item to this action instead of uploading it again.`,
        duplicate,
      };
    }
    return await storedFor(staged, authorityId, checked.contentType, async (key) => {
      const evidence = await getDb().$transaction(async (tx) => {
        const file = await tx.storedFile.create({ data: storedFileData({ authorityId, actor, staged, checked, key }) });
        const created = await tx.evidence.create({
          data: {
            authorityId,
            ...detailColumns(value),
            createdById: actor.id,
            currentVersionNumber: 1,
          },
        });
        await tx.evidenceVersion.create({
          data: { authorityId, evidenceId: created.id, fileId: file.id, versionNumber: 1, uploadedById: actor.id },
        });
        await tx.actionEvidence.create({
          data: { authorityId, actionId: action.id, evidenceId: created.id, linkedById: actor.id },
        });
        await recordAudit({
          tx,
          authorityId,
          actorId: actor.id,
          action: "create",
          entityType: "Evidence",
          entityId: created.id,
          changes: {
            title: [null, created.title],
            type: [null, created.type],
            containsPersonalData: [null, created.containsPersonalData],
            version: [null, 1],
            sha256: [null, file.sha256],
            sizeBytes: [null, file.sizeBytes],
            contentType: [null, file.contentType],
            ...(checked.warnings.length ? { warnings: [null, file.warnings] } : {}),
          },
          requestId: actor.requestId,
        });
        await recordAudit({
          tx,
          authorityId,
          actorId: actor.id,
          action: "evidence_linked",
          entityType: "Action",
          entityId: action.id,
          changes: { evidence: [null, created.title] },
          requestId: actor.requestId,
        });
        return created;
      });
      return { ok: true as const, evidenceId: evidence.id, versionNumber: 1, warnings: checked.warnings };
    });
  } finally {
    await removeStaged(staged);
  }
}

/** Commits the staged file into storage for `work`; if `work` throws, the stored copy is removed again. */
async function storedFor<T>(
  staged: StagedFile,
  authorityId: string,
  contentType: string,
  work: (key: string) => Promise<T>,
): Promise<T> {
  const key = await commitStaged({ file: staged, authorityId, contentType });
  try {
    return await work(key);
  } catch (error) {
    await getStorage().remove(key);
    throw error;
  }
}

/** A new version of an item. Earlier versions stay available. The staged file is always consumed. */
export async function addEvidenceVersion({
  authorityId,
  actor,
  evidenceId,
  staged,
  version,
}: ActorCall & {
  evidenceId: string;
  staged: StagedFile;
  /** The item's version the person started from: a new version is refused if someone else changed the item meanwhile. */
  version: number;
}): Promise<UploadOutcome> {
  const viewer = actor;
  try {
    const item = await visibleItem({ authorityId, evidenceId, viewer });
    if (!canChangeEvidence({ viewer, linkedActionOwnerIds: item.linkedActionOwnerIds })) {
      throw forbidden(
        "Only an authority admin or the owner of an action this evidence backs can upload a new version.",
      );
    }
    const checked = await checkStaged({ staged, authorityId, actor });
    if (!checked.ok) return checked;
    const same = await getDb().evidenceVersion.findFirst({
      where: { evidenceId, authorityId, file: { sha256: staged.sha256 } },
      select: { versionNumber: true },
    });
    if (same)
      return {
        ok: false,
        status: 409,
        message: `This file is identical to version ${same.versionNumber} of this item. Nothing new was saved.`,
      };
    return await storedFor(staged, authorityId, checked.contentType, async (key) => {
      const result = await getDb().$transaction(async (tx) => {
        const bumped = await tx.evidence.updateMany({
          where: { id: evidenceId, authorityId, version, deletedAt: null },
          data: { version: { increment: 1 }, currentVersionNumber: { increment: 1 } },
        });
        if (bumped.count === 0) return null;
        const now = await tx.evidence.findUniqueOrThrow({ where: { id: evidenceId } });
        const file = await tx.storedFile.create({ data: storedFileData({ authorityId, actor, staged, checked, key }) });
        await tx.evidenceVersion.create({
          data: {
            authorityId,
            evidenceId,
            fileId: file.id,
            versionNumber: now.currentVersionNumber,
            uploadedById: actor.id,
          },
        });
        await recordAudit({
          tx,
          authorityId,
          actorId: actor.id,
          action: "new_version",
          entityType: "Evidence",
          entityId: evidenceId,
          changes: {
            version: [now.currentVersionNumber - 1, now.currentVersionNumber],
            sha256: [null, file.sha256],
            sizeBytes: [null, file.sizeBytes],
          },
          requestId: actor.requestId,
        });
        return now.currentVersionNumber;
      });
      if (result === null) {
        await getStorage().remove(key);
        return {
          ok: false,
          status: 409,
          conflict: true,
          message:
            "Someone else changed this item while you were uploading. Nothing was saved. Reload the page to see their change, then upload again.",
        };
      }
      return { ok: true as const, evidenceId, versionNumber: result, warnings: checked.warnings };
    });
  } finally {
    await removeStaged(staged);
  }
}

/** Changes an item's details. Only an admin may lift the personal-data flag (that widens who can see it). */
export async function updateEvidenceDetails({
  authorityId,
  actor,
  evidenceId,
  value,
}: ActorCall & { evidenceId: string; value: EvidenceDetailsValue }): Promise<
  Result<object, { conflict: true } | { fieldErrors: Record<string, string[]> }>
> {
  const viewer = actor;
  const item = await visibleItem({ authorityId, evidenceId, viewer });
  if (!canChangeEvidence({ viewer, linkedActionOwnerIds: item.linkedActionOwnerIds })) {
    throw forbidden("Only an authority admin or the owner of an action this evidence backs can change it.");
  }
  if (
    item.containsPersonalData &&
    !value.containsPersonalData &&
    !roleHasPermission(actor.role, "manage:members:any")
  ) {
    return fail({
      fieldErrors: {
        containsPersonalData: [
          "Only an authority admin can remove the personal data flag, because that lets more people see the file.",
        ],
      },
    });
  }
  const next = detailColumns(value);
  const changes = diffFields(item, next, [
    "title",
    "type",
    "description",
    "effectiveDate",
    "reviewDate",
    "containsPersonalData",
  ]);
  return getDb().$transaction(async (tx) => {
    const r = await tx.evidence.updateMany({
      where: { id: evidenceId, authorityId, version: value.version, deletedAt: null },
      data: { ...next, version: { increment: 1 } },
    });
    if (r.count === 0) return fail({ conflict: true as const });
    if (Object.keys(changes).length) {
      await recordAudit({
        tx,
        authorityId,
        actorId: actor.id,
        action: "update",
        entityType: "Evidence",
        entityId: evidenceId,
        changes,
        requestId: actor.requestId,
      });
    }
    return ok();
  });
}

/** A board member accepts or challenges the item as it is now (its current version). */
export async function reviewEvidence({
  authorityId,
  actor,
  evidenceId,
  value,
}: ActorCall & { evidenceId: string; value: EvidenceReviewValue }) {
  const viewer = actor;
  if (!canReviewEvidence(viewer)) throw forbidden("Only board members can accept or challenge evidence.");
  const item = await visibleItem({ authorityId, evidenceId, viewer });
  const current = await getDb().evidenceVersion.findFirstOrThrow({
    where: { evidenceId, authorityId, versionNumber: item.currentVersionNumber },
  });
  await getDb().$transaction(async (tx) => {
    const review = await tx.evidenceReview.create({
      data: {
        authorityId,
        evidenceId,
        versionId: current.id,
        reviewerId: actor.id,
        decision: value.decision,
        comment: value.comment,
      },
    });
    await recordAudit({
      tx,
      authorityId,
      actorId: actor.id,
      action: value.decision === "accepted" ? "evidence_accepted" : "evidence_challenged",
      entityType: "Evidence",
      entityId: evidenceId,
      changes: {
        review: [null, value.decision],
        version: [null, current.versionNumber],
        ...(value.comment ? { comment: [null, value.comment] } : {}),
      },
      requestId: actor.requestId,
    });
    if (value.decision === "challenged")
      await notifyEvidenceChallenged(tx, { authorityId, reviewId: review.id, actor });
  });
}

/** Which item and which action a link or unlink is about. */
type LinkRequest = { authorityId: string; actor: Actor; evidenceId: string; actionId: string };

/** Both sides of a link, for a person who can see the item and may add evidence to the action. */
async function linkEnds({ authorityId, actor, evidenceId, actionId }: LinkRequest) {
  const item = await visibleItem({ authorityId, evidenceId, viewer: actor });
  const action = await attachableAction({ authorityId, actionId, actor });
  return { item, action };
}

/** The audit of a link made or removed, on the item and on the action. */
async function auditLink(
  tx: Prisma.TransactionClient,
  { authorityId, actor, evidenceId }: LinkRequest,
  { item, action }: Awaited<ReturnType<typeof linkEnds>>,
  linked: boolean,
) {
  const change = <T>(v: T) => (linked ? [null, v] : [v, null]);
  const entries = [
    {
      action: linked ? "linked" : "unlinked",
      entityType: "Evidence",
      entityId: evidenceId,
      changes: { action: change(action.title) },
    },
    {
      action: linked ? "evidence_linked" : "evidence_unlinked",
      entityType: "Action",
      entityId: action.id,
      changes: { evidence: change(item.title) },
    },
  ];
  for (const entry of entries)
    await recordAudit({ tx, authorityId, actorId: actor.id, requestId: actor.requestId, ...entry });
}

/** Links an item the person can see to another action they may add evidence to. */
export async function linkEvidence(request: LinkRequest) {
  const { authorityId, actor, evidenceId, actionId } = request;
  const ends = await linkEnds(request);
  const existing = await getDb().actionEvidence.findUnique({
    where: { actionId_evidenceId: { actionId, evidenceId } },
  });
  if (existing) return fail(`"${ends.item.title}" is already linked to that action.`);
  await getDb().$transaction(async (tx) => {
    await tx.actionEvidence.create({
      data: { authorityId, actionId: ends.action.id, evidenceId, linkedById: actor.id },
    });
    await auditLink(tx, request, ends, true);
  });
  return ok({ actionTitle: ends.action.title });
}

/** Removes the link between an item and an action. The item and its files are kept. */
export async function unlinkEvidence(request: LinkRequest) {
  const { authorityId, evidenceId, actionId } = request;
  const ends = await linkEnds(request);
  await getDb().$transaction(async (tx) => {
    const r = await tx.actionEvidence.deleteMany({ where: { authorityId, actionId, evidenceId } });
    if (r.count === 0) return;
    await auditLink(tx, request, ends, false);
  });
}

const reviewSelect = {
  id: true,
  versionId: true,
  decision: true,
  comment: true,
  createdAt: true,
  reviewer: { select: { name: true } },
} as const;

/**
 * An action's evidence as this person may see it, with each item's review
 * state, how many restricted items they cannot see, and what all of it adds
 * up to for the board (restricted items count, without saying what they are).
 */
export async function listActionEvidence({ authorityId, viewer, actionId }: ViewerCall & { actionId: string }) {
  await readableAction({ authorityId, actionId, actor: viewer });
  const links = await getDb().actionEvidence.findMany({
    where: { authorityId, actionId, evidence: { deletedAt: null } },
    orderBy: { createdAt: "asc" },
    select: {
      evidence: {
        select: {
          id: true,
          title: true,
          type: true,
          effectiveDate: true,
          reviewDate: true,
          containsPersonalData: true,
          currentVersionNumber: true,
          links: { where: { action: { deletedAt: null } }, select: { action: { select: { ownerId: true } } } },
          versions: {
            orderBy: { versionNumber: "desc" },
            take: 1,
            select: {
              id: true,
              versionNumber: true,
              createdAt: true,
              file: { select: { fileName: true, sizeBytes: true, contentType: true, warnings: true } },
            },
          },
          reviews: { orderBy: { createdAt: "desc" }, take: 1, select: reviewSelect },
        },
      },
    },
  });
  const all = links.map(({ evidence: e }) => {
    const current = e.versions[0];
    const state: ItemReviewState = current
      ? itemReviewState({ currentVersionId: current.id, latestReview: e.reviews[0] ?? null })
      : "awaiting_review";
    const visible = canSeeEvidence({
      viewer,
      item: {
        containsPersonalData: e.containsPersonalData,
        linkedActionOwnerIds: e.links.map((l) => l.action.ownerId),
      },
    });
    return { e, current, state, visible };
  });
  const items = all
    .filter((x) => x.visible)
    .map(({ e, current, state }) => ({
      id: e.id,
      title: e.title,
      type: e.type,
      effectiveDate: e.effectiveDate,
      reviewDate: e.reviewDate,
      containsPersonalData: e.containsPersonalData,
      versionNumber: current?.versionNumber ?? e.currentVersionNumber,
      uploadedAt: current?.createdAt ?? null,
      file: current?.file ?? null,
      state,
      latestReview: e.reviews[0] ?? null,
    }));
  return {
    items,
    hiddenRestricted: all.length - items.length,
    overall: actionEvidenceState(all.map((x) => x.state)),
  };
}

/** One item with its versions, the actions it backs (those the person can read) and its reviews. */
export async function getEvidenceItem({ authorityId, viewer, evidenceId }: ViewerCall & { evidenceId: string }) {
  const base = await visibleItem({ authorityId, evidenceId, viewer });
  const readsAllActions = roleHasPermission(viewer.role, "read:action:any");
  const item = await getDb().evidence.findFirstOrThrow({
    where: { id: evidenceId, authorityId },
    include: {
      createdBy: { select: { name: true } },
      versions: {
        orderBy: { versionNumber: "desc" },
        include: {
          file: {
            select: {
              fileName: true,
              sizeBytes: true,
              contentType: true,
              sha256: true,
              warnings: true,
              scanResult: true,
            },
          },
          uploadedBy: { select: { name: true } },
        },
      },
      links: {
        where: { action: { deletedAt: null, ...(readsAllActions ? {} : { ownerId: viewer.id }) } },
        orderBy: { createdAt: "asc" },
        select: {
          createdAt: true,
          action: {
            select: {
              id: true,
              title: true,
              status: true,
              ownerId: true,
              owner: { select: { name: true } },
              recommendation: { select: { reference: true, inspection: { select: { title: true } } } },
            },
          },
        },
      },
      reviews: {
        orderBy: { createdAt: "desc" },
        take: 50,
        select: { ...reviewSelect, version: { select: { versionNumber: true } } },
      },
    },
  });
  const current = item.versions[0];
  const state = current
    ? itemReviewState({ currentVersionId: current.id, latestReview: item.reviews[0] ?? null })
    : "awaiting_review";
  return {
    item,
    state,
    canChange: canChangeEvidence({ viewer, linkedActionOwnerIds: base.linkedActionOwnerIds }),
    canReview: canReviewEvidence(viewer),
    links: item.links.map((l) => ({ ...l, canUnlink: canAttachToAction({ viewer, actionOwnerId: l.action.ownerId }) })),
  };
}

/** Actions this person may link evidence to: their own, or for admins the authority's open actions (bounded). */
export async function linkableActions({
  authorityId,
  viewer,
  excludeIds,
  take = 300,
}: ViewerCall & { excludeIds: string[]; take?: number }) {
  const any = roleHasPermission(viewer.role, "write:action:any");
  if (!any && !roleHasPermission(viewer.role, "update:action:own")) return [];
  return getDb().action.findMany({
    where: { authorityId, deletedAt: null, id: { notIn: excludeIds }, ...(any ? {} : { ownerId: viewer.id }) },
    orderBy: [
      { recommendation: { inspection: { startDate: "desc" } } },
      { recommendation: { position: "asc" } },
      { position: "asc" },
    ],
    take,
    select: {
      id: true,
      title: true,
      recommendation: { select: { reference: true, inspection: { select: { title: true } } } },
    },
  });
}

/**
 * Verifies the bytes against the recorded SHA-256 as they are sent. The last
 * chunk is held back until the hash is known, so a corrupted or replaced file
 * never arrives complete: the download fails instead.
 */
function verifying(expected: string, onMismatch: () => void): Transform {
  const hash = createHash("sha256");
  let held: Buffer | null = null;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      const out = held;
      held = chunk;
      cb(null, out ?? undefined);
    },
    flush(cb) {
      if (hash.digest("hex") !== expected) {
        onMismatch();
        cb(new AppError({ status: 500, message: "This file failed its integrity check." }));
        return;
      }
      if (held) this.push(held);
      cb();
    },
  });
}

export type OpenedFile = {
  /** The EvidenceVersion's id (the PDF preview cache is kept on it). */
  versionId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  kind: FileKind | null;
  stream: Readable;
};

/**
 * A version's file for download or preview, checked against its SHA-256 as it
 * is read. Every opening of a restricted item is recorded in the audit log.
 */
export async function openEvidenceFile({
  authorityId,
  viewer,
  evidenceId,
  versionNumber,
  purpose,
  requestId,
}: ViewerCall & {
  evidenceId: string;
  versionNumber: number;
  purpose: "download" | "preview";
  requestId?: string;
}): Promise<OpenedFile> {
  const item = await visibleItem({ authorityId, evidenceId, viewer });
  const version = await getDb().evidenceVersion.findFirst({
    where: { authorityId, evidenceId, versionNumber },
    include: { file: true },
  });
  if (!version) throw notFound("file");
  const { file } = version;
  if (item.containsPersonalData) {
    await recordAudit({
      authorityId,
      actorId: viewer.id,
      action: purpose,
      entityType: "Evidence",
      entityId: evidenceId,
      changes: { version: [null, versionNumber], restricted: [null, true] },
      requestId,
    });
  }
  const raw = await readStoredFile(file, {
    log: "evidence file missing from storage",
    message: "This file could not be read from storage. The administrators have been told; nothing has been changed.",
  });
  const kind = (Object.entries(FILE_KINDS).find(([, k]) => k.contentType === file.contentType)?.[0] ??
    null) as FileKind | null;
  const check = verifying(file.sha256, () => {
    logger.error("evidence integrity check failed", { fileId: file.id });
    void recordAudit({
      authorityId,
      actorId: null,
      action: "integrity_failure",
      entityType: "Evidence",
      entityId: evidenceId,
      changes: { version: [null, versionNumber] },
      requestId,
    }).catch(() => undefined);
  });
  raw.on("error", (e) => check.destroy(e));
  // A reader that stops early (a cancelled download, a preview that needs only the start) closes the file too.
  check.on("close", () => {
    if (!raw.destroyed) raw.destroy();
  });
  return {
    versionId: version.id,
    fileName: file.fileName,
    contentType: file.contentType,
    sizeBytes: file.sizeBytes,
    sha256: file.sha256,
    kind,
    stream: raw.pipe(check),
  };
}

/** Reads a small staged or local file as text (previews of text kinds), bounded. */
export async function readTextPrefix(
  stream: Readable,
  maxBytes: number,
): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of stream) {
    const b = chunk as Buffer;
    if (size + b.length > maxBytes) {
      chunks.push(b.subarray(0, maxBytes - size));
      truncated = true;
      break;
    }
    chunks.push(b);
    size += b.length;
  }
  stream.destroy();
  return { text: Buffer.concat(chunks).toString("utf8"), truncated };
}

/** The action evidence is being added to, for the upload page; 404/403 as for the upload itself. */
export async function actionForUpload({ authorityId, actor, actionId }: ActorCall & { actionId: string }) {
  const action = await attachableAction({ authorityId, actionId, actor });
  const full = await getDb().action.findFirstOrThrow({
    where: { id: action.id, authorityId },
    select: {
      id: true,
      title: true,
      recommendation: { select: { reference: true, inspection: { select: { title: true } } } },
    },
  });
  return full;
}
