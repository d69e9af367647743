/** The board packs' forms (ADR 019): one schema each for the browser and the action. */
import { z } from "zod";
import { optionalDay, requiredDay } from "~/utils/format";
import { optionalText, text } from "~/utils/text";
import { NARRATIVE_LABELS, NARRATIVE_SECTIONS, REPORT_KINDS, type NarrativeSection } from "./summary";

/** Most characters in one narrative section. Longer text is refused beside the field, never cut. */
export const NARRATIVE_MAX = 20_000;

const narrativeSections = Object.fromEntries(
  NARRATIVE_SECTIONS.map((s) => [s, optionalText({ label: NARRATIVE_LABELS[s], max: NARRATIVE_MAX, multiline: true })]),
) as Record<NarrativeSection, ReturnType<typeof optionalText>>;

/** The pack's narrative, saved under the version the page was read at. */
export const NarrativeSchema = z.object({
  /** The version the page was read at; the service refuses a stale or malformed one (409 / 400). */
  version: z.string({ error: "The page is out of date: open it again" }).transform(Number),
  ...narrativeSections,
});
export type NarrativeValue = z.output<typeof NarrativeSchema>;

/** The day as YYYY-MM-DD (UTC), the latest a pack can be as at. */
const today = () => new Date().toISOString().slice(0, 10);

/** Generating a pack: for a board or an inspection, which kind, as at a day, compared with an earlier one. */
export const GeneratePackSchema = z
  .object({
    scope: text({ label: "For", max: 100, required: "Choose a board or an inspection" })
      .refine((v) => /^(board|inspection):.+/.test(v), "Choose a board or an inspection")
      .transform((v) => {
        const id = v.slice(v.indexOf(":") + 1);
        return v.startsWith("board:") ? { boardId: id } : { inspectionId: id };
      }),
    kind: z.enum(REPORT_KINDS, { error: "Choose the full summary or the exception report" }),
    asAt: requiredDay("As at", "Enter the date the summary is as at", "Enter the date the summary is as at").refine(
      (v) => v <= today(),
      "The summary cannot be as at a date in the future",
    ),
    compareWith: optionalDay("Compare with", "Enter the comparison date as a real date, or leave it blank"),
  })
  .refine((v) => !v.compareWith || v.compareWith < v.asAt, {
    path: ["compareWith"],
    message: "The comparison date must be before the as-at date",
    when: (payload) => !payload.issues.some((i) => i.path?.[0] === "asAt" || i.path?.[0] === "compareWith"),
  });
