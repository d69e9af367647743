/**
 * The plan spreadsheet import's forms (ADR 019). The file is checked by its
 * content on the server; the apply form carries the checked file (or asks for
 * it again) with the versions it was checked against.
 */
import { z } from "zod";

/** Check a plan file: what the import would do, before anything is changed. */
export const PlanCheckSchema = z.object({
  intent: z.literal("check"),
  file: z.custom<File>().optional(),
});

/** Apply the checked file: every change, or only the valid rows. */
export const PlanApplySchema = z.object({
  intent: z.enum(["apply-all", "apply-valid"]),
  fileName: z.string().optional(),
  sha256: z.string().optional(),
  versions: z.string().optional(),
  fileData: z.string().optional(),
  file: z.custom<File>().optional(),
});
