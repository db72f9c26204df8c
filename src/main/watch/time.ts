/**
 * Server timestamps. Everything the watcher compares (message `created`, room `lastActivity`, read markers) is a
 * Webex timestamp; the local clock is only used for local durations (cadence, staleness, do-not-disturb).
 */
import { formatWebexTimestamp, parseWebexTimestamp } from '../webex';

/** Epoch ms of a Webex timestamp; unparseable text sorts first (-Infinity), so it never looks new. */
export function serverMs(iso: string | undefined): number {
  if (iso === undefined) return Number.NEGATIVE_INFINITY;
  const ms = parseWebexTimestamp(iso);
  return ms === undefined ? Number.NEGATIVE_INFINITY : ms;
}

/** `a` later than `b` (undefined is earliest). */
export function isAfter(a: string | undefined, b: string | undefined): boolean {
  return serverMs(a) > serverMs(b);
}

/** The later of two timestamps. */
export function laterOf(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return serverMs(a) >= serverMs(b) ? a : b;
}

/** Canonical `.mmmZ` form of a parseable timestamp, else undefined. */
export function canonical(iso: string): string | undefined {
  const ms = parseWebexTimestamp(iso);
  return ms === undefined ? undefined : formatWebexTimestamp(ms);
}

export function isoOf(ms: number): string {
  return formatWebexTimestamp(ms);
}
