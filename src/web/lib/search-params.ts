/**
 * A copy of the address's query with one value set (or removed when empty). Changing a filter,
 * search or sort goes back to the first page, so `page` is dropped unless it is the key being set.
 */
export function withParam(prev: URLSearchParams, key: string, value: string | null | undefined): URLSearchParams {
  const next = new URLSearchParams(prev);
  if (value) next.set(key, value);
  else next.delete(key);
  if (key !== 'page') next.delete('page');
  return next;
}

/** The page number as a query value: page 1 is the default and is left out. */
export const pageParam = (page: number) => (page > 1 ? String(page) : null);
