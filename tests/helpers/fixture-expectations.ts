/**
 * Expected reader results for the real documents in tests/fixtures (test-only).
 *
 * Items, judgements and most facts come straight from the fixtures' JSON
 * files (tests/fixtures/ofsted/*.json) and, for the seed documents, from the
 * demo data (prisma/demo-data.ts). The few expectations written here by hand
 * (ISO dates, the kind of item a heading introduces, which dates the text
 * actually prints) carry the JSON's own wording next to them and are checked
 * against it, so they cannot drift apart silently.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_AUTHORITIES, type DemoInspection } from "../../prisma/demo-data";
import type { Grade, InspectionType, RecommendationKind } from "../../app/modules/inspection/types";
import type { AddressedTo } from "../../app/modules/inspection/import/reader";

const ROOT = fileURLToPath(new URL("../fixtures", import.meta.url));
export const OFSTED_DIR = path.join(ROOT, "ofsted");
export const SEEDS_DIR = path.join(ROOT, "seeds");

export type ExpectedItem = {
  text: string;
  kind: RecommendationKind;
  reference: string | null;
  /** Checked when given. */
  addressedTo?: AddressedTo | null;
  addressedToText?: string;
  timescale?: string;
  subheading?: string;
};

export type ExpectedJudgement = { area: string; gradeText: string; grade?: Grade };

export type Expectation = {
  name: string;
  /** Path of the text; the PDF sits beside it for the Ofsted fixtures 01-17. */
  textPath: string;
  pdfPath: string | null;
  complete: boolean;
  items: ExpectedItem[];
  kind: InspectionType;
  variant?: string;
  authorityName?: string | null;
  title?: string | null;
  startDate: string | null;
  endDate: string | null;
  publishedAt: string | null;
  letterDate: string | null;
  leadInspector?: string | null;
  /** null: not checked (partial documents). */
  judgements: ExpectedJudgement[] | null;
  /** Lists the JSON keeps aside: text that must NOT come out as items. */
  mustNotExtract: string[];
};

type FixtureJson = {
  kind: string;
  local_authority: string;
  inspection_dates: string | null;
  published: string | null;
  judgements: { area: string; grade: string }[];
  improvement_items: string[];
  priority_action_items: string[];
  complete: boolean;
  improvement_labels?: string[];
  priority_action_labels?: string[];
  lscb_improvement_items?: string[];
  lscb_improvement_labels?: string[];
  lscb_priority_action_items?: string[];
  lscb_priority_action_labels?: string[];
  item_timescales?: string[];
  improvement_subheadings?: string[];
  priority_action_subheadings?: string[];
  priority_action_responsible_body?: string[];
  previous_areas_restated?: string[];
};

/**
 * Per fixture: the kind of the JSON's `improvement_items` (the heading they
 * sit under decides it), the document kind, and the dates as ISO. `printed`
 * repeats the JSON's `inspection_dates` and is checked against it.
 */
const FACTS: Record<
  string,
  {
    improvementKind: RecommendationKind;
    kind: InspectionType;
    variant?: string;
    printed: string | null;
    start: string | null;
    end: string | null;
    /** Publication date as printed in the document ("Report published: …"); null when the text does not print it (the JSON's date then comes from Ofsted's listing). */
    publishedInText: string | null;
    /** Date at the head of a letter. */
    letterDate: string | null;
  }
