import { Link } from "react-router";

/** "Previous page" and "Next page" under a paged list (`?page=`); nothing when it all fits on one page. */
export function PageLinks({ page, hasNext }: { page: number; hasNext: boolean }) {
  if (page <= 1 && !hasNext) return null;
  return (
    <nav aria-label="Pages" className="mb-8 flex gap-6">
      {page > 1 ? <Link to={`?page=${page - 1}`}>Previous page</Link> : null}
      {hasNext ? <Link to={`?page=${page + 1}`}>Next page</Link> : null}
    </nav>
  );
}
