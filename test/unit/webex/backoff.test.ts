import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../../src/main/webex/backoff';

describe('backoffDelayMs (exponential, full jitter)', () => {
  it('scales the ceiling by 2^(retry-1) up to the max, times the injected random', () => {
    const one = (): number => 0.999999;
    expect(backoffDelayMs(1, 500, 10_000, one)).toBe(499);
    expect(backoffDelayMs(2, 500, 10_000, one)).toBe(999);
    expect(backoffDelayMs(3, 500, 10_000, one)).toBe(1999);
    expect(backoffDelayMs(10, 500, 10_000, one)).toBe(9999);
    expect(backoffDelayMs(3, 500, 10_000, () => 0.5)).toBe(1000);
    expect(backoffDelayMs(3, 500, 10_000, () => 0)).toBe(0);
  });
});
