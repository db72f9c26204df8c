import type { Clock } from '../clock';
import { formatWebexTimestamp } from './time';
import type { WebexClientEvent } from './events';

export type GateOutcome = 'ok' | 'rateLimited' | 'failed';

export interface GateTicket {
  /** Reports how the request that passed the gate ended. Only matters for the probe after a pause. */
  release(outcome: GateOutcome): void;
}

export type GateAcquireResult =
  | { ok: true; ticket: GateTicket; waitedMs: number }
  /** Waiting for the pause to end would exceed the caller's budget; `until` is when it ends. */
  | { ok: false; until: number; waitedMs: number };

const NO_TICKET: GateTicket = { release: () => undefined };

function abortable(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/**
 * One shared pause for every request of a client (one token). After a 429 every request — new ones included —
 * waits until the pause ends; then a single request goes first as a probe and the others wait for its answer, so a
 * storm of parallel calls does not hit the server again all at once. Another 429 (from the probe or from a request
 * that was already in flight) extends the pause.
 */
export class RateLimitGate {
  private until = 0;
  private paused = false;
  private needsProbe = false;
  /** Bumped by every 429, so a probe's success only clears the pause it probed. */
  private generation = 0;
  private probe: { promise: Promise<void>; resolve: () => void } | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly emit: (event: WebexClientEvent) => void,
  ) {}

  /** When the current pause ends (epoch ms), or undefined when not paused. */
  pausedUntil(): number | undefined {
    return this.clock.now() < this.until ? this.until : undefined;
  }

  /** Records a 429: everything pauses for `retryAfterMs` from now (a longer pause already running is kept). */
  pause(retryAfterMs: number): number {
    const until = this.clock.now() + retryAfterMs;
    this.paused = true;
    this.needsProbe = true;
    this.generation += 1;
    if (until > this.until) {
      this.until = until;
      this.emit({ type: 'rateLimited', until: formatWebexTimestamp(until), retryAfterMs });
    }
    return this.until;
  }

  /**
   * Waits until a request may go. `budgetMs` bounds the time this call may still spend waiting for the pause;
   * rejects with the signal's reason on abort.
   */
  async acquire(signal: AbortSignal | undefined, budgetMs: number): Promise<GateAcquireResult> {
    let waitedMs = 0;
    for (;;) {
      const now = this.clock.now();
      if (now < this.until) {
        const wait = this.until - now;
        if (waitedMs + wait > budgetMs) return { ok: false, until: this.until, waitedMs };
        await this.clock.sleep(wait, signal);
        waitedMs += Math.max(wait, this.clock.now() - now);
        continue;
      }
      if (this.probe) {
        await abortable(this.probe.promise, signal);
        continue;
      }
      if (this.paused) {
        this.paused = false;
        this.emit({ type: 'rateLimitCleared' });
      }
      if (!this.needsProbe) return { ok: true, ticket: NO_TICKET, waitedMs };
      let resolve: () => void = () => undefined;
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      const probe = { promise, resolve };
      this.probe = probe;
      const generation = this.generation;
      let released = false;
      const ticket: GateTicket = {
        release: (outcome) => {
          if (released) return;
          released = true;
          if (outcome !== 'rateLimited' && this.generation === generation) this.needsProbe = false;
          if (this.probe === probe) this.probe = null;
          probe.resolve();
        },
      };
      return { ok: true, ticket, waitedMs };
    }
  }
}
