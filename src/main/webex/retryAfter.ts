/** Fallback when `Retry-After` is missing or not an integer (the Python SDK's 15 s). */
export const DEFAULT_RETRY_AFTER_MS = 15_000;

/**
 * `Retry-After` as Webex sends it: integer seconds. Missing, empty or garbage (`rand(30),add(30)`, `30.5`, `null`,
 * an HTTP date) → 15 s; at least 1 s. Multiple header values: the first one counts.
 */
export function parseRetryAfterMs(value: string | string[] | undefined): number {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return DEFAULT_RETRY_AFTER_MS;
  const text = raw.trim();
  if (!/^\d+$/.test(text)) return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(text);
  if (!Number.isSafeInteger(seconds)) return DEFAULT_RETRY_AFTER_MS;
  return Math.max(1, seconds) * 1000;
}
