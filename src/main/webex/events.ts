import type { ErrorKind } from '../../shared/errors';

export type RetryReason = 'rateLimited' | 'locked' | 'unauthorized' | 'network' | 'timeout' | 'server' | 'truncated';

/**
 * What the client reports as it works. Plain data; never a token, a header or a query string.
 * `route` is the path template relative to the base URL (e.g. `/rooms/{roomId}`).
 */
export type WebexClientEvent =
  /** All requests of this client are paused until `until` (ISO) after a 429. Re-emitted when the pause grows. */
  | { type: 'rateLimited'; until: string; retryAfterMs: number }
  /** Requests flow again after a rate-limit pause. */
  | { type: 'rateLimitCleared' }
  /** One HTTP exchange (one attempt). `status` is absent when no response arrived. */
  | {
      type: 'request';
      method: string;
      route: string;
      status?: number;
      durationMs: number;
      attempt: number;
      errorKind?: ErrorKind;
    }
  /** The call will be repeated after `delayMs`. */
  | { type: 'retry'; method: string; route: string; reason: RetryReason; attempt: number; delayMs: number };

export type WebexClientEventListener = (event: WebexClientEvent) => void;
