/** Dates are shown in UK form, e.g. "29 October 2018". All dates are stored as UTC midnight. */
const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** A stored date (UTC midnight) from a form's YYYY-MM-DD, or null. */
export function dayFromIso(iso: string | null): Date | null {
  return iso ? new Date(`${iso}T00:00:00.000Z`) : null;
}

/** YYYY-MM-DD of a stored date, or null. */
export function isoDay(d: Date | null): string | null {
  return d ? d.toISOString().slice(0, 10) : null;
}

export function formatDate(d: Date | string | null | undefined): string {
  if (!d) return "";
  return DATE.format(typeof d === "string" ? new Date(d) : d);
}

export function formatDateRange(start: Date | string | null | undefined, end: Date | string | null | undefined): string {
  if (!start) return "";
  if (!end || formatDate(start) === formatDate(end)) return formatDate(start);
  return `${formatDate(start)} to ${formatDate(end)}`;
}
