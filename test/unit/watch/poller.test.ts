import { describe, expect, it } from 'vitest';
import type { PollState } from '../../../src/shared/contract/channels';
import { ManualClock } from '../../../src/main/clock';
import { AppFailure } from '../../../src/main/errors';
import { nullLogger } from '../../../src/main/log/types';
import type { SystemEvent } from '../../../src/main/platform';
import { resolveWatchConfig } from '../../../src/main/watch';
import { Poller } from '../../../src/main/watch/poller';

type Outcome = 'ok' | AppFailure;

function setup(outcomes: () => Outcome = () => 'ok', cadence = 4_500, random = 0.5) {
  const clock = new ManualClock();
  const cycles: number[] = [];
  const states: PollState[] = [];
  const listeners = new Set<(e: SystemEvent) => void>();
  let clientPause: string | undefined;
  let online = true;
  const poller = new Poller({
    clock,
    config: resolveWatchConfig(),
    logger: nullLogger,
    systemEvents: {
      subscribe: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      isOnline: () => online,
    },
    random: () => random,
    runCycle: async (signal) => {
      cycles.push(clock.now());
      const outcome = outcomes();
      if (signal.aborted) throw new AppFailure('cancelled', 'aborted');
      if (outcome !== 'ok') throw outcome;
    },
    clientRateLimitedUntil: () => clientPause,
    cadence: () => cadence,
    onState: (s) => states.push(s),
    onTick: () => undefined,
  });
  const emit = (e: SystemEvent): void => {
    if (e === 'offline') online = false;
    if (e === 'online') online = true;
    for (const l of listeners) l(e);
  };
  const run = async (ms: number): Promise<void> => {
    const end = clock.now() + ms;
    while (clock.now() < end) await clock.advance(Math.min(100, end - clock.now()));
  };
  const start = clock.now();
  return {
    clock,
    cycles,
    states,
    poller,
    emit,
    run,
    start,
    setClientPause: (v: string | undefined) => (clientPause = v),
  };
}

