/**
 * A list's filters from the URL (a GET form): filter state lives in the URL so
 * that views can be bookmarked and shared. A bad value is dropped (the list
 * shows everything), never an error. Used by the action list and the
 * notification delivery log.
 */
import type { z } from "zod";
import { optionalDay } from "./format";
import { text } from "./text";

/** A query parameter's schema that drops a bad value instead of failing. */
export const lenient = <T extends z.ZodTypeAny>(s: T) => s.optional().catch(undefined);
/** Free text of at most `max` characters, cleaned like any text. */
export const queryText = (max: number) => lenient(text({ label: "The filter", max, required: "Empty" }));
/** A day: YYYY-MM-DD, or a date input's boxes. */
export const queryDay = lenient(optionalDay("The date").transform((v) => v ?? undefined));

/** The URL's query as the filter form's values: one value a key, each date's boxes (`from.day`…) gathered into one object. */
export function queryValues(searchParams: URLSearchParams, dateFields: readonly string[]): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of searchParams) {
    const [, field, part] = /^([^.]+)\.(day|month|year)$/.exec(key) ?? [];
    if (!field || !part || !dateFields.includes(field)) {
      raw[key] = value;
      continue;
    }
    const boxes = typeof raw[field] === "object" ? (raw[field] as Record<string, string>) : {};
    raw[field] = { ...boxes, [part]: value };
  }
  return raw;
}
