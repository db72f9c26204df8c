import type { Clock } from '../../clock';

/**
 * Races `work` against `ms` of `clock` time. On timeout `onTimeout()` is thrown; the work itself cannot be
 * cancelled (a keychain call waiting for an unlock prompt keeps waiting) — its late outcome is ignored.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, clock: Clock, onTimeout: () => Error): Promise<T> {
  const timer = new AbortController();
  const expired = clock.sleep(ms, timer.signal).then(
    () => 'expired' as const,
    () => 'stopped' as const,
  );
  // Swallow a late rejection of the abandoned work so it never becomes an unhandled rejection.
  work.catch(() => undefined);
  try {
    const outcome = await Promise.race([work.then((value) => ({ value })), expired]);
    if (outcome === 'expired' || outcome === 'stopped') throw onTimeout();
    return outcome.value;
  } finally {
    timer.abort();
  }
}
