/**
 * The poll loop (docs/architecture.md §6.3): runs a cycle at the current cadence, keeps polling while the screen is locked,
 * pauses on suspend and offline (aborting a cycle in flight) and catches up at once on resume/online, pauses
 * everything until `retryAt` after a 429, backs off with jitter after errors, and keeps `PollState` (stale after
 * 15 s without a good sync) up to date with a one-second status tick, with the last hour's 429 pauses and failed
 * requests (`lastHour`, sliding). All waiting is on the injected clock.
 */
import type { PollState } from '../../shared/contract/channels';
import type { Clock } from '../clock';
import { isAbortError, toAppError, type InternalErrorReporter } from '../errors';
import type { Logger } from '../log/types';
import type { SystemEvent, SystemEvents } from '../platform';
import type { WatchConfig } from './config';
import { sameJson } from './views';

export interface PollerDeps {
  clock: Clock;
  config: WatchConfig;
  logger: Logger;
  systemEvents: SystemEvents;
  random: () => number;
  report?: InternalErrorReporter;
  /** One cycle; rejects on failure (an abort of `signal` rejects with an abort or `cancelled` error). */
  runCycle(signal: AbortSignal): Promise<void>;
  /** The client's shared 429 pause (ISO), while one is running. */
  clientRateLimitedUntil(): string | undefined;
  /** The interval to use now (depends on the open space and recent activity). */
  cadence(): number;
  onState(state: PollState): void;
  /** Called every tick and after every cycle with the local time. */
  onTick(now: number): void;
}

const DEFAULT_RATE_LIMIT_MS = 15_000;
/** Degraded: at least DEGRADED_FAILURES of the last DEGRADED_WINDOW cycles failed (one blip is not an outage). */
const DEGRADED_WINDOW = 6;
const DEGRADED_FAILURES = 2;
/** Failed cycles in a row that back off only to 2× the cadence before the backoff starts doubling. */
const SHORT_FAILURE_RUN = 3;
const FOREVER_MS = 2_000_000_000;
/** The window of PollState.lastHour (sliding, on the injected clock). */
const LAST_HOUR_MS = 3_600_000;

function isCancelled(e: unknown): boolean {
  return isAbortError(e) || (typeof e === 'object' && e !== null && (e as { kind?: unknown }).kind === 'cancelled');
}

export class Poller {
  private state: PollState;
  private readonly stopController = new AbortController();
  private sleeper: AbortController | undefined;
  private cycleController: AbortController | undefined;
  private wakeNow = false;
  private again = false;
  private failures = 0;
  private backoffUntil = 0;
  private pauseUntil = 0;
  private lastStart = Number.NEGATIVE_INFINITY;
  private readonly startedAt: number;
  private loopDone: Promise<void> = Promise.resolve();
  private tickDone: Promise<void> = Promise.resolve();
  private unsubscribe: () => void = () => undefined;
  private inFlight: Promise<void> | undefined;
  /** Outcomes of the last cycles (cancelled and rate-limited ones left out), oldest first, with their start. */
  private outcomes: { ok: boolean; at: number }[] = [];
  /** Completed cycles (good or failed). */
  cycles = 0;
  /** When 429 pauses started and requests failed, oldest first, within the last hour (PollState.lastHour). */
  private readonly pauseTimes: number[] = [];
  private readonly failureTimes: number[] = [];
  /** The end of the pause last counted (a pause is counted once, however often the loop passes it). */
  private countedPause = 0;

  constructor(private readonly deps: PollerDeps) {
    this.startedAt = deps.clock.now();
    this.state = {
      running: false,
      offline: !deps.systemEvents.isOnline(),
      suspended: false,
      stale: false,
      lastHour: { rateLimitPauses: 0, failures: 0 },
    };
  }

  /**
   * Failed requests of a cycle besides the one its failure reports (a cycle goes on past a space that answered
   * badly, and ends failed with the first such error): counted in PollState.lastHour.
   */
  noteFailedRequests(count: number): void {
    const now = this.deps.clock.now();
    for (let i = 0; i < count; i += 1) this.failureTimes.push(now);
    if (count > 0) this.update({});
  }

  snapshot(): PollState {
    return this.state;
  }

  start(): void {
    this.unsubscribe = this.deps.systemEvents.subscribe((e) => this.onSystemEvent(e));
    this.update({ running: true });
    this.loopDone = this.loop().catch((e: unknown) => {
      this.deps.logger.error('poll loop stopped unexpectedly', { error: e });
    });
    this.tickDone = this.ticker().catch((e: unknown) => {
      this.deps.logger.error('poll status tick stopped unexpectedly', { error: e });
    });
  }

