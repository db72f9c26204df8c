/**
 * Power and network events: a locked screen keeps polling (alerts on the lock screen); suspend and offline pause
 * (no requests at all) and resume/online catch up at once, without loss.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PollState } from '../../../src/shared/contract/channels';
import { openWithRooms, startWatchHarness, type WatchHarness } from './harness';

let h: WatchHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setup(): Promise<{ h: WatchHarness; roomId: string }> {
  h = await startWatchHarness();
  const [roomId = ''] = await openWithRooms(h, ['power']);
  return { h, roomId };
}

async function pollState(h: WatchHarness): Promise<PollState> {
  return ((await h.invoke('poll.snapshot')) as { data: PollState }).data;
}

describe('system events', () => {
  it('keeps polling while the screen is locked', async () => {
    const { h, roomId } = await setup();
    h.emitSystem('lock-screen');
    const before = h.sim.control.requests().length;
    const id = h.sim.control.post('bot', { roomId, text: 'while locked' }).id;
    await h.step(30_000);
    expect(h.sim.control.requests().length - before).toBeGreaterThanOrEqual(6);
    expect(h.allProcessed()).toEqual([id]);
    expect((await pollState(h)).suspended).toBe(false);
    h.emitSystem('unlock-screen');
  });

  it('pauses on suspend (no requests), catches up at once on resume', async () => {
    const { h, roomId } = await setup();
    h.emitSystem('suspend');
    await h.step(100);
    expect((await pollState(h)).suspended).toBe(true);
    const before = h.sim.control.requests().length;
    const ids = [
      h.sim.control.post('bot', { roomId, text: 'asleep 1' }).id,
      h.sim.control.post('bot', { roomId, text: 'asleep 2' }).id,
    ];
    await h.step(120_000);
    expect(h.sim.control.requests().length).toBe(before);
    expect(h.allProcessed()).toEqual([]);
    h.emitSystem('resume');
    await h.step(100);
    expect(h.allProcessed()).toEqual(ids);
    const state = await pollState(h);
    expect(state.suspended).toBe(false);
    expect(state.stale).toBe(false);
  });

  it('pauses while offline and catches up when back online', async () => {
    const { h, roomId } = await setup();
    h.emitSystem('offline');
    await h.step(100);
    const offline = await pollState(h);
    expect(offline.offline).toBe(true);
    expect(offline.nextSyncAt).toBeUndefined();
    const before = h.sim.control.requests().length;
    const id = h.sim.control.post('bot', { roomId, text: 'offline' }).id;
    await h.step(60_000);
    expect(h.sim.control.requests().length).toBe(before);
    h.emitSystem('online');
    await h.step(100);
    expect(h.allProcessed()).toEqual([id]);
    expect((await pollState(h)).offline).toBe(false);
  });
});
