/** Zod schemas for the evidence forms, shared by the browser and the server. */
import { z } from "zod";
import { optionalDay } from "~/utils/format";
import { cleanText, optionalText, text as requiredText } from "~/utils/text";
import { EVIDENCE_TYPES, REVIEW_DECISIONS } from "./access";

/** Optional free text through the shared text schema ("" when empty). */
const text = (max: number, label: string) => optionalText({ label, max, multiline: true });

const date = optionalDay;

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "true" || v === "yes");

/** What a person says about a file: title, type, period evidenced, review date, description, sensitivity. */
export const evidenceDetailFields = {
  title: requiredText({ label: "Title", max: 300, required: "Enter a title" }),
  type: z.enum(EVIDENCE_TYPES, { error: "Choose the type of evidence" }),
  effectiveDate: date("Effective date").refine((v) => v !== null, {
    message: "Enter the date the evidence speaks to (for example the audit or meeting date)",
  }),
  reviewDate: date("Review date"),
  description: text(5000, "Description"),
  containsPersonalData: checkbox,
};

const reviewAfterEffective = (v: { effectiveDate: string | null; reviewDate: string | null }) =>
  !v.effectiveDate || !v.reviewDate || v.reviewDate >= v.effectiveDate;
const reviewAfterEffectiveParams = {
  path: ["reviewDate"],
  message: "Review or expiry date must be on or after the effective date",
  when: (payload: z.core.ParsePayload<unknown>) =>
    !payload.issues.some((i) => i.path?.[0] === "effectiveDate" || i.path?.[0] === "reviewDate"),
};

/** The fields sent with an upload (the file itself is streamed separately). */
export const EvidenceUploadSchema = z
  .object(evidenceDetailFields)
  .refine(reviewAfterEffective, reviewAfterEffectiveParams);
export type EvidenceUploadValue = z.infer<typeof EvidenceUploadSchema>;

/**
 * The upload page's own form (it works without JavaScript): the details and one file. The server streams the
 * file and checks it with `EvidenceUploadSchema`; this schema lets the browser say first that no file is chosen.
 */
export const EvidenceFileFormSchema = z
  .object({
    ...evidenceDetailFields,
    file: z.custom<File>((v) => typeof File !== "undefined" && v instanceof File && v.size > 0, {
      error: "Choose a file to upload",
    }),
  })
  .refine(reviewAfterEffective, reviewAfterEffectiveParams);

/** A new version of an item's file (the file is streamed; the browser checks one is chosen). */
export const EvidenceVersionSchema = z.object({
  version: z.coerce.number().int().positive(),
  file: z.custom<File>((v) => typeof File !== "undefined" && v instanceof File && v.size > 0, {
    error: "Choose the new version of the file",
  }),
});

export const EvidenceDetailsSchema = z
  .object({ intent: z.literal("details"), version: z.coerce.number().int().positive(), ...evidenceDetailFields })
  .refine(reviewAfterEffective, reviewAfterEffectiveParams);
export type EvidenceDetailsValue = z.infer<typeof EvidenceDetailsSchema>;

export const EvidenceReviewSchema = z
  .object({
    intent: z.literal("review"),
    decision: z.enum(REVIEW_DECISIONS, { error: "Choose accept or challenge" }),
    comment: text(5000, "The comment"),
  })
  .refine((v) => v.decision !== "challenged" || v.comment.length > 0, {
    path: ["comment"],
    message: "Say what the board challenges about this evidence",
  });
export type EvidenceReviewValue = z.infer<typeof EvidenceReviewSchema>;

export const EvidenceLinkSchema = z.object({
  intent: z.literal("link"),
  actionId: requiredText({ label: "The action", max: 64, required: "Choose an action" }),
});

export const EvidenceUnlinkSchema = z.object({
  intent: z.literal("unlink"),
  actionId: requiredText({ label: "The action", max: 64, required: "Choose an action" }),
});

/** A file's title from its name: no extension, separators as spaces. */
export function titleFromFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // A suggestion shown in the title field, which the person can change: cut to the field's 300 in view.
  return cleanText(base.replace(/\.[a-z0-9]{1,5}$/i, "").replace(/[_]+/g, " "))
    .slice(0, 300)
    .trim();
}