  async stop(): Promise<void> {
    this.unsubscribe();
    this.stopController.abort();
    this.cycleController?.abort();
    this.sleeper?.abort();
    await Promise.all([this.loopDone, this.tickDone]);
    this.update({ running: false });
  }

  /** Starts a cycle now (after the one in flight; never before a rate-limit pause ends). */
  syncNow(): PollState {
    if (this.cycleController) this.again = true;
    this.wakeNow = true;
    this.failures = 0;
    this.sleeper?.abort();
    return this.state;
  }

  /** The cadence changed (a space was opened or closed): re-plan the next cycle. */
  reschedule(): void {
    this.sleeper?.abort();
  }

  /** Resolves when no cycle is running (a cycle may start right after). */
  async idle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private onSystemEvent(event: SystemEvent): void {
    this.deps.logger.info('system event', { event });
    switch (event) {
      case 'suspend':
        this.update({ suspended: true });
        this.cycleController?.abort();
        this.sleeper?.abort();
        break;
      case 'resume':
        this.update({ suspended: false });
        this.catchUp();
        break;
      case 'offline':
        this.update({ offline: true });
        this.cycleController?.abort();
        this.sleeper?.abort();
        break;
      case 'online':
        this.update({ offline: false });
        this.catchUp();
        break;
      case 'lock-screen':
      case 'unlock-screen':
        // Polling continues while the screen is locked: an on-call operator gets alerts on the lock screen.
        break;
    }
  }

  private catchUp(): void {
    this.failures = 0;
    this.wakeNow = true;
    this.sleeper?.abort();
  }

  private get stopped(): boolean {
    return this.stopController.signal.aborted;
  }

  private async loop(): Promise<void> {
    const { clock } = this.deps;
    while (!this.stopped) {
      if (this.state.suspended || this.state.offline) {
        this.update({ nextSyncAt: undefined });
        await this.sleepUntil(undefined);
        continue;
      }
      const now = clock.now();
      const pause = Math.max(this.pauseUntil, this.clientPause());
      if (pause > now) {
        if (pause !== this.countedPause) {
          this.countedPause = pause;
          this.pauseTimes.push(now);
        }
        const until = new Date(pause).toISOString();
        this.update({ rateLimitedUntil: until, nextSyncAt: until });
        await this.sleepUntil(pause);
        continue;
      }
      if (this.state.rateLimitedUntil !== undefined) this.update({ rateLimitedUntil: undefined });

      await this.cycle();
      if (this.stopped) break;
      this.deps.onTick(clock.now());
      if (this.again) {
        this.again = false;
        continue;
      }
      await this.waitForNext();
    }
  }

