/**
 * The watch's retry budget: every watch GET is one attempt with no wait for a 429 pause inside a cycle, even on a
 * client whose own policy retries (the app's: 4 attempts with backoff). The poller retries on its cadence instead.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PollState } from '../../../src/shared/contract/channels';
import { startWatchHarness, type WatchHarness } from './harness';

let h: WatchHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the watch retry budget', () => {
  it('a 503 on the rooms list is one request (the client alone would retry it); the poller tries again later', async () => {
    h = await startWatchHarness();
    const room = h.sim.control.createRoom('operator', { title: 'noc' });
    await h.clock.advance(1_000);
    const client = h.client('operator', { retry: { random: () => 0 } });
    // The client's own policy retries a 503 (with a 0 ms backoff here): two requests for one call.
    h.sim.control.setFaults({ 'GET /rooms': { error: 1, errorStatus: 503, count: 1 } });
    const direct = h.sim.control.requests().length;
    await client.rooms.list({ max: 10 }).toArray();
    expect(
      h.sim.control
        .requests()
        .slice(direct)
        .map((r) => r.status),
    ).toEqual([503, 200]);

    h.sim.control.setFaults({ 'GET /rooms': { error: 1, errorStatus: 503, count: 1 } });
    const before = h.sim.control.requests().length;
    h.startService();
    h.session.set(await h.activeFor('operator', client));
    await h.step(200);
    const first = h.sim.control
      .requests()
      .slice(before)
      .filter((r) => r.route === 'GET /rooms');
    expect(first.map((r) => r.status)).toEqual([503]);
    const state = ((await h.invoke('poll.snapshot')) as { data: PollState }).data;
    expect(state.lastError?.kind).toBe('server');
    await h.step(10_000);
    const later = h.sim.control
      .requests()
      .slice(before)
      .filter((r) => r.route === 'GET /rooms');
    expect(later.map((r) => r.status).slice(0, 2)).toEqual([503, 200]);
    // Not before the cadence: the retry came from the poller's backoff, at least 4.5 s later.
    expect((later[1]?.at as number) - (later[0]?.at as number)).toBeGreaterThanOrEqual(4_500);
    const rooms = (await h.invoke('rooms.snapshot')) as { data: { rooms: { id: string }[] } };
    expect(rooms.data.rooms.map((r) => r.id)).toEqual([room.id]);
  });
});
