import type { RoomView } from '../../../../shared/contract/channels';
import { assertNever } from '../../../../shared/errors';
import type { RoomFilter } from '../../store/store';

/**
 * The sidebar's filter chips. The accessible name is `before + label + after` (the extra words are visually
 * hidden), so it always contains the visible label (WCAG 2.5.3) and still says what the chip filters.
 */
export const FILTERS: readonly { key: RoomFilter; label: string; before?: string; after?: string; title: string }[] = [
  { key: 'all', label: 'All', after: ' spaces', title: 'All spaces' },
  { key: 'watched', label: 'Watched', after: ' spaces', title: 'Watched spaces' },
  { key: 'unread', label: 'Unread', after: ' spaces', title: 'Spaces with unread messages or new activity' },
  { key: 'mentions', label: 'Mentions', title: 'Spaces that mention you' },
  { key: 'direct', label: 'Direct', after: ' spaces', title: 'Direct spaces' },
  { key: 'spaces', label: 'Spaces', before: 'Group ', title: 'Group spaces' },
];

export function hasUnread(room: RoomView): boolean {
  return (room.unread ?? 0) > 0 || room.activity;
}

export function matchesFilter(room: RoomView, filter: RoomFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'watched':
      return room.watched;
    case 'unread':
      return hasUnread(room);
    case 'mentions':
      return (room.mentions ?? 0) > 0;
    case 'direct':
      return room.type === 'direct';
    case 'spaces':
      return room.type === 'group';
    default:
      return assertNever(filter, 'room filter');
  }
}

/** Case- and accent-insensitive form of a title or query. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLocaleLowerCase();
}

/** The spaces a filter and a search box show, in the given (main's) order. */
export function visibleRooms(rooms: readonly RoomView[], filter: RoomFilter, search: string): RoomView[] {
  const query = fold(search.trim());
  return rooms.filter((r) => matchesFilter(r, filter) && (query === '' || fold(r.title).includes(query)));
}

/**
 * Fuzzy score of a title for a query: every query character must appear in order. Higher is better: contiguous
 * runs, matches at word starts and at the start of the title score more. Undefined when it does not match.
 */
export function fuzzyScore(title: string, query: string): number | undefined {
  const t = fold(title);
  const q = fold(query).replace(/\s+/g, '');
  if (q === '') return 0;
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const ch of q) {
    const at = t.indexOf(ch, from);
    if (at < 0) return undefined;
    score += 1;
    if (at === previous + 1) score += 3;
    if (at === 0) score += 4;
    else if (/[\s\-_#/.:]/.test(t[at - 1] ?? '')) score += 2;
    previous = at;
    from = at + 1;
  }
  if (t.includes(q)) score += 10;
  return score - t.length / 100;
}

/**
 * The quick switcher's list: with no query, recently opened spaces first, then main's order; with a query, the
 * fuzzy matches best first (recent ones win ties).
 */
export function switcherResults(
  rooms: readonly RoomView[],
  query: string,
  recentIds: readonly string[],
  limit = 50,
): RoomView[] {
  const recentRank = new Map(recentIds.map((id, i) => [id, i]));
  const rank = (r: RoomView): number => recentRank.get(r.id) ?? Number.MAX_SAFE_INTEGER;
  if (query.trim() === '') {
    const recent = rooms.filter((r) => recentRank.has(r.id)).sort((a, b) => rank(a) - rank(b));
    const rest = rooms.filter((r) => !recentRank.has(r.id));
    return [...recent, ...rest].slice(0, limit);
  }
  const scored: { room: RoomView; score: number; index: number }[] = [];
  rooms.forEach((room, index) => {
    const score = fuzzyScore(room.title, query);
    if (score !== undefined) scored.push({ room, score, index });
  });
  scored.sort((a, b) => b.score - a.score || rank(a.room) - rank(b.room) || a.index - b.index);
  return scored.slice(0, limit).map((s) => s.room);
}

/** The next (step 1) or previous (-1) space in a list, wrapping; the first when none is open. */
export function stepRoom(list: readonly RoomView[], currentId: string | undefined, step: 1 | -1): RoomView | undefined {
  if (list.length === 0) return undefined;
  const index = list.findIndex((r) => r.id === currentId);
  if (index < 0) return step === 1 ? list[0] : list[list.length - 1];
  return list[(index + step + list.length) % list.length];
}