  private async cycle(): Promise<void> {
    const { clock, logger } = this.deps;
    const controller = new AbortController();
    this.cycleController = controller;
    this.wakeNow = false;
    this.lastStart = clock.now();
    let release: () => void = () => undefined;
    this.inFlight = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      await this.deps.runCycle(controller.signal);
      this.failures = 0;
      this.record(true);
      this.update({ lastGoodSyncAt: new Date(clock.now()).toISOString(), lastError: undefined, stale: false });
    } catch (e) {
      if (controller.signal.aborted && isCancelled(e)) {
        logger.debug('poll cycle cancelled');
      } else {
        this.failed(e);
      }
    } finally {
      this.cycles += 1;
      this.cycleController = undefined;
      this.inFlight = undefined;
      release();
    }
  }

  private failed(e: unknown): void {
    const { clock, logger, config } = this.deps;
    const error = toAppError(e, this.deps.report, 'poll cycle');
    const now = clock.now();
    if (error.kind === 'rateLimited') {
      const at = error.retryAt === undefined ? Number.NaN : Date.parse(error.retryAt);
      this.pauseUntil = Number.isFinite(at) && at > now ? at : now + DEFAULT_RATE_LIMIT_MS;
      logger.warn('poll rate limited', { until: new Date(this.pauseUntil).toISOString() });
      this.update({ lastError: error, rateLimitedUntil: new Date(this.pauseUntil).toISOString() });
      return;
    }
    this.failures += 1;
    this.failureTimes.push(now);
    this.record(false);
    // Never sooner than the calm cadence (jitter between half and all of the ceiling, which is at least twice the
    // cadence): with client retries left to the poller, a partial outage cannot raise the request rate above calm.
    // The first three failures in a row keep the ceiling at 2× the cadence, so alerts keep arriving through a partial
    // outage; a longer run of failures (an outage) doubles it per cycle up to `maxBackoffMs`.
    const base = this.deps.cadence();
    const exponent = Math.max(1, this.failures - (SHORT_FAILURE_RUN - 1));
    const ceiling = Math.min(Math.max(config.maxBackoffMs, 2 * base), base * 2 ** exponent);
    const delay = ceiling / 2 + this.deps.random() * (ceiling / 2);
    this.backoffUntil = now + delay;
    logger.warn('poll cycle failed', { kind: error.kind, failures: this.failures, delayMs: Math.round(delay) });
    this.update({ lastError: error, stale: this.isStale(now) });
  }

  /** Keeps the last cycles' outcomes and derives `degraded` from them. */
  private record(ok: boolean): void {
    this.outcomes.push({ ok, at: this.lastStart });
    if (this.outcomes.length > DEGRADED_WINDOW) this.outcomes.shift();
    const failed = this.outcomes.filter((o) => !o.ok);
    if (failed.length < DEGRADED_FAILURES) {
      if (this.state.degraded !== undefined) this.deps.logger.info('poll errors passed; back to the usual cadence');
      this.update({ degraded: undefined });
    } else if (this.state.degraded === undefined) {
      const since = new Date((failed[0] as { at: number }).at).toISOString();
      this.deps.logger.warn('requests keep failing; polling eased off', { failed: failed.length });
      this.update({ degraded: { since } });
    }
  }

  private async waitForNext(): Promise<void> {
    const { clock } = this.deps;
    for (;;) {
      if (this.stopped || this.wakeNow || this.state.suspended || this.state.offline) return;
      const target = this.failures > 0 ? this.backoffUntil : this.lastStart + this.deps.cadence();
      if (clock.now() >= target) return;
      this.update({ nextSyncAt: new Date(target).toISOString() });
      await this.sleepUntil(target);
    }
  }

  private async sleepUntil(target: number | undefined): Promise<void> {
    if (this.stopped) return;
    const controller = new AbortController();
    this.sleeper = controller;
    const ms = target === undefined ? FOREVER_MS : Math.max(0, target - this.deps.clock.now());
    try {
      await this.deps.clock.sleep(ms, controller.signal);
    } catch {
      // woken early: the loop re-plans
    } finally {
      if (this.sleeper === controller) this.sleeper = undefined;
    }
  }

  private clientPause(): number {
    const until = this.deps.clientRateLimitedUntil();
    const at = until === undefined ? Number.NaN : Date.parse(until);
    return Number.isFinite(at) ? at : 0;
  }

  private isStale(now: number): boolean {
    const since = this.state.lastGoodSyncAt === undefined ? this.startedAt : Date.parse(this.state.lastGoodSyncAt);
    return now - since >= this.deps.config.staleAfterMs;
  }

  private async ticker(): Promise<void> {
    const { clock, config } = this.deps;
    while (!this.stopped) {
      try {
        await clock.sleep(config.tickMs, this.stopController.signal);
      } catch {
        return;
      }
      const now = clock.now();
      const patch: Partial<PollState> = { stale: this.isStale(now) };
      const pause = Math.max(this.pauseUntil, this.clientPause());
      if (pause > now) patch.rateLimitedUntil = new Date(pause).toISOString();
      else if (this.state.rateLimitedUntil !== undefined && !this.cycleController) patch.rateLimitedUntil = undefined;
      this.update(patch);
      this.deps.onTick(now);
    }
  }

  /** 429 pauses and failed requests within the last hour of the clock (older ones dropped). */
  private lastHour(now: number): NonNullable<PollState['lastHour']> {
    const since = now - LAST_HOUR_MS;
    for (const times of [this.pauseTimes, this.failureTimes]) {
      while (times.length > 0 && (times[0] as number) <= since) times.shift();
    }
    return { rateLimitPauses: this.pauseTimes.length, failures: this.failureTimes.length };
  }

  private update(patch: Partial<PollState>): void {
    const next: PollState = { ...this.state };
    for (const [key, value] of Object.entries(patch) as [keyof PollState, PollState[keyof PollState]][]) {
      if (value === undefined) delete next[key];
      else (next as unknown as Record<string, unknown>)[key] = value;
    }
    next.lastHour = this.lastHour(this.deps.clock.now());
    if (sameJson(next, this.state)) return;
    this.state = next;
    this.deps.onState(next);
  }
}
