import { abortReason } from './abort';

/**
 * Time, as a dependency. Everything in the core that waits or reads the time takes a `Clock`, so tests and
 * benchmarks run on virtual time (`ManualClock`) while the app runs on the real one. Never call `Date.now()`
 * or `setTimeout` for waiting in the core directly.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds of this clock's time. Rejects with the signal's reason (an `AbortError`
   * `DOMException` unless the caller gave another reason) when the signal aborts first.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The wall clock. */
export function createRealClock(): Clock {
  return {
    now: () => Date.now(),
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(abortReason(signal));
          return;
        }
        const onAbort = (): void => {
          clearTimeout(timer);
          reject(abortReason(signal as AbortSignal));
        };
        const timer = setTimeout(
          () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          Math.max(0, ms),
        );
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

export { ManualClock } from './manual';
export { abortReason } from './abort';
