/**
 * Deterministic pseudo-random numbers (sfc32). Every random choice in the simulator (ids, tokens, tracking ids,
 * scenario content, driver timing, fault rolls) comes from an `Rng` derived from the simulator's seed and a label,
 * so one stream's consumption never shifts another's (adding a fault does not change the ids of later messages).
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform integer in [min, max] (inclusive). */
  range(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A uniformly chosen element (the array must not be empty). */
  pick<T>(items: readonly T[]): T;
  /** `n` lowercase hex digits. */
  hex(n: number): string;
  /** A fresh 32-bit unsigned integer. */
  u32(): number;
}

/** FNV-1a over the label, mixed with the seed: a stable 32-bit seed per (seed, label). */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= Math.floor(seed / 0x100000000) >>> 0;
  return h >>> 0;
}

const HEX = '0123456789abcdef';

export function createRng(seed: number, label = ''): Rng {
  let a = deriveSeed(seed, `a:${label}`);
  let b = deriveSeed(seed, `b:${label}`);
  let c = deriveSeed(seed, `c:${label}`);
  let d = 1;
  const u32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  // Warm up so that nearby seeds diverge.
  for (let i = 0; i < 12; i++) u32();
  const next = (): number => u32() / 0x100000000;
  return {
    next,
    u32,
    int: (n) => Math.floor(next() * n),
    range: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick from an empty array');
      return items[Math.floor(next() * items.length)] as T;
    },
    hex(n) {
      let out = '';
      while (out.length < n) {
        let v = u32();
        for (let i = 0; i < 8 && out.length < n; i++) {
          out += HEX[v & 15];
          v >>>= 4;
        }
      }
      return out;
    },
  };
}
