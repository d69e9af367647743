/**
 * Recurring findings: which earlier recommendations of the same authority say
 * much the same thing as a newly imported one. Pure (no Node-only imports, no
 * database): the import review, the recommendation page and the reports all
 * call it with texts they have already loaded for one authority.
 *
 * Method: TF-IDF cosine similarity over stemmed words and word bigrams.
 *   1. Text -> terms. Lower-case; curly quotes straightened; possessive 's
 *      dropped; "(outcome 2, national framework)"-style cross-references
 *      removed; split on anything but letters and digits; numbers, single
 *      letters and English stop words dropped; the rest stemmed with the Porter
 *      stemmer ("discussions" -> "discuss", "agencies" -> "agenc"). The terms
 *      are those stems plus the bigrams of neighbouring stems
 *      ("strategi discuss"), so shared phrases count for more than shared words.
 *   2. Weights: sublinear term frequency (1 + ln tf) times smoothed inverse
 *      document frequency, idf = ln((1 + N) / (1 + df)) + 1. The documents
 *      for df are the new items, the earlier items and any `background` texts.
 *      Pass a background (the service can pass every recommendation text it
 *      holds: Ofsted reports are public, and only word counts are used): one
 *      authority's few items cannot tell that "care", "quality" or "children"
 *      appear in every report.
 *   3. Score: cosine of the L2-normalised vectors, 0..1. Long items (older
 *      letters write an area for development as a paragraph) are scored as a
 *      whole and sentence by sentence (sentences of 5+ content words), and the
 *      best pair counts, so one sentence on the same subject is not drowned
 *      by three on others.
 * A pair is a match when its score is at least `threshold`; matches come
 * sorted by score, best first. RECURRING_THRESHOLD is calibrated in
 * similarity.test.ts on the seed reports and the Ofsted fixtures.
 */
import { stemmer } from "stemmer";

/**
 * Default score at or above which an earlier item counts as "raised before".
 * On the seed and fixture reports (with their texts as background) the
 * hand-labelled "same finding" pairs score 0.137 and up, and the seed pairs on
 * different subjects 0.119 and below. See similarity.test.ts.
 */
export const RECURRING_THRESHOLD = 0.13;

/** A sentence with fewer content words than this is only scored as part of its item. */
const MIN_SENTENCE_WORDS = 5;

export interface NewItem {
  id?: string;
  text: string;
}

export interface EarlierItem {
  id: string;
  text: string;
  inspectionTitle: string;
  inspectionDate: Date | string;
}

export interface RecurringMatch {
  id: string;
  /** Cosine similarity, 0..1, rounded to 4 decimals. */
  score: number;
  inspectionTitle: string;
  inspectionDate: Date | string;
  text: string;
  /** The terms (stems and bigrams) that contribute most to the score, best first: a "why" hint. */
  sharedTerms: string[];
}

export interface RecurringResult {
  /** Index into `newItems`. */
  newIndex: number;
  /** `newItems[newIndex].id`, when given. */
  id?: string;
  /** Earlier items scoring at least the threshold, best first (ties keep the order of `earlier`). */
  matches: RecurringMatch[];
}

// ---------------------------------------------------------------------------
// Text -> terms
// ---------------------------------------------------------------------------