> = {
  "01_bcp_ilacs_2022": {
    improvementKind: "improvement_item",
    kind: "ilacs_standard",
    printed: "6 to 17 December 2021",
    start: "2021-12-06",
    end: "2021-12-17",
    publishedInText: null,
    letterDate: null,
  },
  "02_tameside_ilacs_2024": {
    improvementKind: "improvement_item",
    kind: "ilacs_standard",
    printed: "4 to 15 December 2023",
    start: "2023-12-04",
    end: "2023-12-15",
    publishedInText: null,
    letterDate: null,
  },
  "03_bradford_ilacs_2018": {
    improvementKind: "improvement_item",
    kind: "ilacs_standard",
    printed: "17 September to 28 September 2018",
    start: "2018-09-17",
    end: "2018-09-28",
    publishedInText: null,
    letterDate: null,
  },
  // One-week inspection of an authority previously judged good: the short ILACS.
  "04_dorset_ilacs_short_2025": {
    improvementKind: "improvement_item",
    kind: "ilacs_short",
    printed: "17 March to 21 March 2025",
    start: "2025-03-17",
    end: "2025-03-21",
    publishedInText: null,
    letterDate: null,
  },
  "05_trafford_ilacs_2026": {
    improvementKind: "improvement_item",
    kind: "ilacs_standard",
    printed: "8 June 2026 to 19 June 2026",
    start: "2026-06-08",
    end: "2026-06-19",
    publishedInText: null,
    letterDate: null,
  },
  // "Areas for improvement:" lists.
  "06_birmingham_sif_2014": {
    improvementKind: "improvement_item",
    kind: "sif",
    variant: "sif_with_lscb",
    printed: "18 March 2014 – 09 April 2014",
    start: "2014-03-18",
    end: "2014-04-09",
    publishedInText: "2014-05-23",
    letterDate: null,
  },
  // "Recommendations" lists.
  "07_havering_sif_2016": {
    improvementKind: "recommendation",
    kind: "sif",
    variant: "sif_with_lscb",
    printed: "27 September – 20 October 2016",
    start: "2016-09-27",
    end: "2016-10-20",
    publishedInText: "2016-12-09",
    letterDate: null,
  },
  "08_sandwell_lac_inspection_2013": {
    improvementKind: "improvement_item",
    kind: "other",
    variant: "lac_inspection_2013",
    printed: "24 – 28 June 2013",
    start: "2013-06-24",
    end: "2013-06-28",
    publishedInText: "2013-08-02",
    letterDate: null,
  },
  "09_warrington_fv_2018": {
    improvementKind: "improvement_item",
    kind: "focused_visit",
    printed: "31 January and 1 February 2018",
    start: "2018-01-31",
    end: "2018-02-01",
    publishedInText: null,
    letterDate: "2018-02-23",
  },
  "10_bcp_fv_2020": {
    improvementKind: "improvement_item",
    kind: "focused_visit",
    printed: "13 October 2020",
    start: "2020-10-13",
    end: "2020-10-13",
    publishedInText: null,
    letterDate: "2020-11-27",
  },
  "11_shropshire_fv_2024": {
    improvementKind: "improvement_item",
    kind: "focused_visit",
    printed: "23 November 2023",
    start: "2023-11-23",
    end: "2023-11-23",
    publishedInText: null,
    letterDate: "2024-01-12",
  },
  "12_slough_fv_2026": {
    improvementKind: "improvement_item",
    kind: "focused_visit",
    printed: "19 and 20 November 2025",
    start: "2025-11-19",
    end: "2025-11-20",
    publishedInText: null,
    letterDate: "2026-01-12",
  },
  "13_bury_send_2024": {
    improvementKind: "improvement_item",
    kind: "send_area",
    printed: "12 to 16 February 2024",
    start: "2024-02-12",
    end: "2024-02-16",
    publishedInText: null,
    letterDate: null,
  },
  "14_dorset_send_2024": {
    improvementKind: "improvement_item",
    kind: "send_area",
    printed: "11 to 15 March 2024",
    start: "2024-03-11",
    end: "2024-03-15",
    publishedInText: null,
    letterDate: null,
  },
  // The letter omits the year ("Between 20 and 24 June"); the JSON supplies it in brackets.
  "15_liverpool_jtai_2016": {
    improvementKind: "improvement_item",
    kind: "jtai",
    printed: "Between 20 and 24 June [2016]",
    start: "2016-06-20",
    end: "2016-06-24",
    publishedInText: null,
    letterDate: "2016-08-02",
  },
  "16_somerset_jtai_2024": {
    improvementKind: "improvement_item",
    kind: "jtai",
    printed: "20 to 24 May 2024",
    start: "2024-05-20",
    end: "2024-05-24",
    publishedInText: null,
    letterDate: "2024-07-18",
  },
  // "Priorities for further improvement:".
  "17_haringey_jar_progress_2009": {
    improvementKind: "improvement_item",
    kind: "other",
    variant: "jar_progress_2009",
    printed: null,
    start: null,
    end: null,
    publishedInText: "2009-07-03",
    letterDate: null,
  },
  "18_haringey_unannounced_2010": {
    improvementKind: "area_for_development",
    kind: "unannounced_letter",
    printed: "17 and 18 August 2010",
    start: "2010-08-17",
    end: "2010-08-18",
    publishedInText: null,
    letterDate: "2010-09-16",
  },
  "19_bcp_monitoring_visit_2022": {
    improvementKind: "improvement_item",
    kind: "monitoring_visit",
    printed: "7 and 8 June 2022",
    start: "2022-06-07",
    end: "2022-06-08",
    publishedInText: null,
    letterDate: null,
  },
  "20_havering_committee_minutes_sif": {
    improvementKind: "recommendation",
    kind: "other",
    variant: "board_report",
    printed: null,
    start: null,
    end: null,
    publishedInText: null,
    letterDate: null,
  },
  "21_surrey_action_plan_2012": {
    improvementKind: "improvement_item",
    kind: "other",
    variant: "action_plan",
    printed: "10-19 September 2012",
    start: "2012-09-10",
    end: "2012-09-19",
    publishedInText: null,
    letterDate: null,
  },
};

/** The JSON's annotation "Overall: " is not printed in the report. */
const printedArea = (area: string) => area.replace(/^Overall: /, "");

