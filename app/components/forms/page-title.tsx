/**
 * The page's <title>, with "Error: " in front when its form has errors
 * (GOV.UK pattern), so a screen reader user hears it first. React hoists
 * the element into <head>. A page that uses it has no `meta` title.
 */
export function PageTitle({ title, error = false }: { title: string; error?: boolean }) {
  return <title>{`${error ? "Error: " : ""}${title} – Improvement Board`}</title>;
}

/** Whether a conform form has any error to show. */
export const hasErrors = (allErrors: Record<string, string[] | undefined> | undefined) =>
  Object.values(allErrors ?? {}).some((m) => (m?.length ?? 0) > 0);
