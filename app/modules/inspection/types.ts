/** Closed vocabularies for inspections. Pure: shared by UI, server, import and reports. */

export const INSPECTION_TYPES = [
  "ilacs_standard",
  "ilacs_short",
  "sif",
  "focused_visit",
  "monitoring_visit",
  "jtai",
  "send_area",
  "unannounced_letter",
  "other",
] as const;
export type InspectionType = (typeof INSPECTION_TYPES)[number];

export const INSPECTION_TYPE_LABELS: Record<InspectionType, string> = {
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

export const GRADES = ["outstanding", "good", "requires_improvement", "inadequate", "not_judged"] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_TONES: Record<Grade, "green" | "blue" | "amber" | "red" | "grey"> = {
  outstanding: "green",
  good: "blue",
  requires_improvement: "amber",
  inadequate: "red",
  not_judged: "grey",
};

export const RECOMMENDATION_KINDS = [
  "improvement_item",
  "area_for_priority_action",
  "area_for_development",
  "recommendation",
] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];

export const RECOMMENDATION_KIND_LABELS: Record<RecommendationKind, string> = {
  improvement_item: "What needs to improve",
  area_for_priority_action: "Area for priority action",
  area_for_development: "Area for development",
  recommendation: "Recommendation",
};

export function inspectionTypeLabel(type: string): string {
  return (INSPECTION_TYPE_LABELS as Record<string, string>)[type] ?? type;
}
export function recommendationKindLabel(kind: string): string {
  return (RECOMMENDATION_KIND_LABELS as Record<string, string>)[kind] ?? kind;
}
export function gradeTone(grade: string) {
  return (GRADE_TONES as Record<string, (typeof GRADE_TONES)[Grade]>)[grade] ?? "grey";
}
