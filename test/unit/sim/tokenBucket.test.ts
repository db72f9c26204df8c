import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/sim/core/rateLimits';
import { retryAfterSeconds, TokenBucket } from '../../../src/sim/core/tokenBucket';

describe('token bucket', () => {
  it('allows a burst of `capacity`, then says how long until the next token', () => {
    const b = new TokenBucket({ capacity: 3, refillPerSec: 0.5 }, 0);
    expect([b.take(0).ok, b.take(0).ok, b.take(0).ok]).toEqual([true, true, true]);
    const refused = b.take(0);
    expect(refused).toEqual({ ok: false, retryAfterMs: 2000 });
  });

  it('refills on the given time source, never above capacity', () => {
    const b = new TokenBucket({ capacity: 2, refillPerSec: 1 }, 0);
    b.take(0);
    b.take(0);
    expect(b.take(500).ok).toBe(false);
    expect(b.take(1000).ok).toBe(true);
    expect(b.available(60_000)).toBe(2);
  });

  it('turns waits into integer Retry-After seconds, at least 1', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1000)).toBe(1);
    expect(retryAfterSeconds(1001)).toBe(2);
    expect(retryAfterSeconds(0)).toBe(1);
  });

  it('RateLimiter rotates configured garbage Retry-After values', () => {
    const rl = new RateLimiter();
    rl.configure({ perToken: { capacity: 1, refillPerSec: 0.1 }, retryAfterValues: ['rand(30),add(30)', '', '30.5'] });
    expect(rl.checkToken('t', 0)).toBeUndefined();
    expect([rl.checkToken('t', 0), rl.checkToken('t', 0), rl.checkToken('t', 0), rl.checkToken('t', 0)]).toEqual([
      'rand(30),add(30)',
      '',
      '30.5',
      'rand(30),add(30)',
    ]);
  });

  it('RateLimiter computes Retry-After from the bucket and keeps buckets per key', () => {
    const rl = new RateLimiter();
    rl.configure({ perRoomMessageReads: { capacity: 1, refillPerSec: 0.25 } });
    expect(rl.checkRoomRead('a', 0)).toBeUndefined();
    expect(rl.checkRoomRead('a', 0)).toBe('4');
    expect(rl.checkRoomRead('b', 0)).toBeUndefined();
    expect(rl.checkToken('any', 0)).toBeUndefined();
    expect(() => rl.configure({ perToken: { capacity: 0, refillPerSec: 1 } })).toThrow(TypeError);
  });
});
