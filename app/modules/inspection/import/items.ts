/**
 * Finds the sections of a report that list what the authority must improve
 * and splits them into items. The rules follow the reports' structure:
 * headings start a section, bullets/paragraph numbers/table rows/paragraphs
 * make items, and the list ends at the next heading or at prose that is not
 * an item. Pure.
 */
import type { RecommendationKind } from "../types";
import { parseBodyTable } from "./body-table";
import {
  contextHeading,
  headingText,
  improvementHeading,
  isClosingSentence,
  isHeadingLike,
  isNoItemsStatement,
  isSectionHeading,
  isStopHeading,
  timescaleHeading,
} from "./headings";
import {
  appendLine,
  Content,
  endsParagraph,
  finish,
  firstWord,
  nextHasMarker,
  startsLower,
  type Builder,
  type RawItem,
  type SectionResult,
} from "./paragraphs";
import { joinWrapped, lineMarker, TERMINAL_PUNCTUATION, type Marker, type TextModel } from "./text-model";

export type { RawItem } from "./paragraphs";

export type SectionsResult = {
  items: RawItem[];
  /** The last item section runs to the end of the text (items after the cut may be missing). */
  reachesEnd: boolean;
  /** Headings found that introduce items (also when their section turned out empty). */
  headingsFound: { kind: RecommendationKind; text: string; line: number; empty: boolean; saysNone: boolean }[];
};

function letterBulletsAhead(c: Content, p: number): boolean {
  let count = 0;
  for (let q = p; q < Math.min(c.n, p + 14); q++) {
    const m = lineMarker(c.text(q), { letterBullets: true });
    if (m?.type === "bullet" && m.letter) count++;
    else if (m) return false;
  }
  return count >= 2;
}

/** An unbulleted paragraph that can be an item: a sentence, not a contents line ("Recommendations 8") or a label. */
const looksLikeItemStart = (text: string) => text.split(" ").length >= 5 || TERMINAL_PUNCTUATION.test(text);

/**
 * Parses one section, starting at its heading (content position `h`).
 * Returns its items and the position where scanning should continue.
 */
