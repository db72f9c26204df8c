/** Network timeouts in milliseconds. Explicit, not undici's five-minute defaults (docs/architecture.md §4). */
export interface Timeouts {
  /** TCP connect (+ TLS handshake) to the origin or the proxy. */
  connectMs: number;
  /** From the request being sent to the complete response headers. */
  headersMs: number;
  /** Longest silence between two chunks of the response body. */
  bodyMs: number;
}

export const DEFAULT_TIMEOUTS: Readonly<Timeouts> = Object.freeze({
  connectMs: 10_000,
  headersMs: 30_000,
  bodyMs: 60_000,
});

/** Fills the gaps of a partial timeout set with the defaults; rejects nonsense (negative, NaN) by using the default. */
export function resolveTimeouts(partial: Partial<Timeouts> | undefined): Timeouts {
  const pick = (value: number | undefined, fallback: number): number =>
    typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
  return {
    connectMs: pick(partial?.connectMs, DEFAULT_TIMEOUTS.connectMs),
    headersMs: pick(partial?.headersMs, DEFAULT_TIMEOUTS.headersMs),
    bodyMs: pick(partial?.bodyMs, DEFAULT_TIMEOUTS.bodyMs),
  };
}
