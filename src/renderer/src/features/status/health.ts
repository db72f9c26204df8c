import type { PollState } from '../../../../shared/contract/channels';
import { assertNever } from '../../../../shared/errors';

/** The poll-health strip's one glanceable state. */
export type HealthState = 'healthy' | 'degraded' | 'stale' | 'offline';

/** Failed requests in the last hour from which polling counts as degraded (a single blip does not). */
export const DEGRADED_FAILURES_PER_HOUR = 3;

export interface Health {
  state: HealthState;
  /** The word on the strip (the state, or what it is made of: "rate-limited", "failing", "paused"). */
  label: string;
  /** What a glance should tell, in a sentence (tooltip and screen readers). */
  detail: string;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "2 pauses (429) · 1 failure in the last hour", or undefined when main did not say. */
export function lastHourText(poll: PollState): string | undefined {
  if (!poll.lastHour) return undefined;
  const { rateLimitPauses, failures } = poll.lastHour;
  return `${plural(rateLimitPauses, 'pause', 'pauses')} (429) · ${plural(failures, 'failure', 'failures')} in the last hour`;
}

/**
 * The strip's short form of the last hour, "429 ×2 · 1 failed", only when something happened (a quiet hour says
 * nothing on the strip; its tooltip still does).
 */
export function lastHourShort(poll: PollState): string | undefined {
  const hour = poll.lastHour;
  if (!hour || (hour.rateLimitPauses === 0 && hour.failures === 0)) return undefined;
  const parts: string[] = [];
  if (hour.rateLimitPauses > 0) parts.push(`429 ×${hour.rateLimitPauses}`);
  if (hour.failures > 0) parts.push(`${hour.failures} failed`);
  return parts.join(' · ');
}

/**
 * The poll-health strip: one glance tells healthy from degraded from stale from offline, worst first.
 * - offline: the network is down, or the system is asleep (nothing is polled);
 * - stale: no good sync for a while (failing, when the last cycle ended in an error);
 * - degraded: syncing, but Webex asked for a pause (429) now or in the last hour, polling eased off after repeated
 *   failures, or `DEGRADED_FAILURES_PER_HOUR` requests failed in the last hour;
 * - healthy: none of that.
 */
export function healthOf(poll: PollState, now: number): Health {
  if (poll.offline) return { state: 'offline', label: 'offline', detail: 'The network is offline: nothing is synced.' };
  if (poll.suspended) {
    return { state: 'offline', label: 'paused', detail: 'The system is asleep: polling is paused.' };
  }
  const rateLimited = poll.rateLimitedUntil !== undefined && Date.parse(poll.rateLimitedUntil) > now;
  if (poll.stale && poll.lastError && !rateLimited) {
    return { state: 'stale', label: 'failing', detail: 'Syncing with Webex keeps failing: what you see may be old.' };
  }
  if (poll.stale) {
    return { state: 'stale', label: 'stale', detail: 'No good sync for 15 s or more: what you see may be old.' };
  }
  if (rateLimited) {
    return { state: 'degraded', label: 'rate-limited', detail: 'Webex asked the console to pause (HTTP 429).' };
  }
  if (poll.degraded) {
    return {
      state: 'degraded',
      label: 'degraded',
      detail: `Requests have been failing since ${new Date(poll.degraded.since).toLocaleTimeString()}: polling eased off.`,
    };
  }
  const hour = poll.lastHour;
  if (hour && (hour.rateLimitPauses > 0 || hour.failures >= DEGRADED_FAILURES_PER_HOUR)) {
    return {
      state: 'degraded',
      label: 'degraded',
      detail: `Syncing, but with trouble in the last hour: ${lastHourText(poll) ?? ''}.`,
    };
  }
  return { state: 'healthy', label: 'healthy', detail: 'Syncing with Webex normally.' };
}

/** A distinct shape per state (the strip never relies on colour alone): ● healthy, ▲ degraded, ◆ stale, ■ offline. */
export function healthGlyph(state: HealthState): string {
  switch (state) {
    case 'healthy':
      return '●';
    case 'degraded':
      return '▲';
    case 'stale':
      return '◆';
    case 'offline':
      return '■';
    default:
      return assertNever(state, 'health state');
  }
}
