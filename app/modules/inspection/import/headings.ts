/**
 * Headings of Ofsted reports that the reader acts on. Every pattern matches
 * a whole line (after a glued footnote marker and a paragraph number are
 * removed), so a heading's words inside a sentence ("the areas for priority
 * action identified in 2020") never count. Pure.
 */
import type { RecommendationKind } from "../types";

/** Removes a footnote marker glued to the end ("improve?1", "board1") and a leading paragraph number ("13. "). */
export function headingText(text: string): string {
  return text
    .replace(/^\d{1,3}\.\s*/, "")
    .replace(/([?:a-z’')])\d{1,2}$/, "$1")
    .trim();
}

const IMPROVEMENT_HEADINGS: ReadonlyArray<readonly [RegExp, RecommendationKind]> = [
  [
    /^what needs to improve(?: in this area of (?:social work )?practice| in this area)?\s*[?:.]?$/i,
    "improvement_item",
  ],
  [
    /^what (?:does|do) the (?:local authority|council|(?:local )?(?:area )?partnership|partners|local safeguarding children board|lscb|board) need to improve\s*\??$/i,
    "improvement_item",
  ],
  [/^areas? for priority actions?\s*:?$/i, "area_for_priority_action"],
  [/^priority (?:and immediate )?actions?\s*:?$/i, "area_for_priority_action"],
  [/^areas? for (?:further )?improvements?\s*:?$/i, "improvement_item"],
  [/^areas? for development\s*:?$/i, "area_for_development"],
  [/^recommendations?\s*:?$/i, "recommendation"],
  [/^priorities for (?:further )?improvement\s*:?$/i, "improvement_item"],
];

/** The kind of item a heading introduces, or null when the line is not such a heading. */
export function improvementHeading(text: string): RecommendationKind | null {
  if (text.length > 120) return null;
  const t = headingText(text);
  for (const [re, kind] of IMPROVEMENT_HEADINGS) if (re.test(t)) return kind;
  return null;
}

/** Headings of the lists and sections that follow item lists, including decoy lists (strengths, case studies). They always end a list. */
const STOP_HEADINGS = [
  /^(?:key |main |other )?strengths\b/i,
  /^case stud(?:y|ies)\b/i,
  /^next steps\b/i,
  /^(?:main |headline |key |inspection )?findings\b/i,
  /^(?:executive )?summary\b/i,
  /^information about\b/i,
  /^record of main findings\b/i,
  /^local area partnership details\b/i,
  /^what is it like\b/i,
  /^what does the (?:local )?(?:area )?partnership need to do better\b/i,
  /^about this inspection\b/i,
  /^contents$/i,
  /^yours sincerely\b/i,
  /^(?:section \d+:?\s*)?(?:the )?(?:effectiveness of the )?local safeguarding children board\b/i,
  /^inspection judgements?\b/i,
  /^what the inspection judgements? mean/i,
];

/** Report section headings. They end a list, except where the list itself is grouped under such sub-headings (JTAI "Leadership and management"). */
const SECTION_HEADINGS = [
  /^overview$/i,
  /^context$/i,
  /^the experiences and progress of\b/i,
  /^the impact of leaders\b/i,
  /^outcomes for\b/i,
  /^quality of provision\b/i,
  /^capacity to improve\b/i,
  /^leadership(?:,| and) management\b/i,
];

export function isStopHeading(text: string): boolean {
  if (text.length > 120) return false;
  const t = headingText(text);
  return STOP_HEADINGS.some((re) => re.test(t));
}

export function isSectionHeading(text: string): boolean {
  if (text.length > 120) return false;
  const t = headingText(text);
  return SECTION_HEADINGS.some((re) => re.test(t));
}

/** Sentences that close a letter's list of items ("Ofsted will take the findings from this focused visit into account…"). */
const CLOSING_SENTENCES = [
  /^Ofsted will (?:take|consider|continue|use)\b/,
  /^We (?:have notified|will be considering|will consider|will continue)\b/,
  /^Yours (?:sincerely|faithfully)\b/,
  /^Any areas for (?:development|improvement|priority action) identified (?:above|in this letter)\b/,
];

export function isClosingSentence(text: string): boolean {
  return text.length < 400 && CLOSING_SENTENCES.some((re) => re.test(text));
}

/** "Immediately:", "Within three months:", "In the longer term:" (2009-13 reports group items by timescale). */
const TIMESCALE_RE =
  /^(immediately|within (?:the next )?(?:\w+|\d+) (?:working )?(?:days?|weeks?|months?|years?)|in the (?:short|medium|longer?) term|longer term|by (?:the end of )?\w+ \d{4})\s*:?$/i;

export function timescaleHeading(text: string): string | null {
  if (text.length > 60) return null;
  const m = TIMESCALE_RE.exec(text.trim());
  return m ? m[1]!.replace(/^\w/, (c) => c.toUpperCase()) : null;
}

/** Who the part of the report that follows a heading is about (SIF reports have a local authority part and an LSCB part). */
export function contextHeading(text: string): "council" | "lscb" | null {
  if (text.length > 120 || /\s\d{1,3}$/.test(text)) return null;
  const t = headingText(text);
  if (/^(?:section \d+:?\s*)?the local authority$/i.test(t)) return "council";
  if (/^section \d+:?\s*(?:the )?(?:effectiveness of the )?local safeguarding\b/i.test(t)) return "lscb";
  if (/^(?:the )?local safeguarding children board(?: \(lscb\))?$/i.test(t)) return "lscb";
  return null;
}

/** A sentence saying the section is empty: "There are no priority actions following this focused visit." */
export function isNoItemsStatement(text: string): boolean {
  return (
    /^there (?:are|were|is) no\b.{0,80}\b(?:priority actions?|areas? for (?:priority action|improvement|development)|recommendations?)\b/i.test(
      text,
    ) ||
    /^no (?:areas? for (?:priority action|improvement|development)|priority actions?|recommendations?)\b.{0,80}\b(?:identified|made|raised|found)\b/i.test(
      text,
    )
  );
}

/**
 * A line shaped like a heading: starts with a capital, does not end a
 * sentence, and is clearly shorter than a full line of text (`width`) unless
 * the next line does not continue it.
 */
export function isHeadingLike(text: string, width = 100, next = ""): boolean {
  if (text.length === 0 || text.length > 100) return false;
  if (!/^[A-Z‘'“"(0-9]/.test(text)) return false;
  if (/[.;,]$/.test(text)) return false;
  if (text.split(" ").length > 14) return false;
  return text.length < width * 0.8 || !/^[a-z]/.test(next);
}
