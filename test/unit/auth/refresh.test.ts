import { describe, expect, it } from 'vitest';
import {
  refreshDueAt,
  TokenKeeper,
  type ReauthReason,
  type TokenKeeperOptions,
  type TokenSet,
} from '../../../src/main/auth';
import { ManualClock } from '../../../src/main/clock';
import { AppFailure } from '../../../src/main/errors';
import { nullLogger } from '../../../src/main/log';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

interface Rig {
  clock: ManualClock;
  keeper: TokenKeeper;
  refreshCalls: string[];
  persisted: TokenSet[];
  /** What the store held when each refreshed set was first handed out by getToken. */
  reauth: ReauthReason[];
  soon: number[];
  refreshed: TokenSet[];
  /** Resolvers of pending refresh requests (when `manualRefresh`). */
  pending: { resolve(set: TokenSet): void; reject(e: unknown): void }[];
}

function rig(options: {
  initial: (now: number) => TokenSet;
  refresh?: 'auto' | 'manual' | 'none' | ((rt: string) => Promise<TokenSet>);
  lifeMs?: number;
  persist?: (next: TokenSet) => Promise<void>;
}): Rig {
  const clock = new ManualClock();
  const r: Rig = {
    clock,
    keeper: undefined as unknown as TokenKeeper,
    refreshCalls: [],
    persisted: [],
    reauth: [],
    soon: [],
    refreshed: [],
    pending: [],
  };
  let n = 0;
  const life = options.lifeMs ?? HOUR;
  const mode = options.refresh ?? 'auto';
  const refresh: TokenKeeperOptions['refresh'] =
    mode === 'none'
      ? undefined
      : async (rt) => {
          r.refreshCalls.push(rt);
          if (typeof mode === 'function') return mode(rt);
          if (mode === 'manual') return new Promise<TokenSet>((resolve, reject) => r.pending.push({ resolve, reject }));
          n += 1;
          const now = clock.now();
          return {
            accessToken: `access-${n}`,
            refreshToken: `refresh-${n}`,
            obtainedAt: now,
            expiresAt: now + life,
            refreshExpiresAt: now + 90 * DAY,
          };
        };
  r.keeper = new TokenKeeper({
    clock,
    logger: nullLogger,
    initial: options.initial(clock.now()),
    ...(refresh ? { refresh } : {}),
    persist:
      options.persist ??
      (async (next) => {
        r.persisted.push(next);
      }),
    onRefreshed: (next) => r.refreshed.push(next),
    onReauthRequired: (reason) => r.reauth.push(reason),
    onExpiresSoon: (at) => r.soon.push(at),
  });
  r.keeper.start();
  return r;
}

const oauth =
  (life = HOUR) =>
  (now: number): TokenSet => ({
    accessToken: 'access-0',
    refreshToken: 'refresh-0',
    obtainedAt: now,
    expiresAt: now + life,
    refreshExpiresAt: now + 90 * DAY,
  });

async function failureOf(p: Promise<unknown>): Promise<AppFailure> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppFailure);
    return e as AppFailure;
  }
  throw new Error('expected a failure');
}

describe('refreshDueAt', () => {
  it('refreshes at 80% of the life or 5 minutes before expiry, whichever comes first', () => {
    const t0 = 1_000_000;
    expect(refreshDueAt({ obtainedAt: t0, expiresAt: t0 + 14 * DAY })).toBe(t0 + (14 * DAY * 4) / 5);
    expect(refreshDueAt({ obtainedAt: t0, expiresAt: t0 + HOUR })).toBe(t0 + 48 * MIN);
    expect(refreshDueAt({ obtainedAt: t0, expiresAt: t0 + 20 * MIN })).toBe(t0 + 15 * MIN);
  });

  it('short lives refresh at 80% (never in a tight loop); unknown expiry never', () => {
    const t0 = 1_000_000;
    expect(refreshDueAt({ obtainedAt: t0, expiresAt: t0 + 60_000 })).toBe(t0 + 48_000);
    expect(refreshDueAt({ obtainedAt: t0, expiresAt: t0 })).toBe(t0);
    expect(refreshDueAt({ obtainedAt: t0 })).toBeUndefined();
  });
});

