/**
 * The facts printed at the top of a report: title, authority, kind of
 * document, dates and lead inspector. Pure.
 */
import type { InspectionType } from "../types";
import { DATE_LINE_RE, parseDateRange, parseSingleDate, spanDays, type DateRange } from "./dates";
import type { TextModel } from "./text-model";

export type DocumentFacts = {
  title: string | null;
  authorityName: string | null;
  documentKind: InspectionType;
  variant: string;
  startDate: string | null;
  endDate: string | null;
  /** The inspection dates as printed. */
  datesAsPrinted: string | null;
  /** Year of the inspection dates taken from the letter date because the text omits it. */
  yearInferred: boolean;
  publishedAt: string | null;
  letterDate: string | null;
  leadInspector: string | null;
};

const HEAD_LINES = 60;

/** Labels that end a report's title block. */
const TITLE_STOP =
  /^(?:inspection dates?|inspection date|dates of previous|lead inspector|reporting inspector|judgement|report published|published|age group|reference no|care quality commission|hm inspectorate|her majesty|his majesty|ofsted$|inspection outcome|the overall judgement|children['’]s services in)/i;

function contentTexts(model: TextModel, limit: number): string[] {
  const out: string[] = [];
  for (const i of model.content) {
    if (out.length >= limit) break;
    out.push(model.lines[i]!.text);
  }
  return out;
}

const stripFootnote = (s: string) => s.replace(/([a-z’'?])\d{1,2}$/, "$1");
const DANGLING = /\b(?:and|of|in|to|the|for|within|on|at|with|a)$/i;

/** The subject line of a letter ("Focused visit to Warrington children’s services"), from the line after "Dear …". */
function letterSubject(head: string[]): string | null {
  const dear = head.findIndex((t) => /^Dear\b/.test(t) && t.length < 80);
  if (dear < 0 || dear + 1 >= head.length) return null;
  let subject = head[dear + 1]!;
  let k = dear + 2;
  while (k < head.length && k < dear + 4 && (DANGLING.test(subject) || /^[a-z]/.test(head[k]!))) {
    subject += " " + head[k]!;
    k++;
  }
  return stripFootnote(subject);
}

/** The title block at the top of a report (lines until the first metadata label). */
function titleBlock(head: string[]): string | null {
  const lines: string[] = [];
  for (const t of head) {
    if (TITLE_STOP.test(t) || lines.length >= 8) break;
    if (t.length > 120) break;
    lines.push(stripFootnote(t));
  }
  return lines.length ? lines.join(" ") : null;
}

const AUTHORITY_PATTERNS: RegExp[] = [
  /\bInspection of (.{2,80}?) local authority children['’]s services\b/i,
  /\bFocused visit to (.{2,80}?) children['’]s services\b/i,
  /\bmonitoring visit to (.{2,80}?) children['’]s services\b/i,
  /\bArea SEND inspection of (.{2,80}?) Local Area Partnership\b/i,
  /\bJoint targeted area inspection of (?:the .{2,120}? in )?(.{2,80}?)$/i,
  /\bunannounced inspection of .{2,120}? arrangements within (?:the )?(.{2,80}?) children['’]s services\b/i,
  /\bInspection of looked after children services (.{2,80})$/i,
  /\bprovision of safeguarding services in (?:the )?(.{2,80})$/i,
  /^(.{2,80}?) Inspection of (?:children['’]s social care services|services for children in need)\b/i,
];

function authorityFrom(title: string | null): string | null {
  if (!title) return null;
  for (const re of AUTHORITY_PATTERNS) {
    const m = re.exec(title);
    if (m?.[1]) {
      const name = m[1].replace(/^(?:the|a)\s+/i, "").trim();
      if (name.length >= 2 && !/^(?:local|children|services)\b/i.test(name)) return name;
    }
  }
  return null;
}

/** Normalises the title: the part from "Inspection of…", "Area SEND…", "Focused visit…" on. */
function cleanTitle(block: string | null): string | null {
  if (!block) return null;
  const m =
    /\b(?:Inspection of|Area SEND inspection|Joint targeted area inspection|Focused visit|Annual unannounced inspection|Review of)\b.*/i.exec(
      block,
    );
  return (m ? m[0] : block).trim();
}

type Kind = { kind: InspectionType | "ilacs"; variant: string };

/** The kind of document: from its title when the title says, else from the opening text. */
function classify(all: string, title: string, head: string): Kind {
  return (
    classifyText(title, title, "") ??
    classifyText(`${title} ${head}`, title, head) ??
    classifyTable(all) ?? { kind: "other", variant: "unknown" }
  );
}

function classifyTable(all: string): Kind | null {
  return /^the impact of leaders on social work practice/im.test(all) ? { kind: "ilacs", variant: "ilacs" } : null;
}

function classifyText(t: string, title: string, head: string): Kind | null {
  if (
    /\b(?:agenda item|minutes:|report to (?:the )?scrutiny|report of (?:the )?director|scrutiny board|sub[- ]committee)\b/i.test(
      head,
    )
  )
    return { kind: "other", variant: "board_report" };
  if (/\baction plan/i.test(title) || (/\baction plan/i.test(head) && /\b(?:owner|due ?date|activity)\b/i.test(head)))
    return { kind: "other", variant: "action_plan" };
  if (/area send inspection|local area partnership report|\bsend inspection\b/i.test(t))
    return { kind: "send_area", variant: "send_area" };
  if (/joint targeted area inspection/i.test(t)) return { kind: "jtai", variant: "jtai" };
  if (/focused visit (?:to|letter)/i.test(t)) return { kind: "focused_visit", variant: "focused_visit" };
  if (/\bmonitoring visit\b/i.test(t)) return { kind: "monitoring_visit", variant: "monitoring_visit" };
  if (
    /unannounced inspection of contact, referral and assessment|unannounced inspection of (?:local authority )?(?:arrangements|child protection)/i.test(
      t,
    )
  )
    return { kind: "unannounced_letter", variant: "unannounced_letter" };
  if (/inspection of services for children in need of help and protection/i.test(t))
    return {
      kind: "sif",
      variant: /review of the effectiveness of the local safeguarding children board/i.test(title)
        ? "sif_with_lscb"
        : "sif",
    };
  if (/inspection of looked after children services/i.test(t)) return { kind: "other", variant: "lac_inspection_2013" };
  if (/inspection of progress made in the provision of safeguarding services|joint area review/i.test(t))
    return { kind: "other", variant: "jar_progress_2009" };
  if (
    /inspection of .{0,80}local authority children['’]s services|inspection of children['’]s social care services/i.test(
      t,
    )
  )
    return { kind: "ilacs", variant: "ilacs" };
  return null;
}

function leadInspector(model: TextModel): string | null {
  const texts = model.content.map((i) => model.lines[i]!.text);
  const clean = (s: string) =>
    s
      .replace(/,?\s*(?:Her|His) Majesty['’]s (?:Chief )?Inspector.*$/i, "")
      .replace(/,?\s*\(?(?:(?:Senior )?HMI|SHMI|Lead Inspector)\)?\s*$/i, "")
      .replace(/,\s*$/, "")
      .trim();
  for (const t of texts) {
    if (t.length > 150) continue;
    const m = /^(?:Lead|Reporting) inspector:?\s+(.+)$/i.exec(t);
    if (m) return clean(m[1]!) || null;
  }
  for (const t of texts) {
    if (t.length > 100) continue;
    const m = /^([A-Z][\w’'-]+(?: [A-Z][\w’'-]+){1,3}) \(Lead Inspector\)$/i.exec(t);
    if (m) return m[1]!;
  }
  const yours = texts.findIndex((t) => /^Yours sincerely\b/i.test(t));
  if (yours >= 0) {
    const name = texts[yours + 1] ?? "";
    const next = texts[yours + 2] ?? "";
    const nameOnly = /^[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){1,3}$/;
    const sameLine = /^([A-Z][\w’'-]+(?: [A-Z][\w’'-]+){1,3}),? (?:Her|His) Majesty['’]s Inspector$/.exec(name);
    if (sameLine) return sameLine[1]!;
    if (nameOnly.test(name) && /^(?:Her|His) Majesty['’]s Inspector$|^HMI$/i.test(next)) return name;
  }
  return null;
}

export function readFacts(model: TextModel): DocumentFacts {
  const head = contentTexts(model, HEAD_LINES);
  const headText = head.join(" ").slice(0, 6000);
  const all = model.content
    .slice(0, 400)
    .map((i) => model.lines[i]!.text)
    .join("\n");

  // Letter date: a date on a line of its own near the top (it may sit in an address block).
  let letterDate: string | null = null;
  for (const l of model.lines.slice(0, 40)) {
    if (DATE_LINE_RE.test(l.text)) {
      letterDate = parseSingleDate(l.text);
      break;
    }
  }

  const subject = letterSubject(head);
  const block = subject ?? titleBlock(head);
  const title = cleanTitle(block);
  const authorityName = authorityFrom(block) ?? authorityFrom(subject) ?? authorityFrom(headText.slice(0, 3000));
  const { kind, variant } = classify(all, title ?? "", headText);

  let publishedAt: string | null = null;
  for (const t of head) {
    const m = /^(?:Report published|Published|Publication date):?\s+(.+)$/i.exec(t);
    if (m) {
      publishedAt = parseSingleDate(m[1]!);
      if (publishedAt) break;
    }
  }

  // Inspection dates: a labelled line, else the first dated phrase of the letter.
  let range: DateRange | null = null;
  let datesAsPrinted: string | null = null;
  for (let i = 0; i < head.length; i++) {
    const m = /^Inspection dates?:?\s+(.+)$/i.exec(head[i]!);
    if (m) {
      const printed = (m[1]! + " " + (head[i + 1] ?? "")).trim();
      range = parseDateRange(printed, letterDate ?? publishedAt);
      datesAsPrinted = m[1]!;
      break;
    }
  }
  if (!range) {
    const sentence =
      /\b(?:conducted on|carried out on|took place (?:from|on|between)|(?:visit|inspection) to .{2,100}? on|on|between|during the period|from)\s+(\d{1,2}(?:st|nd|rd|th)?\b[^.]{0,70})/i;
    const m = sentence.exec(headText.replace(/\bBetween\b/g, "between"));
    if (m) {
      range = parseDateRange(m[1]!, letterDate ?? publishedAt);
      if (range) datesAsPrinted = range.printed;
    }
  }

  let documentKind: InspectionType;
  if (kind === "ilacs") {
    const short =
      /\bshort inspection\b/i.test(headText) ||
      (range?.start && range.end ? spanDays(range.start, range.end) <= 7 : false);
    documentKind = short ? "ilacs_short" : "ilacs_standard";
  } else documentKind = kind;

  return {
    title,
    authorityName,
    documentKind,
    variant: kind === "ilacs" ? documentKind : variant,
    startDate: range?.start ?? null,
    endDate: range?.end ?? null,
    datesAsPrinted,
    yearInferred: range?.yearInferred ?? false,
    publishedAt,
    letterDate,
    leadInspector: leadInspector(model),
  };
}
