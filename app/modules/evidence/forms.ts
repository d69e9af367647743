/** Zod schemas for the evidence forms, shared by the browser and the server. */
import { z } from "zod";
import { EVIDENCE_TYPES, REVIEW_DECISIONS } from "./access";

const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max.toLocaleString("en-GB")} characters or fewer`)
    .optional()
    .transform((v) => v ?? "");

const date = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), { message: `${label} must be a real date` });

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "true" || v === "yes");

/** What a person says about a file: title, type, period evidenced, review date, description, sensitivity. */
export const evidenceDetailFields = {
  title: z.string({ error: "Enter a title" }).trim().min(1, "Enter a title").max(300, "Title must be 300 characters or fewer"),
  type: z.enum(EVIDENCE_TYPES, { error: "Choose the type of evidence" }),
  effectiveDate: date("Effective date").refine((v) => v !== null, { message: "Enter the date the evidence speaks to (for example the audit or meeting date)" }),
  reviewDate: date("Review date"),
  description: text(5000, "Description"),
  containsPersonalData: checkbox,
};

const reviewAfterEffective = (v: { effectiveDate: string | null; reviewDate: string | null }) => !v.effectiveDate || !v.reviewDate || v.reviewDate >= v.effectiveDate;
const reviewAfterEffectiveParams = {
  path: ["reviewDate"],
  message: "Review or expiry date must be on or after the effective date",
  when: (payload: z.core.ParsePayload<unknown>) => !payload.issues.some((i) => i.path?.[0] === "effectiveDate" || i.path?.[0] === "reviewDate"),
};

/** The fields sent with an upload (the file itself is streamed separately). */
export const EvidenceUploadSchema = z.object(evidenceDetailFields).refine(reviewAfterEffective, reviewAfterEffectiveParams);
export type EvidenceUploadValue = z.infer<typeof EvidenceUploadSchema>;

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
  .refine((v) => v.decision !== "challenged" || v.comment.length > 0, { path: ["comment"], message: "Say what the board challenges about this evidence" });
export type EvidenceReviewValue = z.infer<typeof EvidenceReviewSchema>;

export const EvidenceLinkSchema = z.object({
  intent: z.literal("link"),
  actionId: z.string({ error: "Choose an action" }).trim().min(1, "Choose an action"),
});

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;

/** A file's title from its name: no extension, separators as spaces. */
export function titleFromFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  return base
    .replace(/\.[a-z0-9]{1,5}$/i, "")
    .replace(/[_]+/g, " ")
    .replace(CONTROL_CHARS, "")
    .trim()
    .slice(0, 300);
}
