/** Freezes a value and everything reachable through its own properties (cycles are fine). */
export function deepFreeze<T>(value: T): T {
  const seen = new Set<object>();
  const visit = (v: unknown): void => {
    // Typed arrays cannot be frozen; they do not occur in JSON documents.
    if (typeof v !== 'object' || v === null || seen.has(v) || ArrayBuffer.isView(v)) return;
    seen.add(v);
    Object.freeze(v);
    for (const key of Reflect.ownKeys(v)) visit((v as Record<PropertyKey, unknown>)[key]);
  };
  visit(value);
  return value;
}
