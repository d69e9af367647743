/**
 * Building blocks for reading item lists: a view over a text's content lines,
 * the rule that decides where a paragraph ends, and the item under
 * construction. Pure.
 */
import type { RecommendationKind } from "../types";
import { joinWrapped, lineMarker, TERMINAL_PUNCTUATION, type Line, type Marker, type TextModel } from "./text-model";

export type RawItem = {
  kind: RecommendationKind;
  /** Printed number or label, if any. */
  reference: string | null;
  text: string;
  /** Printed responsible body (SEND tables). */
  addressedToText: string | null;
  /** The part of the report the item sits in (SIF: the local authority or the LSCB). */
  context: "council" | "lscb" | null;
  timescale: string | null;
  subheading: string | null;
  lowConfidenceReason: string | null;
  /** The text ends inside this item. */
  truncated: boolean;
  /** Index of the item's first line in the text model (for showing it beside the source). */
  firstLine: number;
  lastLine: number;
};

/** A view over the content lines (no blanks, no furniture). */
export class Content {
  readonly n: number;
  readonly width: number;
  constructor(
    readonly model: TextModel,
    readonly truncatedText: boolean,
  ) {
    this.n = model.content.length;
    this.width = documentWidth(model);
  }
  line(p: number): Line {
    return this.model.lines[this.model.content[p]!]!;
  }
  text(p: number): string {
    return p >= 0 && p < this.n ? this.line(p).text : "";
  }
  /** What separates content line p from line p+1: an empty line, a page break or furniture, or nothing. */
  gapAfter(p: number): "blank" | "page" | "none" {
    if (p + 1 >= this.n) return "page";
    const a = this.model.content[p]!;
    const b = this.model.content[p + 1]!;
    const la = this.model.lines[a]!;
    const lb = this.model.lines[b]!;
    if (la.page !== lb.page) return "page";
    let blank = false;
    for (let i = a + 1; i < b; i++) {
      const l = this.model.lines[i]!;
      if (l.furniture) return "page";
      blank = true;
    }
    return blank ? "blank" : "none";
  }
}

export const firstWord = (s: string) => s.split(" ", 1)[0] ?? "";
export const startsLower = (s: string) => /^[a-z]/.test(s);

/**
 * The length of a full line of body text in this document: the longest line
 * that is not an outlier (long boilerplate in small print, tables).
 */
function documentWidth(model: TextModel): number {
  const lens: number[] = [];
  const step = Math.max(1, Math.floor(model.content.length / 4000));
  for (let k = 0; k < model.content.length; k += step) {
    const len = model.lines[model.content[k]!]!.text.length;
    if (len >= 20) lens.push(len);
  }
  if (lens.length === 0) return 80;
  lens.sort((a, b) => a - b);
  const p90 = lens[Math.floor(lens.length * 0.9)] ?? lens[lens.length - 1]!;
  const max = lens.filter((l) => l <= p90 * 1.08).pop() ?? p90;
  return Math.max(max, 30);
}

export type Builder = {
  marker: Marker;
  parts: string[];
  first: number;
  last: number;
  lowReason: string | null;
  subheading: string | null;
  timescale: string | null;
  addressedToText: string | null;
};

/**
 * Does content line p end its paragraph? Uses, in order: an empty line, the
 * next line starting a bullet or number, and the width rule (a line that
 * ends a sentence and had room for the next word ended its paragraph).
 */
export function endsParagraph(c: Content, p: number, width: number, opts: { letterBullets: boolean }): boolean {
  if (p + 1 >= c.n) return true;
  const cur = c.text(p);
  const next = c.text(p + 1);
  const gap = c.gapAfter(p);
  if (lineMarker(next, opts) && !startsLower(next)) return true;
  if (startsLower(next) && !TERMINAL_PUNCTUATION.test(cur)) return false;
  if (gap === "blank" && !startsLower(next)) return true;
  if (gap === "blank" && TERMINAL_PUNCTUATION.test(cur)) return true;
  const room = cur.length + 1 + firstWord(next).length <= width * 0.9;
  if (TERMINAL_PUNCTUATION.test(cur) && room && !startsLower(next)) return true;
  if (/[)”’"]$/.test(cur) && room && !startsLower(next)) return true;
  // A clearly short line that is not a sentence's middle.
  if (cur.length < width * 0.6 && !startsLower(next) && !/[,(]$/.test(cur)) return true;
  return false;
}

/** Is p followed (after a lead-in or sub-heading line) by a bulleted or numbered line? */
export function nextHasMarker(c: Content, p: number, opts: { letterBullets: boolean }): boolean {
  return p + 1 < c.n && lineMarker(c.text(p + 1), opts) !== null;
}

export function finish(b: Builder, kind: RecommendationKind, context: RawItem["context"], c: Content): RawItem {
  const text = b.parts.join("").trim();
  const truncated = c.truncatedText && b.last >= c.n - 1;
  return {
    kind,
    reference: b.marker?.type === "number" ? b.marker.label : null,
    text,
    addressedToText: b.addressedToText,
    context,
    timescale: b.timescale,
    subheading: b.subheading,
    lowConfidenceReason: truncated ? "The text ends partway through this item." : b.lowReason,
    truncated,
    firstLine: c.model.content[b.first]!,
    lastLine: c.model.content[b.last]!,
  };
}

/** Appends a wrapped line to an item: no space after a hyphen, one space otherwise. */
export function appendLine(b: Builder, text: string) {
  const last = b.parts.length ? b.parts[b.parts.length - 1]! : "";
  if (last === "" || last.endsWith("\n")) b.parts.push(text);
  else b.parts.push(joinWrapped(["x" + last.slice(-1), text]).slice(2));
}

export type SectionResult = { items: RawItem[]; end: number; saysNone: boolean };
