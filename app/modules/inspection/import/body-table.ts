/**
 * The "Responsible body | Areas for priority action" table of area SEND
 * reports: each row starts with the responsible body's cell (a few short
 * lines naming the council, the ICB, …), then the action, which may have
 * "•" sub-bullets and a second paragraph. Pure.
 */
import type { RecommendationKind } from "../types";
import { contextHeading, improvementHeading, isHeadingLike, isSectionHeading, isStopHeading } from "./headings";
import {
  appendLine,
  finish,
  nextHasMarker,
  type Builder,
  type Content,
  type RawItem,
  type SectionResult,
} from "./paragraphs";
import { joinWrapped, lineMarker, TERMINAL_PUNCTUATION } from "./text-model";

const ORG_WORDS =
  /\b(?:council|icb|nhs|board|authority|trust|police|constabulary|partnership|integrated care|ccg|commissioning)\b/i;

/** A "Responsible body | Areas for priority action" table (area SEND reports). */
export function parseBodyTable(
  c: Content,
  start: number,
  kind: RecommendationKind,
  context: RawItem["context"],
): SectionResult {
  const width = c.width;
  const items: RawItem[] = [];
  let p = start;

  /** How many lines from q form a responsible-body cell ("Bury Metropolitan Borough / Council and NHS Greater / Manchester ICB"), or 0. */
  const bodyCellAt = (q: number): number => {
    let k = 0;
    while (k < 4 && q + k < c.n) {
      const t = c.text(q + k);
      if (
        t.length > width * 0.45 ||
        TERMINAL_PUNCTUATION.test(t) ||
        lineMarker(t) ||
        /\b(?:should|must|will|to|is|are|have|has)\b/.test(t)
      )
        break;
      k++;
    }
    if (k === 0 || q + k >= c.n) return 0;
    const joined = Array.from({ length: k }, (_, i) => c.text(q + i)).join(" ");
    return ORG_WORDS.test(joined) && /^[A-Z]/.test(joined) && /^[A-Z]/.test(c.text(q + k)) ? k : 0;
  };

  let cur = null as Builder | null;
  let prevSubBullet = false;
  const close = () => {
    if (cur && cur.parts.length) items.push(finish(cur, kind, context, c));
    cur = null;
  };
  while (p < c.n) {
    const text = c.text(p);
    const prevEnded = p === start || TERMINAL_PUNCTUATION.test(c.text(p - 1));
    if (improvementHeading(text) || isStopHeading(text) || isSectionHeading(text) || contextHeading(text)) break;
    const cell = prevEnded ? bodyCellAt(p) : 0;
    if (cell > 0) {
      close();
      const bodyLines = Array.from({ length: cell }, (_, i) => c.text(p + i));
      cur = {
        marker: null,
        parts: [],
        first: p + cell,
        last: p + cell,
        lowReason: null,
        subheading: null,
        timescale: null,
        addressedToText: joinWrapped(bodyLines),
      };
      prevSubBullet = false;
      p += cell;
      continue;
    }
    if (!cur) break;
    const m = lineMarker(text);
    const b: Builder = cur;
    if (m?.type === "bullet") {
      b.parts.push(`\n• ${m.body}`);
      prevSubBullet = true;
    } else if (prevSubBullet && TERMINAL_PUNCTUATION.test(c.text(p - 1)) && /^[A-Z]/.test(text)) {
      b.parts.push(`\n${text}`);
      prevSubBullet = false;
    } else if (
      isHeadingLike(text, width, c.text(p + 1)) &&
      prevEnded &&
      b.parts.length > 0 &&
      !nextHasMarker(c, p, { letterBullets: false }) &&
      text.length < width * 0.6
    ) {
      break;
    } else {
      appendLine(b, text);
    }
    b.last = p;
    p++;
  }
  close();
  return { items, end: p, saysNone: false };
}
