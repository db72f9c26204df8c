/** The final guard of every JSON body: absent fields are omitted, never null (docs/webex-api.md §2, §12). */
const NULL_RE = /[:[,]null[,\]}]/;

function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(stripNulls);
  if (typeof value === 'object' && value !== null) {
    const out = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = stripNulls(v);
    return out;
  }
  return value;
}

/**
 * JSON.stringify with the final guard: absent fields are omitted, never null. The cheap check only re-serializes
 * when a `null` token may be present (a string containing ":null," re-serializes to the same text).
 */
export function guardedStringify(value: unknown): string {
  const s = JSON.stringify(value) ?? '{}';
  return NULL_RE.test(s) ? (JSON.stringify(stripNulls(value)) ?? '{}') : s;
}

export function guardText(text: string): string {
  return NULL_RE.test(text) ? guardedStringify(JSON.parse(text) as unknown) : text;
}
