import type { Normalized } from './store';

export type Compare<T> = (a: T, b: T) => number;

/** A collection from a list, in the comparator's order (last one wins for a repeated id). */
export function collectionOf<T extends { id: string }>(items: readonly T[], compare: Compare<T>): Normalized<T> {
  const byId = new Map<string, T>();
  for (const item of items) byId.set(item.id, item);
  return { byId, ids: [...byId.values()].sort(compare).map((i) => i.id) };
}

/** A collection from a list, keeping the list's order (main's order; last one wins for a repeated id). */
export function orderedCollectionOf<T extends { id: string }>(items: readonly T[]): Normalized<T> {
  const byId = new Map<string, T>();
  for (const item of items) byId.set(item.id, item);
  return { byId, ids: [...byId.keys()] };
}

/** Inserts or replaces items by id; applying the same upsert twice gives the same collection. */
export function upsertInto<T extends { id: string }>(
  collection: Normalized<T>,
  items: readonly T[],
  compare: Compare<T>,
): Normalized<T> {
  if (items.length === 0) return collection;
  const byId = new Map(collection.byId);
  for (const item of items) byId.set(item.id, item);
  return { byId, ids: [...byId.values()].sort(compare).map((i) => i.id) };
}

/** Removes items by id; unknown ids are ignored. */
export function removeFrom<T>(collection: Normalized<T>, ids: readonly string[]): Normalized<T> {
  const gone = new Set(ids.filter((id) => collection.byId.has(id)));
  if (gone.size === 0) return collection;
  const byId = new Map(collection.byId);
  for (const id of gone) byId.delete(id);
  return { byId, ids: collection.ids.filter((id) => !gone.has(id)) };
}

/** The items in order (for rendering); skips an id without an item, which a well-formed collection never has. */
export function listOf<T>(collection: Normalized<T>): T[] {
  const out: T[] = [];
  for (const id of collection.ids) {
    const item = collection.byId.get(id);
    if (item !== undefined) out.push(item);
  }
  return out;
}
