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
  it('never holds the main thread: other work runs while a catastrophic match is in progress', async () => {
    const m = matcher();
    // Warm the worker first, so the event order below is about the match, not the worker's start.
    expect(await m.run('x', '', ['x'], 5_000)).toEqual({ kind: 'done', hits: [true] });
    const order: string[] = [];
    setImmediate(() => order.push('immediate'));
    setTimeout(() => order.push('timer'), 0);
    const pending = m.run(CATASTROPHIC, '', [LONG_LINE], 100);
    order.push('called');
    const outcome = await pending;
    order.push('settled');
    expect(outcome).toEqual({ kind: 'timeout' });
    // The main thread's own callbacks ran while the worker was busy with the pattern, not after it gave up.
    expect(order[0]).toBe('called');
    expect(order.slice(1, 3).sort()).toEqual(['immediate', 'timer']);
    expect(order[3]).toBe('settled');
  });

  it('matches each text with the given flags', async () => {
    const m = matcher();
    expect(await m.run('disk\\s+full', 'i', ['DISK  FULL on db-7', 'disk ok', ''], 5_000)).toEqual({
      kind: 'done',
      hits: [true, false, false],
    });
    expect(await m.run('^sev[12]\\b', '', ['sev1 outage', 'SEV1 outage', 'sev3'], 5_000)).toEqual({
      kind: 'done',
      hits: [true, false, false],
    });
  });

  it('a catastrophic pattern ends as a timeout (tried twice, on fresh workers), and a normal call works after', async () => {
    const m = matcher();
    expect(await m.run(CATASTROPHIC, '', [LONG_LINE], 50)).toEqual({ kind: 'timeout' });
    expect(m.restartCount()).toBe(2);
    // The runaway worker was dropped: a normal call after it is answered by a fresh one.
    expect(await m.run(CATASTROPHIC, '', ['aaaa', 'aab'], 5_000)).toEqual({ kind: 'done', hits: [true, false] });
    expect(m.restartCount()).toBe(2);
  });

  it('queues calls made together: each gets its own answer, in order, also around a timed-out one', async () => {
    const m = matcher();
    const settled: string[] = [];
    const track = <T>(name: string, p: Promise<T>): Promise<T> => p.finally(() => settled.push(name));
    const [a, slow, b] = await Promise.all([
      track('a', m.run('db-\\d+', '', ['db-7', 'web'], 5_000)),
      track('slow', m.run(CATASTROPHIC, '', [LONG_LINE], 50)),
      track('b', m.run('^web$', '', ['db-7', 'web'], 5_000)),
    ]);
    expect(a).toEqual({ kind: 'done', hits: [true, false] });
    expect(slow).toEqual({ kind: 'timeout' });
    expect(b).toEqual({ kind: 'done', hits: [false, true] });
    expect(settled).toEqual(['a', 'slow', 'b']);
  });

  it('reports a pattern the engine refuses as an error, not a throw', async () => {
    const m = matcher();
    const outcome = await m.run('(', '', ['x'], 5_000);
    expect(outcome.kind).toBe('error');
    expect(await m.run('x', '', ['x'], 5_000)).toEqual({ kind: 'done', hits: [true] });
  });

  it('answers an empty batch without starting a worker', async () => {
    const m = matcher();
    expect(await m.run(CATASTROPHIC, '', [], 50)).toEqual({ kind: 'done', hits: [] });
    expect(m.restartCount()).toBe(0);
  });
});
