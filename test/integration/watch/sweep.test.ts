/**
 * Rooms outside the sorted window: the API's >3000-spaces caveat (a recently active room missing from
 * `sortBy=lastactivity`) is emulated by a client that drops one room from every rooms list; the sweep by id catches it
 * and counts toward the requests. And when more than K rooms change at once, the list follows further pages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Page, Paged, Room, WebexClient } from '../../../src/main/webex';
import { startWatchHarness, type WatchHarness } from './harness';

let h: WatchHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A client whose rooms lists never contain `hidden` (what Webex may do for users in more than 3000 spaces). */
function hidingClient(client: WebexClient, hidden: () => string | undefined): WebexClient {
  const list: WebexClient['rooms']['list'] = (query, options) => {
    const inner = client.rooms.list(query, options);
    async function* pages(): AsyncGenerator<Page<Room>, void, undefined> {
      for await (const page of inner.pages())
        yield { items: page.items.filter((r) => r.id !== hidden()), hasNext: page.hasNext };
    }
    const paged: Paged<Room> = {
      pages: () => pages(),
      async *[Symbol.asyncIterator]() {
        for await (const page of pages()) yield* page.items;
      },
      async toArray() {
        const all: Room[] = [];
        for await (const page of pages()) all.push(...page.items);
        return all;
      },
    };
    return paged;
  };
  return { ...client, rooms: { ...client.rooms, list } } as WebexClient;
}

describe('the sweep', () => {
  it('a watched room missing from the sorted list is swept by id and its new message is caught', async () => {
    h = await startWatchHarness({}, { config: { roomsWindow: 3, sweepEveryCycles: 2, sweepBatch: 1 } });
    const rooms = Array.from(
      { length: 6 },
      (_, i) => h?.sim.control.createRoom('operator', { title: `sweep-${i}` }).id as string,
    );
    for (const id of rooms) h.sim.control.addMember(id, 'bot');
    const hiddenId = rooms[0] as string;
    await h.clock.advance(1000);
    h.startService();
    const client = hidingClient(h.client('operator'), () => hiddenId);
    h.session.set(await h.activeFor('operator', client));
    await h.step(200);
    await h.invoke('rooms.setWatched', { roomId: hiddenId, watched: true });
    await h.invoke('rooms.setWatched', { roomId: rooms[5], watched: true });
    await h.step(10_000);
    const before = h.sim.control.requests().length;
    const posted = h.sim.control.post('bot', { roomId: hiddenId, text: 'hidden alert' }).id;
    // Two watched rooms may be outside the window: one is swept every other cycle, so each within four cycles.
    await h.step(20_000);
    expect(h.processed.get(hiddenId)).toEqual([posted]);
    const log = h.sim.control.requests().slice(before);
    const sweeps = log.filter((r) => r.route === 'GET /rooms/{roomId}');
    const lists = log.filter((r) => r.route === 'GET /rooms');
    expect(sweeps.length).toBeGreaterThanOrEqual(1);
    // Every other cycle, one room: never one request per watched room per cycle.
    expect(sweeps.length).toBeLessThanOrEqual(Math.ceil(lists.length / 2));
    expect(log.filter((r) => r.route === 'GET /messages').map((r) => r.query.roomId)).toEqual([hiddenId]);
  });

  it('more rooms changed than the window holds: further pages are followed while the whole page is new', async () => {
    h = await startWatchHarness({}, { config: { roomsWindow: 3, sweepEveryCycles: 1000 } });
    const rooms = Array.from(
      { length: 10 },
      (_, i) => h?.sim.control.createRoom('operator', { title: `burst-${i}` }).id as string,
    );
    for (const id of rooms) h.sim.control.addMember(id, 'bot');
    await h.clock.advance(1000);
    h.startService();
    h.session.set(await h.activeFor('operator'));
    await h.step(200);
    for (const id of rooms) await h.invoke('rooms.setWatched', { roomId: id, watched: true });
    await h.step(10_000);
    const before = h.sim.control.requests().length;
    const posted = rooms.slice(0, 8).map((roomId) => {
      const id = h?.sim.control.post('bot', { roomId, text: 'everyone at once' }).id as string;
      return id;
    });
    await h.step(5_000);
    expect(new Set(h.allProcessed())).toEqual(new Set(posted));
    const log = h.sim.control.requests().slice(before);
    expect(log.filter((r) => r.route === 'GET /rooms/{roomId}')).toEqual([]);
    const lists = log.filter((r) => r.route === 'GET /rooms');
    expect(lists.filter((r) => r.query.cursor !== undefined).length).toBeGreaterThanOrEqual(2);
    await h.step(10_000);
    // Back to one page per cycle once nothing changed.
    const later = h.sim.control.requests().slice(before + log.length);
    expect(later.length).toBeGreaterThanOrEqual(2);
    expect(later.filter((r) => r.route !== 'GET /rooms' || r.query.cursor !== undefined)).toEqual([]);
  });
});
