/** One CSV cell: always quoted; a leading = + - @ tab or CR is neutralised with an apostrophe (CSV injection). */
export function csvCell(v: unknown): string {
  const text = v === null || v === undefined ? "" : v instanceof Date ? v.toISOString() : String(v);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}
