import { describe, expect, it } from 'vitest';
import {
  desktopStateSpec,
  displayKey,
  placementFor,
  rememberPlacement,
  type DisplayLike,
} from '../../../src/main/app/desktop-state';
import { trayStatus, trayTitle, trayTooltip } from '../../../src/main/app/tray';
import type { RoomView } from '../../../src/shared/contract/channels';

const laptop: DisplayLike = {
  bounds: { x: 0, y: 0, width: 1440, height: 900 },
  workArea: { x: 0, y: 25, width: 1440, height: 875 },
};
const monitor: DisplayLike = {
  bounds: { x: 1440, y: 0, width: 2560, height: 1440 },
  workArea: { x: 1440, y: 0, width: 2560, height: 1400 },
};

describe('window placement per display (desktop.json)', () => {
  it('restores the placement of the display the window was on last, when it is connected', () => {
    let state = desktopStateSpec.defaults();
    state = rememberPlacement(state, laptop, { bounds: { x: 10, y: 40, width: 1000, height: 700 }, maximized: false });
    state = rememberPlacement(state, monitor, {
      bounds: { x: 1600, y: 100, width: 1800, height: 1100 },
      maximized: true,
    });
    expect(state.lastDisplay).toBe(displayKey(monitor));
    expect(placementFor(state, [laptop, monitor])).toEqual({
      bounds: { x: 1600, y: 100, width: 1800, height: 1100 },
      maximized: true,
    });
    // The monitor is unplugged: the laptop's own placement comes back, not one off-screen.
    expect(placementFor(state, [laptop])).toEqual({
      bounds: { x: 10, y: 40, width: 1000, height: 700 },
      maximized: false,
    });
  });

  it('nothing remembered for any connected display: the default (undefined, centred by Electron)', () => {
    const state = rememberPlacement(desktopStateSpec.defaults(), monitor, {
      bounds: { x: 1600, y: 100, width: 1800, height: 1100 },
      maximized: false,
    });
    expect(placementFor(state, [laptop])).toBeUndefined();
    expect(placementFor(desktopStateSpec.defaults(), [laptop])).toBeUndefined();
  });

  it('shrinks a placement to the work area and refuses one that would be (almost) off-screen', () => {
    const key = displayKey(laptop);
    const big = {
      windows: { [key]: { bounds: { x: 0, y: 25, width: 3000, height: 2000 }, maximized: false } },
      closeToTray: false,
    };
    expect(placementFor(big, [laptop])?.bounds).toEqual({ x: 0, y: 25, width: 1440, height: 875 });
    const off = {
      windows: { [key]: { bounds: { x: 1400, y: 850, width: 800, height: 600 }, maximized: false } },
      closeToTray: false,
    };
    expect(placementFor(off, [laptop])).toBeUndefined();
  });

  it('keeps a bounded number of display arrangements and validates what it stores', () => {
    let state = desktopStateSpec.defaults();
    for (let i = 0; i < 20; i += 1) {
      const d: DisplayLike = {
        bounds: { x: i * 100, y: 0, width: 1000, height: 800 },
        workArea: { x: i * 100, y: 0, width: 1000, height: 800 },
      };
      state = rememberPlacement(state, d, {
        bounds: { x: i * 100, y: 0, width: 500.4, height: 400.6 },
        maximized: false,
      });
    }
    expect(Object.keys(state.windows)).toHaveLength(8);
    expect(Object.values(state.windows)[0]?.bounds).toEqual({ x: 1900, y: 0, width: 500, height: 401 });
    expect(desktopStateSpec.schema.safeParse(state).success).toBe(true);
    expect(desktopStateSpec.schema.safeParse({ windows: { a: { bounds: { x: 'x' } } }, closeToTray: 1 }).success).toBe(
      false,
    );
  });
});

describe('tray status', () => {
  const room = (over: Partial<RoomView>): RoomView => ({
    id: 'r',
    title: 't',
    type: 'group',
    lastActivity: '2026-01-01T00:00:00.000Z',
    isLocked: false,
    watched: true,
    level: 'all',
    activity: false,
    alert: false,
    ...over,
  });

  it('counts unread, mentions and alerts of watched spaces only; notes a pause still running', () => {
    const now = Date.parse('2026-01-01T12:00:00.000Z');
    const status = trayStatus(
      {
        rooms: [
          room({ id: 'a', unread: 3, mentions: 1, alert: true }),
          room({ id: 'b', unread: 2 }),
          room({ id: 'c', watched: false, unread: 50, mentions: 5, alert: true }),
        ],
      },
      { rules: [], dnd: { until: '2026-01-01T13:00:00.000Z', heldBack: 0 } },
      now,
    );
    expect(status).toEqual({ unread: 5, mentions: 1, alerts: 1, pausedUntil: '2026-01-01T13:00:00.000Z' });
    expect(trayTooltip('Ops', status)).toBe('Ops — 1 alert, 1 mention, 5 unread · notifications paused');
    expect(trayTitle(status)).toBe('@1');
    const over = trayStatus({ rooms: [] }, { rules: [], dnd: { until: '2026-01-01T11:00:00.000Z', heldBack: 0 } }, now);
    expect(over).toEqual({ unread: 0, mentions: 0, alerts: 0 });
    expect(trayTooltip('Ops', over)).toBe('Ops — nothing unread');
    expect(trayTitle(over)).toBe('');
  });
});
