import { describe, expect, it } from 'vitest';
import { keyedDiff, wholeDiff } from '../../../src/main/events/diff';

describe('slice diffs (recompute, compare with what was sent, emit the difference)', () => {
  it('a whole slice is changed only when it differs from the last one', () => {
    const d = wholeDiff<{ n: number }>();
    expect(d.changed({ n: 1 })).toBe(true);
    expect(d.changed({ n: 1 })).toBe(false);
    expect(d.changed({ n: 2 })).toBe(true);
    d.forget();
    expect(d.changed({ n: 2 })).toBe(true);
  });

  it('an id-keyed slice: upserts for new and changed items, removals for gone ones', () => {
    const d = keyedDiff<{ id: string; v: number }>();
    expect(
      d.diff([
        { id: 'a', v: 1 },
        { id: 'b', v: 1 },
      ]),
    ).toEqual({
      upserts: [
        { id: 'a', v: 1 },
        { id: 'b', v: 1 },
      ],
      removed: [],
    });
    expect(
      d.diff([
        { id: 'a', v: 2 },
        { id: 'b', v: 1 },
      ]),
    ).toEqual({ upserts: [{ id: 'a', v: 2 }], removed: [] });
    expect(d.diff([{ id: 'b', v: 1 }])).toEqual({ upserts: [], removed: ['a'] });
    d.reset([{ id: 'c', v: 1 }]);
    expect(d.has('b')).toBe(false);
    expect(d.diff([{ id: 'c', v: 1 }])).toEqual({ upserts: [], removed: [] });
  });

  it('diffSome compares only the candidates; others present are unchanged, absent ones removed', () => {
    const d = keyedDiff<{ id: string; v: number }>();
    d.reset([
      { id: 'a', v: 1 },
      { id: 'b', v: 1 },
      { id: 'c', v: 1 },
    ]);
    const out = d.diffSome(
      ['a', 'b', 'd'],
      [
        { id: 'b', v: 2 },
        { id: 'd', v: 1 },
        { id: 'x', v: 9 },
      ],
    );
    // x is not present: ignored; c is gone: removed; a was not a candidate: taken as unchanged.
    expect(out).toEqual({
      upserts: [
        { id: 'b', v: 2 },
        { id: 'd', v: 1 },
      ],
      removed: ['c'],
    });
    expect(['a', 'b', 'c', 'd', 'x'].map((id) => d.has(id))).toEqual([true, true, false, true, false]);
    expect(d.diffSome(['a', 'b', 'd'], [{ id: 'b', v: 2 }])).toEqual({ upserts: [], removed: [] });
  });
});
