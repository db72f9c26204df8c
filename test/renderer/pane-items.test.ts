import { describe, expect, it } from 'vitest';
import type { CoreEvent, MessageView } from '../../src/shared/contract/channels';
import { messagesAfter, paneItems, prependedCount } from '../../src/renderer/src/features/messages/pane-items';
import { applyEvent, HISTORIES_KEPT, openFromKept, roomsSliceOf } from '../../src/renderer/src/store/apply';
import { emptyCollection, initialState, type OpsStore } from '../../src/renderer/src/store/store';
import { message, room } from './fake-bridge';

const at = (day: number, minute: number) => new Date(Date.UTC(2026, 0, day, 10, minute)).toISOString();

describe('paneItems', () => {
  it('one pass: day separators, the divider before the first unread from someone else, replies under their parent', () => {
    const all: MessageView[] = [
      message('a', { created: at(4, 0) }),
      message('b', { created: at(5, 0) }),
      message('c', { created: at(5, 1), parentId: 'b' }),
      message('d', { created: at(5, 2), isMine: true }),
      message('e', { created: at(5, 3) }),
      message('f', { created: at(5, 4), parentId: 'gone' }),
    ];
    const { items, newIndex, messages } = paneItems(all, at(5, 1));
    expect(items.map((i) => (i.kind === 'message' ? i.key : i.kind))).toEqual([
      'day',
      'a',
      'day',
      'b',
      'd',
      'new',
      'e',
      'f',
    ]);
    expect(newIndex).toBe(5);
    expect(messages).toBe(5);
    const b = items[3];
    expect(b?.kind === 'message' && b.replies).toBe(1);
    // A reply whose parent is not shown stays in the list.
    expect(items.some((i) => i.key === 'f')).toBe(true);
    expect(paneItems(all, undefined).newIndex).toBe(-1);
  });

  it('counts the rows an older page adds above what was shown, and the messages after the newest one before', () => {
    const before = paneItems([message('m1', { created: at(5, 0) }), message('m2', { created: at(5, 1) })], undefined);
    const after = paneItems(
      [
        message('o1', { created: at(4, 0) }),
        message('o2', { created: at(5, 0) }),
        message('m1', { created: at(5, 0) }),
        message('m2', { created: at(5, 1) }),
        message('n1', { created: at(5, 2) }),
      ],
      undefined,
    );
    // o1's day, o1, then the 5th's separator moves above o2: three rows before m1 where there was one.
    expect(prependedCount(before.items, after.items)).toBe(3);
    expect(prependedCount(after.items, after.items)).toBe(0);
    expect(messagesAfter(after.items, 'm2')).toBe(1);
    expect(messagesAfter(after.items, 'unknown')).toBe(0);
  });
});

describe('kept histories', () => {
  const reduce = (state: OpsStore, event: CoreEvent): OpsStore => ({ ...state, ...applyEvent(state, event) });
  const live = (roomId: string, ...ids: string[]) => ids.map((id) => message(id, { roomId }));
  const open = (
    state: OpsStore,
    roomId: string,
    messages = live(roomId, `${roomId}-live`),
    loading = false,
  ): OpsStore => reduce(state, { type: 'messages.reset', state: { roomId, messages, loading } });
  const withHistory = (state: OpsStore, roomId: string, ids = [`${roomId}-old`], hasMore = false): OpsStore => ({
    ...state,
    history: { roomId, older: { byId: new Map(ids.map((id) => [id, message(id)])), ids }, hasMore },
  });

  it('keeps the history of the last spaces left, bounded, and drops them with the identity', () => {
    let s = initialState();
    const rooms = Array.from({ length: HISTORIES_KEPT + 2 }, (_, i) => `r${i}`);
    for (const id of rooms) s = withHistory(open(s, id), id);
    s = open(s, 'quiet');
    expect([...s.keptHistories.keys()]).toEqual(rooms.slice(-HISTORIES_KEPT));
    expect(s.history).toEqual({ roomId: 'quiet', older: emptyCollection(), hasMore: true });

    const last = rooms.at(-1) as string;
    // While main still loads the space, the kept history waits; once its live window is there, they join.
    s = open(s, last, [], true);
    expect(s.history.older.ids).toEqual([`${last}-old`]);
    s = open(s, last, live(last, 'newer', `${last}-live`, 'newest'));
    expect(s.history).toEqual(withHistory(s, last).history);
    expect(s.keptHistories.has(last)).toBe(false);

    s = reduce(s, { type: 'rooms.reset', state: { rooms: [] } });
    expect(s.keptHistories.size).toBe(0);
  });

  it('a space left recently opens at once from what was kept; main loading leaves it shown, its window replaces it', () => {
    let s: OpsStore = { ...initialState(), rooms: roomsSliceOf({ rooms: [room('big'), room('quiet')] }) };
    s = withHistory(open(s, 'big', live('big', 'b1', 'b2')), 'big', ['big-old'], false);
    s = reduce(open(s, 'quiet'), { type: 'rooms.opened', roomId: 'quiet' });
    expect(openFromKept(s, 'quiet')).toBeUndefined();

    s = { ...s, ...openFromKept(s, 'big') };
    expect(s.rooms.openRoomId).toBe('big');
    expect(s.messages).toMatchObject({ roomId: 'big', ids: ['b1', 'b2'], loading: false, fromKept: true });
    expect(s.history).toMatchObject({ roomId: 'big', older: { ids: ['big-old'] }, hasMore: false });
    expect(s.keptHistories.has('big')).toBe(false);
    expect(openFromKept(s, 'big')).toBeUndefined();

    // Main opens it as always: its "loading" reset leaves the kept window shown; its loaded window replaces it and
    // the history stays joined (nothing missing between them).
    s = open(s, 'big', [], true);
    expect(s.messages.ids).toEqual(['b1', 'b2']);
    s = open(s, 'big', live('big', 'b1', 'b2', 'b3'));
    expect(s.messages.ids).toEqual(['b1', 'b2', 'b3']);
    expect(s.messages.fromKept).toBeUndefined();
    expect(s.history).toEqual({ roomId: 'big', older: s.history.older, hasMore: false });
    expect(s.history.older.ids).toEqual(['big-old']);
  });

  it('keeps knowing where a short space begins; drops a history the live window no longer joins', () => {
    let s = open(initialState(), 'short');
    s = withHistory(s, 'short', [], false);
    s = withHistory(open(s, 'busy'), 'busy', ['busy-old'], true);
    s = open(s, 'short');
    expect(s.history).toEqual({ roomId: 'short', older: emptyCollection(), hasMore: false });
    // Many messages arrived in "busy" meanwhile: its live window starts after the one the history ended before.
    s = open(s, 'busy', live('busy', 'later-1', 'later-2'));
    expect(s.history).toEqual({ roomId: 'busy', older: emptyCollection(), hasMore: true });
  });
});
