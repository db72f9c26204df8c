/**
 * Activity of a watched space over the last 24 hours (docs/architecture.md §6, the sidebar sparkline): messages per
 * hour and the hours in which an alert rule matched, from the messages the watcher reads anyway (no request of its
 * own). Buckets are by the message's `created` (server time) against the injected clock's current hour, rolled
 * forward as hours pass; a message seen twice (a poll read, then an older page) counts once — each bucket keeps a
 * 32-bit hash of the ids it counted (bounded: beyond `ACTIVITY_IDS_PER_HOUR` messages in one hour the count goes on
 * without the duplicate guard). Pure functions over the saved `RoomActivityRecord`.
 */
import type { RoomActivity } from '../../shared/contract/channels';
import { serverMs } from './time';

export const ACTIVITY_HOURS = 24;
/** Ids remembered per hour for the duplicate guard (a busier hour is still counted); keeps a saved space under ~60 KB. */
export const ACTIVITY_IDS_PER_HOUR = 250;
const HOUR_MS = 3_600_000;

/** What is saved per space (persistence.ts validates it). */
export interface RoomActivityRecord {
  /** Hour number (epoch ms / 1 h) of the last bucket. */
  hour: number;
  /** Exactly 24 counts, oldest first. */
  counts: number[];
  /** Bucket indexes with an alert-rule hit, ascending. */
  alertHours: number[];
  /** Per bucket, hashes of the message ids counted there. */
  seen: number[][];
}

/** A message as the activity needs it. */
export interface ActivityEntry {
  id: string;
  created: string;
  alert: boolean;
}

export function hourOf(ms: number): number {
  return Math.floor(ms / HOUR_MS);
}

/** FNV-1a over the id's UTF-16 units: a compact duplicate guard (a collision costs one message in a count). */
export function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

function empty(hour: number): RoomActivityRecord {
  return {
    hour,
    counts: new Array<number>(ACTIVITY_HOURS).fill(0),
    alertHours: [],
    seen: Array.from({ length: ACTIVITY_HOURS }, () => []),
  };
}

/** The record moved forward to `now`'s hour (hours that passed drop out at the old end). Never moves back. */
export function rollActivity(rec: RoomActivityRecord | undefined, now: number): RoomActivityRecord {
  const hour = hourOf(now);
  if (!rec) return empty(hour);
  const shift = hour - rec.hour;
  if (shift <= 0) return rec;
  if (shift >= ACTIVITY_HOURS) return empty(hour);
  return {
    hour,
    counts: [...rec.counts.slice(shift), ...new Array<number>(shift).fill(0)],
    alertHours: rec.alertHours.map((i) => i - shift).filter((i) => i >= 0),
    seen: [...rec.seen.slice(shift), ...Array.from({ length: shift }, () => [])],
  };
}

/**
 * Counts `entries` into the record rolled to `now`: each by its `created` hour (a time ahead of the clock counts in
 * the current hour; older than 24 h or unparseable: not counted), once per id. Returns the new record and whether
 * anything changed.
 */
export function recordActivity(
  rec: RoomActivityRecord | undefined,
  now: number,
  entries: readonly ActivityEntry[],
): { activity: RoomActivityRecord; changed: boolean } {
  const rolled = rollActivity(rec, now);
  let changed = rec !== undefined && rolled !== rec;
  const next: RoomActivityRecord = {
    hour: rolled.hour,
    counts: [...rolled.counts],
    alertHours: [...rolled.alertHours],
    seen: rolled.seen.map((s) => [...s]),
  };
  for (const entry of entries) {
    const ms = serverMs(entry.created);
    if (!Number.isFinite(ms)) continue;
    const index = Math.min(ACTIVITY_HOURS - 1, ACTIVITY_HOURS - 1 - (next.hour - hourOf(ms)));
    if (index < 0) continue;
    const hash = idHash(entry.id);
    const seen = next.seen[index] as number[];
    if (seen.includes(hash)) continue;
    if (seen.length < ACTIVITY_IDS_PER_HOUR) seen.push(hash);
    next.counts[index] = (next.counts[index] ?? 0) + 1;
    if (entry.alert && !next.alertHours.includes(index)) next.alertHours.push(index);
    changed = true;
  }
  next.alertHours.sort((a, b) => a - b);
  return { activity: changed ? next : rolled, changed };
}

/** The sparkline data at `now` (the contract's RoomActivity). */
export function activityView(rec: RoomActivityRecord | undefined, now: number): RoomActivity {
  const rolled = rollActivity(rec, now);
  return { counts: [...rolled.counts], alertHours: [...rolled.alertHours] };
}
