import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/clock';
import type { WebexClientEvent } from '../../../src/main/webex';
import { RateLimitGate } from '../../../src/main/webex/gate';

function setup(): { clock: ManualClock; gate: RateLimitGate; events: WebexClientEvent[] } {
  const clock = new ManualClock();
  const events: WebexClientEvent[] = [];
  return { clock, gate: new RateLimitGate(clock, (e) => events.push(e)), events };
}

describe('RateLimitGate', () => {
  it('lets requests through at once when not paused', async () => {
    const { gate, clock } = setup();
    const r = await gate.acquire(undefined, 0);
    expect(r.ok).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('holds everyone during a pause, then lets one probe go first and the rest after its success', async () => {
    const { gate, clock, events } = setup();
    gate.pause(30_000);
    expect(events).toEqual([
      { type: 'rateLimited', until: new Date(clock.now() + 30_000).toISOString(), retryAfterMs: 30_000 },
    ]);
    const order: string[] = [];
    const waiters = [1, 2, 3].map(async (i) => {
      const r = await gate.acquire(undefined, 60_000);
      order.push(`go${i}`);
      return r;
    });
    await clock.waitForSleepers(3);
    expect(order).toEqual([]);
    await clock.advance(29_999);
    expect(order).toEqual([]);
    await clock.advance(1);
    expect(order).toHaveLength(1);
    expect(events.at(-1)).toEqual({ type: 'rateLimitCleared' });
    const first = await Promise.race(waiters);
    if (!first.ok) throw new Error('expected a ticket');
    first.ticket.release('ok');
    const all = await Promise.all(waiters);
    expect(order).toHaveLength(3);
    expect(all.every((r) => r.ok && r.waitedMs === 30_000)).toBe(true);
  });

  it('a probe answered 429 keeps the others waiting for the new pause', async () => {
    const { gate, clock, events } = setup();
    gate.pause(10_000);
    let passed = 0;
    const a = gate.acquire(undefined, 60_000).then((r) => {
      passed++;
      return r;
    });
    const b = gate.acquire(undefined, 60_000).then((r) => {
      passed++;
      return r;
    });
    await clock.advance(10_000);
    expect(passed).toBe(1);
    const probe = await Promise.race([a, b]);
    if (!probe.ok) throw new Error('expected a ticket');
    gate.pause(5_000);
    probe.ticket.release('rateLimited');
    await clock.advance(4_999);
    expect(passed).toBe(1);
    await clock.advance(1);
    expect(passed).toBe(2);
    expect(events.filter((e) => e.type === 'rateLimited')).toHaveLength(2);
  });

  it('refuses to wait beyond the budget and reports when the pause ends', async () => {
    const { gate, clock } = setup();
    const until = gate.pause(60_000);
    const r = await gate.acquire(undefined, 59_999);
    expect(r).toEqual({ ok: false, until, waitedMs: 0 });
    expect(clock.pending).toBe(0);
  });

  it('a shorter 429 does not shorten a running pause; abort rejects the wait', async () => {
    const { gate, clock, events } = setup();
    gate.pause(60_000);
    gate.pause(1_000);
    expect(gate.pausedUntil()).toBe(clock.now() + 60_000);
    expect(events.filter((e) => e.type === 'rateLimited')).toHaveLength(1);
    const ac = new AbortController();
    const p = gate.acquire(ac.signal, 120_000);
    await clock.waitForSleepers(1);
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('RateLimitGate probe vs. a newer pause', () => {
  it("a probe's success does not cancel a pause that began while it was in flight", async () => {
    const { gate, clock } = setup();
    gate.pause(1_000);
    const probeP = gate.acquire(undefined, 60_000);
    await clock.advance(1_000);
    const probe = await probeP;
    if (!probe.ok) throw new Error('expected a ticket');
    gate.pause(5_000); // a request that was already in flight answers 429
    probe.ticket.release('ok');
    let passed = false;
    const next = gate.acquire(undefined, 60_000).then((r) => {
      passed = true;
      return r;
    });
    await clock.advance(5_000);
    const r = await next;
    expect(passed).toBe(true);
    if (!r.ok) throw new Error('expected a ticket');
    // it became the new probe: a third request waits for it
    let third = false;
    const t = gate.acquire(undefined, 60_000).then(() => {
      third = true;
    });
    await clock.advance(0);
    expect(third).toBe(false);
    r.ticket.release('ok');
    await t;
    expect(third).toBe(true);
  });
});
