/**
 * The report reader's view of a text: normalised characters, lines with
 * their page, and which lines are page furniture (running headers and
 * footers, page numbers, letterhead address blocks). Pure: no Node imports.
 */

import { improvementHeading } from "./headings";

/** Texts longer than this are cut (a long SIF report is about 120,000 characters). */
export const MAX_TEXT_CHARS = 2_000_000;

export type Line = {
  /** Index in `TextModel.lines`. */
  index: number;
  /** The line with whitespace runs collapsed and trimmed; tabs become spaces. */
  text: string;
  /** The line as given (trailing whitespace removed), tabs kept. */
  raw: string;
  /** 0-based page (pages are separated by form feeds). */
  page: number;
  /** The line started with whitespace (a bullet glyph may have been lost). */
  indented: boolean;
  /** Running header/footer, page number or letterhead: never part of an item. */
  furniture: boolean;
};

export type TextModel = {
  lines: Line[];
  /** Indexes of the lines that are neither empty nor furniture, in order. */
  content: number[];
  pageCount: number;
  /** The input was longer than MAX_TEXT_CHARS and was cut. */
  cut: boolean;
};

// Windows-1252 characters that arrive as C1 control codes when a PDF's text
// was decoded as Latin-1 (U+0083 is the Wingdings bullet seen as "ƒ").
const C1_MAP: Record<string, string> = {
  "\u0082": "‚",
  "\u0083": "ƒ",
  "\u0084": "„",
  "\u0085": "…",
  "\u0091": "‘",
  "\u0092": "’",
  "\u0093": "“",
  "\u0094": "”",
  "\u0095": "•",
  "\u0096": "–",
  "\u0097": "—",
};

/** Character-level clean-up applied before anything else. */
export function normaliseText(input: string): { text: string; cut: boolean } {
  let text = typeof input === "string" ? input : String(input ?? "");
  let cut = false;
  if (text.length > MAX_TEXT_CHARS) {
    text = text.slice(0, MAX_TEXT_CHARS);
    cut = true;
  }
  text = text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    // Markup left in text copied from web pages.
    .replace(/<\/?[A-Za-z][A-Za-z0-9]{0,15}(?:\s[^<>\n]{0,200})?\/?>/g, "")
    .replace(/<\/?[A-Za-z]{0,15}\s*$/, "")
    .replace(
      /&(nbsp|amp|lt|gt|quot|#39|rsquo|lsquo|ldquo|rdquo);/g,
      (_m, e: string) =>
        ({
          nbsp: " ",
          amp: "&",
          lt: "<",
          gt: ">",
          quot: '"',
          "#39": "'",
          rsquo: "’",
          lsquo: "‘",
          ldquo: "“",
          rdquo: "”",
        })[e] ?? " ",
    )
    .replace(/[\u0080-\u009F]/g, (c) => C1_MAP[c] ?? "")
    .replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, " ")
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, "")
    // Other control characters (keep \t, \n, \f).
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/g, "");
  return { text, cut };
}

const PAGE_NUMBER = /^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$/i;

/** Contact lines of a letterhead or address block. */
const CONTACT_LINE =
  /^(?:(?:T|F|Tel|Fax|Direct T|Direct F|Direct line|Textphone|Minicom|Switchboard)\b[:.]?\s*\+?[\d() ]{7,}.*|(?:E|Email|W|Web)?:?\s*\S+@\S+\.\S+.*|(?:W:\s*)?(?:www\.|https?:\/\/)\S+(?:\s+\S+@\S+)?)$/i;
const POSTCODE_END = /(?:^|\s)[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}$/;

/** A flattened two-column letterhead: "Freshford House T 0300 1231231 Direct T 0117 9456333". */
const CONTACT_TOKEN = /\S+@\S+\.[A-Za-z]{2,}|\bwww\.\S+|\b(?:T|F|Tel|Fax|Direct T|Direct F)\s*:?\s*0\d{3,4}\s?\d{3}/;
const PROSE = /\b[a-z]+ [a-z]+ [a-z]+ [a-z]+\b|[a-z]\. [A-Z]/;

