import { Link, useSearchParams } from "react-router";

/**
 * "Previous page" and "Next page" under a paged list (`?page=`), keeping the rest of the query (a search's
 * filters); nothing when it all fits on one page.
 */
export function PageLinks({ page, hasNext }: { page: number; hasNext: boolean }) {
  const [params] = useSearchParams();
  if (page <= 1 && !hasNext) return null;
  const pageHref = (n: number) => {
    const p = new URLSearchParams(params);
    p.set("page", String(n));
    return `?${p.toString()}`;
  };
  return (
    <nav aria-label="Pages" className="mb-8 flex gap-6">
      {page > 1 ? <Link to={pageHref(page - 1)}>Previous page</Link> : null}
      {hasNext ? <Link to={pageHref(page + 1)}>Next page</Link> : null}
    </nav>
  );
}
