/** Dates as printed in Ofsted reports → ISO yyyy-mm-dd. Pure. */
import { daysBetween } from "../../../utils/format";

const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

export const MONTH_PATTERN =
  "(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)";

const DAY = "(\\d{1,2})(?:st|nd|rd|th)?";
const SEP = "\\s*(?:to|and|until|–|—|-)\\s*";

/** "6 to 17 December 2021", "8 June 2026 to 19 June 2026", "24 – 28 June 2013", "10-19 September 2012", "31 January and 1 February 2018". */
export const DATE_RANGE_RE = new RegExp(
  `\\b${DAY}(?:\\s+(${MONTH_PATTERN})\\.?)?(?:,?\\s+(\\d{4}))?${SEP}${DAY}\\s+(${MONTH_PATTERN})\\.?(?:,?\\s+(\\d{4}))?`,
  "i",
);
export const SINGLE_DATE_RE = new RegExp(`\\b${DAY}\\s+(${MONTH_PATTERN})\\.?,?\\s+(\\d{4})\\b`, "i");
export const DATE_LINE_RE = new RegExp(`^${DAY}\\s+(${MONTH_PATTERN})\\.?,?\\s+(\\d{4})$`, "i");

export function isoDate(year: number, month: number, day: number): string | null {
  if (!(year >= 1990 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31)) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const month = (name: string | undefined) => (name ? MONTHS[name.toLowerCase()] : undefined);

/** "2 August 2013" → "2013-08-02". */
export function parseSingleDate(text: string): string | null {
  const m = SINGLE_DATE_RE.exec(text.slice(0, 400));
  if (!m) return null;
  return isoDate(Number(m[3]), month(m[2]) ?? 0, Number(m[1]));
}

export type DateRange = {
  start: string | null;
  end: string | null;
  yearInferred: boolean;
  /** The dates as printed. */ printed: string;
};

/**
 * Parses the first date range (or single date) in `text`. When the year is
 * missing ("Between 20 and 24 June"), `fallbackYearFrom` (an ISO date printed
 * elsewhere, e.g. the letter's date) supplies it: the latest year that puts
 * the range on or before that date.
 */
export function parseDateRange(text: string, fallbackYearFrom?: string | null): DateRange | null {
  const t = text.slice(0, 400);
  const r = DATE_RANGE_RE.exec(t);
  if (r) {
    const d1 = Number(r[1]);
    const d2 = Number(r[4]);
    const m2 = month(r[5]);
    const m1 = month(r[2]) ?? m2;
    let y2 = r[6] ? Number(r[6]) : r[3] ? Number(r[3]) : NaN;
    let yearInferred = false;
    if (Number.isNaN(y2) && fallbackYearFrom) {
      const [fy, fm] = fallbackYearFrom.split("-").map(Number);
      y2 = (m2 ?? 0) <= (fm ?? 0) ? fy! : fy! - 1;
      yearInferred = true;
    }
    if (!m1 || !m2 || Number.isNaN(y2)) return null;
    // A range across a year end: "29 December to 2 January 2015".
    const y1 = r[3] ? Number(r[3]) : m1 > m2 ? y2 - 1 : y2;
    const start = isoDate(y1, m1, d1);
    const end = isoDate(y2, m2, d2);
    if (start && end && start <= end) return { start, end, yearInferred, printed: r[0] };
  }
  const s = SINGLE_DATE_RE.exec(t);
  if (s) {
    const d = isoDate(Number(s[3]), month(s[2]) ?? 0, Number(s[1]));
    if (d) return { start: d, end: d, yearInferred: false, printed: s[0] };
  }
  return null;
}

/** Whole days from start to end (inclusive). */
export function spanDays(start: string, end: string): number {
  return daysBetween(`${start}T00:00:00Z`, `${end}T00:00:00Z`) + 1;
}
