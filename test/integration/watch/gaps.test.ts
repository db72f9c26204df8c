/**
 * Bursts larger than one cycle's pages: read newest first, continued by a gap cursor in later cycles — none missed,
 * none twice — with the server clock ahead of, equal to and behind the local clock (server timestamps only).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MessagesState, RoomsState } from '../../../src/shared/contract/channels';
import { duplicates, openWithRooms, startWatchHarness, type WatchHarness } from './harness';

let h: WatchHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const HOUR = 3_600_000;

async function setup(skewMs: number): Promise<{ h: WatchHarness; roomId: string }> {
  h = await startWatchHarness({ skewMs }, { config: { messagesPageSize: 20, maxPagesPerRoom: 2 } });
  const harness = h;
  const [roomId = ''] = await openWithRooms(harness, ['burst'], {
    prepare: (id) => {
      harness.sim.control.post('bot', { roomId: id, text: 'before watching' });
    },
  });
  return { h: harness, roomId };
}

function postedIds(h: WatchHarness, roomId: string, since: number): string[] {
  return h.sim.control
    .posted()
    .filter((p) => p.roomId === roomId && p.at >= since)
    .map((p) => p.id);
}

describe('gaps', () => {
  for (const [label, skew] of [
    ['server clock ahead by 3 h', 3 * HOUR],
    ['server clock in step', 0],
    ['server clock behind by 3 h', -3 * HOUR],
  ] as const) {
    it(`180 messages between two cycles with pages of 20 (2 per cycle): all read once, over later cycles (${label})`, async () => {
      const { h, roomId } = await setup(skew);
      const since = h.clock.now();
      for (let i = 0; i < 180; i++) {
        h.sim.control.post('bot', { roomId, text: `alert ${i}` });
        if (i % 3 === 0) await h.clock.advance(1);
      }
      const before = h.sim.control.requests().length;
      await h.step(6_000);
      // The first cycle after the burst reads 2 pages (40 messages); the rest follows in later cycles.
      expect(h.processed.get(roomId)?.length ?? 0).toBeGreaterThanOrEqual(40);
      expect(h.processed.get(roomId)?.length ?? 0).toBeLessThan(180);
      await h.step(40_000);
      const processed = h.processed.get(roomId) ?? [];
      const posted = postedIds(h, roomId, since);
      expect(duplicates(processed)).toEqual([]);
      expect(new Set(processed)).toEqual(new Set(posted));
      const reads = h.sim.control
        .requests()
        .slice(before)
        .filter((r) => r.route === 'GET /messages');
      expect(reads.length).toBeGreaterThanOrEqual(9);
      expect(reads.every((r) => Number(r.query.max) === 20)).toBe(true);
      const snap = (await h.invoke('rooms.snapshot')) as { data: RoomsState };
      expect(snap.data.rooms.find((r) => r.id === roomId)?.unread).toBe(180);
    });
  }

  it('180 messages created in the same millisecond: the id stop keeps them apart', async () => {
    const { h, roomId } = await setup(0);
    const since = h.clock.now();
    for (let i = 0; i < 180; i++) h.sim.control.post('bot', { roomId, text: `same ms ${i}` });
    await h.step(40_000);
    const processed = h.processed.get(roomId) ?? [];
    expect(duplicates(processed)).toEqual([]);
    expect(new Set(processed)).toEqual(new Set(postedIds(h, roomId, since)));
  });

  it('more messages arriving while a gap is being filled: still none missed or duplicated', async () => {
    const { h, roomId } = await setup(0);
    const since = h.clock.now();
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 70; i++) {
        h.sim.control.post('bot', { roomId, text: `round ${round} #${i}` });
        await h.clock.advance(3);
      }
      await h.step(3_000);
    }
    await h.step(60_000);
    const processed = h.processed.get(roomId) ?? [];
    expect(duplicates(processed)).toEqual([]);
    expect(new Set(processed)).toEqual(new Set(postedIds(h, roomId, since)));
  });

  it('the open space shows the burst once each, in order', async () => {
    const { h, roomId } = await setup(0);
    await h.invoke('rooms.open', { roomId });
    await h.step(2_000);
    for (let i = 0; i < 60; i++) {
      h.sim.control.post('bot', { roomId, text: `open burst ${i}` });
      await h.clock.advance(1);
    }
    await h.step(20_000);
    const snap = (await h.invoke('messages.snapshot')) as { data: MessagesState };
    const texts = snap.data.messages.map((m) => m.text);
    const burst = texts.filter((t) => t?.startsWith('open burst'));
    expect(burst).toEqual(Array.from({ length: 60 }, (_, i) => `open burst ${i}`));
  });
});