function parseSection(c: Content, h: number, kind: RecommendationKind, context: RawItem["context"]): SectionResult {
  const headKey = headingText(c.text(h))
    .replace(/[?:.]$/, "")
    .toLowerCase();
  let p = h + 1;
  // The heading printed twice (section heading + table header), or repeated as a numbered paragraph.
  while (
    p < c.n &&
    headingText(c.text(p))
      .replace(/[?:.]$/, "")
      .toLowerCase() === headKey
  )
    p++;
  if (p < c.n && /^responsible body\b/i.test(c.text(p))) return parseBodyTable(c, p + 1, kind, context);
  if (p < c.n && isNoItemsStatement(c.text(p))) return { items: [], end: p + 1, saysNone: true };

  const letterBullets = letterBulletsAhead(c, p);
  const opts = { letterBullets };
  const width = c.width;
  const headingLike = (q: number) => isHeadingLike(c.text(q), width, c.text(q + 1));
  /** The last line of the paragraph starting at q (lead-ins are short: at most 12 lines are looked at). */
  const paragraphEnd = (q: number) => {
    let e = q;
    while (e < c.n - 1 && e - q < 12 && !endsParagraph(c, e, width, opts)) e++;
    return e;
  };
  const items: RawItem[] = [];
  let mode: "bullet" | "number" | "paragraph" | null = null;
  let allowSubheadings = false;
  let subheading: string | null = null;
  let timescale: string | null = null;
  let cur = null as Builder | null;
  let curEnded = false;
  let prevSubBullet = false;
  let lastLabel = 0;
  let listStyle: "digit" | "letter" | null = null;
  let paragraphOpener: string | null = null;
  /** The last paragraph break came from the "same opening word" rule only. */
  let pendingParallel = false;

  const close = () => {
    if (cur && cur.parts.length) items.push(finish(cur, kind, context, c));
    cur = null;
  };
  const open = (marker: Marker, body: string, at: number, lowReason: string | null = null) => {
    close();
    cur = {
      marker,
      parts: [body],
      first: at,
      last: at,
      lowReason,
      subheading,
      timescale,
      addressedToText: null,
    };
    prevSubBullet = false;
  };

  for (; p < c.n; p++) {
    const text = c.text(p);
    const line = c.line(p);
    const marker = lineMarker(text, opts);
    const atBoundary = cur === null || curEnded;

    // Headings end the section (the scan continues from them).
    if (!marker && improvementHeading(text)) break;
    if (contextHeading(text) && atBoundary) break;
    // The previous line ended a sentence (or a bracketed tag such as "(outcome 4, national framework)").
    const prevSentenceEnded = p > 0 && (TERMINAL_PUNCTUATION.test(c.text(p - 1)) || /[)”’"]$/.test(c.text(p - 1)));
    if (!marker && (atBoundary || prevSentenceEnded) && isClosingSentence(text)) break;
    if (!marker && headingLike(p) && (atBoundary || prevSentenceEnded)) {
      if (isStopHeading(text)) break;
      // A section heading ends the list unless the list is grouped under such sub-headings.
      const asSubheading = nextHasMarker(c, p, opts) && (allowSubheadings || (cur === null && items.length === 0));
      if (isSectionHeading(text) && !asSubheading) break;
    }

    const ts = !marker ? timescaleHeading(text) : null;
    if (ts && atBoundary) {
      close();
      timescale = ts;
      curEnded = true;
      continue;
    }

    if (marker?.type === "bullet") {
      const b: Builder | null = cur;
      const mainGlyph = b?.marker?.type === "bullet" ? b.marker.glyph : null;
      const leadsSubList = b !== null && ((b.parts[b.parts.length - 1] ?? "").trimEnd().endsWith(":") || prevSubBullet);
      if (b && leadsSubList && (mode !== "bullet" || (marker.glyph !== mainGlyph && !marker.letter))) {
        // A sub-list inside an item.
        b.parts.push(`\n• ${marker.body}`);
        b.last = p;
        prevSubBullet = true;
        curEnded = endsParagraph(c, p, width, opts);
        continue;
      }
      if (mode === null) mode = "bullet";
      if (mode !== "bullet") break;
      open(marker, marker.body, p);
      curEnded = endsParagraph(c, p, width, opts);
      continue;
    }

    if (marker?.type === "number" && cur !== null && listStyle !== null && marker.style !== listStyle) {
      // A differently numbered sub-list inside an item ("1. Ensure that: (a) … (b) …"): kept, label and all, on a new line.
      const b: Builder = cur;
      b.parts.push(`\n${text}`);
      b.last = p;
      curEnded = endsParagraph(c, p, width, opts);
      continue;
    }
    if (marker?.type === "number") {
      const label = marker.ordinal;
      if (mode === null) {
        // A numbered paragraph directly followed by bullets or timescale groups is a lead-in ("28. In order to improve … the local authority should take the following action.").
        const q = paragraphEnd(p);
        const after = c.text(q + 1);
        const leadIn = Array.from({ length: q - p + 1 }, (_, i) => c.text(p + i)).join(" ");
        if (
          timescaleHeading(after) ||
          (lineMarker(after, opts)?.type === "bullet" && /\b(?:following|as follows)\b/i.test(leadIn))
        ) {
          p = q;
          curEnded = true;
          continue;
        }
        mode = "number";
      }
      if (
        mode === "number" &&
        (items.length === 0 && cur === null ? true : label === lastLabel + 1 && marker.style === listStyle)
      ) {
        lastLabel = label;
        listStyle = marker.style;
        open(marker, marker.body, p);
        curEnded = endsParagraph(c, p, width, opts);
        continue;
      }
      if (atBoundary) break;
      // A number inside an item's text ("… 2. …" wrapped to a line start): continuation.
    }

    // A line without a marker.
    if (cur === null) {
      if (mode === null && isNoItemsStatement(text)) return { items, end: p + 1, saysNone: true };
      if (headingLike(p) && nextHasMarker(c, p, opts) && !TERMINAL_PUNCTUATION.test(text)) {
        if (items.length > 0 && !allowSubheadings) break;
        allowSubheadings = true;
        subheading = text;
        curEnded = true;
        continue;
      }
      if (mode === null) {
        // A lead-in sentence before the list ("… address the following areas of weakness in:").
        const q = paragraphEnd(p);
        const after = c.text(q + 1);
        if (lineMarker(after, opts) || timescaleHeading(after)) {
          p = q;
          curEnded = true;
          continue;
        }
        // Otherwise the items are plain paragraphs (area SEND "Areas for improvement").
        if (headingLike(p) || !looksLikeItemStart(text)) break;
        mode = "paragraph";
        paragraphOpener = firstWord(text);
        open(null, text, p);
        curEnded = endsParagraph(c, p, width, opts);
        continue;
      }
      if (mode === "paragraph" && !headingLike(p) && looksLikeItemStart(text)) {
        open(null, text, p);
        curEnded = endsParagraph(c, p, width, opts);
        continue;
      }
      break;
    }

    const b: Builder = cur;
    if (!curEnded || (startsLower(text) && !TERMINAL_PUNCTUATION.test(c.text(p - 1)))) {
      // Continuation of the item (or of its last sub-bullet).
      if (prevSubBullet && /^[A-Z]/.test(text) && TERMINAL_PUNCTUATION.test(c.text(p - 1))) {
        b.parts.push(`\n${text}`);
        prevSubBullet = false;
      } else appendLine(b, text);
      b.last = p;
      curEnded = endsParagraph(c, p, width, opts);
      if (
        mode === "paragraph" &&
        !curEnded &&
        paragraphOpener &&
        TERMINAL_PUNCTUATION.test(text) &&
        firstWord(c.text(p + 1)) === paragraphOpener
      ) {
        // Unbulleted items usually open the same way ("Leaders across the partnership should …").
        curEnded = true;
        pendingParallel = true;
      }
      continue;
    }
    // The item has ended and this line has no marker.
    if (startsLower(text)) {
      appendLine(b, text);
      b.last = p;
      curEnded = endsParagraph(c, p, width, opts);
      continue;
    }
    if (headingLike(p) && nextHasMarker(c, p, opts) && allowSubheadings) {
      close();
      subheading = text;
      continue;
    }
    if (mode === "bullet" && line.indented && !headingLike(p) && /^[A-Z]/.test(text)) {
      // A bullet glyph lost in extraction: an indented item after the previous one ended.
      open(
        { type: "bullet", glyph: "", body: text, letter: false },
        text,
        p,
        "No bullet was found before this item; check that it is a separate item.",
      );
      curEnded = endsParagraph(c, p, width, opts);
      continue;
    }
    if (mode === "paragraph" && !headingLike(p) && looksLikeItemStart(text)) {
      const reason = pendingParallel ? "The items are not bulleted or numbered; check where this item starts." : null;
      pendingParallel = false;
      open(null, text, p, reason);
      curEnded = endsParagraph(c, p, width, opts);
      continue;
    }
    break;
  }
  close();
  return { items, end: p, saysNone: false };
}

export function findItemSections(model: TextModel, truncatedText: boolean): SectionsResult {
  const c = new Content(model, truncatedText);
  const items: RawItem[] = [];
  const headingsFound: SectionsResult["headingsFound"] = [];
  let context: RawItem["context"] = null;
  let reachesEnd = false;
  let p = 0;
  while (p < c.n) {
    const text = c.text(p);
    const ctx = contextHeading(text);
    if (ctx) context = ctx;
    const kind = improvementHeading(text);
    if (kind && !lineMarker(text)) {
      const r = parseSection(c, p, kind, context);
      headingsFound.push({ kind, text, line: model.content[p]!, empty: r.items.length === 0, saysNone: r.saysNone });
      items.push(...r.items);
      if (r.end >= c.n) reachesEnd = true;
      p = Math.max(r.end, p + 1);
      continue;
    }
    p++;
  }
  return { items, headingsFound, reachesEnd };
}

/** SIF body paragraphs that end with "(Recommendation)": they point back at the numbered list. */
export function findBodyRecommendations(model: TextModel): { reference: string | null; text: string; line: number }[] {
  const c = new Content(model, false);
  const out: { reference: string | null; text: string; line: number }[] = [];
  let prevEnd = -1;
  for (let p = 0; p < c.n; p++) {
    const text = c.text(p);
    if (text.length > 20_000 || !/\(Recommendations?\)\.?$/.test(text)) continue;
    let q = p;
    while (q > prevEnd + 1 && p - q < 60) {
      if (lineMarker(c.text(q))?.type === "number") break;
      const above = c.text(q - 1);
      if (isHeadingLike(above) && !/[a-z,]$/.test(above)) break;
      q--;
    }
    const first = lineMarker(c.text(q));
    const parts = Array.from({ length: p - q + 1 }, (_, i) => c.text(q + i));
    if (first?.type === "number") parts[0] = first.body;
    const joined = joinWrapped(parts)
      .replace(/\s*\(Recommendations?\)\.?$/, "")
      .trim();
    if (joined !== "")
      out.push({ reference: first?.type === "number" ? first.label : null, text: joined, line: model.content[q]! });
    prevEnd = p;
  }
  return out;
}
