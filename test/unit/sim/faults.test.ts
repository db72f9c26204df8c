import { describe, expect, it } from 'vitest';
import { FaultEngine, normalizeKey, validateFaultConfig } from '../../../src/sim/core/faults';

describe('fault engine', () => {
  it('normalizes route keys', () => {
    expect(normalizeKey('get  /v1/rooms/')).toBe('GET /rooms');
    expect(normalizeKey('*')).toBe('*');
  });

  it('prefers the most specific key and applies count-limited scripts in order', () => {
    const f = new FaultEngine(1);
    f.set({
      'POST /messages': [
        { error: 1, errorStatus: 503, count: 2 },
        { resetAfter: 1, count: 1 },
      ],
      '*': { latencyMs: 5 },
    });
    const seq = [1, 2, 3, 4].map(() => f.decide('POST', '/messages'));
    expect(seq.map((d) => d?.pre ?? d?.post ?? 'none')).toEqual(['error', 'error', 'resetAfter', 'none']);
    expect(seq[0]?.errorStatus).toBe(503);
    expect(seq[3]?.latencyMs).toBe(5);
    expect(f.decide('GET', '/rooms')?.latencyMs).toBe(5);
  });

  it('is deterministic for a seed', () => {
    const roll = (seed: number) => {
      const f = new FaultEngine(seed);
      f.set({ '*': { error: 0.5 } });
      return Array.from({ length: 40 }, () => f.decide('GET', '/rooms')?.pre ?? '-').join('');
    };
    expect(roll(7)).toBe(roll(7));
    expect(roll(7)).not.toBe(roll(8));
    expect(roll(7)).toContain('error');
    expect(roll(7)).toContain('-');
  });

  it('rejects invalid configs with a TypeError', () => {
    expect(() => validateFaultConfig({ '*': { error: 2 } })).toThrow(TypeError);
    expect(() => validateFaultConfig({ '*': { bogus: 1 } })).toThrow(TypeError);
    expect(() => validateFaultConfig([])).toThrow(TypeError);
  });

  it('reports remaining counts and clears', () => {
    const f = new FaultEngine(1);
    f.set({ 'GET /rooms': { hang: 1, count: 2 } });
    f.decide('GET', '/rooms');
    expect(f.get()).toEqual({ 'GET /rooms': { hang: 1, count: 1 } });
    f.clear();
    expect(f.decide('GET', '/rooms')).toBeUndefined();
  });
});
