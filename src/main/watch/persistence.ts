/**
 * What the watcher keeps per identity in `${ActiveSession.dir}/state.json` (docs/architecture.md §4, §6): for each room its
 * read marker, the newest message processed (`head`), backlogs still to read (`gaps`), the lastActivity fully read
 * (`synced`), counts, watch flag and level; plus the alert rules and do-not-disturb. Every timestamp that is compared
 * with Webex data is a server timestamp (ISO), never the local clock.
 */
import { z } from 'zod';
import { alertRuleSchema } from '../../shared/contract/schemas';
import { ACTIVITY_HOURS, ACTIVITY_IDS_PER_HOUR } from './activity';
import type { Doc, Store } from '../store';

const isoTime = z.string().min(1).max(64);
const idString = z.string().min(1).max(512);

/** A message position: its id when known, and its `created` (server time). */
export const markSchema = z.object({ id: idString.optional(), created: isoTime });
export type Mark = z.infer<typeof markSchema>;

/** Messages strictly older than `beforeId`/`beforeCreated` and strictly newer than `stop` are still to be read. */
export const gapSchema = z.object({ beforeId: idString, beforeCreated: isoTime, stop: markSchema });
export type Gap = z.infer<typeof gapSchema>;

/** Longest title kept (display data: a longer one is clipped when taken in, read-state.ts). */
export const MAX_SAVED_TITLE = 2000;

/** Messages per hour over the last 24 hours (activity.ts), bounded: 24 buckets of at most 250 id hashes. */
export const activityRecordSchema = z.object({
  hour: z.number().int().nonnegative(),
  counts: z.array(z.number().int().nonnegative()).length(ACTIVITY_HOURS),
  alertHours: z
    .array(
      z
        .number()
        .int()
        .min(0)
        .max(ACTIVITY_HOURS - 1),
    )
    .max(ACTIVITY_HOURS),
  seen: z.array(z.array(z.number().int()).max(ACTIVITY_IDS_PER_HOUR)).length(ACTIVITY_HOURS),
});

export const roomRecordSchema = z.object({
  title: z.string().max(MAX_SAVED_TITLE).optional(),
  type: z.enum(['direct', 'group']).optional(),
  isLocked: z.boolean().optional(),
  teamId: z.string().max(512).optional(),
  /** Latest lastActivity seen (list or sweep). */
  lastActivity: isoTime.optional(),
  watched: z.boolean(),
  level: z.enum(['all', 'mentionsAndRules', 'off']),
  /** Read marker: messages created after it are unread. Starts at lastActivity when the room is first seen. */
  marker: isoTime.optional(),
  /** The lastActivity whose messages were all read. */
  synced: isoTime.optional(),
  /** Newest message processed. */
  head: markSchema.optional(),
  gaps: z.array(gapSchema).max(1000),
  /** Ids of the newest processed messages (duplicate guard across restarts). */
  recent: z.array(idString).max(1000),
  unread: z.number().int().nonnegative(),
  mentions: z.number().int().nonnegative(),
  /** Rules that matched unread messages. */
  alertRules: z.array(idString).max(1000),
  /** Only messages created after this notify (history read when a space is first watched or opened does not). */
  notifyAfter: isoTime.optional(),
  /** Local time the room was last listed or used (for pruning unwatched rooms). */
  seenAt: z.number(),
  /** Watched and open spaces: messages per hour over the last 24 hours (the sidebar sparkline). */
  activity: activityRecordSchema.optional(),
});
export type RoomRecord = z.infer<typeof roomRecordSchema>;

/**
 * Room records by id, decoded into a null-prototype object: every own key of the saved JSON is a room (an id such as
 * `__proto__` or `constructor` stays an ordinary key and can never reach `Object.prototype`). In memory the watcher
 * keeps them in a `Map` (`roomsToMap`). docs/security.md.
 */
