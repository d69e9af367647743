/**
 * The report reader: the text of an Ofsted report (from a PDF or pasted) →
 * structured data for the review screen. Pure: no Node-only imports and no
 * database, so the UI, the server and the command line share it.
 *
 * It never throws and never guesses: when the report has no section listing
 * what must improve, it says so (`notFound`) instead of inventing items.
 */
import type { InspectionType, RecommendationKind } from "../types";
import { findBodyRecommendations, findItemSections, type RawItem } from "./items";
import { readJudgements, type Judgement } from "./judgements";
import { readFacts } from "./metadata";
import { buildTextModel, TERMINAL_PUNCTUATION, type TextModel } from "./text-model";

export type { Judgement } from "./judgements";

/** Who an item is addressed to, where the report says. */
export type AddressedTo = "council" | "partnership" | "health" | "police" | "lscb";

export const ADDRESSED_TO_LABELS: Record<AddressedTo, string> = {
  council: "The council (local authority)",
  partnership: "The partnership",
  health: "Health (ICB, NHS trusts)",
  police: "The police",
  lscb: "The Local Safeguarding Children Board",
};

export type ReadItem = {
  /** Verbatim text: wrapped lines joined, page furniture and bullet glyphs removed. Sub-bullets and second paragraphs are on new lines. */
  text: string;
  kind: RecommendationKind;
  /** The printed number or label (SIF items: the report's paragraph number), else null. */
  reference: string | null;
  addressedTo: AddressedTo | null;
  /** The addressee as printed, where the report prints one (area SEND "Responsible body" column). */
  addressedToText: string | null;
  /** Timescale group as printed ("Immediately", "Within three months"). */
  timescale: string | null;
  /** The sub-heading the item sits under, where printed. */
  subheading: string | null;
  confidence: "high" | "low";
  /** Why the reader is unsure (only when confidence is "low"). */
  reason: string | null;
  /** The text ends partway through this item. */
  truncated: boolean;
  /** 0-based line range of the item in the normalised text (lines split on "\n" and "\f"). */
  sourceLines: { first: number; last: number };
};

export type BodyRecommendation = {
  /** The paragraph number, e.g. "20". */
  reference: string | null;
  /** The paragraph, without its "(Recommendation)" marker. */
  text: string;
};

export type ReadResult = {
  kind: InspectionType;
  /** Finer description: "ilacs_standard", "sif_with_lscb", "lac_inspection_2013", "jar_progress_2009", "board_report", "action_plan", "unknown", … */
  variant: string;
  title: string | null;
  authorityName: string | null;
  /** ISO yyyy-mm-dd. */
  startDate: string | null;
  endDate: string | null;
  datesAsPrinted: string | null;
  /** Printed "Report published"/"Published" date. */
  publishedAt: string | null;
  /** The date a letter is dated (focused visits, JTAIs, unannounced-inspection letters). */
  letterDate: string | null;
  leadInspector: string | null;
  judgements: Judgement[];
  items: ReadItem[];
  /** SIF body paragraphs marked "(Recommendation)"; they point back at the numbered list and are not extra items. */
  bodyRecommendations: BodyRecommendation[];
  /** No section listing what must improve was found. */
  notFound: boolean;
  /** Plain-language reason when `notFound`. */
  notFoundReason: string | null;
  /** The text seems to be cut off before the document's end. */
  truncated: boolean;
  /** Some items may be missing or incomplete (the text ends inside the item sections). */
  partial: boolean;
  /** Other things the reviewer should know. */
  warnings: string[];
};