function isContactLine(text: string): boolean {
  if (text.length > 200) return false;
  if (text.length <= 120 && CONTACT_LINE.test(text)) return true;
  if (text.length <= 45 && POSTCODE_END.test(text)) return true;
  return CONTACT_TOKEN.test(text) && !PROSE.test(text);
}

/** A short address line ("Piccadilly Gate", "Store Street", "Ofsted"). */
function isAddressLine(text: string): boolean {
  return text.length <= 40 && /^[A-Z0-9]/.test(text) && !/[.;:?!]$/.test(text) && text.split(" ").length <= 6;
}

/** Key under which running headers/footers repeat: page numbers at either end removed. */
function runningKey(text: string): string {
  return text
    .replace(/\s+\d{1,3}$/, "")
    .replace(/^\d{1,3}\s+/, "")
    .toLowerCase();
}

export function buildTextModel(input: string): TextModel {
  const { text, cut } = normaliseText(input);
  const pages = text.split("\f");
  const lines: Line[] = [];
  pages.forEach((pageText, page) => {
    for (const rawLine of pageText.split("\n")) {
      const raw = rawLine.replace(/\s+$/, "");
      const t = raw.replace(/\s+/g, " ").trim();
      lines.push({
        index: lines.length,
        text: t,
        raw,
        page,
        indented: /^[ \t]/.test(raw) && t !== "",
        furniture: false,
      });
    }
  });

  // Page numbers.
  for (const l of lines) if (PAGE_NUMBER.test(l.text)) l.furniture = true;

  // Running headers and footers: the same line (page number aside) at the
  // top or bottom of several pages.
  if (pages.length >= 3) {
    const edge = new Map<number, Line[]>();
    for (const l of lines) {
      if (l.text === "" || l.furniture) continue;
      const list = edge.get(l.page) ?? [];
      list.push(l);
      edge.set(l.page, list);
    }
    const pagesByKey = new Map<string, Set<number>>();
    const edgeLines: Line[] = [];
    for (const list of edge.values()) {
      const picked = new Set([...list.slice(0, 3), ...list.slice(-3)]);
      for (const l of picked) {
        if (l.text.length > 150) continue;
        const key = runningKey(l.text);
        if (key.length < 6) continue;
        edgeLines.push(l);
        const set = pagesByKey.get(key) ?? new Set<number>();
        set.add(l.page);
        pagesByKey.set(key, set);
      }
    }
    // On most pages (a heading that happens to start two or three pages is not a running header).
    const needed = Math.max(pages.length >= 6 ? 3 : 2, Math.ceil(pages.length * 0.3));
    for (const l of edgeLines)
      if ((pagesByKey.get(runningKey(l.text))?.size ?? 0) >= needed && !improvementHeading(l.text)) l.furniture = true;
  } else {
    // No page breaks (text copied out of a PDF viewer): running headers and
    // footers still repeat, many times, as lines of several words that are not sentences.
    const byKey = new Map<string, Line[]>();
    let nonEmpty = 0;
    for (const l of lines) {
      if (l.text === "") continue;
      nonEmpty++;
      if (l.furniture || l.text.length > 150) continue;
      const key = runningKey(l.text);
      if (key.length < 12 || key.split(" ").length < 3 || TERMINAL_PUNCTUATION.test(key)) continue;
      const list = byKey.get(key) ?? [];
      list.push(l);
      byKey.set(key, list);
    }
    const needed = Math.max(4, Math.ceil(nonEmpty / 150));
    for (const list of byKey.values())
      if (list.length >= needed && !improvementHeading(list[0]!.text)) for (const l of list) l.furniture = true;
  }

  // Letterhead and address blocks: contact lines (phone, e-mail, web,
  // postcode) and the short address lines just above them.
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.furniture || l.text === "" || !isContactLine(l.text)) continue;
    l.furniture = true;
    let back = 0;
    for (let j = i - 1; j >= 0 && back < 5; j--) {
      const p = lines[j]!;
      if (p.text === "") continue;
      if (p.furniture) {
        if (isContactLine(p.text)) continue;
        break;
      }
      if (!isAddressLine(p.text)) break;
      p.furniture = true;
      back++;
    }
  }

  const content: number[] = [];
  for (const l of lines) if (l.text !== "" && !l.furniture) content.push(l.index);
  return { lines, content, pageCount: pages.length, cut };
}

