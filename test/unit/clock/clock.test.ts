import { describe, expect, it } from 'vitest';
import { createRealClock, ManualClock } from '../../../src/main/clock';

describe('ManualClock', () => {
  it('wakes sleepers in time order only when advanced past their time', async () => {
    const clock = new ManualClock(1000);
    const woke: string[] = [];
    void clock.sleep(300).then(() => woke.push(`b@${clock.now()}`));
    void clock.sleep(100).then(() => woke.push(`a@${clock.now()}`));
    await clock.advance(99);
    expect(woke).toEqual([]);
    await clock.advance(300);
    expect(woke).toEqual(['a@1100', 'b@1300']);
    expect(clock.now()).toBe(1399);
  });

  it('lets a sleeping loop take every step of a long advance', async () => {
    const clock = new ManualClock(0);
    const ticks: number[] = [];
    const loop = (async () => {
      for (let i = 0; i < 5; i++) {
        await clock.sleep(1000);
        ticks.push(clock.now());
      }
    })();
    await clock.advance(10_000);
    await loop;
    expect(ticks).toEqual([1000, 2000, 3000, 4000, 5000]);
  });

  it('rejects with an AbortError when the signal aborts, and forgets the sleeper', async () => {
    const clock = new ManualClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(1000, controller.signal);
    expect(clock.pending).toBe(1);
    controller.abort();
    await expect(sleeping).rejects.toMatchObject({ name: 'AbortError' });
    expect(clock.pending).toBe(0);
    await expect(clock.sleep(5, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('waitForSleepers resolves once enough sleepers wait; set() jumps without waking', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00.000Z');
    const waiting = clock.waitForSleepers(2);
    void clock.sleep(10);
    void clock.sleep(20);
    await waiting;
    expect(clock.nextWakeAt()).toBe(Date.parse('2026-01-01T00:00:00.010Z'));
    clock.set(Date.parse('2026-01-01T01:00:00.000Z'));
    expect(clock.pending).toBe(2);
  });
});

describe('real clock', () => {
  it('sleeps in real time and can be aborted', async () => {
    const clock = createRealClock();
    const start = clock.now();
    await clock.sleep(20);
    expect(clock.now() - start).toBeGreaterThanOrEqual(15);
    const controller = new AbortController();
    const p = clock.sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });
});