const CLOSING =
  /^(?:yours sincerely|© ?crown copyright|crown copyright|(?:her|his) majesty['’]s (?:chief )?inspector|record of main findings|www\.gov\.uk\/ofsted|w: ?www\.|the office for standards in education)/i;

/** Does the text look cut off? It ends mid-sentence and has none of the usual closing matter near its end. */
function looksTruncated(model: TextModel): boolean {
  const n = model.content.length;
  if (n === 0) return false;
  for (let k = n - 1; k >= Math.max(0, n - 40); k--)
    if (CLOSING.test(model.lines[model.content[k]!]!.text)) return false;
  const last = model.lines[model.content[n - 1]!]!.text;
  if (TERMINAL_PUNCTUATION.test(last)) return false;
  return true;
}

const ADDRESSEES: ReadonlyArray<readonly [RegExp, AddressedTo]> = [
  [/safeguarding children board|\blscb\b|\b[a-z]scb\b/i, "lscb"],
  [/children['’]s trust|\bpartners?\b|partnership/i, "partnership"],
  [/police|constabulary/i, "police"],
  [/\bnhs\b|health|\bicb\b|\bccg\b|clinical commissioning|trusts?\b/i, "health"],
  [/council|local authority|children['’]s services?/i, "council"],
];

/** "The Metropolitan Police Service should …" → police. Only for items that name their addressee. */
function addresseeFromSubject(text: string): AddressedTo | null {
  const m = /^The ([^,.;:]{2,80}?) (?:should|must|needs? to|to)\b/.exec(text);
  if (!m) return null;
  for (const [re, who] of ADDRESSEES) if (re.test(m[1]!)) return who;
  return null;
}

function addresseeFromText(printed: string): AddressedTo | null {
  const council = /council|local authority/i.test(printed);
  const health = /\bnhs\b|\bicb\b|health|integrated care/i.test(printed);
  if (council && health) return "partnership";
  for (const [re, who] of ADDRESSEES) if (re.test(printed)) return who;
  return null;
}

function toItem(raw: RawItem, kind: InspectionType): ReadItem {
  let addressedTo: AddressedTo | null = null;
  if (raw.context === "lscb") addressedTo = "lscb";
  else if (raw.addressedToText) addressedTo = addresseeFromText(raw.addressedToText);
  else addressedTo = addresseeFromSubject(raw.text) ?? (raw.context === "council" ? "council" : null);
  if (!addressedTo && (kind === "jtai" || kind === "send_area")) addressedTo = "partnership";
  return {
    text: raw.text,
    kind: raw.kind,
    reference: raw.reference,
    addressedTo,
    addressedToText: raw.addressedToText,
    timescale: raw.timescale,
    subheading: raw.subheading,
    confidence: raw.lowConfidenceReason ? "low" : "high",
    reason: raw.lowConfidenceReason,
    truncated: raw.truncated,
    sourceLines: { first: raw.firstLine, last: raw.lastLine },
  };
}

export function readReport(text: string): ReadResult {
  const model = buildTextModel(typeof text === "string" ? text : "");
  const warnings: string[] = [];
  if (model.cut) warnings.push("The text is very long; only its first 2,000,000 characters were read.");

  const empty = model.content.length === 0;
  const truncated = !empty && looksTruncated(model);
  const facts = readFacts(model);
  const judgements = readJudgements(model);
  const { items: rawItems, headingsFound, reachesEnd } = findItemSections(model, truncated);
  const items = rawItems.filter((i) => i.text.trim() !== "").map((i) => toItem(i, facts.documentKind));
  const bodyRecommendations = findBodyRecommendations(model).map(({ reference, text }) => ({ reference, text }));

  let notFoundReason: string | null = null;
  if (items.length === 0) {
    if (empty) notFoundReason = "The text is empty: there is nothing to read.";
    else if (headingsFound.some((h) => h.saysNone) && !headingsFound.some((h) => !h.saysNone && !h.empty && h.kind))
      notFoundReason =
        "The report says there are no items to act on (for example, no priority actions), and no other list of improvements was found.";
    else if (truncated)
      notFoundReason =
        "No list of what needs to improve was found, and the text seems to be cut off, so the list may be in the missing part. Add the items by hand or use the complete report.";
    else if (facts.variant === "board_report" || facts.variant === "action_plan")
      notFoundReason =
        "This looks like a council document about an inspection, not an Ofsted report. No Ofsted list of what needs to improve was found; add the items by hand if needed.";
    else if (facts.documentKind === "monitoring_visit")
      notFoundReason =
        "Monitoring visit letters review progress on earlier findings and do not set new items. No list of what needs to improve was found.";
    else
      notFoundReason =
        "No section listing what needs to improve was found (no “What needs to improve”, “Recommendations”, “Areas for improvement”, “Areas for priority action” or “Areas for development” heading). Add the items by hand.";
  }
  if (facts.yearInferred)
    warnings.push("The inspection dates are printed without a year; the year was taken from the letter's date.");
  if (items.some((i) => i.confidence === "low"))
    warnings.push("Some items are marked as uncertain: check them against the source text.");

  return {
    kind: facts.documentKind,
    variant: facts.variant,
    title: facts.title,
    authorityName: facts.authorityName,
    startDate: facts.startDate,
    endDate: facts.endDate,
    datesAsPrinted: facts.datesAsPrinted,
    publishedAt: facts.publishedAt,
    letterDate: facts.letterDate,
    leadInspector: facts.leadInspector,
    judgements,
    items,
    bodyRecommendations,
    notFound: items.length === 0,
    notFoundReason,
    truncated,
    partial: items.some((i) => i.truncated) || (truncated && reachesEnd),
    warnings,
  };
}
