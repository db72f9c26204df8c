import { abortReason } from './abort';
import type { Clock } from './index';

interface Sleeper {
  at: number;
  order: number;
  resolve: () => void;
}

/**
 * A clock that only moves when told to. `advance(ms)` fires due sleepers in time order and lets the promise
 * chains they start run (macrotask turns) before moving on, so code that sleeps in a loop observes each step.
 * Real I/O (loopback sockets) still takes real time: wait for it with the test's own means, not with advance.
 */
export class ManualClock implements Clock {
  private current: number;
  private sleepers: Sleeper[] = [];
  private counter = 0;
  private waiters: { count: number; resolve: () => void }[] = [];

  constructor(start: number | string = Date.UTC(2026, 0, 5, 9, 0, 0)) {
    this.current = typeof start === 'string' ? Date.parse(start) : start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const sleeper: Sleeper = {
        at: this.current + Math.max(0, ms),
        order: this.counter++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(abortReason(signal as AbortSignal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(sleeper);
      this.notifyWaiters();
    });
  }

  /** Number of sleepers waiting right now. */
  get pending(): number {
    return this.sleepers.length;
  }

  /** When the earliest sleeper wakes, or undefined if none is waiting. */
  nextWakeAt(): number | undefined {
    return this.sleepers.reduce<number | undefined>(
      (min, s) => (min === undefined || s.at < min ? s.at : min),
      undefined,
    );
  }

  /** Resolves once at least `count` sleepers are waiting (useful before `advance`). */
  waitForSleepers(count = 1): Promise<void> {
    if (this.sleepers.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Moves time forward by `ms`, waking every sleeper that falls due, in order. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.current + ms);
  }

  async advanceTo(target: number): Promise<void> {
    for (;;) {
      await settle();
      const due = this.sleepers.filter((s) => s.at <= target).sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!due) break;
      this.sleepers = this.sleepers.filter((s) => s !== due);
      this.current = Math.max(this.current, due.at);
      due.resolve();
    }
    this.current = Math.max(this.current, target);
    await settle();
  }

  /** Jumps the time without waking anyone (a suspended laptop, a clock change). */
  set(time: number): void {
    this.current = time;
  }

  private notifyWaiters(): void {
    const ready = this.waiters.filter((w) => this.sleepers.length >= w.count);
    this.waiters = this.waiters.filter((w) => this.sleepers.length < w.count);
    for (const w of ready) w.resolve();
  }
}

/** Lets pending promise chains and already-queued I/O callbacks run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
