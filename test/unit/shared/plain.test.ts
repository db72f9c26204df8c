import { describe, expect, it } from 'vitest';
import { assertPlainData, findPlainDataViolations, isPlainData } from '../../../src/shared/plain';

describe('plain-data rule', () => {
  it('accepts JSON data', () => {
    expect(isPlainData({ a: [1, 'x', true, null, { b: -0.5 }], c: Object.create(null) as object })).toBe(true);
    expect(() => assertPlainData(undefined, 'no payload')).not.toThrow();
  });

  it.each([
    ['Date', { at: new Date() }, 'at'],
    ['Map', { m: new Map() }, 'm'],
    ['Set', [new Set()], '[0]'],
    ['class instance', { e: new Error('x') }, 'e'],
    ['function', { f: () => 1 }, 'f'],
    ['undefined property', { u: undefined }, 'u'],
    ['NaN', { n: Number.NaN }, 'n'],
    ['Infinity', [Infinity], '[0]'],
    ['bigint', { b: 1n }, 'b'],
    ['symbol', { s: Symbol('s') }, 's'],
  ])('rejects %s', (_name, value, path) => {
    const violations = findPlainDataViolations(value);
    expect(violations[0]?.path).toBe(path);
    expect(() => assertPlainData(value, 'payload')).toThrow(/not plain data/);
  });

  it('rejects cycles and holes but accepts shared (acyclic) references', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(findPlainDataViolations(cyclic)[0]?.problem).toBe('cycle');
    // eslint-disable-next-line no-sparse-arrays
    expect(findPlainDataViolations([1, , 3])[0]?.problem).toBe('hole in array');
    const shared = { x: 1 };
    expect(isPlainData({ a: shared, b: shared })).toBe(true);
  });

  it('stops at the limit: a sparse array of 2^32 - 1 slots or a wide object is not walked to the end', () => {
    const sparse = findPlainDataViolations({ a: new Array(2 ** 32 - 1) });
    expect(sparse).toHaveLength(10);
    expect(sparse[9]?.path).toBe('a[9]');
    const wide = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, undefined]));
    expect(findPlainDataViolations(wide, 3)).toHaveLength(3);
  });
});
