import type { PollState } from '../../../../shared/contract/channels';

export type HealthLevel = 'healthy' | 'degraded' | 'down' | 'paused';

export interface Health {
  level: HealthLevel;
  /** One word for the strip. */
  label: string;
  /** What a glance should tell, in a sentence (tooltip and screen readers). */
  detail: string;
}

/**
 * The poll-health strip: one glance tells healthy from degraded. Down: offline, or no good sync while stale with an
 * error. Degraded: stale, rate-limited (a 429 pause), or polling eased off after repeated failures. Paused: the
 * system is asleep.
 */
export function healthOf(poll: PollState, now: number): Health {
  if (poll.offline) return { level: 'down', label: 'offline', detail: 'The network is offline: nothing is synced.' };
  if (poll.suspended) return { level: 'paused', label: 'paused', detail: 'The system is asleep: polling is paused.' };
  const rateLimited = poll.rateLimitedUntil !== undefined && Date.parse(poll.rateLimitedUntil) > now;
  if (poll.stale && poll.lastError && !rateLimited) {
    return { level: 'down', label: 'failing', detail: 'Syncing with Webex keeps failing: what you see may be old.' };
  }
  if (rateLimited) {
    return { level: 'degraded', label: 'rate-limited', detail: 'Webex asked the console to pause (HTTP 429).' };
  }
  if (poll.degraded) {
    return {
      level: 'degraded',
      label: 'degraded',
      detail: `Requests have been failing since ${new Date(poll.degraded.since).toLocaleTimeString()}: polling eased off.`,
    };
  }
  if (poll.stale) return { level: 'degraded', label: 'stale', detail: 'No good sync for 15 s or more.' };
  return { level: 'healthy', label: 'healthy', detail: 'Syncing with Webex normally.' };
}