export function ofstedExpectations(): (Expectation & { json: FixtureJson; printedDates: string | null })[] {
  return Object.entries(FACTS).map(([name, f]) => {
    const json = JSON.parse(readFileSync(path.join(OFSTED_DIR, `${name}.json`), "utf8")) as FixtureJson;
    const list = (
      texts: string[] | undefined,
      kind: RecommendationKind,
      labels?: string[],
      lscb = false,
    ): ExpectedItem[] =>
      (texts ?? []).map((text, i) => ({
        text,
        kind,
        reference: labels?.[i] ?? null,
        ...(lscb ? { addressedTo: "lscb" as const } : {}),
      }));
    const priority = list(json.priority_action_items, "area_for_priority_action", json.priority_action_labels).map(
      (item, i) => ({
        ...item,
        ...(json.priority_action_subheadings ? { subheading: json.priority_action_subheadings[i] } : {}),
        ...(json.priority_action_responsible_body ? { addressedToText: json.priority_action_responsible_body[i] } : {}),
      }),
    );
    const improvement = list(json.improvement_items, f.improvementKind, json.improvement_labels).map((item, i) => ({
      ...item,
      ...(json.improvement_subheadings ? { subheading: json.improvement_subheadings[i] } : {}),
      ...(json.item_timescales ? { timescale: json.item_timescales[i] } : {}),
    }));
    const items = [
      ...priority,
      ...improvement,
      ...list(json.lscb_priority_action_items, "area_for_priority_action", json.lscb_priority_action_labels, true),
      ...list(json.lscb_improvement_items, f.improvementKind, json.lscb_improvement_labels, true),
    ];
    const hasPdf = json.complete;
    return {
      name,
      json,
      printedDates: f.printed,
      textPath: path.join(OFSTED_DIR, `${name}.txt`),
      pdfPath: hasPdf ? path.join(OFSTED_DIR, `${name}.pdf`) : null,
      complete: json.complete,
      items,
      kind: f.kind,
      variant: f.variant,
      authorityName: json.complete ? json.local_authority.replace(/\s*\(.*\)$/, "") : undefined,
      startDate: f.start,
      endDate: f.end,
      publishedAt: f.publishedInText,
      letterDate: f.letterDate,
      judgements: json.complete
        ? json.judgements.map((j) => ({ area: printedArea(j.area), gradeText: j.grade }))
        : null,
      mustNotExtract: json.previous_areas_restated ?? [],
    };
  });
}

/** The seed documents behind the demo data (001 is a scrutiny report, not an inspection). */
const SEED_FILES: Record<string, { file: string; authorityName: string | null }> = {
  "leeds-ilacs-2018": { file: "000_177fc699a9243c07", authorityName: "Leeds" },
  "leeds-unannounced-2011": { file: "002_2ca07d9bfe8834c0", authorityName: "Leeds City Council" },
  // The stored text starts at the judgement table: no title, so no authority name to read.
  "kirklees-ilacs-2019": { file: "003_6741204d0f622c89", authorityName: null },
  "leicester-sif-2017": { file: "004_11c695456367b2f4", authorityName: "Leicester City Council" },
};

export function seedExpectations(): Expectation[] {
  const inspections: DemoInspection[] = DEMO_AUTHORITIES.flatMap((a) => [...a.inspections]);
  return inspections.map((ins) => {
    const seed = SEED_FILES[ins.key];
    if (!seed) throw new Error(`No seed text for ${ins.key}`);
    // Fields the text does not print came from Ofsted's listing: the reader must not invent them.
    const printed = <T>(field: "title" | "dates" | "publishedAt" | "leadInspector", value: T): T | null =>
      ins.notFromSourceText.includes(field) ? null : value;
    return {
      name: `seed ${seed.file} (${ins.key})`,
      textPath: path.join(SEEDS_DIR, `${seed.file}.txt`),
      pdfPath: null,
      complete: true,
      items: ins.items.map((item) => ({
        text: item.text,
        kind: item.kind,
        // The demo data numbers unnumbered items "R1", "R2", …; the reader reports that they have no printed number.
        reference: /^R\d+$/.test(item.reference) ? null : item.reference,
        addressedTo: item.addressedTo === "local authority" ? "council" : null,
        ...(item.timescale ? { timescale: item.timescale } : {}),
      })),
      kind: ins.type,
      authorityName: seed.authorityName,
      title: printed("title", ins.title),
      startDate: printed("dates", ins.startDate),
      endDate: printed("dates", ins.endDate),
      publishedAt: printed("publishedAt", ins.publishedAt),
      letterDate: ins.letterDate,
      leadInspector: printed("leadInspector", ins.leadInspector),
      judgements: ins.judgements.map((j) => ({ area: j.area, gradeText: j.gradeText, grade: j.grade })),
      mustNotExtract: [],
    };
  });
}

export const normaliseWhitespace = (s: string) => s.replace(/\s+/g, " ").trim();
