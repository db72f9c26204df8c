/**
 * 429 handling on virtual time: the simulator and the client share a ManualClock, so Retry-After waits are
 * stepped with advance() while the HTTP exchanges are real loopback I/O.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/clock';
import { failure, startHarness, until, type Harness } from './helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setup(): Promise<{ h: Harness; clock: ManualClock }> {
  const clock = new ManualClock();
  h = await startHarness({ scenario: 'empty' }, clock);
  return { h, clock };
}

describe('429 with one shared pause', () => {
  it('a storm of parallel calls waits for one pause without hitting the server, then flows (probe first)', async () => {
    const { h, clock } = await setup();
    const webex = h.client();
    const requests = (): number => h.sim.control.requests().length;
    h.sim.control.setFaults({ '*': { rateLimit: 1, retryAfter: 30, count: 1 } });
    const first = webex.people.me();
    await until(() => h.events.some((e) => e.type === 'rateLimited'), 'the first 429');
    const pauseEnds = clock.now() + 30_000;
    expect(h.events.find((e) => e.type === 'rateLimited')).toEqual({
      type: 'rateLimited',
      until: new Date(pauseEnds).toISOString(),
      retryAfterMs: 30_000,
    });
    expect(webex.rateLimitedUntil()).toBe(new Date(pauseEnds).toISOString());

    const storm = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0 ? webex.people.me() : webex.rooms.list().toArray(),
    );
    await clock.waitForSleepers(21);
    // Every one of the 21 calls is parked on the clock, so none is in flight or about to send: a call that had
    // slipped past the gate would be waiting for its socket (not a sleeper), or done, and the count would differ.
    expect(clock.pending).toBe(21);
    expect(requests()).toBe(1);
    expect(h.events.filter((e) => e.type === 'request')).toHaveLength(1);

    await clock.advance(30_000);
    const results = await Promise.all([first, ...storm]);
    expect(results).toHaveLength(21);
    const log = h.sim.control.requests();
    expect(log).toHaveLength(22);
    expect(log.filter((r) => r.status === 429)).toHaveLength(1);
    expect(log.slice(1).every((r) => r.at >= pauseEnds && r.status === 200)).toBe(true);
    expect(h.events.filter((e) => e.type === 'rateLimited')).toHaveLength(1);
    expect(h.events.filter((e) => e.type === 'rateLimitCleared')).toHaveLength(1);
    expect(webex.rateLimitedUntil()).toBeUndefined();
  });

  it('only the probe goes when the pause ends; a 429 on the probe extends the pause for everyone', async () => {
    const { h, clock } = await setup();
    const webex = h.client();
    h.sim.control.setFaults({ 'GET /people/me': { rateLimit: 1, retryAfter: 10, count: 2 } });
    const first = webex.people.me();
    await until(() => h.events.some((e) => e.type === 'rateLimited'), 'the first 429');
    const others = Array.from({ length: 5 }, () => webex.people.me());
    await clock.waitForSleepers(6);
    await clock.advance(10_000);
    await until(() => h.events.filter((e) => e.type === 'rateLimited').length === 2, 'the probe 429');
    expect(h.sim.control.requests()).toHaveLength(2);
    await clock.waitForSleepers(6);
    await clock.advance(10_000);
    await Promise.all([first, ...others]);
    const log = h.sim.control.requests();
    expect(log.map((r) => r.status)).toEqual([429, 429, 200, 200, 200, 200, 200, 200]);
  });

  it('the sim token bucket: many parallel calls all succeed, pausing between rounds', async () => {
    const clock = new ManualClock();
    h = await startHarness({ scenario: 'empty', rateLimits: { perToken: { capacity: 5, refillPerSec: 5 } } }, clock);
    const harness = h;
    const webex = harness.client();
    let done = 0;
    const calls = Array.from({ length: 30 }, () => webex.people.me().then(() => done++));
    while (done < 30) {
      await new Promise((r) => setTimeout(r, 5));
      if (clock.pending > 0) await clock.advance(1_000);
    }
    await Promise.all(calls);
    const log = harness.sim.control.requests();
    const ok = log.filter((r) => r.status === 200).length;
    const limited = log.filter((r) => r.status === 429).length;
    expect(ok).toBe(30);
    expect(limited).toBeGreaterThan(0);
    // one pause shared: after the first wave, far fewer 429s than calls
    expect(limited).toBeLessThan(30);
  });

  it('garbage Retry-After values wait 15 s', async () => {
    const { h, clock } = await setup();
    const webex = h.client();
    h.sim.control.setFaults({ 'GET /people/me': { rateLimit: 1, retryAfter: 'rand(30),add(30)', count: 1 } });
    const p = webex.people.me();
    await clock.waitForSleepers(1);
    expect(clock.nextWakeAt()).toBe(clock.now() + 15_000);
    expect(h.events.find((e) => e.type === 'rateLimited')).toMatchObject({ retryAfterMs: 15_000 });
    await clock.advance(15_000);
    expect((await p).id).toBe(h.sim.people.operator?.id);
  });

  it('a POST answered 429 is retried after the wait and stored once', async () => {
    const { h, clock } = await setup();
    const webex = h.client();
    const room = await webex.rooms.create({ title: 'rl' });
    h.sim.control.setFaults({ 'POST /messages': { rateLimit: 1, retryAfter: 5, count: 1 } });
    const p = webex.messages.create({ roomId: room.id, text: 'after the pause' });
    await clock.waitForSleepers(1);
    await clock.advance(5_000);
    const msg = await p;
    expect(h.sim.control.posted().filter((x) => x.id === msg.id)).toHaveLength(1);
    expect(h.sim.control.posted().filter((x) => x.via === 'rest')).toHaveLength(1);
  });

  it('beyond maxRateLimitWaitMs the call fails rateLimited with retryAt, and later calls fail fast without a request', async () => {
    const { h, clock } = await setup();
    const webex = h.client({ retry: { maxRateLimitWaitMs: 60_000, random: () => 0 } });
    h.sim.control.setFaults({ 'GET /people/me': { rateLimit: 1, retryAfter: 120, count: 1 } });
    const e = await failure(webex.people.me());
    const retryAt = new Date(clock.now() + 120_000).toISOString();
    expect(e).toMatchObject({ kind: 'rateLimited', status: 429, retryAt, delivery: 'notSent' });
    expect(e.trackingId).toBeTruthy();
    const e2 = await failure(webex.rooms.get('anything'));
    expect(e2).toMatchObject({ kind: 'rateLimited', retryAt });
    expect(h.sim.control.requests()).toHaveLength(1);
    expect(e.toAppError()).toMatchObject({ kind: 'rateLimited', retryAt });
  });
});
