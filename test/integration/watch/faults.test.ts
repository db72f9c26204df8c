/**
 * Failures on virtual time: 5xx and connection resets back off with jitter and catch up without loss or duplicates;
 * a 429 pauses every request until Retry-After (PollState.rateLimitedUntil); the simulator's token bucket in a
 * storm; 15 s without a good sync → stale, and back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PollState } from '../../../src/shared/contract/channels';
import type { SimulatorOptions } from '../../../src/sim';
import { duplicates, eventsOf, openWithRooms, startWatchHarness, type WatchHarness } from './harness';

let h: WatchHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setup(sim: SimulatorOptions = {}): Promise<{ h: WatchHarness; roomIds: string[] }> {
  h = await startWatchHarness(sim);
  const roomIds = await openWithRooms(h, ['faulty-0', 'faulty-1', 'faulty-2']);
  return { h, roomIds };
}

async function pollState(h: WatchHarness): Promise<PollState> {
  return ((await h.invoke('poll.snapshot')) as { data: PollState }).data;
}

/** Posts `n` messages a second apart into the rooms round robin, stepping time; returns their ids. */
async function postStream(h: WatchHarness, roomIds: string[], n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(h.sim.control.post('bot', { roomId: roomIds[i % roomIds.length] as string, text: `event ${i}` }).id);
    await h.step(1_000);
  }
  return ids;
}

describe('errors', () => {
  it('5xx on every list for a while: backs off with jitter, then catches up without loss', async () => {
    const { h, roomIds } = await setup();
    h.sim.control.setFaults({ 'GET /rooms': { error: 1, errorStatus: 503 } });
    const before = h.sim.control.requests().length;
    const posted = await postStream(h, roomIds, 60);
    const during = h.sim.control.requests().slice(before);
    // 60 s of failures: far fewer attempts than one per 4.5 s cycle would be, never closer than the cadence, growing
    // apart once the failures go on.
    expect(during.length).toBeGreaterThanOrEqual(3);
    expect(during.length).toBeLessThan(60_000 / 4_500 / 2);
    const spacing = during.slice(1).map((r, i) => r.at - (during[i] as { at: number }).at);
    expect(spacing[spacing.length - 1]).toBeGreaterThan(spacing[0] as number);
    expect(Math.min(...spacing)).toBeGreaterThanOrEqual(4_500);
    const failing = await pollState(h);
    expect(failing.lastError?.kind).toBe('server');
    expect(failing.stale).toBe(true);
    h.sim.control.clearFaults();
    await h.invoke('poll.syncNow');
    await h.step(10_000);
    expect(duplicates(h.allProcessed())).toEqual([]);
    expect(new Set(h.allProcessed())).toEqual(new Set(posted));
    const ok = await pollState(h);
    expect(ok.stale).toBe(false);
    expect(ok.lastError).toBeUndefined();
  });

  it('connection resets before and after processing on message reads: nothing lost, nothing twice', async () => {
    const { h, roomIds } = await setup();
    h.sim.control.setFaults({ 'GET /messages': [{ resetBefore: 1, count: 3 }, { resetAfter: 0.5 }, {}] });
    const posted = await postStream(h, roomIds, 20);
    await h.step(60_000);
    h.sim.control.clearFaults();
    await h.step(90_000);
    expect(h.sim.control.requests().filter((r) => r.fault === 'resetBefore')).toHaveLength(3);
    expect(h.sim.control.requests().some((r) => r.fault === 'resetAfter')).toBe(true);
    expect(duplicates(h.allProcessed())).toEqual([]);
    expect(new Set(h.allProcessed())).toEqual(new Set(posted));
  });

  it('a truncated or non-JSON body is a failed cycle, retried later, not a lost message', async () => {
    const { h, roomIds } = await setup();
    h.sim.control.setFaults({
      'GET /messages': [
        { truncate: 1, count: 2 },
        { nonJson: 1, count: 2 },
      ],
    });
    const posted = await postStream(h, roomIds, 10);
    await h.step(120_000);
    expect(h.sim.control.requests().filter((r) => r.fault === 'truncate' || r.fault === 'nonJson')).toHaveLength(4);
    expect(duplicates(h.allProcessed())).toEqual([]);
    expect(new Set(h.allProcessed())).toEqual(new Set(posted));
  });
});

describe('rate limits', () => {
  it('a 429 pauses all polling until Retry-After, shown in PollState, then catches up', async () => {
    const { h, roomIds } = await setup();
    h.sim.control.setFaults({ 'GET /rooms': { rateLimit: 1, retryAfter: 20, count: 1 } });
    const before = h.sim.control.requests().length;
    await h.step(5_000);
    const limited = h.sim.control.requests().slice(before);
    expect(limited).toHaveLength(1);
    expect(limited[0]?.status).toBe(429);
    const retryAt = (limited[0]?.at as number) + 20_000;
    const state = await pollState(h);
    expect(state.rateLimitedUntil).toBe(new Date(retryAt).toISOString());
    expect(state.lastError?.kind).toBe('rateLimited');
    const posted = h.sim.control.post('bot', { roomId: roomIds[0] as string, text: 'during the pause' }).id;
    await h.invoke('poll.syncNow'); // may not break the pause
    await h.step(10_000);
    expect(h.sim.control.requests().length).toBe(before + 1);
    await h.step(10_000);
    const after = h.sim.control.requests().slice(before + 1);
    expect(after.length).toBeGreaterThanOrEqual(2);
    expect(after.every((r) => r.at >= retryAt)).toBe(true);
    expect(h.allProcessed()).toEqual([posted]);
    expect((await pollState(h)).rateLimitedUntil).toBeUndefined();
    expect(eventsOf(h, 'poll.changed').some((e) => e.state.rateLimitedUntil !== undefined)).toBe(true);
  });

  it('a storm against the token bucket (3 requests, 1 a second refill): every message arrives once', async () => {
    const { h, roomIds } = await setup({ rateLimits: { perToken: { capacity: 3, refillPerSec: 0.5 } } });
    const posted: string[] = [];
    for (let i = 0; i < 40; i++) {
      posted.push(h.sim.control.post('bot', { roomId: roomIds[i % 3] as string, text: `storm ${i}` }).id);
      await h.step(500);
    }
    h.sim.control.setRateLimits(false);
    await h.step(90_000);
    const statuses = h.sim.control.requests().map((r) => r.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    // Never hammering: after each 429 the next request waits for Retry-After.
    const log = h.sim.control.requests();
    for (let i = 0; i < log.length - 1; i++) {
      const r = log[i] as { status: number; at: number };
      if (r.status === 429) expect((log[i + 1] as { at: number }).at - r.at).toBeGreaterThanOrEqual(1_000);
    }
    expect(duplicates(h.allProcessed())).toEqual([]);
    expect(new Set(h.allProcessed())).toEqual(new Set(posted));
  });
});

describe('staleness', () => {
  it('15 s without a good sync → stale; a good sync clears it', async () => {
    const { h } = await setup();
    h.sim.control.setFaults({ '*': { error: 1, errorStatus: 500 } });
    await h.step(14_000);
    expect((await pollState(h)).stale).toBe(false);
    await h.step(2_000);
    const stale = await pollState(h);
    expect(stale.stale).toBe(true);
    expect(Date.parse(stale.lastGoodSyncAt as string)).toBeLessThanOrEqual(h.clock.now() - 15_000);
    h.sim.control.clearFaults();
    await h.invoke('poll.syncNow');
    await h.step(500);
    expect((await pollState(h)).stale).toBe(false);
  });
});
