/**
 * `rooms.search` (src/main/reading) against the simulator on virtual time: 5,000 spaces, of which the watcher
 * projects only its live window, are all searchable by title and filter, paged by cursor in the shared order, with
 * the watcher's state for the spaces it knows; the listing is cached for a minute; bad input is invalidInput.
 */
import { describe, expect, it } from 'vitest';
import type { RoomSearchResult, RoomsState } from '../../../src/shared/contract/channels';
import { compareRooms } from '../../../src/shared/order';
import { dispatchInvoke } from '../../../src/main/ipc/dispatch';
import type { ReadingService } from '../../../src/main/reading';
import { openWithRooms, type WatchHarness } from '../watch/harness';
import { useReadingHarness } from './reading-harness';

const harnesses = useReadingHarness();

const SPACES = 5_000;

async function setup(): Promise<{ h: WatchHarness; reading: ReadingService; watched: string[] }> {
  const h = await harnesses.start();
  for (let i = 0; i < SPACES; i++) {
    h.sim.control.createRoom('operator', { title: `svc-${String(i).padStart(4, '0')} ops` });
    if (i % 500 === 0) await h.clock.advance(1);
  }
  const watched = await openWithRooms(h, ['NOC', 'Database On-Call']);
  return { h, reading: harnesses.reading(h), watched };
}

async function search(r: ReadingService, payload: unknown) {
  return dispatchInvoke(r.handlers as never, 'rooms.search', payload, { senderId: 'test' }, { validateResults: true });
}

async function found(r: ReadingService, payload: unknown): Promise<RoomSearchResult> {
  const result = await search(r, payload);
  if (!result.ok) throw new Error(`rooms.search failed: ${result.error.kind}: ${result.error.message}`);
  return result.value as RoomSearchResult;
}

describe('rooms.search', () => {
  it('finds any of 5,000 spaces, beyond the watcher window, with the watcher state of those it knows', async () => {
    const { h, reading, watched } = await setup();
    const live = ((await h.invoke('rooms.snapshot')) as { data: RoomsState }).data;
    expect(live.rooms.length).toBeLessThan(SPACES);

    const one = await found(reading, { query: 'SVC-0042' });
    expect(one.rooms.map((r) => r.title)).toEqual(['svc-0042 ops']);
    expect(one).toMatchObject({ total: 1, complete: true });
    expect(one.rooms[0]).toMatchObject({ watched: false, type: 'group' });
    expect(live.rooms.some((r) => r.id === one.rooms[0]?.id)).toBe(false);

    const mine = await found(reading, { filter: 'watched' });
    expect(mine.rooms.map((r) => r.id).sort()).toEqual([...watched].sort());
    expect(mine.rooms.every((r) => r.watched && r.unread === 0)).toBe(true);
    expect((await found(reading, { filter: 'direct' })).total).toBe(0);
    expect((await found(reading, { query: 'on-call', filter: 'spaces' })).rooms.map((r) => r.title)).toEqual([
      'Database On-Call',
    ]);
  });

  it('pages through every space by cursor, in the shared order, without repeats', async () => {
    const { reading } = await setup();
    const seen: string[] = [];
    const titles: { id: string; title: string; lastActivity: string }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await found(reading, { limit: 500, ...(cursor ? { cursor } : {}) });
      expect(page.total).toBe(SPACES + 2);
      seen.push(...page.rooms.map((r) => r.id));
      titles.push(...page.rooms);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== undefined);
    expect(pages).toBe(11);
    expect(new Set(seen).size).toBe(SPACES + 2);
    expect([...titles].sort(compareRooms).map((r) => r.id)).toEqual(seen);
  });

  it('reuses the listing for a minute, then lists again', async () => {
    const { h, reading } = await setup();
    expect((await found(reading, { query: 'late arrival' })).total).toBe(0);
    h.sim.control.createRoom('operator', { title: 'late arrival' });
    await h.clock.advance(30_000);
    expect((await found(reading, { query: 'late arrival' })).total).toBe(0);
    await h.clock.advance(31_000);
    expect((await found(reading, { query: 'late arrival' })).total).toBe(1);
  });

  it('matches titles case- and accent-insensitively, keystroke after keystroke, folding each title once per listing', async () => {
    const { h, reading } = await setup();
    h.sim.control.createRoom('operator', { title: 'Réseau Núcleo' });
    await h.clock.advance(61_000);
    for (const query of ['reseau', 'RÉSEAU N', 'nucleo', 'reseau nucleo']) {
      expect(
        (await found(reading, { query })).rooms.map((r) => r.title),
        query,
      ).toEqual(['Réseau Núcleo']);
    }
    expect((await found(reading, { query: 'svc-004' })).total).toBe(10);
    expect((await found(reading, { query: 'SVC-004' })).total).toBe(10);
  });

  it('refuses bad input and answers notSignedIn without a session', async () => {
    const { h, reading } = await setup();
    for (const bad of [
      { cursor: 'abc' },
      { limit: 0 },
      { limit: 501 },
      { query: 'x'.repeat(201) },
      { filter: 'x' },
      { extra: 1 },
    ]) {
      const result = await search(reading, bad);
      expect(result.ok ? 'ok' : result.error.kind, JSON.stringify(bad)).toBe('invalidInput');
    }
    h.session.set(undefined);
    const out = await search(reading, {});
    expect(out.ok ? 'ok' : out.error.kind).toBe('notSignedIn');
  });
});