describe('Poller', () => {
  it('runs a cycle at once, then at the cadence; running and lastGoodSyncAt in the state', async () => {
    const t = setup();
    t.poller.start();
    await t.run(20_000);
    expect(t.cycles.map((c) => c - t.start)).toEqual([0, 4_500, 9_000, 13_500, 18_000]);
    expect(t.poller.snapshot()).toMatchObject({
      running: true,
      stale: false,
      lastGoodSyncAt: new Date(t.start + 18_000).toISOString(),
    });
    expect(t.poller.snapshot().nextSyncAt).toBe(new Date(t.start + 22_500).toISOString());
    await t.poller.stop();
    expect(t.poller.snapshot().running).toBe(false);
  });

  it('backs off with jitter after errors (growing), marks stale after 15 s, recovers', async () => {
    let failing = true;
    const t = setup(() => (failing ? new AppFailure('server', 'boom') : 'ok'));
    t.poller.start();
    await t.run(40_000);
    const gaps = t.cycles.slice(1).map((c, i) => c - (t.cycles[i] as number));
    // random 0.5 → 3/4 of the ceiling: never below the 4.5 s cadence; 2 × 4.5 s for the first three failures in a
    // row, then doubling.
    expect(gaps.slice(0, 4)).toEqual([6_750, 6_750, 6_750, 13_500]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(4_500);
    const state = t.poller.snapshot();
    expect(state.stale).toBe(true);
    expect(state.lastError?.kind).toBe('server');
    failing = false;
    t.poller.syncNow();
    await t.run(200);
    expect(t.poller.snapshot()).toMatchObject({ stale: false });
    expect(t.poller.snapshot().lastError).toBeUndefined();
    await t.poller.stop();
  });

  it('a partial outage: never sooner than the cadence, degraded after 2 of 6 cycles failed, cleared after', async () => {
    let n = 0;
    let outage = true;
    const t = setup(() => (outage && n++ % 2 === 0 ? new AppFailure('server', 'bad gateway') : 'ok'));
    t.poller.start();
    await t.run(60_000);
    const gaps = t.cycles.slice(1).map((c, i) => c - (t.cycles[i] as number));
    expect(gaps.length).toBeGreaterThanOrEqual(5);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(4_500);
    const degraded = t.poller.snapshot().degraded;
    // The first failed cycle ran at once; the second failure (two cycles later) turned it on.
    expect(degraded).toEqual({ since: new Date(t.start).toISOString() });
    expect(t.states.filter((s) => s.degraded !== undefined).length).toBeGreaterThan(0);
    outage = false;
    await t.run(30_000);
    expect(t.poller.snapshot().degraded).toBeUndefined();
    await t.poller.stop();
  });

  it('a 429 pauses everything until retryAt; syncNow does not break the pause', async () => {
    let n = 0;
    const t = setup(() =>
      n++ === 1
        ? new AppFailure('rateLimited', 'slow down', { retryAt: new Date(t.start + 4_500 + 30_000).toISOString() })
        : 'ok',
    );
    t.poller.start();
    await t.run(5_000);
    expect(t.poller.snapshot().rateLimitedUntil).toBe(new Date(t.start + 34_500).toISOString());
    t.poller.syncNow();
    await t.run(25_000);
    expect(t.cycles).toHaveLength(2);
    await t.run(5_000);
    expect(t.cycles[2]).toBe(t.start + 34_500);
    expect(t.poller.snapshot().rateLimitedUntil).toBeUndefined();
    await t.poller.stop();
  });

  it('respects the client’s own 429 pause before starting a cycle', async () => {
    const t = setup();
    t.setClientPause(new Date(t.clock.now() + 10_000).toISOString());
    t.poller.start();
    await t.run(5_000);
    expect(t.cycles).toEqual([]);
    expect(t.poller.snapshot().rateLimitedUntil).toBeDefined();
    t.setClientPause(undefined);
    await t.run(6_000);
    expect(t.cycles[0]).toBe(t.start + 10_000);
    await t.poller.stop();
  });

  it('keeps going when the screen locks; pauses on suspend/offline; catches up at once on resume/online', async () => {
    const t = setup();
    t.poller.start();
    await t.run(1_000);
    t.emit('lock-screen');
    await t.run(9_000);
    expect(t.cycles).toHaveLength(3);
    t.emit('suspend');
    await t.run(60_000);
    expect(t.cycles).toHaveLength(3);
    expect(t.poller.snapshot()).toMatchObject({ suspended: true, stale: true });
    t.emit('resume');
    await t.run(100);
    expect(t.cycles).toHaveLength(4);
    expect(t.poller.snapshot()).toMatchObject({ suspended: false, stale: false });
    t.emit('offline');
    await t.run(30_000);
    expect(t.cycles).toHaveLength(4);
    expect(t.poller.snapshot().offline).toBe(true);
    t.emit('online');
    await t.run(100);
    expect(t.cycles).toHaveLength(5);
    await t.poller.stop();
  });

  it('syncNow runs a cycle now; reschedule applies a shorter cadence at once', async () => {
    let cadence = 4_500;
    const clock = new ManualClock();
    const cycles: number[] = [];
    const poller = new Poller({
      clock,
      config: resolveWatchConfig(),
      logger: nullLogger,
      systemEvents: { subscribe: () => () => undefined, isOnline: () => true },
      random: () => 0.5,
      runCycle: async () => {
        cycles.push(clock.now());
      },
      clientRateLimitedUntil: () => undefined,
      cadence: () => cadence,
      onState: () => undefined,
      onTick: () => undefined,
    });
    const start = clock.now();
    poller.start();
    await clock.advance(1_000);
    poller.syncNow();
    await clock.advance(0);
    expect(cycles.map((c) => c - start)).toEqual([0, 1_000]);
    cadence = 1_500;
    poller.reschedule();
    await clock.advance(1_500);
    expect(cycles.map((c) => c - start)).toEqual([0, 1_000, 2_500]);
    await poller.stop();
  });
});
