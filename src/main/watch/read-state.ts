/**
 * Read state (docs/architecture.md §6.2): a read marker per room that starts at the room's lastActivity when first seen (no flood
 * of old history), exact unread and mention counts for watched and open rooms, an activity dot for the others. Read
 * state is local (Webex has none) and uses server timestamps only. Pure functions over a `RoomRecord`.
 */
import type { Message, Room } from '../webex';
import { MAX_SAVED_TITLE, newRoomRecord, type RoomRecord } from './persistence';
import { isAfter, isoOf, laterOf, serverMs } from './time';
import { mentionsAll, mentionsMe } from './views';

/** `seenAt` is only for pruning: refreshing it more often than this would rewrite the saved state every cycle. */
export const SEEN_AT_RESOLUTION_MS = 3_600_000;

/**
 * The title as stored: display data, clipped to what the saved state holds (a longer title from Webex must not make
 * every save of the watch state fail).
 */
export function storedTitle(title: string): string {
  return title.length > MAX_SAVED_TITLE ? title.slice(0, MAX_SAVED_TITLE) : title;
}

/** Whether taking `room` in would change the record (a new room, new fields, or a stale `seenAt`). */
export function absorbChanges(existing: RoomRecord | undefined, room: Room, now: number): boolean {
  if (!existing) return true;
  return (
    existing.title !== storedTitle(room.title) ||
    existing.type !== room.type ||
    existing.isLocked !== room.isLocked ||
    existing.teamId !== room.teamId ||
    isAfter(room.lastActivity, existing.lastActivity) ||
    now - existing.seenAt >= SEEN_AT_RESOLUTION_MS
  );
}

/**
 * Takes a listed (or swept) room into its record; creates the record, with its marker, on first sight: at its
 * lastActivity (no flood of history) — or, for a room created after `newSince` (the last good list: a space created
 * while we were watching, e.g. a new incident room or a first direct message), at its creation, so it shows activity.
 */
export function absorbRoom(existing: RoomRecord | undefined, room: Room, now: number, newSince?: string): RoomRecord {
  const createdSince = newSince !== undefined && isAfter(room.created, newSince);
  const marker = createdSince ? isoOf(serverMs(room.created) - 1) : room.lastActivity;
  const rec = existing ?? { ...newRoomRecord(now), marker };
  if (existing && !absorbChanges(existing, room, now)) return rec;
  rec.title = storedTitle(room.title);
  rec.type = room.type;
  rec.isLocked = room.isLocked;
  if (room.teamId !== undefined) rec.teamId = room.teamId;
  else delete rec.teamId;
  const latest = laterOf(rec.lastActivity, room.lastActivity);
  if (latest !== undefined) rec.lastActivity = latest;
  rec.seenAt = now;
  return rec;
}

/** Whether a watched or open room must be read this cycle. */
export function needsRead(rec: RoomRecord, forced: boolean): boolean {
  if (rec.lastActivity === undefined) return false;
  if (forced || rec.gaps.length > 0) return true;
  return rec.synced === undefined || isAfter(rec.lastActivity, rec.synced);
}

export interface Counted {
  unread: boolean;
  mention: boolean;
}

/** Counts a newly read message against the marker. Own messages never count as unread. */
export function countMessage(rec: RoomRecord, m: Message, meId: string, ruleIds: readonly string[]): Counted {
  if (m.personId === meId || !isAfter(m.created, rec.marker)) return { unread: false, mention: false };
  const mention = mentionsMe(m, meId) || mentionsAll(m);
  rec.unread += 1;
  if (mention) rec.mentions += 1;
  for (const id of ruleIds) if (!rec.alertRules.includes(id)) rec.alertRules.push(id);
  return { unread: true, mention };
}

/** Undoes the count of a message that was deleted. */
export function uncountMessage(rec: RoomRecord, m: Message, meId: string): void {
  if (m.personId === meId || !isAfter(m.created, rec.marker)) return;
  rec.unread = Math.max(0, rec.unread - 1);
  if (mentionsMe(m, meId) || mentionsAll(m)) rec.mentions = Math.max(0, rec.mentions - 1);
}

/** Moves the marker to the newest known activity; returns whether anything was unread. */
export function markRead(rec: RoomRecord): boolean {
  const had = rec.unread > 0 || rec.mentions > 0 || rec.alertRules.length > 0 || isAfter(rec.lastActivity, rec.marker);
  const marker = laterOf(rec.marker, laterOf(rec.lastActivity, rec.head?.created));
  if (marker !== undefined) rec.marker = marker;
  rec.unread = 0;
  rec.mentions = 0;
  rec.alertRules = [];
  return had;
}

/** Forgets the reading position of a room that is no longer watched or open (counts are no longer kept). */
export function stopTracking(rec: RoomRecord): void {
  delete rec.head;
  delete rec.activity;
  delete rec.synced;
  delete rec.notifyAfter;
  rec.gaps = [];
  rec.unread = 0;
  rec.mentions = 0;
  rec.alertRules = [];
}

/**
 * A room becomes watched: counts restart from the marker (the next read goes back to it) and only messages after
 * the current lastActivity notify.
 */
export function startTracking(rec: RoomRecord): void {
  if (rec.head !== undefined) return;
  rec.unread = 0;
  rec.mentions = 0;
  rec.alertRules = [];
  rec.gaps = [];
  if (rec.lastActivity !== undefined) rec.notifyAfter = rec.lastActivity;
  if (isAfter(rec.lastActivity, rec.marker)) delete rec.synced;
  else if (rec.lastActivity !== undefined) rec.synced = rec.lastActivity;
}
