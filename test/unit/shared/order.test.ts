import { describe, expect, it } from 'vitest';
import { compareMessages, compareRooms, instantOf } from '../../../src/shared/order';

const room = (id: string, title: string, lastActivity?: string) => ({
  id,
  title,
  ...(lastActivity ? { lastActivity } : {}),
});

describe('shared ordering of spaces and messages', () => {
  it('orders spaces newest activity first by instant, not by text', () => {
    const rooms = [
      room('a', 'A', '2026-01-05T09:00:00Z'),
      room('b', 'B', '2026-01-05T09:00:00.500Z'), // later, though "…00Z" > "…00.500Z" as text
      room('c', 'C', '2026-01-05T10:00:00+02:00'), // 08:00Z: the earliest of the three
      room('d', 'D'), // no activity: last
      room('e', 'E', 'not a time'), // unparseable: as early as none
    ];
    expect([...rooms].sort(compareRooms).map((r) => r.id)).toEqual(['b', 'a', 'c', 'd', 'e']);
  });

  it('breaks ties by title, then id: a total order that does not depend on input order', () => {
    const at = '2026-01-05T09:00:00.000Z';
    const rooms = [room('2', 'beta', at), room('1', 'Alpha', at), room('3', 'beta', at), room('0', 'alpha', at)];
    const sorted = [...rooms].sort(compareRooms).map((r) => r.id);
    expect(sorted).toEqual(['0', '1', '2', '3']);
    expect(
      [...rooms]
        .reverse()
        .sort(compareRooms)
        .map((r) => r.id),
    ).toEqual(sorted);
    for (const r of rooms) expect(compareRooms(r, { ...r })).toBe(0);
  });

  it('orders messages oldest first by instant, then id', () => {
    const messages = [
      { id: 'm3', created: '2026-01-05T09:00:01.000Z' },
      { id: 'm2', created: '2026-01-05T09:00:00.250Z' },
      { id: 'm1', created: '2026-01-05T09:00:00Z' },
      { id: 'm0', created: '2026-01-05T09:00:00.000Z' },
    ];
    expect([...messages].sort(compareMessages).map((m) => m.id)).toEqual(['m0', 'm1', 'm2', 'm3']);
  });

  it('reads missing and unparseable timestamps as the earliest instant', () => {
    expect(instantOf(undefined)).toBe(Number.NEGATIVE_INFINITY);
    expect(instantOf('yesterday')).toBe(Number.NEGATIVE_INFINITY);
    expect(instantOf('2026-01-05T09:00:00.000Z')).toBe(Date.UTC(2026, 0, 5, 9));
  });
});
