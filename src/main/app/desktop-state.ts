/**
 * The desktop preferences and the remembered window placement, kept in `desktop.json` in the data folder through
 * the core's store (versioned, validated, atomic writes — docs/architecture.md §4). Plain data and pure functions:
 * no Electron here; the shell passes displays and bounds in.
 */
import { z } from 'zod';
import type { DocumentSpec } from '../store';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayLike {
  bounds: Rect;
  workArea: Rect;
}

export interface WindowPlacement {
  bounds: Rect;
  maximized: boolean;
}

export interface DesktopState {
  /** Placement per display arrangement, keyed by `displayKey`. */
  windows: Record<string, WindowPlacement>;
  /** The display the window was on last. */
  lastDisplay?: string;
  /** Closing the window hides it to the tray instead of quitting (Windows/Linux) or closing (macOS). */
  closeToTray: boolean;
}

const int = z.number().int().min(-100_000).max(100_000);
const rect = z.object({ x: int, y: int, width: int.min(1), height: int.min(1) });
const schema: z.ZodType<DesktopState> = z.object({
  windows: z.record(z.string().max(100), z.object({ bounds: rect, maximized: z.boolean() })),
  lastDisplay: z.string().max(100).optional(),
  closeToTray: z.boolean(),
});

export const desktopStateSpec: DocumentSpec<DesktopState> = {
  file: 'desktop.json',
  schemaVersion: 1,
  schema,
  defaults: () => ({ windows: {}, closeToTray: false }),
};

/** Keeps at most this many display arrangements. */
const MAX_DISPLAYS = 8;
/** A restored window must show at least this much of itself on its display. */
const MIN_VISIBLE = 100;

/** A display is identified by where it sits and how big it is (ids are not stable across reconnects). */
export function displayKey(display: DisplayLike): string {
  const b = display.bounds;
  return `${b.x},${b.y},${b.width}x${b.height}`;
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/** Fits a saved rectangle into a work area: no bigger than it, and visible enough to grab. */
function fit(bounds: Rect, area: Rect): Rect | undefined {
  const width = Math.min(bounds.width, area.width);
  const height = Math.min(bounds.height, area.height);
  const fitted = { ...bounds, width, height };
  const o = overlap(fitted, area);
  if (o.width < Math.min(MIN_VISIBLE, width) || o.height < Math.min(MIN_VISIBLE, height)) return undefined;
  return fitted;
}

/**
 * Where to open the window: the placement remembered for the display it was on last, if that display is still
 * connected; otherwise one remembered for another connected display; otherwise undefined (default size, centred).
 */
export function placementFor(state: DesktopState, displays: readonly DisplayLike[]): WindowPlacement | undefined {
  const connected = new Map(displays.map((d) => [displayKey(d), d]));
  const keys = [
    ...(state.lastDisplay ? [state.lastDisplay] : []),
    ...Object.keys(state.windows).filter((k) => k !== state.lastDisplay),
  ];
  for (const key of keys) {
    const display = connected.get(key);
    const saved = state.windows[key];
    if (!display || !saved) continue;
    const bounds = fit(saved.bounds, display.workArea);
    if (bounds) return { bounds, maximized: saved.maximized };
  }
  return undefined;
}

/** The state after the window was seen at `placement` on `display`. */
export function rememberPlacement(state: DesktopState, display: DisplayLike, placement: WindowPlacement): DesktopState {
  const key = displayKey(display);
  const rounded: WindowPlacement = {
    maximized: placement.maximized,
    bounds: {
      x: Math.round(placement.bounds.x),
      y: Math.round(placement.bounds.y),
      width: Math.max(1, Math.round(placement.bounds.width)),
      height: Math.max(1, Math.round(placement.bounds.height)),
    },
  };
  const others = Object.entries(state.windows).filter(([k]) => k !== key);
  const windows = Object.fromEntries([[key, rounded], ...others.slice(0, MAX_DISPLAYS - 1)]);
  return { ...state, windows, lastDisplay: key };
}
