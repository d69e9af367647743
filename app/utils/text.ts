/**
 * The one text schema (issue 12, "input that is safe by construction").
 * Every free-text field of every form, the importers' texts and the query
 * parameters go through `cleanText` / `text()`, so that what is stored can
 * always be saved on both engines (PostgreSQL refuses NUL in text) and shown
 * or exported without hidden characters:
 *
 * - NUL, the other C0 controls and DEL/C1 controls are removed. Multi-line
 *   fields keep newline and tab; CRLF and lone CR become a newline. In a
 *   single-line field a tab or line break becomes a space.
 * - Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) are
 *   removed: they can make "evil.exe‮fdp." read as "evil.pdf" in a title or
 *   an export.
 * - The text is trimmed, then its length is checked against a stated maximum
 *   with a message beside the field. Nothing is ever cut short silently; the
 *   same maximum reaches the input as `maxlength` (getZodConstraint reads it).
 *
 * Pure: used in the browser (validation before submit) and on the server.
 */
import { z } from "zod";

/** C0 controls except tab and newline, DEL and the C1 controls. */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/**
 * For a document's extracted text: form feed (its page break) is kept, and so
 * are C1 characters, which the report reader maps back to the Windows-1252
 * punctuation they stand for in badly decoded PDFs (text-model.ts).
 */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROLS_BUT_PAGES = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g;
const BREAKS = /[\t\n]/g;
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

export type CleanOptions = {
  multiline?: boolean;
  /** A document's text (an inspection report): form feeds between pages and C1 characters are kept too. Implies multiline. */
  pages?: boolean;
};

/** The text with controls and bidirectional overrides removed and line ends normalised, not trimmed (for exports of stored values). */
export function stripUnsafe(value: string, { multiline = false, pages = false }: CleanOptions = {}): string {
  const normalised = value.replace(/\r\n?/g, "\n");
  const kept = pages
    ? normalised.replace(CONTROLS_BUT_PAGES, "")
    : multiline
      ? normalised.replace(CONTROLS, "")
      : normalised.replace(BREAKS, " ").replace(CONTROLS, "");
  return kept.replace(BIDI_CONTROLS, "");
}

/** The text with controls and bidirectional overrides removed, line ends normalised, trimmed. */
export function cleanText(value: string, options: CleanOptions = {}): string {
  return stripUnsafe(value, options).trim();
}

/** Whether a text holds anything `cleanText` would remove (for checks on stored values). */
export function hasUnsafeCharacters(value: string, options: CleanOptions = {}): boolean {
  return cleanText(value, options) !== value.trim();
}

export type TextOptions = {
  /** What the field is called at the start of a sentence: "Title", "The reason". */
  label: string;
  /** Most characters allowed (after cleaning). Reaches the input as `maxlength`. */
  max: number;
  /** Newlines and tabs are kept (textareas). */
  multiline?: boolean;
  /** When set, the field must not be empty; this is the message. */
  required?: string;
  /** The message when too long; by default "<label> must be <max> characters or fewer". */
  tooLong?: string;
};

export const tooLongMessage = (label: string, max: number) =>
  `${label} must be ${max.toLocaleString("en-GB")} characters or fewer`;

/**
 * A free-text field: a string, cleaned, trimmed, at most `max` characters
 * and, when `required`, not empty. Anything but a single string (a repeated
 * field, a file) is refused with the field's message. Compose it as usual:
 * `text({...}).optional().transform((v) => v ?? "")` for an optional field.
 */
export function text({ label, max, multiline = false, required, tooLong }: TextOptions) {
  const notText = required ?? `Enter ${label.toLowerCase()} as text`;
  let checked = z.string().max(max, tooLong ?? tooLongMessage(label, max));
  if (required) checked = checked.min(1, required);
  return z
    .string({ error: notText })
    .transform((v) => cleanText(v, { multiline }))
    .pipe(checked);
}

/** An optional free-text field that is "" when left empty. */
export const optionalText = (options: Omit<TextOptions, "required">) =>
  text(options)
    .optional()
    .transform((v) => v ?? "");

/**
 * An id a page posts back (a hidden input, a button's value): one string,
 * cleaned, at most `max` characters; anything else is "" (which finds nothing).
 * For the few route fields that are not part of a form schema.
 */
export function postedId(value: unknown, max = 64): string {
  if (typeof value !== "string") return "";
  const v = cleanText(value);
  return v.length <= max ? v : "";
}

type AnyDef = {
  type?: string;
  checks?: { _zod: { def: { check?: string; maximum?: number } } }[];
  shape?: Record<string, Schemaish>;
  in?: Schemaish;
  out?: Schemaish;
  innerType?: Schemaish;
  element?: Schemaish;
};
type Schemaish = { _zod: { def: AnyDef } };

function maxOf(schema: Schemaish | undefined): number | undefined {
  const def = schema?._zod.def;
  if (!def) return undefined;
  if (def.type === "string") {
    const limits = (def.checks ?? [])
      .map((c) => c._zod.def)
      .filter((c) => c.check === "max_length" && typeof c.maximum === "number");
    return limits.length ? Math.min(...limits.map((c) => c.maximum!)) : undefined;
  }
  if (def.type === "pipe")
    return [maxOf(def.in), maxOf(def.out)].filter((n): n is number => n !== undefined).sort((a, b) => a - b)[0];
  if (
    def.type === "optional" ||
    def.type === "default" ||
    def.type === "nullable" ||
    def.type === "catch" ||
    def.type === "readonly"
  )
    return maxOf(def.innerType);
  return undefined;
}

/**
 * Each text field's maximum, by field name, for the inputs' `maxlength`
 * (`<TextField maxLength={max.title} …>`). getZodConstraint reads `required`
 * but not the length checks of this zod version, so the form kit takes the
 * maximum from here; both come from the one schema.
 */
export function maxLengths(schema: unknown): Record<string, number | undefined> {
  const def = (schema as Schemaish | undefined)?._zod.def;
  const out: Record<string, number | undefined> = {};
  if (def?.type !== "object" || !def.shape) return out;
  for (const [name, field] of Object.entries(def.shape)) {
    const max = maxOf(field);
    if (max !== undefined) out[name] = max;
  }
  return out;
}

/**
 * A copy of export data with `stripUnsafe` (multi-line) applied to every
 * string inside it; dates and other values are kept. For exports made from
 * stored values that may predate the text schema.
 */
export function stripUnsafeDeep<T>(value: T): T {
  if (typeof value === "string") return stripUnsafe(value, { multiline: true }) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => stripUnsafeDeep(v)) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripUnsafeDeep(v)])) as T;
  }
  return value;
}
