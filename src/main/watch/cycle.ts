/**
 * The parts of one poll cycle (docs/architecture.md §6.1, §6.2, §6.4) that do not hold state: the sorted rooms list with its
 * "whole page changed" paging rule, the choice of rooms to read, the sweep order, and the messages query (bots).
 */
import type { CallRetry, ListMessagesQuery, Room, RoomType, WebexClient } from '../webex';
import type { RoomRecord } from './persistence';
import { needsRead } from './read-state';
import { isAfter, laterOf, serverMs } from './time';

/**
 * The retry budget of every watch request: one attempt, no waiting for a 429 pause inside a cycle. The poller retries
 * on its own cadence with backoff and owns the rate-limit pause, so a partial outage slows polling down instead of
 * multiplying requests (client retries × cycles), and nothing sleeps inside a cycle.
 */
export const POLL_RETRY: Readonly<CallRetry> = Object.freeze({ maxAttempts: 1, maxRateLimitWaitMs: 0 });

export interface ListedRooms {
  /** The first page: the sorted window shown in the room list. */
  window: Room[];
  /** Every room listed (further pages included). */
  all: Room[];
  /** The latest lastActivity listed. */
  newest?: string;
}

/**
 * `GET /rooms?sortBy=lastactivity&max=K`. A further page is requested only while every room on the page changed since
 * `listMark` (the latest activity of the last good list): after a burst, a restart or a resume more changed rooms may
 * follow; otherwise one request per cycle.
 */
export async function listSortedWindow(
  client: WebexClient,
  options: { max: number; maxExtraPages: number; listMark?: string; signal: AbortSignal },
  onRequest: () => void,
): Promise<ListedRooms> {
  const listed: ListedRooms = { window: [], all: [] };
  const iterator = client.rooms
    .list({ sortBy: 'lastactivity', max: options.max }, { signal: options.signal, retry: POLL_RETRY })
    .pages();
  let pages = 0;
  try {
    for (;;) {
      onRequest();
      const next = await iterator.next();
      if (next.done) break;
      pages += 1;
      const page = next.value;
      if (pages === 1) listed.window = page.items;
      listed.all.push(...page.items);
      for (const room of page.items) {
        const newest = laterOf(listed.newest, room.lastActivity);
        if (newest !== undefined) listed.newest = newest;
      }
      const last = page.items[page.items.length - 1];
      const wholePageNew =
        options.listMark !== undefined && last !== undefined && isAfter(last.lastActivity, options.listMark);
      if (!page.hasNext || !wholePageNew || pages > options.maxExtraPages) break;
    }
  } finally {
    await iterator.return?.();
  }
  return listed;
}

/** Watched rooms outside the window, in a stable order for the round-robin sweep. */
export function outsideWindow(rooms: ReadonlyMap<string, RoomRecord>, inWindow: ReadonlySet<string>): string[] {
  return [...rooms]
    .filter(([id, r]) => r.watched && !inWindow.has(id))
    .map(([id]) => id)
    .sort();
}

/**
 * Watched or open rooms due for a read (their lastActivity moved, a gap is open, or the read is forced): the open
 * space first (it must show new messages quickly), then by activity, at most `max`.
 */
export function chooseCandidates(
  rooms: ReadonlyMap<string, RoomRecord>,
  options: { openRoomId?: string; openLoading: boolean; forced: ReadonlySet<string>; max: number },
): string[] {
  const due: [string, RoomRecord][] = [];
  for (const [id, rec] of rooms) {
    const isOpen = options.openRoomId === id;
    if (!rec.watched && !isOpen) continue;
    if (isOpen && options.openLoading) continue;
    if (needsRead(rec, options.forced.has(id))) due.push([id, rec]);
  }
  due.sort((a, b) => {
    if (a[0] === options.openRoomId) return -1;
    if (b[0] === options.openRoomId) return 1;
    return serverMs(b[1].lastActivity) - serverMs(a[1].lastActivity);
  });
  return due.slice(0, options.max).map(([id]) => id);
}

/** Bots may list group-room messages only with mentionedPeople=me (else 403), and then at most 100 a page. */
export function messagesQuery(
  meType: 'person' | 'bot' | 'appuser',
  roomType: RoomType | undefined,
  roomId: string,
  max: number,
): ListMessagesQuery & { max: number } {
  if (meType === 'bot' && roomType !== 'direct') return { roomId, max: Math.min(max, 100), mentionedPeople: 'me' };
  return { roomId, max };
}
