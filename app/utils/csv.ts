import { stripUnsafe } from "./text";

/**
 * One CSV cell: always quoted; a leading = + - @ tab or CR is neutralised
 * with an apostrophe (CSV injection). Controls and bidi overrides that a
 * stored value may still hold from before the shared text schema are
 * removed (newlines and tabs kept).
 */
export function csvCell(v: unknown): string {
  const text =
    v === null || v === undefined
      ? ""
      : v instanceof Date
        ? v.toISOString()
        : stripUnsafe(String(v), { multiline: true });
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}
