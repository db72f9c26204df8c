/**
 * The one ordering of spaces and messages, used by main (slices it sends) and the renderer (slices it keeps), so both
 * sides agree item for item. Total orders: ties never flicker. Timestamps are compared as instants (not as text:
 * `…00Z` and `…00.500Z` sort by time); an unparseable or missing one is the earliest.
 */

/** Epoch ms of an ISO-8601 timestamp; missing or unparseable → -Infinity. */
export function instantOf(iso: string | undefined): number {
  if (iso === undefined) return Number.NEGATIVE_INFINITY;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

/** Code-unit order: the same on every machine and locale (ids are opaque). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareInstants(a: string | undefined, b: string | undefined): number {
  const x = instantOf(a);
  const y = instantOf(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

export interface OrderedRoom {
  id: string;
  title: string;
  lastActivity?: string;
}

export interface OrderedMessage {
  id: string;
  created: string;
}

/** Titles as people read them, with a fixed locale so main and the renderer agree whatever the system's locale. */
const titles = new Intl.Collator('en');

/** Spaces: most recent activity first, then by title, then id. */
export function compareRooms(a: OrderedRoom, b: OrderedRoom): number {
  return (
    compareInstants(b.lastActivity, a.lastActivity) ||
    titles.compare(a.title, b.title) ||
    compareText(a.title, b.title) ||
    compareText(a.id, b.id)
  );
}

/** Messages: oldest first, then by id. */
export function compareMessages(a: OrderedMessage, b: OrderedMessage): number {
  return compareInstants(a.created, b.created) || compareText(a.id, b.id);
}
