import { describe, expect, it } from 'vitest';
import { roomViewSchema, messageViewSchema } from '../../../src/shared/contract/schemas';
import { emptyWatchState, pruneRooms, watchStateSchema, type RoomRecord } from '../../../src/main/watch/persistence';
import {
  absorbRoom,
  countMessage,
  markRead,
  needsRead,
  startTracking,
  stopTracking,
  uncountMessage,
} from '../../../src/main/watch/read-state';
import { messageView, roomView } from '../../../src/main/watch/views';
import type { Message, Room } from '../../../src/main/webex';

const T = (s: number): string => new Date(Date.UTC(2026, 0, 5, 9, 0, s)).toISOString();
const room = (lastActivity: string): Room => ({
  id: 'r',
  title: 'NOC',
  type: 'group',
  isLocked: false,
  lastActivity,
  creatorId: 'c',
  created: T(0),
});
const msg = (id: string, created: string, extra: Partial<Message> = {}): Message => ({
  id,
  roomId: 'r',
  roomType: 'group',
  personId: 'them',
  personEmail: 'them@example.com',
  text: id,
  created,
  ...extra,
});

describe('read state', () => {
  it('a room first seen gets its marker at lastActivity: no unread, no dot', () => {
    const rec = absorbRoom(undefined, room(T(10)), 1);
    expect(rec.marker).toBe(T(10));
    expect(roomView('r', rec, false)).toMatchObject({ activity: false, watched: false });
    absorbRoom(rec, room(T(20)), 2);
    expect(rec.marker).toBe(T(10));
    expect(roomView('r', rec, false)).toMatchObject({ activity: true });
    expect(roomView('r', rec, false)?.unread).toBeUndefined();
  });

  it('a room created after the last good list starts its marker at its creation (it shows activity)', () => {
    const created = { ...room(T(30)), created: T(25) };
    expect(absorbRoom(undefined, created, 1, T(20)).marker).toBe('2026-01-05T09:00:24.999Z');
    expect(absorbRoom(undefined, created, 1, T(26)).marker).toBe(T(30));
    expect(roomView('r', absorbRoom(undefined, created, 1, T(20)), false)?.activity).toBe(true);
  });

  it('lastActivity never moves back; teamId follows the room', () => {
    const rec = absorbRoom(undefined, { ...room(T(20)), teamId: 't' }, 1);
    absorbRoom(rec, room(T(10)), 2);
    expect(rec.lastActivity).toBe(T(20));
    expect(rec.teamId).toBeUndefined();
  });

  it('counts messages after the marker, mentions (me or all), rules; never own messages', () => {
    const rec = absorbRoom(undefined, room(T(10)), 1);
    rec.watched = true;
    expect(countMessage(rec, msg('old', T(9)), 'me', ['x'])).toEqual({ unread: false, mention: false });
    expect(countMessage(rec, msg('a', T(11), { mentionedPeople: ['me'] }), 'me', ['rule1'])).toEqual({
      unread: true,
      mention: true,
    });
    countMessage(rec, msg('b', T(12), { mentionedGroups: ['all'] }), 'me', ['rule1', 'rule2']);
    countMessage(rec, msg('c', T(13), { personId: 'me' }), 'me', ['rule3']);
    expect(rec).toMatchObject({ unread: 2, mentions: 2, alertRules: ['rule1', 'rule2'] });
    uncountMessage(rec, msg('b', T(12), { mentionedGroups: ['all'] }), 'me');
    expect(rec).toMatchObject({ unread: 1, mentions: 1 });
    expect(roomView('r', rec, false)).toMatchObject({ unread: 1, mentions: 1, alert: true, activity: true });
  });

  it('mark read moves the marker to the newest activity and clears counts', () => {
    const rec = absorbRoom(undefined, room(T(10)), 1);
    rec.watched = true;
    countMessage(rec, msg('a', T(15)), 'me', []);
    rec.head = { id: 'a', created: T(15) };
    absorbRoom(rec, room(T(15)), 2);
    expect(markRead(rec)).toBe(true);
    expect(rec).toMatchObject({ marker: T(15), unread: 0, mentions: 0, alertRules: [] });
    expect(markRead(rec)).toBe(false);
  });

  it('start tracking: counts restart, reads go back to the marker only when there is something after it', () => {
    const rec = absorbRoom(undefined, room(T(10)), 1);
    startTracking(rec);
    expect(rec).toMatchObject({ synced: T(10), notifyAfter: T(10) });
    expect(needsRead(rec, false)).toBe(false);
    absorbRoom(rec, room(T(20)), 2);
    expect(needsRead(rec, false)).toBe(true);
    const behind = absorbRoom(undefined, room(T(10)), 1);
    absorbRoom(behind, room(T(30)), 2);
    startTracking(behind);
    expect(behind.synced).toBeUndefined();
    expect(needsRead(behind, false)).toBe(true);
    stopTracking(behind);
    expect(behind.head).toBeUndefined();
    expect(behind.gaps).toEqual([]);
  });
});

describe('views', () => {
  it('room and message views are valid contract data', () => {
    const rec = absorbRoom(undefined, room('2026-01-05T09:00:10Z'), 1);
    const view = roomView('r', rec, true);
    expect(roomViewSchema.safeParse(view).success).toBe(true);
    expect(view?.lastActivity).toBe('2026-01-05T09:00:10.000Z');
    const m = messageView(
      msg('a', '2026-01-05T10:00:10+01:00', {
        files: ['https://api.example/v1/contents/Y29udGVudA?x=1'],
        mentionedPeople: ['me'],
      }),
      {
        meId: 'me',
        displayName: () => 'Them',
        ruleMatches: ['r1'],
      },
    );
    expect(messageViewSchema.safeParse(m).success).toBe(true);
    expect(m).toMatchObject({
      created: '2026-01-05T09:00:10.000Z',
      files: [{ ref: 'Y29udGVudA' }],
      mentionsMe: true,
      isMine: false,
      personDisplayName: 'Them',
    });
  });

  it('a room with too little known is not shown', () => {
    const rec: RoomRecord = { ...absorbRoom(undefined, room(T(1)), 1) };
    delete rec.title;
    expect(roomView('r', rec, false)).toBeUndefined();
  });
});

describe('saved state', () => {
  it('the defaults are valid; pruning keeps watched and kept rooms, drops the least recently seen', () => {
    expect(watchStateSchema.safeParse(emptyWatchState()).success).toBe(true);
    const rooms = new Map<string, RoomRecord>();
    for (let i = 0; i < 10; i++) rooms.set(`r${i}`, { ...absorbRoom(undefined, room(T(i)), i), watched: i === 0 });
    const dropped = pruneRooms(rooms, (id) => id === 'r1', 3);
    expect([...rooms.keys()].sort()).toEqual(['r0', 'r1', 'r7', 'r8', 'r9']);
    expect(dropped).toHaveLength(5);
  });
});