describe('TokenKeeper — OAuth', () => {
  it('refreshes on the clock before expiry, not earlier, and keeps refreshing each new token', async () => {
    const r = rig({ initial: oauth(HOUR) });
    expect(await r.keeper.getToken()).toBe('access-0');
    await r.clock.advance(48 * MIN - 1);
    expect(r.refreshCalls).toEqual([]);
    await r.clock.advance(1);
    expect(r.refreshCalls).toEqual(['refresh-0']);
    expect(await r.keeper.getToken()).toBe('access-1');
    await r.clock.advance(48 * MIN);
    expect(r.refreshCalls).toEqual(['refresh-0', 'refresh-1']);
    expect(await r.keeper.getToken()).toBe('access-2');
    r.keeper.dispose();
  });

  it('single-flight: parallel callers of an expired token share one refresh', async () => {
    const r = rig({ initial: oauth(HOUR), refresh: 'manual' });
    r.clock.set(r.clock.now() + HOUR); // expired without the timer firing (e.g. after suspend)
    const callers = Array.from({ length: 5 }, () => r.keeper.getToken());
    const viaRefreshNow = r.keeper.refreshNow();
    await Promise.resolve();
    expect(r.refreshCalls).toEqual(['refresh-0']);
    const now = r.clock.now();
    r.pending[0]?.resolve({
      accessToken: 'access-new',
      refreshToken: 'refresh-new',
      obtainedAt: now,
      expiresAt: now + HOUR,
    });
    expect(await Promise.all(callers)).toEqual(Array(5).fill('access-new'));
    expect(await viaRefreshNow).toBe(true);
    expect(r.refreshCalls).toHaveLength(1);
    r.keeper.dispose();
  });

  it('stores the rotated set BEFORE the new access token is handed out', async () => {
    const store = new Map<string, string>();
    const seenWithStore: string[] = [];
    let release: () => void = () => undefined;
    const persistGate = new Promise<void>((resolve) => (release = resolve));
    const r = rig({
      initial: oauth(HOUR),
      persist: async (next) => {
        await persistGate;
        store.set('refresh', next.refreshToken ?? '');
        store.set('access', next.accessToken);
      },
    });
    r.clock.set(r.clock.now() + HOUR);
    const token = r.keeper.getToken().then((t) => {
      seenWithStore.push(`${t} with stored refresh ${store.get('refresh') ?? 'none'}`);
      return t;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(seenWithStore).toEqual([]); // not handed out while the new refresh token is unsaved
    release();
    expect(await token).toBe('access-1');
    expect(seenWithStore).toEqual(['access-1 with stored refresh refresh-1']);
    r.keeper.dispose();
  });

  it('a failing save does not lose the session: the new tokens are used anyway (the old refresh token is spent)', async () => {
    const r = rig({
      initial: oauth(HOUR),
      persist: async () => {
        throw new AppFailure('keychainUnavailable', 'locked');
      },
    });
    expect(await r.keeper.refreshNow()).toBe(true);
    expect(await r.keeper.getToken()).toBe('access-1');
    r.keeper.dispose();
  });

  it('refreshes once on a 401 and says so; a 401 for an already replaced token just retries', async () => {
    const r = rig({ initial: oauth(14 * DAY) });
    expect(await r.keeper.onUnauthorized('access-0')).toBe(true);
    expect(r.refreshCalls).toEqual(['refresh-0']);
    expect(await r.keeper.getToken()).toBe('access-1');
    // Another request that was rejected with the old token: no second refresh.
    expect(await r.keeper.onUnauthorized('access-0')).toBe(true);
    expect(r.refreshCalls).toHaveLength(1);
    r.keeper.dispose();
  });

  it('a 401 on a token that was refreshed moments ago → re-sign-in, not a refresh loop', async () => {
    const r = rig({ initial: oauth(14 * DAY) });
    expect(await r.keeper.onUnauthorized('access-0')).toBe(true);
    expect(await r.keeper.onUnauthorized('access-1')).toBe(false);
    expect(r.refreshCalls).toHaveLength(1);
    expect(r.reauth).toEqual(['rejectedAfterRefresh']);
    r.keeper.dispose();
  });

  it('parallel 401s share the one refresh', async () => {
    const r = rig({ initial: oauth(14 * DAY), refresh: 'manual' });
    const a = r.keeper.onUnauthorized('access-0');
    const b = r.keeper.onUnauthorized('access-0');
    await Promise.resolve();
    expect(r.refreshCalls).toHaveLength(1);
    const now = r.clock.now();
    r.pending[0]?.resolve({
      accessToken: 'access-x',
      refreshToken: 'refresh-x',
      obtainedAt: now,
      expiresAt: now + DAY,
    });
    expect(await Promise.all([a, b])).toEqual([true, true]);
    r.keeper.dispose();
  });

  it('an expired refresh token → reauthRequired without asking Webex, once', async () => {
    const r = rig({
      initial: (now) => ({ ...oauth(HOUR)(now), refreshExpiresAt: now + 30 * MIN }),
    });
    await r.clock.advance(48 * MIN);
    expect(r.refreshCalls).toEqual([]);
    expect(r.reauth).toEqual(['refreshExpired']);
    expect(r.keeper.needsReauth).toBe(true);
    const e = await failureOf(r.keeper.getToken());
    expect(e.kind).toBe('auth');
    expect(await r.keeper.onUnauthorized('access-0')).toBe(false);
    expect(r.reauth).toHaveLength(1);
    r.keeper.dispose();
  });

  it('a refused refresh (invalid_grant) → reauthRequired once; a transient failure is retried later', async () => {
    let answer: 'network' | 'refused' = 'network';
    const r = rig({
      initial: oauth(HOUR),
      refresh: async () => {
        throw answer === 'network'
          ? new AppFailure('network', 'connection refused')
          : new AppFailure('auth', 'refused', { status: 400 });
      },
    });
    await r.clock.advance(48 * MIN);
    expect(r.refreshCalls).toHaveLength(1);
    expect(r.keeper.needsReauth).toBe(false);
    expect(await r.keeper.getToken()).toBe('access-0'); // still valid: keep using it
    await r.clock.advance(60_000);
    expect(r.refreshCalls).toHaveLength(2);
    answer = 'refused';
    await r.clock.advance(120_000);
    expect(r.refreshCalls).toHaveLength(3);
    expect(r.reauth).toEqual(['refreshRefused']);
    await r.clock.advance(HOUR);
    expect(r.refreshCalls).toHaveLength(3);
    r.keeper.dispose();
  });

  it('replace() (signed in again) clears the re-sign-in state and restarts the schedule', async () => {
    const r = rig({ initial: (now) => ({ ...oauth(HOUR)(now), refreshExpiresAt: now }) });
    expect(await r.keeper.refreshNow()).toBe(false);
    expect(r.keeper.needsReauth).toBe(true);
    r.keeper.replace(oauth(HOUR)(r.clock.now()));
    expect(r.keeper.needsReauth).toBe(false);
    expect(await r.keeper.getToken()).toBe('access-0');
    await r.clock.advance(48 * MIN);
    expect(r.refreshCalls).toEqual(['refresh-0']);
    r.keeper.dispose();
  });

  it('dispose stops the schedule and makes the token unusable', async () => {
    const r = rig({ initial: oauth(HOUR) });
    r.keeper.dispose();
    await r.clock.advance(2 * HOUR);
    expect(r.refreshCalls).toEqual([]);
    expect((await failureOf(r.keeper.getToken())).kind).toBe('notSignedIn');
  });
});

describe('TokenKeeper — pasted personal tokens', () => {
  const personal = (now: number): TokenSet => ({
    accessToken: 'pat-0',
    obtainedAt: now,
    expiresAt: now + 12 * HOUR,
    estimated: true,
  });

  it('warns 30 minutes before the estimated expiry, on the clock, once', async () => {
    const r = rig({ initial: personal, refresh: 'none' });
    const t0 = r.clock.now();
    await r.clock.advance(11.5 * HOUR - 1);
    expect(r.soon).toEqual([]);
    await r.clock.advance(1);
    expect(r.soon).toEqual([t0 + 12 * HOUR]);
    await r.clock.advance(2 * HOUR);
    expect(r.soon).toHaveLength(1);
    expect(await r.keeper.getToken()).toBe('pat-0'); // the estimate is not enforced: Webex decides
    r.keeper.dispose();
  });

  it('the first 401 is treated as expiry: reauthRequired once, later calls fail fast without Webex', async () => {
    const r = rig({ initial: personal, refresh: 'none' });
    expect(await r.keeper.onUnauthorized('pat-0')).toBe(false);
    expect(await r.keeper.onUnauthorized('pat-0')).toBe(false);
    expect(r.reauth).toEqual(['rejected']);
    expect((await failureOf(r.keeper.getToken())).kind).toBe('auth');
    r.keeper.dispose();
  });

  it('a token without expiry (bot) never warns', async () => {
    const r = rig({ initial: (now) => ({ accessToken: 'bot-0', obtainedAt: now }), refresh: 'none' });
    await r.clock.advance(400 * DAY);
    expect(r.soon).toEqual([]);
    expect(await r.keeper.getToken()).toBe('bot-0');
    r.keeper.dispose();
  });
});
