import type { FormMetadata } from "@conform-to/react";
import { FocusedAlert } from "./focused-alert";

/** An error to list that belongs to no field of the form (a conflict, a refusal). */
export type SummaryEntry = { message: string; href?: string };

/** Errors listed beside a form's own: a falsy one is left out. */
export type SummaryEntries = readonly (SummaryEntry | string | null | undefined | false)[];

/** Any conform form, whatever its schema. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyForm = FormMetadata<any, any>;

/**
 * GOV.UK error summary, at the top of the page: "There is a problem", then
 * each error as a link to its field (the control whose id is the field's
 * name; a date's day box). It takes focus when it appears.
 */
export function ErrorSummary({ form, extra = [] }: { form?: AnyForm; extra?: SummaryEntries }) {
  const entries = summaryEntries(form?.allErrors ?? {}, extra);
  const signature = entries.map((e) => e.message).join("\n");
  if (entries.length === 0) return null;
  return (
    <FocusedAlert signal={signature} labelledBy="error-summary-title" className="border-danger p-4">
      <h2 id="error-summary-title" className="text-xl">
        There is a problem
      </h2>
      <ul className="list-none space-y-1">
        {entries.map((e) => (
          <li key={`${e.href ?? ""}${e.message}`} className="font-bold text-danger">
            {e.href ? (
              <a href={e.href} className="font-bold text-danger">
                {e.message}
              </a>
            ) : (
              e.message
            )}
          </li>
        ))}
      </ul>
    </FocusedAlert>
  );
}

/**
 * The summary's entries: the form's own errors first (no link), then one per
 * field, its first message, linking to `#<field name>`. A date's parts
 * (`due.day`, `due.month`) are one entry, on the date.
 */
export function summaryEntries(
  allErrors: Record<string, string[] | undefined>,
  extra: SummaryEntries = [],
): SummaryEntry[] {
  const out: SummaryEntry[] = [];
  for (const e of extra) {
    if (!e) continue;
    out.push(typeof e === "string" ? { message: e } : e);
  }
  const seen = new Set<string>();
  for (const [name, messages] of Object.entries(allErrors)) {
    if (!messages?.length) continue;
    if (name === "") {
      for (const m of messages) if (!out.some((o) => o.message === m)) out.unshift({ message: m });
      continue;
    }
    const target = name.replace(/\.(day|month|year)$/, "");
    if (seen.has(target)) continue;
    seen.add(target);
    out.push({ message: messages[0]!, href: `#${target}` });
  }
  return out;
}
