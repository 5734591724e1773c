import Link from "next/link";

/** Previous / next links for a paged list; `hrefFor(page)` keeps the page's filters. */
export function Pager({
  page,
  hasMore,
  hrefFor,
  label,
}: {
  page: number;
  hasMore: boolean;
  hrefFor: (page: number) => string;
  label: string;
}) {
  if (page <= 1 && !hasMore) return null;
  return (
    <nav aria-label={label} className="pager">
      {page > 1 ? <Link href={hrefFor(page - 1)}>← Previous page</Link> : <span />}
      <span className="muted">Page {page}</span>
      {hasMore ? <Link href={hrefFor(page + 1)}>Next page →</Link> : <span />}
    </nav>
  );
}
