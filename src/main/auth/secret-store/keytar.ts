import { createRealClock, type Clock } from '../../clock';
import { AppFailure } from '../../errors';
import type { SecretStore } from '../types';
import { DEFAULT_KEYCHAIN_SERVICE } from './accounts';
import { withTimeout } from './timeout';

/** The part of keytar this app uses (keytar 7: promises; null for a missing entry). */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface KeytarSecretStoreOptions {
  /** Keychain service name (the `service` attribute in the Secret Service). Default 'webex-ops-console'. */
  service?: string;
  /** Upper bound for every keychain call, loading included. Default 5 s: a locked collection may wait forever. */
  timeoutMs?: number;
  /** Loads keytar; default `require('keytar')` at first use, so a missing libsecret never breaks start-up. */
  load?: () => Promise<KeytarLike>;
  /** Time source for the timeouts (ManualClock in tests). */
  clock?: Clock;
}

export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 5_000;

function isKeytarLike(value: unknown): value is KeytarLike {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.getPassword === 'function' && typeof v.setPassword === 'function' && typeof v.deletePassword === 'function'
  );
}

/** `require('keytar')`, lazily, inside the caller's try/catch. The module is CommonJS with a native binding. */
export async function loadKeytar(): Promise<KeytarLike> {
  // A plain require keeps it external in the main bundle (electron-vite) and lazy: it runs at the first keychain
  // call, not at start-up, so a missing libsecret is a keychainUnavailable error instead of a crash.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod: unknown = require('keytar');
  const candidate = isKeytarLike(mod) ? mod : (mod as { default?: unknown } | null)?.default;
  if (!isKeytarLike(candidate)) throw new Error('keytar did not load as expected');
  return candidate;
}

/** A short, single-line description of what went wrong (keytar messages carry no secrets, but stay bounded). */
function describe(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const line = text.split('\n')[0]?.trim() ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line || 'unknown error';
}

/**
 * The OS keychain through keytar (libsecret / Secret Service on Linux, Keychain on macOS, Credential Vault on
 * Windows). Every call — loading keytar included — has a timeout; every failure is `keychainUnavailable`.
 */
export function createKeytarSecretStore(options: KeytarSecretStoreOptions = {}): SecretStore {
  const service = options.service ?? DEFAULT_KEYCHAIN_SERVICE;
  const timeoutMs = options.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
  const load = options.load ?? loadKeytar;
  const clock = options.clock ?? createRealClock();
  let loading: Promise<KeytarLike> | undefined;

  const keytar = (): Promise<KeytarLike> => {
    loading ??= (async () => {
      try {
        return await load();
      } catch (e) {
        throw new AppFailure('keychainUnavailable', `The system keychain module could not be loaded: ${describe(e)}.`, {
          cause: e,
        });
      }
    })();
    // A load that failed may succeed later (for example after the keyring daemon started): do not cache failures.
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };

  const call = async <T>(what: string, run: (k: KeytarLike) => Promise<T>): Promise<T> => {
    const work = (async () => {
      const k = await keytar();
      try {
        return await run(k);
      } catch (e) {
        throw new AppFailure('keychainUnavailable', `The system keychain could not ${what}: ${describe(e)}.`, {
          cause: e,
        });
      }
    })();
    return withTimeout(
      work,
      timeoutMs,
      clock,
      () =>
        new AppFailure(
          'keychainUnavailable',
          `The system keychain did not answer within ${Math.round(timeoutMs / 100) / 10} s (it may be locked and waiting for a password prompt).`,
        ),
    );
  };

  return {
    kind: 'keytar',
    get: (account) => call('read a secret', async (k) => (await k.getPassword(service, account)) ?? undefined),
    set: (account, secret) => call('save a secret', (k) => k.setPassword(service, account, secret)),
    delete: (account) => call('remove a secret', (k) => k.deletePassword(service, account)),
  };
}
