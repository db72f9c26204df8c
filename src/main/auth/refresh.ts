import type { Clock } from '../clock';
import { AppFailure, isAbortError } from '../errors';
import type { Logger } from '../log/types';

/** The tokens of one signed-in identity, held in main only. Times are epoch ms. */
export interface TokenSet {
  accessToken: string;
  /** When the access token was obtained (pasted, exchanged or refreshed). */
  obtainedAt: number;
  /** Exact for OAuth; estimated for personal tokens; absent for bots and tokens of unknown life. */
  expiresAt?: number;
  estimated?: boolean;
  refreshToken?: string;
  refreshExpiresAt?: number;
}

export type ReauthReason =
  /** Webex refused a token that cannot be refreshed (pasted, environment, demo). */
  | 'rejected'
  /** Webex refused a token it had just issued by refresh: refreshing again would loop. */
  | 'rejectedAfterRefresh'
  /** The refresh grant was refused (revoked, rotated away, client changed). */
  | 'refreshRefused'
  /** The refresh token's lifetime is over. */
  | 'refreshExpired'
  /** No refresh token is held. */
  | 'noRefreshToken';

export interface TokenKeeperOptions {
  clock: Clock;
  logger: Logger;
  initial: TokenSet;
  /** OAuth: performs the refresh grant. Absent for tokens that cannot be refreshed. */
  refresh?: (refreshToken: string, signal: AbortSignal) => Promise<TokenSet>;
  /** Saves a rotated set BEFORE it is used (the refresh token first). A failure is logged; the set is used anyway. */
  persist(next: TokenSet): Promise<void>;
  onRefreshed(next: TokenSet): void;
  /** Called once per loss of the session: the operator must sign in again. */
  onReauthRequired(reason: ReauthReason): void;
  /** Tokens with an (estimated) expiry and no refresh: called once, `warnBeforeMs` before it. */
  onExpiresSoon?(expiresAt: number): void;
  /** Refresh no later than this long before expiry (default 5 minutes)… */
  refreshMarginMs?: number;
  /** …and no later than this fraction of the token's life (default 0.8). */
  refreshFraction?: number;
  /** Warning lead time for tokens that cannot be refreshed (default 30 minutes). */
  warnBeforeMs?: number;
  /** First retry delay after a refresh failed for a transient reason (default 60 s, doubling to 15 minutes). */
  retryDelayMs?: number;
}

export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;
export const DEFAULT_REFRESH_FRACTION = 0.8;
export const DEFAULT_WARN_BEFORE_MS = 30 * 60_000;
const MAX_RETRY_DELAY_MS = 15 * 60_000;
/** A token this close to its expiry is refreshed before use rather than sent. */
const EXPIRY_SKEW_MS = 30_000;
/** A 401 on a token obtained by refresh this recently means refreshing does not help. */
const FRESH_TOKEN_MS = 60_000;
/** Long waits are slept in slices (setTimeout overflows after 24.8 days; a suspended machine skews long timers). */
const SLEEP_SLICE_MS = 6 * 60 * 60_000;

/**
 * When to refresh a token obtained at `obtainedAt` that expires at `expiresAt`: at 80% of its life or 5 minutes
 * before expiry, whichever comes first — except for lives of 10 minutes or less, which refresh at 80%.
 */
export function refreshDueAt(
  tokens: Pick<TokenSet, 'obtainedAt' | 'expiresAt'>,
  marginMs = DEFAULT_REFRESH_MARGIN_MS,
  fraction = DEFAULT_REFRESH_FRACTION,
): number | undefined {
  if (tokens.expiresAt === undefined) return undefined;
  const life = Math.max(0, tokens.expiresAt - tokens.obtainedAt);
  const tail = (1 - fraction) * life;
  const lead = life > 2 * marginMs ? Math.max(marginMs, tail) : tail;
  return Math.round(Math.max(tokens.obtainedAt + Math.min(1_000, life), tokens.expiresAt - lead));
}

