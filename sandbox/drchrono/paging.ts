/**
 * Cursor pagination in the manner of Django REST framework's CursorPagination, which drchrono uses: the cursor is
 * an opaque base64 of "p=<id>" (forward: ids after it) or "r=1&p=<id>" (reverse: ids before it). Paging on the id
 * keeps every record exactly once even while records change or are added between pages.
 */

export interface Cursor {
  reverse: boolean;
  position: number;
}

export const MAX_PAGE_SIZE = 250;
export const VERBOSE_MAX_PAGE_SIZE = 50;

export function encodeCursor(cursor: Cursor): string {
  const text = cursor.reverse ? `r=1&p=${cursor.position}` : `p=${cursor.position}`;
  return Buffer.from(text).toString("base64url");
}

/** undefined when absent, null when present but unreadable (drchrono answers 404 "Invalid cursor"). */
export function decodeCursor(value: string | null): Cursor | null | undefined {
  if (value === null) return undefined;
  const text = Buffer.from(value, "base64url").toString("utf8");
  const params = new URLSearchParams(text);
  const position = Number(params.get("p"));
  if (!/^\d+$/.test(params.get("p") ?? "") || !Number.isSafeInteger(position)) return null;
  return { reverse: params.get("r") === "1", position };
}

/** `page_size` only lowers the page (invalid values fall back to the default, as in DRF). */
export function pageSizeFrom(params: URLSearchParams): number {
  const max = params.get("verbose") === "true" ? VERBOSE_MAX_PAGE_SIZE : MAX_PAGE_SIZE;
  const raw = params.get("page_size");
  const asked = raw !== null && /^\d+$/.test(raw) ? Number(raw) : max;
  return Math.min(Math.max(asked, 1), max);
}

export interface PageSource<T extends { id: number }> {
  ascending(afterId: number): Iterable<T>;
  descending(beforeId: number): Iterable<T>;
  matches(item: T): boolean;
}

export interface Page<T> {
  results: T[];
  next: Cursor | null;
  previous: Cursor | null;
}

function take<T>(items: Iterable<T>, matches: (item: T) => boolean, count: number): T[] {
  const taken: T[] = [];
  if (count <= 0) return taken;
  for (const item of items) {
    if (!matches(item)) continue;
    taken.push(item);
    if (taken.length >= count) break;
  }
  return taken;
}

export function paginate<T extends { id: number }>(
  source: PageSource<T>,
  pageSize: number,
  cursor: Cursor | undefined,
): Page<T> {
  const matches = (item: T) => source.matches(item);
  if (cursor?.reverse) {
    const before = take(source.descending(cursor.position), matches, pageSize + 1);
    const results = before.slice(0, pageSize).reverse();
    const first = results[0];
    const last = results[results.length - 1];
    return {
      results,
      previous: before.length > pageSize && first ? { reverse: true, position: first.id } : null,
      next: { reverse: false, position: last ? last.id : cursor.position - 1 },
    };
  }
  const after = take(source.ascending(cursor?.position ?? 0), matches, pageSize + 1);
  const results = after.slice(0, pageSize);
  const first = results[0];
  const last = results[results.length - 1];
  return {
    results,
    next: after.length > pageSize && last ? { reverse: false, position: last.id } : null,
    previous: cursor ? { reverse: true, position: first ? first.id : cursor.position + 1 } : null,
  };
}

/** The page's own URL with the cursor swapped: absolute, keeping every filter, like DRF's links. */
export function cursorUrl(requestUrl: URL, cursor: Cursor | null): string | null {
  if (!cursor) return null;
  const url = new URL(requestUrl);
  url.searchParams.set("cursor", encodeCursor(cursor));
  return url.toString();
}

/** Pages a small in-memory list (doctors, offices, users) the same way. */
export function arraySource<T extends { id: number }>(
  items: readonly T[],
  matches: (item: T) => boolean = () => true,
): PageSource<T> {
  const sorted = [...items].sort((a, b) => a.id - b.id);
  return {
    ascending: (afterId) => sorted.filter((i) => i.id > afterId),
    descending: (beforeId) => sorted.filter((i) => i.id < beforeId).reverse(),
    matches,
  };
}
