import { cleanup, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PollState } from '../../src/shared/contract/channels';
import {
  DEGRADED_FAILURES_PER_HOUR,
  healthGlyph,
  healthOf,
  lastHourShort,
  lastHourText,
} from '../../src/renderer/src/features/status/health';
import { StatusBar } from '../../src/renderer/src/features/status/StatusBar';
import { useOps } from '../../src/renderer/src/store/store';
import { fakeBridge, renderWithBridge, seedStore, sessionAs } from './fake-bridge';

const NOW = Date.parse('2026-01-05T10:00:00.000Z');
const base: PollState = { running: true, offline: false, suspended: false, stale: false };

describe('poll health', () => {
  it('tells healthy, degraded, stale and offline apart at a glance, worst first', () => {
    const state = (poll: PollState) => healthOf(poll, NOW).state;
    expect(healthOf(base, NOW)).toMatchObject({ state: 'healthy', label: 'healthy' });
    expect(healthOf({ ...base, stale: true }, NOW)).toMatchObject({ state: 'stale', label: 'stale' });
    expect(healthOf({ ...base, stale: true, lastError: { kind: 'server', message: '502' } }, NOW)).toMatchObject({
      state: 'stale',
      label: 'failing',
    });
    expect(healthOf({ ...base, rateLimitedUntil: '2026-01-05T10:00:30.000Z' }, NOW)).toMatchObject({
      state: 'degraded',
      label: 'rate-limited',
    });
    // A pause that already ended is not shown.
    expect(state({ ...base, rateLimitedUntil: '2026-01-05T09:59:00.000Z' })).toBe('healthy');
    expect(healthOf({ ...base, degraded: { since: '2026-01-05T09:50:00.000Z' } }, NOW).label).toBe('degraded');
    expect(state({ ...base, offline: true })).toBe('offline');
    expect(healthOf({ ...base, suspended: true }, NOW)).toMatchObject({ state: 'offline', label: 'paused' });
    // Offline wins over everything; stale over a rate limit.
    expect(state({ ...base, offline: true, stale: true, degraded: { since: '2026-01-05T09:50:00.000Z' } })).toBe(
      'offline',
    );
    expect(state({ ...base, stale: true, rateLimitedUntil: '2026-01-05T10:00:30.000Z' })).toBe('stale');
  });

  it('counts the last hour: any 429 pause, or a few failures, make it degraded; one blip does not', () => {
    const state = (rateLimitPauses: number, failures: number) =>
      healthOf({ ...base, lastHour: { rateLimitPauses, failures } }, NOW).state;
    expect(state(0, 0)).toBe('healthy');
    expect(state(0, DEGRADED_FAILURES_PER_HOUR - 1)).toBe('healthy');
    expect(state(0, DEGRADED_FAILURES_PER_HOUR)).toBe('degraded');
    expect(state(1, 0)).toBe('degraded');
    expect(lastHourText({ ...base, lastHour: { rateLimitPauses: 1, failures: 3 } })).toBe(
      '1 pause (429) · 3 failures in the last hour',
    );
    expect(lastHourText(base)).toBeUndefined();
    // The strip's short form: only what happened, nothing for a quiet hour.
    expect(lastHourShort({ ...base, lastHour: { rateLimitPauses: 2, failures: 0 } })).toBe('429 ×2');
    expect(lastHourShort({ ...base, lastHour: { rateLimitPauses: 1, failures: 3 } })).toBe('429 ×1 · 3 failed');
    expect(lastHourShort({ ...base, lastHour: { rateLimitPauses: 0, failures: 0 } })).toBeUndefined();
    expect(new Set((['healthy', 'degraded', 'stale', 'offline'] as const).map(healthGlyph)).size).toBe(4);
  });

  describe('in the status bar', () => {
    beforeEach(() => seedStore([]));

    it('shows the state in words and a shape, the time since the last sync and the last hour', () => {
      useOps.setState({
        session: sessionAs('i'),
        poll: {
          ...base,
          lastGoodSyncAt: new Date(Date.now() - 12_000).toISOString(),
          lastHour: { rateLimitPauses: 2, failures: 1 },
        },
      });
      renderWithBridge(<StatusBar />, fakeBridge().bridge);
      const strip = document.querySelector('[data-health]') as HTMLElement;
      expect(strip).toHaveAttribute('data-health', 'degraded');
      expect(strip).toHaveTextContent('Poll health: degraded');
      expect(strip.querySelector('.poll-health-glyph')).toHaveTextContent('▲');
      expect(within(strip).getByText(/^synced 1[0-9] s ago$/)).toHaveAttribute('data-part', 'synced');
      const hour = strip.querySelector('[data-part="last-hour"]');
      expect(hour).toHaveTextContent('429 ×2 · 1 failed in the last hour');
      expect(hour).toHaveAttribute('title', '2 pauses (429) · 1 failure in the last hour');
      expect(strip).toHaveAttribute('title', expect.stringContaining('trouble in the last hour'));
      // The time since the last sync is said once, in the strip.
      expect(document.querySelectorAll('[data-part="synced"]')).toHaveLength(1);
    });

    it('says stale when no good sync came for a while, and leaves the last hour out when main does not count it', () => {
      useOps.setState({
        session: sessionAs('i'),
        poll: { ...base, stale: true, lastGoodSyncAt: new Date(Date.now() - 60_000).toISOString() },
      });
      renderWithBridge(<StatusBar />, fakeBridge().bridge);
      const strip = document.querySelector('[data-health]') as HTMLElement;
      expect(strip).toHaveAttribute('data-health', 'stale');
      expect(strip).toHaveTextContent('Poll health: stale');
      expect(within(strip).getByText(/^last sync 1 min ago$/)).toBeInTheDocument();
      expect(screen.getByTitle('No good sync for 15 s or more: what you see may be old.')).toBe(strip);
      expect(strip.querySelector('[data-part="last-hour"]')).toBeNull();
      cleanup();
      // A quiet last hour: nothing on the strip, the tooltip says so.
      useOps.setState({ poll: { ...base, lastHour: { rateLimitPauses: 0, failures: 0 } } });
      renderWithBridge(<StatusBar />, fakeBridge().bridge);
      const quiet = document.querySelector('[data-health]') as HTMLElement;
      expect(quiet).toHaveAttribute('data-health', 'healthy');
      expect(quiet.querySelector('[data-part="last-hour"]')).toBeNull();
      expect(quiet).toHaveAttribute('title', expect.stringContaining('0 pauses (429) · 0 failures in the last hour'));
    });
  });
});
