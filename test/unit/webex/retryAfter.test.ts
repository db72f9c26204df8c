import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_AFTER_MS, parseRetryAfterMs } from '../../../src/main/webex';

describe('parseRetryAfterMs', () => {
  it('reads integer seconds', () => {
    expect(parseRetryAfterMs('60')).toBe(60_000);
    expect(parseRetryAfterMs(' 5 ')).toBe(5_000);
    expect(parseRetryAfterMs(['7', '9'])).toBe(7_000);
  });

  it('falls back to 15 s for missing or garbage values, like the Python SDK tests', () => {
    expect(DEFAULT_RETRY_AFTER_MS).toBe(15_000);
    for (const v of [undefined, '', 'rand(30),add(30)', '30.5', 'null', '-3', 'Wed, 21 Oct 2015 07:28:00 GMT', '1e3']) {
      expect(parseRetryAfterMs(v), String(v)).toBe(15_000);
    }
  });

  it('waits at least 1 s', () => {
    expect(parseRetryAfterMs('0')).toBe(1_000);
  });
});
