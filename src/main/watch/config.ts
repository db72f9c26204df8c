/**
 * Tuning of the watcher. The defaults are what the app runs with and what `bench/poll.ts` measures (docs/architecture.md §6):
 * one rooms list at least every 5 s, faster while something happens or a space is open, a few pages per room per
 * cycle, and a slow round-robin sweep of watched rooms outside the sorted window.
 */
export interface WatchConfig {
  /** Cycle interval when nothing happened lately and no space is open (must stay ≤ 5 s). */
  idleIntervalMs: number;
  /** Cycle interval while new messages arrived within `activeWindowMs`. */
  activeIntervalMs: number;
  /** How long after the last new message the active interval applies. */
  activeWindowMs: number;
  /** Cycle interval while a space is open (new messages visible within ~2 s). */
  openIntervalMs: number;
  /** The open space's first page is re-read at least this often (edits and deletions do not move lastActivity). */
  openRefreshMs: number;
  /** K: rooms asked for in `GET /rooms?sortBy=lastactivity&max=K`. */
  roomsWindow: number;
  /** Further pages of the sorted room list per cycle, followed only while a whole page changed. */
  maxRoomPages: number;
  /** M: page size of message reads (capped at 100 for bots, which read with mentionedPeople=me). */
  messagesPageSize: number;
  /** Message pages per room per cycle; a longer backlog is continued in later cycles (a gap cursor). */
  maxPagesPerRoom: number;
  /** Rooms read per cycle at most (the rest stay candidates for the next cycle). */
  maxReadsPerCycle: number;
  /** Every N-th cycle sweeps watched rooms outside the window by id (GET /rooms/{id}). */
  sweepEveryCycles: number;
  /** Rooms swept per sweep. */
  sweepBatch: number;
  /** Messages shown when a space is opened. */
  openMessages: number;
  /** Messages kept in memory for the open space. */
  openKeep: number;
  /** No good sync for this long → `stale`. */
  staleAfterMs: number;
  /** Status tick: staleness, rate-limit countdown, do-not-disturb expiry, pending notification updates. */
  tickMs: number;
  /** Error backoff ceiling (full jitter between half and all of it). */
  maxBackoffMs: number;
  /** A coalesced notification is re-shown (same id, new count) at most this often. */
  notifyMinIntervalMs: number;
  /** After this long without alerts a coalescing group starts over. */
  notifyResetMs: number;
  /** Regular-expression rules: time limit for matching one batch of messages. */
  regexTimeoutMs: number;
  /** Ids remembered per room to drop duplicates (in memory; the newest `persistRecent` are saved). */
  knownIdsPerRoom: number;
  persistRecent: number;
  /** Unwatched rooms kept in the saved state (read markers for the activity dot), most recently seen first. */
  maxSavedRooms: number;
  /** Open gaps (backlogs still to read) per room at most; older ones are given up and logged. */
  maxGapsPerRoom: number;
}

export const DEFAULT_WATCH_CONFIG: Readonly<WatchConfig> = Object.freeze({
  idleIntervalMs: 4_500,
  activeIntervalMs: 3_000,
  activeWindowMs: 60_000,
  openIntervalMs: 1_500,
  openRefreshMs: 30_000,
  roomsWindow: 100,
  maxRoomPages: 5,
  messagesPageSize: 50,
  maxPagesPerRoom: 3,
  maxReadsPerCycle: 40,
  sweepEveryCycles: 20,
  sweepBatch: 1,
  openMessages: 50,
  openKeep: 500,
  staleAfterMs: 15_000,
  tickMs: 1_000,
  maxBackoffMs: 60_000,
  notifyMinIntervalMs: 20_000,
  notifyResetMs: 120_000,
  regexTimeoutMs: 100,
  knownIdsPerRoom: 1_000,
  persistRecent: 30,
  maxSavedRooms: 1_500,
  maxGapsPerRoom: 20,
});

export function resolveWatchConfig(overrides: Partial<WatchConfig> = {}): WatchConfig {
  const config: WatchConfig = { ...DEFAULT_WATCH_CONFIG };
  for (const [key, value] of Object.entries(overrides) as [keyof WatchConfig, number | undefined][]) {
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) config[key] = value;
  }
  config.roomsWindow = Math.min(1000, Math.max(1, Math.floor(config.roomsWindow)));
  config.messagesPageSize = Math.min(1000, Math.max(1, Math.floor(config.messagesPageSize)));
  config.maxPagesPerRoom = Math.max(1, Math.floor(config.maxPagesPerRoom));
  config.sweepEveryCycles = Math.max(1, Math.floor(config.sweepEveryCycles));
  return config;
}
