import { describe, expect, it } from 'vitest';
import { fuzzyScore, stepRoom, switcherResults, visibleRooms } from '../../src/renderer/src/features/rooms/filter';
import { room } from './fake-bridge';

const rooms = [
  room('noc', { title: 'NOC', watched: true, unread: 2 }),
  room('dana', { title: 'Dana Ops', type: 'direct', mentions: 1, unread: 1 }),
  room('deploys', { title: 'Deploys', activity: true }),
  room('db', { title: 'Database On-Call', watched: true, unread: 0 }),
  room('cafe', { title: 'Café Équipe' }),
];
const ids = (list: { id: string }[]) => list.map((r) => r.id);

describe('space filters', () => {
  it('filters by kind and keeps main order', () => {
    expect(ids(visibleRooms(rooms, 'all', ''))).toEqual(['noc', 'dana', 'deploys', 'db', 'cafe']);
    expect(ids(visibleRooms(rooms, 'watched', ''))).toEqual(['noc', 'db']);
    expect(ids(visibleRooms(rooms, 'unread', ''))).toEqual(['noc', 'dana', 'deploys']);
    expect(ids(visibleRooms(rooms, 'mentions', ''))).toEqual(['dana']);
    expect(ids(visibleRooms(rooms, 'direct', ''))).toEqual(['dana']);
    expect(ids(visibleRooms(rooms, 'spaces', ''))).toEqual(['noc', 'deploys', 'db', 'cafe']);
  });

  it('searches titles case- and accent-insensitively, combined with the filter', () => {
    expect(ids(visibleRooms(rooms, 'all', 'cafe equipe'))).toEqual(['cafe']);
    expect(ids(visibleRooms(rooms, 'all', '  DE '))).toEqual(['deploys']);
    expect(ids(visibleRooms(rooms, 'watched', 'o'))).toEqual(['noc', 'db']);
    expect(visibleRooms(rooms, 'direct', 'noc')).toEqual([]);
  });
});

describe('quick switcher', () => {
  it('matches characters in order and ranks word starts and runs first', () => {
    expect(fuzzyScore('Database On-Call', 'xyz')).toBeUndefined();
    expect(fuzzyScore('Database On-Call', 'doc')).toBeDefined();
    expect(ids(switcherResults(rooms, 'doc', []))[0]).toBe('db');
    expect(ids(switcherResults(rooms, 'dep', []))).toEqual(['deploys']);
  });

  it('lists recent spaces first with no query, and lets recency break ties', () => {
    expect(ids(switcherResults(rooms, '', ['cafe', 'db']))).toEqual(['cafe', 'db', 'noc', 'dana', 'deploys']);
    const twins = [room('a', { title: 'alerts' }), room('b', { title: 'alerts' })];
    expect(ids(switcherResults(twins, 'alerts', ['b']))).toEqual(['b', 'a']);
  });

  it('bounds the result list', () => {
    const many = Array.from({ length: 500 }, (_, i) => room(`r${i}`, { title: `space ${i}` }));
    expect(switcherResults(many, 'space', [], 50)).toHaveLength(50);
  });
});

describe('stepping through spaces', () => {
  it('wraps around and starts at an end when none is open', () => {
    expect(stepRoom(rooms, 'noc', 1)?.id).toBe('dana');
    expect(stepRoom(rooms, 'noc', -1)?.id).toBe('cafe');
    expect(stepRoom(rooms, 'cafe', 1)?.id).toBe('noc');
    expect(stepRoom(rooms, undefined, 1)?.id).toBe('noc');
    expect(stepRoom(rooms, undefined, -1)?.id).toBe('cafe');
    expect(stepRoom([], 'noc', 1)).toBeUndefined();
  });
});
