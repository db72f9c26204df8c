export type QueryValue = string | number | boolean | readonly string[] | null | undefined;
export type Query = Record<string, QueryValue>;

/** Appends `path` (already encoded) to the base URL (no trailing slash) and sets the defined query params. */
export function buildUrl(base: URL, path: string, query?: object): URL {
  const url = new URL(`${base.href.replace(/\/+$/, '')}${path}`);
  if (query) {
    for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) {
        if (value.length === 0) continue;
        url.searchParams.set(key, value.map(String).join(','));
      } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        url.searchParams.set(key, String(value));
      }
    }
  }
  return url;
}

/** One encoded path segment for an id. */
export function seg(id: string): string {
  return encodeURIComponent(id);
}

/** Drops `undefined` values (the Python SDK's `dict_from_items_with_values`). */
export function definedOnly<T extends object>(value: T): Partial<T> {
  const out = Object.create(null) as Record<string, unknown>; // any key, `__proto__` included, stays own data
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as Partial<T>;
}
