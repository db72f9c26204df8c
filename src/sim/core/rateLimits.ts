/**
 * Rate limits (docs/webex-api.md §4): a token bucket per access token and one per room for message reads, on the
 * injected clock. A refusal carries the `Retry-After` value to send: integer seconds computed from the bucket, or —
 * when configured — garbage values seen in the wild, in rotation.
 */
import type { RateLimitConfig } from '../types';
import { retryAfterSeconds, TokenBucket, type BucketConfig } from './tokenBucket';

export const DEMO_RATE_LIMITS: RateLimitConfig = {
  perToken: { capacity: 300, refillPerSec: 50 },
  perRoomMessageReads: { capacity: 60, refillPerSec: 10 },
};

export function validateRateLimitConfig(value: unknown): RateLimitConfig | false {
  if (value === false) return false;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError('rate limits must be an object or false');
  const out: RateLimitConfig = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'perToken' || k === 'perRoomMessageReads') {
      out[k] = v === false || v === undefined ? false : validateBucket(k, v);
    } else if (k === 'retryAfterValues') {
      if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string'))
        throw new TypeError('retryAfterValues must be strings');
      out.retryAfterValues = [...v];
    } else {
      throw new TypeError(`unknown rate limit field ${k}`);
    }
  }
  return out;
}

function validateBucket(name: string, v: unknown): BucketConfig {
  if (typeof v !== 'object' || v === null) throw new TypeError(`${name} must be { capacity, refillPerSec }`);
  const { capacity, refillPerSec } = v as Record<string, unknown>;
  if (typeof capacity !== 'number' || capacity < 1 || typeof refillPerSec !== 'number' || refillPerSec < 0) {
    throw new TypeError(`${name} must be { capacity >= 1, refillPerSec >= 0 }`);
  }
  return { capacity, refillPerSec };
}

export class RateLimiter {
  private config: RateLimitConfig | false = false;
  private readonly tokenBuckets = new Map<string, TokenBucket>();
  private readonly roomBuckets = new Map<string, TokenBucket>();
  private garbageIndex = 0;

  configure(config: RateLimitConfig | false): void {
    this.config = validateRateLimitConfig(config);
    this.tokenBuckets.clear();
    this.roomBuckets.clear();
    this.garbageIndex = 0;
  }

  current(): RateLimitConfig | false {
    return this.config === false ? false : structuredClone(this.config);
  }

  /** undefined when allowed; otherwise the Retry-After header value. */
  checkToken(token: string, now: number): string | undefined {
    if (this.config === false || !this.config.perToken) return undefined;
    return this.take(this.tokenBuckets, token, this.config.perToken, now);
  }

  checkRoomRead(roomKey: string, now: number): string | undefined {
    if (this.config === false || !this.config.perRoomMessageReads) return undefined;
    return this.take(this.roomBuckets, roomKey, this.config.perRoomMessageReads, now);
  }

  private take(map: Map<string, TokenBucket>, key: string, cfg: BucketConfig, now: number): string | undefined {
    let bucket = map.get(key);
    if (!bucket) {
      bucket = new TokenBucket(cfg, now);
      map.set(key, bucket);
    }
    const r = bucket.take(now);
    if (r.ok) return undefined;
    const garbage = this.config === false ? undefined : this.config.retryAfterValues;
    if (garbage && garbage.length > 0) return garbage[this.garbageIndex++ % garbage.length] as string;
    return String(retryAfterSeconds(r.retryAfterMs));
  }
}
