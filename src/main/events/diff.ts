/**
 * "Recompute the slice view, compare it with the last one sent, emit the difference" (docs/events.md, rules for code
 * that emits). Services recompute their view at the end of every change and hand it to one of these; only a real
 * difference becomes an event, so calling them too often costs a comparison, never a spurious event.
 */

/** A slice sent whole (`*.changed`): `changed(state)` is true when it differs from the last state it was given. */
export function wholeDiff<T>(): { changed(state: T): boolean; forget(): void } {
  let last: string | undefined;
  return {
    changed(state) {
      const json = JSON.stringify(state);
      if (json === last) return false;
      last = json;
      return true;
    },
    forget() {
      last = undefined;
    },
  };
}

export interface KeyedChanges<T> {
  /** New items and items that differ from what was last sent, in the order given. */
  upserts: T[];
  /** Ids sent before and no longer present. */
  removed: string[];
}

/** An id-keyed slice (upserts and removals): what changed since the last call, or since `reset`. */
export function keyedDiff<T extends { id: string }>(): {
  diff(items: readonly T[]): KeyedChanges<T>;
  /**
   * `diff` when only some items may have changed: `ids` are every item present now, `candidates` the ones that may
   * differ — every id not sent before must be among them; the others are taken as unchanged (not even serialised).
   */
  diffSome(ids: readonly string[], candidates: readonly T[]): KeyedChanges<T>;
  /** Whether this id was sent and not removed since. */
  has(id: string): boolean;
  /** The window gets these whole (a reset event): remember them as sent. */
  reset(items: readonly T[]): void;
} {
  let last = new Map<string, string>();
  return {
    diffSome(ids, candidates) {
      const present = new Set(ids);
      const removed = [...last.keys()].filter((id) => !present.has(id));
      for (const id of removed) last.delete(id);
      const upserts: T[] = [];
      for (const item of candidates) {
        if (!present.has(item.id)) continue;
        const json = JSON.stringify(item);
        if (last.get(item.id) !== json) upserts.push(item);
        last.set(item.id, json);
      }
      return { upserts, removed };
    },
    has(id) {
      return last.has(id);
    },
    diff(items) {
      const next = new Map<string, string>();
      const upserts: T[] = [];
      for (const item of items) {
        const json = JSON.stringify(item);
        next.set(item.id, json);
        if (last.get(item.id) !== json) upserts.push(item);
      }
      const removed = [...last.keys()].filter((id) => !next.has(id));
      last = next;
      return { upserts, removed };
    },
    reset(items) {
      last = new Map(items.map((item) => [item.id, JSON.stringify(item)]));
    },
  };
}
