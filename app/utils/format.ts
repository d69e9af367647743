/** Dates are shown in UK form, e.g. "29 October 2018". All dates are stored as UTC midnight. */
const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

export function formatDate(d: Date | string | null | undefined): string {
  if (!d) return "";
  return DATE.format(typeof d === "string" ? new Date(d) : d);
}

export function formatDateRange(start: Date | string | null | undefined, end: Date | string | null | undefined): string {
  if (!start) return "";
  if (!end || formatDate(start) === formatDate(end)) return formatDate(start);
  return `${formatDate(start)} to ${formatDate(end)}`;
}