async function sleepUntil(clock: Clock, at: number, signal: AbortSignal): Promise<void> {
  for (;;) {
    const left = at - clock.now();
    if (left <= 0) return;
    await clock.sleep(Math.min(left, SLEEP_SLICE_MS), signal);
  }
}

function kindOf(e: unknown): string | undefined {
  return e instanceof AppFailure ? e.kind : undefined;
}

/**
 * Keeps one identity's tokens fresh: `getToken` and `onUnauthorized` plug into the Webex client's `auth`.
 *
 * - OAuth: refreshes before expiry on the clock (see `refreshDueAt`), and once on a 401; every refresh is
 *   single-flight (parallel callers share it); the rotated refresh token is persisted before the new access token
 *   is handed out. A refused or expired refresh token → re-sign-in required (once).
 * - Pasted personal tokens: a warning `warnBeforeMs` before the estimated expiry; the first 401 → re-sign-in
 *   required (once — later calls fail fast without asking Webex again).
 */
export class TokenKeeper {
  private tokens: TokenSet;
  private inflight: Promise<boolean> | undefined;
  private reauth: ReauthReason | undefined;
  private lastRefreshAt: number | undefined;
  private generation = 0;
  private disposed = false;
  private readonly lifetime = new AbortController();
  private timers: AbortController | undefined;

  constructor(private readonly options: TokenKeeperOptions) {
    this.tokens = options.initial;
  }

  /** Starts the clock-driven work (refresh schedule or expiry warning). */
  start(): void {
    this.restartTimers();
  }

  get needsReauth(): boolean {
    return this.reauth !== undefined;
  }

  get reauthReason(): ReauthReason | undefined {
    return this.reauth;
  }

  get refreshable(): boolean {
    return this.options.refresh !== undefined && this.tokens.refreshToken !== undefined;
  }

  /** Expiry and refresh times (no secret). */
  get expiry(): Pick<TokenSet, 'obtainedAt' | 'expiresAt' | 'estimated' | 'refreshExpiresAt'> {
    const { obtainedAt, expiresAt, estimated, refreshExpiresAt } = this.tokens;
    return { obtainedAt, expiresAt, estimated, refreshExpiresAt };
  }

  /** For the Webex client: the access token to send, refreshed first when it is (nearly) expired. */
  async getToken(): Promise<string> {
    this.assertUsable();
    const { expiresAt } = this.tokens;
    if (this.refreshable && expiresAt !== undefined && this.options.clock.now() >= expiresAt - EXPIRY_SKEW_MS) {
      await this.refreshNow();
      this.assertUsable();
    }
    return this.tokens.accessToken;
  }

  /** For the Webex client: Webex answered 401 to `rejected`. True when a new token is ready to retry with. */
  async onUnauthorized(rejected: string): Promise<boolean> {
    if (this.disposed || this.reauth) return false;
    if (rejected !== this.tokens.accessToken) return true; // already replaced by a refresh or a new sign-in
    if (this.inflight) return this.inflight;
    if (!this.refreshable) {
      this.requireReauth('rejected');
      return false;
    }
    if (this.lastRefreshAt !== undefined && this.options.clock.now() - this.lastRefreshAt < FRESH_TOKEN_MS) {
      this.requireReauth('rejectedAfterRefresh');
      return false;
    }
    this.options.logger.info('access token refused; refreshing');
    return this.refreshNow();
  }

  /** Refreshes now (single-flight). False when it did not happen; `needsReauth` says whether that is final. */
  refreshNow(): Promise<boolean> {
    if (this.disposed || this.reauth) return Promise.resolve(false);
    if (this.inflight) return this.inflight;
    const run: Promise<boolean> = this.doRefresh().finally(() => {
      if (this.inflight === run) this.inflight = undefined;
    });
    this.inflight = run;
    return run;
  }

  /** New tokens for the same identity (signed in again): clears a pending re-sign-in and restarts the schedule. */
  replace(next: TokenSet): void {
    this.generation += 1;
    this.tokens = next;
    this.reauth = undefined;
    this.lastRefreshAt = undefined;
    this.inflight = undefined;
    this.restartTimers();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.timers?.abort();
    this.lifetime.abort();
  }

