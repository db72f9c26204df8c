import { describe, expect, it } from 'vitest';
import { chooseCandidates, messagesQuery, outsideWindow } from '../../../src/main/watch/cycle';
import { OpenSpace } from '../../../src/main/watch/open-space';
import { newRoomRecord, type RoomRecord } from '../../../src/main/watch/persistence';
import type { Message } from '../../../src/main/webex';

const T = (s: number): string => new Date(Date.UTC(2026, 0, 5, 9, 0, s)).toISOString();

function rec(over: Partial<RoomRecord>): RoomRecord {
  return { ...newRoomRecord(0), type: 'group', title: 't', ...over };
}

describe('choosing rooms to read', () => {
  const rooms = new Map<string, RoomRecord>(
    Object.entries({
      moved: rec({ watched: true, lastActivity: T(20), synced: T(10) }),
      still: rec({ watched: true, lastActivity: T(10), synced: T(10) }),
      gap: rec({
        watched: true,
        lastActivity: T(5),
        synced: T(5),
        gaps: [{ beforeId: 'x', beforeCreated: T(4), stop: { created: T(1) } }],
      }),
      unwatched: rec({ lastActivity: T(30), synced: T(1) }),
      open: rec({ lastActivity: T(1), synced: T(0) }),
    }),
  );

  it('reads watched rooms whose lastActivity moved or that have a gap, the open space first, never the others', () => {
    expect(chooseCandidates(rooms, { openRoomId: 'open', openLoading: false, forced: new Set(), max: 10 })).toEqual([
      'open',
      'moved',
      'gap',
    ]);
    expect(
      chooseCandidates(rooms, { openRoomId: 'open', openLoading: true, forced: new Set(['still']), max: 10 }),
    ).toEqual(['moved', 'still', 'gap']);
    expect(chooseCandidates(rooms, { openLoading: false, forced: new Set(), max: 1 })).toEqual(['moved']);
  });

  it('sweeps watched rooms outside the window in a stable order', () => {
    expect(outsideWindow(rooms, new Set(['moved']))).toEqual(['gap', 'still']);
  });

  it('bots add mentionedPeople=me in group rooms with max ≤ 100; direct rooms and people do not', () => {
    expect(messagesQuery('bot', 'group', 'r', 500)).toEqual({ roomId: 'r', max: 100, mentionedPeople: 'me' });
    expect(messagesQuery('bot', 'direct', 'r', 500)).toEqual({ roomId: 'r', max: 500 });
    expect(messagesQuery('person', 'group', 'r', 50)).toEqual({ roomId: 'r', max: 50 });
  });
});

describe('the open space', () => {
  const m = (id: string, s: number, extra: Partial<Message> = {}): Message => ({
    id,
    roomId: 'r',
    roomType: 'group',
    personId: 'p',
    personEmail: 'p@example.com',
    text: id,
    created: T(s),
    ...extra,
  });

  it('finds edits and deletions within what the newest page covers', () => {
    const open = new OpenSpace('r', 0);
    for (let i = 1; i <= 5; i++) open.hold(m(`m${i}`, i), []);
    // A full page of 3 (m5, m3 edited, m2): m4 is gone; m1 is older than the page and stays.
    const diff = open.diffNewestPage([m('m5', 5), m('m3', 3, { text: 'edited', updated: T(9) }), m('m2', 2)], 3);
    expect(diff.edited.map((x) => x.id)).toEqual(['m3']);
    expect(diff.deleted.map((x) => x.id)).toEqual(['m4']);
    expect(open.ordered().map((h) => h.raw.id)).toEqual(['m1', 'm2', 'm3', 'm5']);
    // A short page covers the whole room.
    expect(open.diffNewestPage([m('m5', 5)], 3).deleted.map((x) => x.id)).toEqual(['m1', 'm2', 'm3']);
  });

  it('keeps the newest messages when trimmed', () => {
    const open = new OpenSpace('r', 0);
    for (let i = 1; i <= 5; i++) open.hold(m(`m${i}`, i), []);
    expect(open.trim(2)).toEqual(['m1', 'm2', 'm3']);
    expect(open.ordered().map((h) => h.raw.id)).toEqual(['m4', 'm5']);
  });
});
