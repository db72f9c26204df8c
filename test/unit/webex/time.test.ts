import { describe, expect, it } from 'vitest';
import { formatWebexTimestamp, normaliseWebexTimestamp, parseWebexTimestamp } from '../../../src/main/webex';

describe('parseWebexTimestamp', () => {
  const t = Date.UTC(2015, 9, 18, 14, 26, 16, 203);

  it('parses with and without millis, Z or offsets', () => {
    expect(parseWebexTimestamp('2015-10-18T14:26:16.203Z')).toBe(t);
    expect(parseWebexTimestamp('2015-10-18T14:26:16Z')).toBe(t - 203);
    expect(parseWebexTimestamp('2015-10-18T14:26:16.203+00:00')).toBe(t);
    expect(parseWebexTimestamp('2015-10-18T16:26:16.203+02:00')).toBe(t);
    expect(parseWebexTimestamp('2015-10-18T09:26:16.203-0500')).toBe(t);
    expect(parseWebexTimestamp('2015-10-18T14:26:16.203456Z')).toBe(t);
    expect(parseWebexTimestamp('2015-10-18T14:26:16.2Z')).toBe(t - 3);
    expect(parseWebexTimestamp('2015-10-18T14:26:16')).toBe(t - 203);
  });

  it('rejects non-timestamps and impossible dates', () => {
    for (const bad of [
      '',
      'yesterday',
      '2015-13-01T00:00:00Z',
      '2015-02-30T00:00:00Z',
      '2015-10-18T25:00:00Z',
      '1445178376203',
    ]) {
      expect(parseWebexTimestamp(bad), bad).toBeUndefined();
    }
  });

  it('formats and normalises to .mmmZ', () => {
    expect(formatWebexTimestamp(t)).toBe('2015-10-18T14:26:16.203Z');
    expect(normaliseWebexTimestamp('2015-10-18T16:26:16+02:00')).toBe('2015-10-18T14:26:16.000Z');
    expect(normaliseWebexTimestamp('nope')).toBeUndefined();
  });
});

describe('normaliseWebexTimestamp fast path', () => {
  it('keeps canonical timestamps at month ends and rejects days that do not exist', () => {
    for (const ok of [
      '2026-11-30T08:59:20.891Z',
      '2026-01-31T00:00:00.000Z',
      '2024-02-29T12:00:00.000Z',
      '2000-02-29T12:00:00.000Z',
    ]) {
      expect(normaliseWebexTimestamp(ok), ok).toBe(ok);
    }
    for (const bad of [
      '2026-11-31T08:59:20.891Z',
      '2026-02-29T00:00:00.000Z',
      '1900-02-29T00:00:00.000Z',
      '2026-04-31T00:00:00.000Z',
    ]) {
      expect(normaliseWebexTimestamp(bad), bad).toBeUndefined();
    }
  });
});