// ---------------------------------------------------------------------------
// Markers at the start of a line
// ---------------------------------------------------------------------------

/**
 * Bullet glyphs seen in Ofsted reports and their copies: ◼ (2019 on), private
 * use Wingdings glyphs, •, ƒ (a mis-decoded Wingdings bullet), dashes in web
 * copies, and others a word processor may use.
 */
const BULLET_GLYPHS =
  "◼■□▪▫●○◦•‣∙·⁃➢➤►▶✓✔❖❑❒⮚ƒ\uF06E\uF0A7\uF0B7\uF0D8\uF0FC\uF076\uF0A8\uF06C\uF0B2\uF0E0\uF0D9\uF071";
const BULLET_RE = new RegExp(`^([${BULLET_GLYPHS}]|[-–*](?=\\s)|[\\uE000-\\uF8FF])\\s*`);
/** A single letter standing for a bullet glyph that was extracted as a letter ("B The quality…"). */
const LETTER_BULLET_RE = /^([B-HJ-Zb-hj-z])\s+(?=[A-Z‘'“"(])/;
/** "24. ", "10.However" (no space), "3) ", "(3) ". Not "2.1 Adoption performance". */
const NUMBERED_RE = /^(?:(\d{1,3})[.)]|\((\d{1,3})\))(?!\d)\s*(?=\S)/;
/** "(a) ", "b) ". */
const LETTERED_RE = /^(?:\(([a-z])\)|([a-z])\))\s+(?=\S)/;

export type Marker =
  | { type: "bullet"; glyph: string; body: string; letter: boolean }
  | {
      type: "number";
      /** As printed, without brackets or full stop: "24", "b". */
      label: string;
      /** Position in its sequence: 24, 2 for "b". */
      ordinal: number;
      style: "digit" | "letter";
      body: string;
    }
  | null;

export function lineMarker(text: string, opts: { letterBullets?: boolean } = {}): Marker {
  const b = BULLET_RE.exec(text);
  if (b) {
    const body = text.slice(b[0].length);
    if (body !== "") return { type: "bullet", glyph: b[1]!, body, letter: false };
  }
  if (opts.letterBullets) {
    const lb = LETTER_BULLET_RE.exec(text);
    if (lb) return { type: "bullet", glyph: lb[1]!, body: text.slice(lb[0].length), letter: true };
  }
  const n = NUMBERED_RE.exec(text);
  if (n) {
    const label = n[1] ?? n[2]!;
    return { type: "number", label, ordinal: Number(label), style: "digit", body: text.slice(n[0].length) };
  }
  const l = LETTERED_RE.exec(text);
  if (l) {
    const label = l[1] ?? l[2]!;
    return { type: "number", label, ordinal: label.charCodeAt(0) - 96, style: "letter", body: text.slice(l[0].length) };
  }
  return null;
}

// ---------------------------------------------------------------------------
// Joining lines into item text
// ---------------------------------------------------------------------------

/**
 * Joins wrapped lines as the fixtures' README describes: one space between
 * lines, none after a line that ends in a hyphen ("pre-" + "proceedings").
 */
export function joinWrapped(parts: readonly string[]): string {
  let out = "";
  for (const p of parts) {
    const t = p.trim();
    if (t === "") continue;
    if (out === "") out = t;
    else if (/[A-Za-z0-9]-$/.test(out) || out.endsWith("\n")) out += t;
    else out += " " + t;
  }
  return out;
}

export const TERMINAL_PUNCTUATION = /[.:;?!]["'’”)\]]*$/;
