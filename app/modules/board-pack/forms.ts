/** The board pack's narrative form: one schema for the browser (maxlength) and the action. */
import { z } from "zod";
import { optionalText } from "~/utils/text";
import { NARRATIVE_LABELS, NARRATIVE_SECTIONS, type NarrativeSection } from "./summary";

/** Most characters in one narrative section. Longer text is refused beside the field, never cut. */
export const NARRATIVE_MAX = 20_000;

export const NarrativeSchema = z.object(
  Object.fromEntries(
    NARRATIVE_SECTIONS.map((s) => [
      s,
      optionalText({ label: NARRATIVE_LABELS[s], max: NARRATIVE_MAX, multiline: true }),
    ]),
  ) as Record<NarrativeSection, ReturnType<typeof optionalText>>,
);
export type NarrativeValue = z.output<typeof NarrativeSchema>;
