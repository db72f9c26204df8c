/** Cursor pages for the non-message lists (people, memberships, teams, team memberships, webhooks, rooms). */
import { ApiError } from '../core/errors';
import { decodeCursor, encodeCursor, nextLink, type QueryPairs } from '../core/link';

export interface Page<T> {
  items: T[];
  /** The cursor for the next page, when there is one. */
  next?: string;
}

/**
 * `sorted` must be ordered by `keyOf` ascending (unique keys). The cursor is the last key of the previous page,
 * so inserts and deletes between pages never repeat or skip an item that stayed.
 */
export function pageByKey<T>(
  sorted: readonly T[],
  keyOf: (t: T) => string,
  cursor: string | undefined,
  max: number,
): Page<T> {
  let start = 0;
  if (cursor !== undefined) {
    const parts = decodeCursor(cursor);
    if (!parts || parts.length !== 1) throw new ApiError(400, 'Invalid cursor.');
    const after = parts[0] as string;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keyOf(sorted[mid] as T) <= after) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const items = sorted.slice(start, start + max);
  const last = items[items.length - 1];
  return start + max < sorted.length && last !== undefined ? { items, next: encodeCursor([keyOf(last)]) } : { items };
}

/** The next-page Link header: the original query (minus max/cursor), then max, then the cursor. */
export function listLink(origin: string, path: string, query: URLSearchParams, max: number, cursor: string): string {
  const pairs: [string, string][] = [];
  for (const [k, v] of query) if (k !== 'max' && k !== 'cursor') pairs.push([k, v]);
  pairs.push(['max', String(max)], ['cursor', cursor]);
  return nextLink(origin, `/v1${path}`, pairs as QueryPairs);
}
