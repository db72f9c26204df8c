/**
 * A partial outage (30–60 % of requests answered 502/503) with the client's production retry policy: the poller
 * eases off — its request rate stays at or below the calm rate, counted from the simulator's own request log — shows
 * the degraded state in PollState, and loses nothing once the errors stop.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PollState } from '../../../src/shared/contract/channels';
import { duplicates, startWatchHarness, type WatchHarness } from './harness';

let h: WatchHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function pollState(h: WatchHarness): Promise<PollState> {
  return ((await h.invoke('poll.snapshot')) as { data: PollState }).data;
}

/** Posts one message every 2 s into the rooms round robin for `ms`; returns the ids and the requests made. */
async function traffic(
  h: WatchHarness,
  roomIds: string[],
  ms: number,
): Promise<{ posted: string[]; requests: number }> {
  const before = h.sim.control.requests().length;
  const posted: string[] = [];
  for (let t = 0; t < ms; t += 2_000) {
    const roomId = roomIds[posted.length % roomIds.length] as string;
    posted.push(h.sim.control.post('bot', { roomId, text: `event ${posted.length}` }).id);
    await h.step(2_000);
  }
  return { posted, requests: h.sim.control.requests().length - before };
}

describe('partial 5xx', () => {
  it('30–60 % failing: at or below the calm request rate, degraded shown, nothing lost', async () => {
    h = await startWatchHarness({ seed: 11 });
    const roomIds: string[] = [];
    for (const title of ['edge', 'core', 'db']) {
      const room = h.sim.control.createRoom('operator', { title });
      h.sim.control.addMember(room.id, 'bot');
      roomIds.push(room.id);
    }
    await h.clock.advance(1_000);
    h.startService();
    // The client as the app builds it: up to 4 attempts per GET with backoff (only the jitter is seeded).
    h.session.set(await h.activeFor('operator', h.client('operator', { retry: { random: () => 0.5 } })));
    await h.step(200);
    for (const roomId of roomIds) await h.invoke('rooms.setWatched', { roomId, watched: true });
    await h.step(10_000);

    const calm = await traffic(h, roomIds, 120_000);
    expect(calm.requests).toBeGreaterThan(40);
    const posted = [...calm.posted];
    const seen: string[] = [];
    for (const ratio of [0.3, 0.45, 0.6]) {
      h.sim.control.setFaults({
        'GET /rooms': { error: ratio, errorStatus: 502 },
        'GET /messages': { error: ratio, errorStatus: 503 },
      });
      const outage = await traffic(h, roomIds, 120_000);
      posted.push(...outage.posted);
      const failed = h.sim.control.requests().filter((r) => r.status === 502 || r.status === 503);
      expect(failed.length).toBeGreaterThan(0);
      seen.push(`${ratio}: ${outage.requests} requests (calm ${calm.requests})`);
      expect(outage.requests, seen.join('; ')).toBeLessThanOrEqual(calm.requests);
      const degraded = await pollState(h);
      expect(degraded.degraded?.since, `degraded at ${ratio}`).toBeDefined();
      h.sim.control.clearFaults();
      await h.invoke('poll.syncNow');
      await h.step(60_000);
      expect((await pollState(h)).degraded).toBeUndefined();
    }
    expect(duplicates(h.allProcessed())).toEqual([]);
    expect(new Set(h.allProcessed())).toEqual(new Set(posted));
  });
});
