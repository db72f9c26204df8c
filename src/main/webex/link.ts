export interface LinkValue {
  url: string;
  rels: string[];
  params: Record<string, string>;
}

/** Splits on `sep` outside `<…>` and outside double quotes. */
function splitOutside(text: string, sep: string): string[] {
  const parts: string[] = [];
  const sepCode = sep.charCodeAt(0);
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (quoted) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) quoted = false;
      continue;
    }
    if (ch === 34 && depth === 0) quoted = true;
    else if (ch === 60 /* < */) depth++;
    else if (ch === 62 /* > */ && depth > 0) depth--;
    else if (ch === sepCode && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/\\(.)/g, '$1');
  return v;
}

/**
 * RFC 8288 `Link` header parsing, robust to what servers do: several headers or comma-separated values, commas
 * inside `<…>` or quoted params, params in any order, `rel` with or without quotes, several rel values
 * (`rel="next last"`), odd spacing and letter case. Malformed pieces are skipped.
 */
export function parseLinkHeader(header: string | string[] | undefined): LinkValue[] {
  if (header === undefined) return [];
  const text = Array.isArray(header) ? header.join(',') : header;
  const links: LinkValue[] = [];
  for (const part of splitOutside(text, ',')) {
    const trimmed = part.trim();
    const m = /^<([^>]*)>(.*)$/s.exec(trimmed);
    if (!m) continue;
    const url = (m[1] ?? '').trim();
    const params = Object.create(null) as Record<string, string>; // server-chosen names: null prototype
    for (const p of splitOutside(m[2] ?? '', ';')) {
      const eq = p.indexOf('=');
      if (eq < 0) {
        const key = p.trim().toLowerCase();
        if (key) params[key] = '';
        continue;
      }
      const key = p.slice(0, eq).trim().toLowerCase();
      if (!key || key in params) continue; // first occurrence wins (RFC 8288 §3.3)
      params[key] = unquote(p.slice(eq + 1));
    }
    const rels = (params.rel ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((r) => r.toLowerCase());
    links.push({ url, rels, params });
  }
  return links;
}

/** The `rel="next"` target, or undefined. */
export function findNextLink(header: string | string[] | undefined): string | undefined {
  return parseLinkHeader(header).find((l) => l.rels.includes('next'))?.url;
}

/**
 * Prepares a server's next URL for the following request. The URL is opaque — nothing in it is changed or
 * overwritten (the cursor stays the server's) — except that query parameters of the original request the server
 * dropped (`max`, `mentionedPeople`, `roomId`, `parentId`, …: known Webex defects) are added back, and an errant
 * `max=null` is replaced by the original `max`.
 */
export function restoreDroppedParams(next: URL, original: URLSearchParams): URL {
  const fixed = new URL(next.href);
  const params = fixed.searchParams;
  let changed = false;
  if (params.get('max') === 'null') {
    params.delete('max');
    changed = true;
  }
  for (const key of new Set(original.keys())) {
    if (params.has(key)) continue;
    for (const value of original.getAll(key)) params.append(key, value);
    changed = true;
  }
  return changed ? fixed : next;
}
