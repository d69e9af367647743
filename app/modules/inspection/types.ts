/** Closed vocabularies for inspections. Pure: shared by UI, server, import and reports. */
import { keysOf, labelOf } from "../../utils/vocabulary";

export const INSPECTION_TYPE_LABELS = {
  ilacs_standard: "ILACS (standard inspection)",
  ilacs_short: "ILACS (short inspection)",
  sif: "Single inspection framework (SIF)",
  focused_visit: "Focused visit",
  monitoring_visit: "Monitoring visit",
  jtai: "Joint targeted area inspection (JTAI)",
  send_area: "SEND area inspection",
  unannounced_letter: "Unannounced inspection letter",
  other: "Other inspection",
};
export type InspectionType = keyof typeof INSPECTION_TYPE_LABELS;
export const INSPECTION_TYPES = keysOf(INSPECTION_TYPE_LABELS);

export const GRADES = ["outstanding", "good", "requires_improvement", "inadequate", "not_judged"] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_TONES: Record<Grade, "green" | "blue" | "amber" | "red" | "grey"> = {
  outstanding: "green",
  good: "blue",
  requires_improvement: "amber",
  inadequate: "red",
  not_judged: "grey",
};

export const RECOMMENDATION_KIND_LABELS = {
  improvement_item: "What needs to improve",
  area_for_priority_action: "Area for priority action",
  area_for_development: "Area for development",
  recommendation: "Recommendation",
};
export type RecommendationKind = keyof typeof RECOMMENDATION_KIND_LABELS;
export const RECOMMENDATION_KINDS = keysOf(RECOMMENDATION_KIND_LABELS);

export const inspectionTypeLabel = labelOf(INSPECTION_TYPE_LABELS);
export const recommendationKindLabel = labelOf(RECOMMENDATION_KIND_LABELS);
export function gradeTone(grade: string) {
  return (GRADE_TONES as Record<string, (typeof GRADE_TONES)[Grade]>)[grade] ?? "grey";
}