// A standard English stop-word list: function words only. No domain words, so
// that "health", "police" or "plans" are never discarded.
const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all am an and any are aren't as at be because been before being below between both " +
    "but by can cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had " +
    "hadn't has hasn't have haven't having he her here hers herself him himself his how i if in into is isn't it its itself " +
    "let's me more most mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own " +
    "same shan't she should shouldn't so some such than that the their theirs them themselves then there these they this " +
    "those through to too under until up very was wasn't we were weren't what when where which while who whom why will with " +
    "won't would wouldn't you your yours yourself yourselves also however may might must shall upon whether within without " +
    "via per etc across among amongst"
  )
    .split(" ")
    .flatMap((w) => [w, w.replace(/'/g, "")]),
);

// Cross-references that recent reports append to items, e.g. "(outcome 2, national framework)" or
// "(enabler 3, national framework)": they name a chapter of the national framework, not the finding.
const FRAMEWORK_TAG = /\([^()]*national framework\)/gi;

/** Porter stems of a text's content words, in order. */
export function stems(text: string): string[] {
  return text
    .replace(FRAMEWORK_TAG, " ")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/'s\b/g, "")
    .split(/[^a-z0-9']+/)
    .map((w) => w.replace(/'/g, ""))
    .filter((w) => w.length > 1 && !/^[0-9]+$/.test(w) && !STOP_WORDS.has(w))
    .map((w) => stemmer(w));
}

/** Terms of a text: its stems plus the bigrams of neighbouring stems. */
export function terms(text: string): string[] {
  const words = stems(text);
  const out = [...words];
  for (let i = 1; i < words.length; i++) out.push(`${words[i - 1]} ${words[i]}`);
  return out;
}

/** Splits a text into sentences at ., ; ! or ? followed by a capital, digit, quote or bracket. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.;!?])\s+(?=[A-Z0-9\u2018\u201c"'(])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The texts an item is scored by: the whole, plus its sentences when it has several substantial ones. */
function units(text: string): string[] {
  const parts = sentences(text).filter((p) => stems(p).length >= MIN_SENTENCE_WORDS);
  return parts.length > 1 ? [text, ...parts] : [text];
}

// ---------------------------------------------------------------------------
// TF-IDF
// ---------------------------------------------------------------------------

type Vector = Map<string, number>;

/** Smoothed IDF over `docs` (lists of terms). */
function idfTable(docs: readonly string[][]): (term: string) => number {
  const df = new Map<string, number>();
  for (const doc of docs) for (const t of new Set(doc)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  return (t) => Math.log((1 + n) / (1 + (df.get(t) ?? 0))) + 1;
}

/** L2-normalised TF-IDF vector of one list of terms. */
function vector(list: readonly string[], idf: (term: string) => number): Vector {
  const tf = new Map<string, number>();
  for (const t of list) tf.set(t, (tf.get(t) ?? 0) + 1);
  const v: Vector = new Map();
  let norm = 0;
  for (const [t, f] of tf) {
    const w = (1 + Math.log(f)) * idf(t);
    v.set(t, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [t, w] of v) v.set(t, w / norm);
  return v;
}

interface Scored {
  score: number;
  contributions: [string, number][];
}

function cosine(a: Vector, b: Vector): Scored {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let score = 0;
  const contributions: [string, number][] = [];
  for (const [t, w] of small) {
    const u = large.get(t);
    if (u !== undefined) {
      score += w * u;
      contributions.push([t, w * u]);
    }
  }
  return { score, contributions };
}

/** Best cosine over the two items' units (whole texts and sentences). */
function bestOf(as: readonly Vector[], bs: readonly Vector[]): Scored {
  let best: Scored = { score: 0, contributions: [] };
  for (const a of as)
    for (const b of bs) {
      const s = cosine(a, b);
      if (s.score > best.score) best = s;
    }
  return best;
}

function round(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 10_000) / 10_000;
}

// ---------------------------------------------------------------------------
// API
// ---------------------------------------------------------------------------

/** The score `findRecurring` gives a pair of texts, with IDF over the two and `background`. */
export function similarity(a: string, b: string, background: readonly string[] = []): number {
  const idf = idfTable([a, b, ...background].map(terms));
  const vs = (text: string) => units(text).map((u) => vector(terms(u), idf));
  return round(bestOf(vs(a), vs(b)).score);
}

/**
 * For each new item, the earlier items that say much the same thing.
 * Returns one entry per new item, in the order given (`matches` may be empty).
 * Both lists should belong to one authority: the caller scopes them.
 */
export function findRecurring(input: {
  newItems: readonly NewItem[];
  earlier: readonly EarlierItem[];
  /** Minimum score for a match, 0..1. Default RECURRING_THRESHOLD. */
  threshold?: number;
  /** Further texts that only inform the IDF (how common each word is); never matched. */
  background?: readonly string[];
}): RecurringResult[] {
  const threshold = input.threshold ?? RECURRING_THRESHOLD;
  const idf = idfTable(
    [...input.newItems.map((i) => i.text), ...input.earlier.map((i) => i.text), ...(input.background ?? [])].map(terms),
  );
  const vs = (text: string) => units(text).map((u) => vector(terms(u), idf));
  const earlierVectors = input.earlier.map((item) => vs(item.text));

  return input.newItems.map((item, newIndex) => {
    const mine = vs(item.text);
    const matches: { match: RecurringMatch; order: number }[] = [];
    earlierVectors.forEach((theirs, order) => {
      const best = bestOf(mine, theirs);
      const score = round(best.score);
      if (score <= 0 || score < threshold) return;
      const earlier = input.earlier[order]!;
      matches.push({
        order,
        match: {
          id: earlier.id,
          score,
          inspectionTitle: earlier.inspectionTitle,
          inspectionDate: earlier.inspectionDate,
          text: earlier.text,
          sharedTerms: best.contributions
            .sort((x, y) => y[1] - x[1])
            .slice(0, 5)
            .map(([t]) => t),
        },
      });
    });
    matches.sort((x, y) => y.match.score - x.match.score || x.order - y.order);
    const result: RecurringResult = { newIndex, matches: matches.map((m) => m.match) };
    if (item.id !== undefined) result.id = item.id;
    return result;
  });
}