export const roomsSchema = z.unknown().transform((value, ctx): Record<string, RoomRecord> => {
  const rooms = Object.create(null) as Record<string, RoomRecord>;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.issues.push({ code: 'custom', message: 'expected an object of rooms by id', input: value });
    return z.NEVER;
  }
  const entries = value instanceof Map ? [...(value as Map<unknown, unknown>)] : Object.entries(value);
  for (const [key, raw] of entries) {
    const id = idString.safeParse(key);
    const rec = roomRecordSchema.safeParse(raw);
    if (!id.success || !rec.success) {
      const issue = (id.error ?? rec.error)?.issues[0];
      ctx.issues.push({
        code: 'custom',
        message: issue?.message ?? 'invalid room record',
        path: [String(key), ...(issue?.path ?? [])],
        input: raw,
      });
      continue;
    }
    Object.defineProperty(rooms, id.data, { value: rec.data, enumerable: true, writable: true, configurable: true });
  }
  return rooms;
});

/** The saved records as a Map (the watcher's working copy: lookups by id never reach a prototype). */
export function roomsToMap(rooms: Readonly<Record<string, RoomRecord>>): Map<string, RoomRecord> {
  return new Map(Object.entries(rooms).map(([id, rec]) => [id, structuredClone(rec)]));
}

/** The working Map as a null-prototype record, for saving. */
export function roomsToRecord(rooms: ReadonlyMap<string, RoomRecord>): Record<string, RoomRecord> {
  const out = Object.create(null) as Record<string, RoomRecord>;
  for (const [id, rec] of rooms)
    Object.defineProperty(out, id, { value: rec, enumerable: true, writable: true, configurable: true });
  return out;
}

export const watchStateSchema = z.object({
  rooms: roomsSchema,
  rules: z.array(alertRuleSchema).max(500),
  /** Do not disturb; `criticalBreaksThrough` absent means true (critical rules notify during it). */
  dnd: z.object({
    until: isoTime.optional(),
    heldBack: z.number().int().nonnegative(),
    criticalBreaksThrough: z.boolean().optional(),
  }),
  /** Highest lastActivity on the last good rooms list: a later page is followed while all its rooms are newer. */
  listMark: isoTime.optional(),
  /** Round-robin position of the sweep. */
  sweepCursor: z.number().int().nonnegative(),
});
export type WatchState = z.infer<typeof watchStateSchema>;

export const WATCH_STATE_VERSION = 1;

export function emptyWatchState(): WatchState {
  return { rooms: Object.create(null) as Record<string, RoomRecord>, rules: [], dnd: { heldBack: 0 }, sweepCursor: 0 };
}

export function newRoomRecord(seenAt: number): RoomRecord {
  return {
    watched: false,
    level: 'mentionsAndRules',
    gaps: [],
    recent: [],
    unread: 0,
    mentions: 0,
    alertRules: [],
    seenAt,
  };
}

export function watchStateFile(dir: string): string {
  return `${dir}/state.json`;
}

export function openWatchState(store: Store, dir: string): Promise<Doc<WatchState>> {
  return store.open<WatchState>({
    file: watchStateFile(dir),
    schemaVersion: WATCH_STATE_VERSION,
    schema: watchStateSchema,
    defaults: emptyWatchState,
  });
}

/**
 * Keeps the saved state bounded: watched, open and counted rooms stay; other rooms (kept only for their read
 * marker) are dropped beyond `maxRooms`, least recently seen first.
 */
export function pruneRooms(rooms: Map<string, RoomRecord>, keep: (id: string) => boolean, maxRooms: number): string[] {
  const optional = [...rooms].filter(([id, r]) => !r.watched && !keep(id)).sort((a, b) => b[1].seenAt - a[1].seenAt);
  const dropped: string[] = [];
  for (const [id] of optional.slice(maxRooms)) {
    rooms.delete(id);
    dropped.push(id);
  }
  return dropped;
}
