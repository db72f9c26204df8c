/**
 * The poll-health figures (PollState.lastHour, the status bar's strip): 429 pauses and failed requests of the
 * poller over the last hour, sliding on the injected clock, against the simulator's faults.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PollState } from '../../../src/shared/contract/channels';
import { eventsOf, openWithRooms, startWatchHarness, type WatchHarness } from './harness';

let h: WatchHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function pollState(h: WatchHarness): Promise<PollState> {
  return ((await h.invoke('poll.snapshot')) as { data: PollState }).data;
}

describe('poll health over the last hour', () => {
  it('counts 429 pauses and failed requests, publishes them with the poll state, and lets them age out', async () => {
    h = await startWatchHarness({}, { config: { tickMs: 60_000 } });
    const [noc = '', db = ''] = await openWithRooms(h, ['noc', 'db-oncall']);
    expect((await pollState(h)).lastHour).toEqual({ rateLimitPauses: 0, failures: 0 });

    // Both spaces have news and both reads fail with a server error in the same cycle: two failed requests (the
    // cycle goes on past the first one and ends failed).
    h.sim.control.post('bot', { roomId: noc, text: 'one' });
    h.sim.control.post('bot', { roomId: db, text: 'two' });
    h.sim.control.setFaults({ 'GET /messages': { error: 1, errorStatus: 500, count: 2 } });
    await h.step(5_000);
    expect((await pollState(h)).lastHour).toEqual({ rateLimitPauses: 0, failures: 2 });

    // One 429 on the rooms list: one pause, however long it lasts and however often the loop looks at it.
    h.sim.control.setFaults({ 'GET /rooms': { rateLimit: 1, retryAfter: 20, count: 1 } });
    await h.step(60_000);
    const state = await pollState(h);
    expect(state.lastHour).toEqual({ rateLimitPauses: 1, failures: 2 });
    expect(state.rateLimitedUntil).toBeUndefined();
    const published = eventsOf(h, 'poll.changed').map((e) => e.state.lastHour);
    expect(published).toContainEqual({ rateLimitPauses: 1, failures: 2 });
    // The reads went through after the faults: nothing was lost.
    expect(h.allProcessed()).toHaveLength(2);

    // Sliding: an hour later they have aged out.
    await h.step(3_600_000, 300_000);
    expect((await pollState(h)).lastHour).toEqual({ rateLimitPauses: 0, failures: 0 });
  });
});
