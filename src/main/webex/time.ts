const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses a Webex timestamp leniently: with or without fractional seconds (any precision, truncated to ms), with or
 * without seconds, `Z` or a `±HH:MM` / `±HHMM` / `±HH` offset (none = UTC). Returns epoch milliseconds, or
 * `undefined` when the text is not such a timestamp or names an impossible date.
 */
export function parseWebexTimestamp(text: string): number | undefined {
  const m = ISO_RE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const millis = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  let offsetMin = 0;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return undefined;
    offsetMin = sign * (oh * 60 + om);
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), millis);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return undefined;
  return utc - offsetMin * 60_000;
}

/** Formats epoch milliseconds the way Webex does: `YYYY-MM-DDTHH:MM:SS.mmmZ`. */
export function formatWebexTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

const CANONICAL_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** Whether `text` is exactly `YYYY-MM-DDTHH:MM:SS.mmmZ` with a real date (a regex beats char-by-char code here). */
function isCanonical(text: string): boolean {
  if (text.length !== 24 || !CANONICAL_RE.test(text)) return false;
  const day = (text.charCodeAt(8) - 48) * 10 + (text.charCodeAt(9) - 48);
  if (day <= 28) return true;
  const month = (text.charCodeAt(5) - 48) * 10 + (text.charCodeAt(6) - 48);
  const year = Number(text.slice(0, 4));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}

/** Re-writes a parseable timestamp in the canonical `.mmmZ` form; `undefined` if it cannot be parsed. */
export function normaliseWebexTimestamp(text: string): string | undefined {
  // Fast path: what Webex sends (`YYYY-MM-DDTHH:MM:SS.mmmZ`, a real date) is returned as is.
  if (isCanonical(text)) return text;
  const ms = parseWebexTimestamp(text);
  return ms === undefined ? undefined : formatWebexTimestamp(ms);
}