  private assertUsable(): void {
    if (this.disposed) throw new AppFailure('notSignedIn', 'This identity was signed out.');
    if (this.reauth) {
      throw new AppFailure('auth', 'Webex no longer accepts the sign-in of this identity: sign in again to continue.');
    }
  }

  private requireReauth(reason: ReauthReason): void {
    if (this.reauth || this.disposed) return;
    this.reauth = reason;
    this.timers?.abort();
    this.options.logger.warn('sign-in required again', { reason });
    this.options.onReauthRequired(reason);
  }

  private async doRefresh(): Promise<boolean> {
    const generation = this.generation;
    const { refreshToken, refreshExpiresAt } = this.tokens;
    const refresh = this.options.refresh;
    if (!refresh || refreshToken === undefined) {
      this.requireReauth('noRefreshToken');
      return false;
    }
    if (refreshExpiresAt !== undefined && this.options.clock.now() >= refreshExpiresAt) {
      this.requireReauth('refreshExpired');
      return false;
    }
    let next: TokenSet;
    try {
      next = await refresh(refreshToken, this.lifetime.signal);
    } catch (e) {
      if (this.disposed || generation !== this.generation) return false;
      if (kindOf(e) === 'auth') {
        this.requireReauth('refreshRefused');
        return false;
      }
      this.options.logger.warn('token refresh failed', {
        kind: kindOf(e) ?? (isAbortError(e) ? 'cancelled' : 'internal'),
      });
      return false;
    }
    if (this.disposed || generation !== this.generation) return false;
    try {
      await this.options.persist(next);
    } catch (e) {
      // The old refresh token is spent: keep using the new set in memory rather than lose the session.
      this.options.logger.error('renewed tokens could not be saved', { kind: kindOf(e) ?? 'internal' });
    }
    if (this.disposed || generation !== this.generation) return false;
    this.tokens = next;
    this.lastRefreshAt = this.options.clock.now();
    this.options.logger.info('access token refreshed', {
      expiresInSec: next.expiresAt === undefined ? undefined : Math.round((next.expiresAt - next.obtainedAt) / 1000),
    });
    this.options.onRefreshed(next);
    return true;
  }

  private restartTimers(): void {
    this.timers?.abort();
    if (this.disposed) return;
    const timers = new AbortController();
    this.timers = timers;
    const run = this.options.refresh ? this.refreshLoop(timers.signal) : this.warnLoop(timers.signal);
    run.catch((e: unknown) => {
      if (!isAbortError(e) && !timers.signal.aborted) this.options.logger.error('token timer failed', { error: e });
    });
  }

  private async refreshLoop(signal: AbortSignal): Promise<void> {
    const { clock } = this.options;
    let failures = 0;
    while (!signal.aborted && !this.reauth && this.refreshable) {
      // Re-read after every wake: a 401 may have refreshed the tokens in the meantime.
      const due = refreshDueAt(this.tokens, this.options.refreshMarginMs, this.options.refreshFraction);
      if (due === undefined) return;
      const left = due - clock.now();
      if (left > 0) {
        await clock.sleep(Math.min(left, SLEEP_SLICE_MS), signal);
        continue;
      }
      if (await this.refreshNow()) {
        failures = 0;
        continue;
      }
      if (this.reauth || signal.aborted) return;
      failures += 1;
      const delay = Math.min(MAX_RETRY_DELAY_MS, (this.options.retryDelayMs ?? 60_000) * 2 ** (failures - 1));
      await clock.sleep(delay, signal);
    }
  }

  private async warnLoop(signal: AbortSignal): Promise<void> {
    const { expiresAt } = this.tokens;
    const onExpiresSoon = this.options.onExpiresSoon;
    if (expiresAt === undefined || !onExpiresSoon) return;
    await sleepUntil(this.options.clock, expiresAt - (this.options.warnBeforeMs ?? DEFAULT_WARN_BEFORE_MS), signal);
    if (!signal.aborted && !this.reauth) onExpiresSoon(expiresAt);
  }
}
