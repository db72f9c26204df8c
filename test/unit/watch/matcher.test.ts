import { afterEach, describe, expect, it } from 'vitest';
import { RegexMatcher } from '../../../src/main/watch/matcher';

const matchers: RegexMatcher[] = [];
function matcher(): RegexMatcher {
  const m = new RegexMatcher();
  matchers.push(m);
  return m;
}

afterEach(() => {
  for (const m of matchers.splice(0)) m.close();
});

// Exponential backtracking on a long line with no match: never finishes in practice.
const CATASTROPHIC = '^(a+)+$';
const LONG_LINE = `${'a'.repeat(5_000)}!`;

describe('RegexMatcher (worker thread)', () => {
  it('matches each text with the given flags', () => {
    const m = matcher();
    expect(m.run('disk\\s+full', 'i', ['DISK  FULL on db-7', 'disk ok', ''], 5_000)).toEqual({
      kind: 'done',
      hits: [true, false, false],
    });
    expect(m.run('^sev[12]\\b', '', ['sev1 outage', 'SEV1 outage', 'sev3'], 5_000)).toEqual({
      kind: 'done',
      hits: [true, false, false],
    });
  });

  it('a catastrophic pattern ends as a timeout (tried twice, on fresh workers), and a normal call works after', () => {
    const m = matcher();
    expect(m.run(CATASTROPHIC, '', [LONG_LINE], 50)).toEqual({ kind: 'timeout' });
    expect(m.restartCount()).toBe(2);
    // The runaway worker was dropped: a normal call after it is answered by a fresh one.
    expect(m.run(CATASTROPHIC, '', ['aaaa', 'aab'], 5_000)).toEqual({ kind: 'done', hits: [true, false] });
    expect(m.restartCount()).toBe(2);
  });

  it('reports a pattern the engine refuses as an error, not a throw', () => {
    const m = matcher();
    const outcome = m.run('(', '', ['x'], 5_000);
    expect(outcome.kind).toBe('error');
    expect(m.run('x', '', ['x'], 5_000)).toEqual({ kind: 'done', hits: [true] });
  });

  it('answers an empty batch without starting a worker', () => {
    const m = matcher();
    expect(m.run(CATASTROPHIC, '', [], 50)).toEqual({ kind: 'done', hits: [] });
    expect(m.restartCount()).toBe(0);
  });
});
