/**
 * A token bucket on an injected time source (milliseconds). `capacity` tokens at most; `refillPerSec` tokens are
 * added per second of that time. `take()` either consumes one token or says how long until one is available.
 */
export interface BucketConfig {
  capacity: number;
  refillPerSec: number;
}

export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly config: BucketConfig,
    now: number,
  ) {
    this.tokens = config.capacity;
    this.last = now;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.config.capacity, this.tokens + ((now - this.last) / 1000) * this.config.refillPerSec);
    }
    this.last = Math.max(this.last, now);
  }

  take(now: number, cost = 1): TakeResult {
    this.refill(now);
    if (this.tokens >= cost) {
      this.tokens -= cost;
      return { ok: true, remaining: Math.floor(this.tokens) };
    }
    if (this.config.refillPerSec <= 0) return { ok: false, retryAfterMs: Number.POSITIVE_INFINITY };
    const missing = cost - this.tokens;
    return { ok: false, retryAfterMs: Math.ceil((missing / this.config.refillPerSec) * 1000) };
  }

  /** Tokens available at `now` (fractional). */
  available(now: number): number {
    this.refill(now);
    return this.tokens;
  }
}

/** `Retry-After` integer seconds for a wait (§4: integer seconds, at least 1). */
export function retryAfterSeconds(ms: number): number {
  if (!Number.isFinite(ms)) return 3600;
  return Math.max(1, Math.ceil(ms / 1000));
}
