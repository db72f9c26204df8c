/**
 * The plain-data rule of the bridge (docs/architecture.md §1): values are JSON data — null, booleans, finite numbers, strings,
 * dense arrays and plain objects of those. No Date, Map, Set, class instances, functions, symbols, bigint,
 * `undefined` properties, NaN/Infinity or cycles. Used by the IPC binding, the e2e harness and the test fakes, so
 * what passes in tests passes Electron's structured clone and the harness's serializer alike. Imports nothing.
 */
export interface PlainDataViolation {
  path: string;
  problem: string;
}

export function findPlainDataViolations(value: unknown, limit = 10): PlainDataViolation[] {
  const out: PlainDataViolation[] = [];
  const seen = new Set<object>();

  const visit = (v: unknown, path: string): void => {
    if (out.length >= limit) return;
    if (v === null) return;
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return;
      case 'number':
        if (!Number.isFinite(v)) out.push({ path, problem: `non-finite number ${String(v)}` });
        return;
      case 'undefined':
        out.push({ path, problem: 'undefined (omit the property instead)' });
        return;
      case 'function':
      case 'symbol':
      case 'bigint':
        out.push({ path, problem: typeof v });
        return;
      case 'object':
        break;
    }
    const obj = v as object;
    if (seen.has(obj)) {
      out.push({ path, problem: 'cycle' });
      return;
    }
    seen.add(obj);
    if (Array.isArray(obj)) {
      // Stop at the limit: a sparse array of 2^32 - 1 slots is cheap to send and must not be walked slot by slot.
      for (let i = 0; i < obj.length && out.length < limit; i++) {
        if (!(i in obj)) out.push({ path: `${path}[${i}]`, problem: 'hole in array' });
        else visit(obj[i], `${path}[${i}]`);
      }
    } else {
      const proto = Object.getPrototypeOf(obj) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        const name = (obj.constructor as { name?: string } | undefined)?.name ?? 'unknown';
        out.push({ path, problem: `not a plain object (${name})` });
      } else {
        if (Object.getOwnPropertySymbols(obj).length > 0) out.push({ path, problem: 'symbol keys' });
        for (const key of Object.keys(obj)) {
          if (out.length >= limit) break;
          visit((obj as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
        }
      }
    }
    seen.delete(obj);
  };

  visit(value, '');
  return out;
}

export function isPlainData(value: unknown): boolean {
  return findPlainDataViolations(value, 1).length === 0;
}

export class PlainDataError extends Error {
  constructor(
    readonly where: string,
    readonly violations: PlainDataViolation[],
  ) {
    super(`${where} is not plain data: ${violations.map((v) => `${v.path || '(value)'}: ${v.problem}`).join('; ')}`);
    this.name = 'PlainDataError';
  }
}

/** Throws `PlainDataError` when `value` breaks the plain-data rule. `undefined` itself is allowed (no payload). */
export function assertPlainData(value: unknown, where: string): void {
  if (value === undefined) return;
  const violations = findPlainDataViolations(value);
  if (violations.length > 0) throw new PlainDataError(where, violations);
}
