/**
 * The text the action list searches: title, description and every update's
 * text, lower-cased, in one column of the action (see the searchText field).
 * Kept by the action service whenever one of them changes.
 */
export function searchTextOf(parts: readonly (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => Boolean(p))
    .join(" ")
    .toLowerCase();
}

/** The query as the column holds it. */
export function searchQuery(q: string): string {
  return q.trim().toLowerCase();
}
