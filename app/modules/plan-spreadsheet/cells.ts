/**
 * Reading one spreadsheet cell of the action plan into a field value, with a
 * message the person importing can act on. Pure: no Prisma, no node-only
 * imports, so that the rules can be tested on their own.
 */
import { parseDay } from "~/utils/format";
import { cleanText } from "~/utils/text";
import { fail, ok, type Result } from "~/utils/result";
import {
  ACTION_STATUSES,
  ACTION_STATUS_LABELS,
  RAGS,
  RAG_LABELS,
  checkProgress,
  type ActionStatus,
  type Rag,
} from "../action/status";

export type CellResult<T> = Result<{ value: T }>;

/** What a cell holds as exceljs gives it (CSV cells are always strings here). */
export type CellValue = unknown;

/** The text of a cell: rich text joined, a formula's cached result, a hyperlink's text, dates as ISO days. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    const v = value as {
      richText?: { text?: string }[];
      result?: unknown;
      text?: unknown;
      error?: unknown;
      formula?: unknown;
    };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? "").join("");
    if ("formula" in v || "sharedFormula" in v) return cellText(v.result);
    if (typeof v.text === "string") return v.text;
    if (typeof v.error === "string") return v.error;
  }
  return "";
}

/**
 * Text cell through the shared text schema's cleaning (no NUL, controls or
 * bidi overrides; newlines and tabs kept), trimmed. A CSV cell that we
 * neutralised on export ('=…) gets its apostrophe back off.
 */
export function textCell(value: CellValue, { csv = false }: { csv?: boolean } = {}): string {
  const text = cleanText(cellText(value), { multiline: true });
  return csv && /^'[=+\-@\t\r\n]/.test(text) ? text.slice(1) : text;
}

const pad = (n: number) => String(n).padStart(2, "0");
const isoOf = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
/** A plausible year, and a day the calendar has (the one date parser, ~/utils/format). */
function realDate(y: number, m: number, d: number): boolean {
  return y >= 1900 && y <= 2200 && parseDay(isoOf(y, m, d)).ok;
}
const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/**
 * A date cell as an ISO day ("2027-03-31"), or null when blank. Accepts real
 * Excel dates, YYYY-MM-DD, DD/MM/YYYY (UK order; also with - or .) and
 * "31 March 2027". A day that does not exist ("31/02/2027") is refused.
 */
export function parseDateCell(value: CellValue): CellResult<string | null> {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return fail("is not a real date");
    // exceljs reads Excel dates as UTC; a time of day is dropped.
    return ok({ value: isoOf(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate()) });
  }
  const text = cleanText(cellText(value));
  if (text === "") return ok({ value: null });
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(text);
  let ymd: [number, number, number] | null = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
  if (!ymd && (m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text)))
    ymd = [Number(m[3]), Number(m[2]), Number(m[1])];
  if (!ymd && (m = /^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$/.exec(text))) {
    const month = MONTHS.findIndex(
      (name) => name === m![2]!.toLowerCase() || name.slice(0, 3) === m![2]!.toLowerCase(),
    );
    if (month >= 0) ymd = [Number(m[3]), month + 1, Number(m[1])];
  }
  if (!ymd) return fail(`'${text}' is not a date; write it as DD/MM/YYYY, for example 31/03/2027`);
  if (!realDate(...ymd)) return fail(`'${text}' is not a real date`);
  return ok({ value: isoOf(...ymd) });
}

const STATUS_LIST = ACTION_STATUSES.map((s) => ACTION_STATUS_LABELS[s]).join(", ");

/** A status by its label ("In progress") or its code ("in_progress"), any case. */
export function parseStatusCell(value: CellValue): CellResult<ActionStatus | null> {
  const text = cleanText(cellText(value));
  if (text === "") return ok({ value: null });
  const norm = text.toLowerCase().replace(/[\s_-]+/g, " ");
  const found = ACTION_STATUSES.find(
    (s) => ACTION_STATUS_LABELS[s].toLowerCase() === norm || s.replace(/_/g, " ") === norm,
  );
  return found ? ok({ value: found }) : fail(`'${text}' is not a status; use one of ${STATUS_LIST}`);
}

/** Red, Amber or Green (any case; R, A, G too); null when blank. */
export function parseRagCell(value: CellValue): CellResult<Rag | null> {
  const text = cleanText(cellText(value));
  if (text === "") return ok({ value: null });
  const lower = text.toLowerCase();
  const found = RAGS.find((r) => r === lower || r[0] === lower);
  return found
    ? ok({ value: found })
    : fail(`'${text}' is not a RAG; use ${RAGS.map((r) => RAG_LABELS[r]).join(", ")}`);
}

/** Progress as a whole percentage (40 or "40%"); null when blank. */
export function parseProgressCell(value: CellValue): CellResult<number | null> {
  const text = cleanText(cellText(value));
  if (text === "") return ok({ value: null });
  const r = checkProgress(text);
  return r.ok ? r : fail(`'${text}': ${r.message.charAt(0).toLowerCase()}${r.message.slice(1)}`);
}
