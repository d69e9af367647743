/**
 * Judgements and their grades as printed: the ILACS "Judgement | Grade"
 * table (whose cells wrap, or interleave when a table was flattened), the SIF
 * headline and numbered judgement lines, the LSCB judgement, the 2013
 * "Record of main findings" table and the area SEND outcome. Pure.
 */
import type { Grade } from "../types";
import type { TextModel } from "./text-model";

export type Judgement = {
  /** The judgement area as printed (SIF areas keep their numbers, e.g. "2.1 Adoption performance"). */
  area: string;
  /** The grade as printed. */
  gradeText: string;
  grade: Grade;
  /** The overall judgement ("Overall effectiveness", the SIF headline). */
  isOverall: boolean;
};

export function gradeKey(gradeText: string): Grade {
  const g = gradeText.toLowerCase();
  if (/outstanding/.test(g)) return "outstanding";
  if (/inadequate/.test(g)) return "inadequate";
  if (/requires? improvement/.test(g)) return "requires_improvement";
  if (/\badequate\b/.test(g)) return "requires_improvement";
  if (/\bgood\b/.test(g)) return "good";
  return "not_judged";
}

const isOverall = (area: string) => /\boverall\b|^children['’]s services in\b/i.test(area);

const make = (area: string, gradeText: string): Judgement => ({
  area: area.trim(),
  gradeText: gradeText.trim(),
  grade: gradeKey(gradeText),
  isOverall: isOverall(area),
});

// Grade phrases at the end of a table line, longest first. "Requires
// improvement to" waits for "be good" on the next line; "Requires
// improvement" may wait for "to be good" (flattened tables).
const FULL_GRADE =
  /(?:^|\s)(requires? improvement to be good|requires? improvement|outstanding|good|inadequate|adequate|not judged)$/i;
const PARTIAL_GRADE = /(?:^|\s)(requires? improvement to|requires? improvement to be)$/i;
const GRADE_TAIL = /(?:^|\s)(to be good|be good|good)$/i;

/**
 * Reads table rows "area … grade" from `lines`, stopping at the first line
 * that cannot belong to the table.
 */
function readGradeTable(lines: string[], accept: (area: string) => boolean, maxRows = 12): Judgement[] {
  const rows: Judgement[] = [];
  let area: string[] = [];
  let pending: string | null = null;
  const nextNonEmpty = (i: number) => {
    for (let k = i + 1; k < lines.length; k++) if (lines[k]!.trim() !== "") return lines[k]!.trim();
    return "";
  };
  for (let i = 0; i < lines.length && rows.length < maxRows; i++) {
    const t = lines[i]!.replace(/\s*\|\s*/g, " ")
      .replace(/\s+/g, " ")
      .trim();
    if (t === "") continue;
    if (t.length > 130) break;
    if (pending) {
      const tail = GRADE_TAIL.exec(t);
      const needed = pending.toLowerCase().endsWith(" to") ? /^(be good)$/i : /^(to be good)$/i;
      if (tail && needed.test(tail[1]!)) {
        const part = t.slice(0, tail.index).trim();
        if (part) area.push(part);
        const a = area.join(" ");
        if (!accept(a)) break;
        rows.push(make(a, `${pending} ${tail[1]}`));
        area = [];
        pending = null;
        continue;
      }
      // "Requires improvement" was the whole grade after all.
      if (/^requires? improvement$/i.test(pending) && area.length) {
        const a = area.join(" ");
        if (!accept(a)) break;
        rows.push(make(a, pending));
        area = [];
      }
      pending = null;
    }
    const partial = PARTIAL_GRADE.exec(t);
    const full = partial ? null : FULL_GRADE.exec(t);
    const m = partial ?? full;
    const part = m ? t.slice(0, m.index).trim() : t;
    // A new row starts with a capital after a complete previous line (a sub-header above it is dropped).
    if (
      part &&
      /^[A-Z0-9]/.test(part) &&
      area.length &&
      !/\b(?:and|of|with|to|for|the|in|on)$/i.test(area[area.length - 1]!)
    )
      area = [];
    if (part) area.push(part);
    if (!m) {
      if (area.join(" ").length > 160 || area.length > 4) break;
      continue;
    }
    const grade = m[1]!;
    const following = nextNonEmpty(i);
    if (partial || (/^requires? improvement$/i.test(grade) && /(?:^|\s)to be good$/i.test(following))) {
      pending = grade;
      if (!partial && part === "") continue;
      continue;
    }
    const a = area.join(" ");
    if (!a || !accept(a)) break;
    rows.push(make(a, grade));
    area = [];
  }
  return rows;
}

const SEND_OUTCOMES = [
  /The local area partnership['’]s special educational needs and\/or disabilities \(SEND\) arrangements typically lead to positive experiences and outcomes for children and young people with SEND\. The local area partnership is taking action where improvements are needed\./,
  /The local area partnership['’]s (?:special educational needs and\/or disabilities \(SEND\) )?arrangements lead to inconsistent experiences and outcomes for children and young people with (?:special educational needs and\/or disabilities \(SEND\)|SEND)\. The local area partnership must work jointly to make improvements\./,
  /There are widespread and\/or systemic failings leading to significant concerns about the experiences and outcomes of children and young people with special educational needs and\/or disabilities \(SEND\), which the local area partnership must address urgently\./,
];

export function readJudgements(model: TextModel): Judgement[] {
  const texts = model.content.map((i) => model.lines[i]!.raw.replace(/\t+/g, " ").trim());
  const head = texts.slice(0, 80);
  const out: Judgement[] = [];

  // Area SEND: the outcome statement under "Inspection outcome".
  const outcomeAt = head.findIndex((t) => /^Inspection outcome$/i.test(t));
  if (outcomeAt >= 0) {
    const joined = head
      .slice(outcomeAt + 1, outcomeAt + 8)
      .join(" ")
      .replace(/\s+/g, " ");
    for (const re of SEND_OUTCOMES) {
      const m = re.exec(joined);
      if (m) {
        out.push({ area: "Inspection outcome", gradeText: m[0], grade: "not_judged", isOverall: true });
        return out;
      }
    }
  }

  // ILACS: "Judgement Grade" table.
  const ilacs = head.findIndex((t) => /^Judgement\s+Grade$/i.test(t));
  if (ilacs >= 0) {
    out.push(...readGradeTable(texts.slice(ilacs + 1, ilacs + 30), (a) => a.length <= 140 && /^[A-Z]/.test(a)));
    return out;
  }

  // SIF: headline, numbered judgement lines, then the LSCB judgement.
  for (const t of head) {
    const overall = /^The overall judgement is (.+)$/i.exec(t);
    if (overall) {
      out.push({ ...make("Overall judgement", overall[1]!), isOverall: true });
      break;
    }
    const headline =
      /^(Children['’]s services in .{2,60}?) (requires? improvement to be good|(?:are|is) (?:good|outstanding|inadequate))$/i.exec(
        t,
      );
    if (headline) {
      const gradeText = headline[2]!.replace(/^(?:are|is) /i, "");
      out.push({ ...make(headline[1]!, gradeText), isOverall: true });
      break;
    }
  }
  const firstRow = head.findIndex((t) => /^1\.?\s+Children who need help and protection\b/i.test(t));
  if (firstRow >= 0)
    out.push(...readGradeTable(texts.slice(firstRow, firstRow + 20), (a) => /^\d(?:\.\d)?\.?\s/.test(a)));
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i]!;
    if (t.length > 120) continue;
    const both = /^(The effectiveness of the Local Safeguarding Children Board(?: \(LSCB\))?) is(?: (.+))?$/i.exec(t);
    if (both) {
      const gradeText = both[2] ?? texts[i + 1] ?? "";
      if (/^(?:inadequate|good|outstanding|adequate|requires improvement(?: to be good)?)$/i.test(gradeText))
        out.push(make(both[1]!, gradeText));
      break;
    }
    const lscb =
      /^(The Local Safeguarding Children Board) (requires improvement(?: to be good)?|is (?:good|outstanding|inadequate|adequate))$/i.exec(
        t,
      );
    if (lscb) {
      out.push(make(lscb[1]!, lscb[2]!.replace(/^is /i, "")));
      break;
    }
  }
  if (out.length) return out;

  // 2012-13 looked-after children inspections: "Record of main findings" table.
  const record = texts.findIndex((t) => /^Record of main findings$/i.test(t));
  if (record >= 0)
    out.push(...readGradeTable(texts.slice(record + 1, record + 30), (a) => a.length <= 120 && /^[A-Z]/.test(a)));
  return out;
}
