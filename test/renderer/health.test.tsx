import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PollState } from '../../src/shared/contract/channels';
import { healthOf } from '../../src/renderer/src/features/status/health';
import { StatusBar } from '../../src/renderer/src/features/status/StatusBar';
import { useOps } from '../../src/renderer/src/store/store';
import { fakeBridge, renderWithBridge, seedStore, sessionAs } from './fake-bridge';

const NOW = Date.parse('2026-01-05T10:00:00.000Z');
const base: PollState = { running: true, offline: false, suspended: false, stale: false };

describe('poll health', () => {
  it('tells healthy from degraded from down at a glance', () => {
    expect(healthOf(base, NOW).level).toBe('healthy');
    expect(healthOf({ ...base, stale: true }, NOW)).toMatchObject({ level: 'degraded', label: 'stale' });
    expect(healthOf({ ...base, rateLimitedUntil: '2026-01-05T10:00:30.000Z' }, NOW)).toMatchObject({
      level: 'degraded',
      label: 'rate-limited',
    });
    // A pause that already ended is not shown.
    expect(healthOf({ ...base, rateLimitedUntil: '2026-01-05T09:59:00.000Z' }, NOW).level).toBe('healthy');
    expect(healthOf({ ...base, degraded: { since: '2026-01-05T09:50:00.000Z' } }, NOW).label).toBe('degraded');
    expect(healthOf({ ...base, stale: true, lastError: { kind: 'server', message: '502' } }, NOW)).toMatchObject({
      level: 'down',
      label: 'failing',
    });
    expect(healthOf({ ...base, offline: true }, NOW).level).toBe('down');
    expect(healthOf({ ...base, suspended: true }, NOW).level).toBe('paused');
  });

  describe('in the status bar', () => {
    beforeEach(() => seedStore([]));

    it('shows the strip with words for screen readers while polling', () => {
      useOps.setState({
        session: sessionAs('i'),
        poll: { ...base, stale: true },
      });
      renderWithBridge(<StatusBar />, fakeBridge().bridge);
      const strip = document.querySelector('[data-health]');
      expect(strip).toHaveAttribute('data-health', 'degraded');
      expect(strip).toHaveTextContent('Poll health: stale');
      expect(screen.getByTitle('No good sync for 15 s or more.')).toBeInTheDocument();
    });
  });
});
