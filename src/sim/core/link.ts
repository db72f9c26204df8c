/**
 * Pagination links — docs/webex-api.md §3: exactly one `Link: <absolute-url>; rel="next"` header, only when another page
 * exists, built with the simulator's own scheme/host/port (clients follow it verbatim).
 */
export type QueryPairs = ReadonlyArray<readonly [string, string]>;

export function buildUrl(origin: string, path: string, query: QueryPairs): string {
  const qs = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return qs ? `${origin}${path}?${qs}` : `${origin}${path}`;
}

/** `<url>; rel="next"` */
export function nextLink(origin: string, path: string, query: QueryPairs): string {
  return `<${buildUrl(origin, path, query)}>; rel="next"`;
}

/** Parses a Link header value (comma-separated links, commas inside `<>` respected) into rel → url. */
export function parseLinkHeader(value: string): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  const re = /<([^>]*)>\s*((?:;\s*[^;,]+)*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value)) !== null) {
    const rel = /;\s*rel="?([^";]+)"?/i.exec(m[2] ?? '');
    if (rel?.[1]) out[rel[1]] = m[1] ?? '';
  }
  return out;
}

/** Opaque list cursors for non-message lists (§13: the real format is unverified; clients treat it as opaque). */
export function encodeCursor(parts: ReadonlyArray<string | number>): string {
  return Buffer.from(parts.join('\u0001'), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string[] | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  return decoded.length > 0 ? decoded.split('\u0001') : undefined;
}
