import type { MessageView } from '../../../../shared/contract/channels';
import { formatDay } from '../../time';

/** One row of the virtualised message list: a day separator, the "new messages" divider or a message. */
export type PaneItem =
  | { kind: 'day'; key: string; label: string }
  | { kind: 'new'; key: string }
  | { kind: 'message'; key: string; message: MessageView; replies: number };

export interface PaneItems {
  items: readonly PaneItem[];
  /** Index of the "new messages" divider, or -1 when everything was read. */
  newIndex: number;
  /** Messages in the list (replies whose parent is shown sit under it and are not counted). */
  messages: number;
}

/**
 * The messages of the open space (in main's order) as the flat list the pane virtualises, built once per change
 * in one pass: replies counted under their parent and left out of the list when the parent is shown, a day
 * separator before the first message of each day, the "new messages" divider before the first message from
 * someone else after the read marker.
 */
export function paneItems(all: readonly MessageView[], readMarker: string | undefined): PaneItems {
  const shown = new Set<string>();
  for (const m of all) shown.add(m.id);
  const replies = new Map<string, number>();
  for (const m of all)
    if (m.parentId && shown.has(m.parentId)) replies.set(m.parentId, (replies.get(m.parentId) ?? 0) + 1);

  const items: PaneItem[] = [];
  let newIndex = -1;
  let messages = 0;
  // The local day being listed, as [start, end) in ms: a message inside it needs one Date.parse, nothing more.
  let dayStart = Number.POSITIVE_INFINITY;
  let dayEnd = Number.NEGATIVE_INFINITY;
  for (const m of all) {
    if (m.parentId && shown.has(m.parentId)) continue;
    const t = Date.parse(m.created);
    if (!Number.isNaN(t) && !(t >= dayStart && t < dayEnd)) {
      const d = new Date(t);
      dayStart = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
      dayEnd = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
      items.push({ kind: 'day', key: `day:${dayStart}`, label: formatDay(m.created) });
    }
    if (newIndex < 0 && readMarker !== undefined && m.created > readMarker && !m.isMine) {
      newIndex = items.length;
      items.push({ kind: 'new', key: 'new' });
    }
    items.push({ kind: 'message', key: m.id, message: m, replies: replies.get(m.id) ?? 0 });
    messages += 1;
  }
  return { items, newIndex, messages };
}

/**
 * How many rows were added above what was shown before (negative when rows went away above it): the shift of the
 * first earlier message still in the list. The pane lowers Virtuoso's `firstItemIndex` by it, so the rows the
 * operator is reading keep their index and stay where they are.
 */
export function prependedCount(before: readonly PaneItem[], after: readonly PaneItem[]): number {
  if (before.length === 0 || after.length === 0) return 0;
  const at = new Map<string, number>();
  for (let i = 0; i < after.length; i++) at.set((after[i] as PaneItem).key, i);
  for (let i = 0; i < before.length; i++) {
    const item = before[i] as PaneItem;
    if (item.kind !== 'message') continue;
    const j = at.get(item.key);
    if (j !== undefined) return j - i;
  }
  return 0;
}

/** Messages after the message `lastId` (the newest one before): how many arrived since. */
export function messagesAfter(items: readonly PaneItem[], lastId: string): number {
  let count = 0;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i] as PaneItem;
    if (item.key === lastId) return count;
    if (item.kind === 'message') count += 1;
  }
  return 0; // not in the list: another space or a reload
}
