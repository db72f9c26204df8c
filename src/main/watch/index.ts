/**
 * Live watch of ops spaces (docs/architecture.md §6): the poller, read state, alert rules and notification decisions behind the
 * rooms / messages / poll / rules channels.
 */
export { createWatchService, type WatchServiceHandle, type WatchServiceOptions } from './service';
export type { WatchService, WatchServiceDeps, WatchChannel, ActiveSession } from './types';
export { DEFAULT_WATCH_CONFIG, resolveWatchConfig, type WatchConfig } from './config';
export { Watcher, type WatchObserver } from './watcher';
export { compileRule, findNestedRepetition, matchRules, normaliseRuleInput, splitKeywords } from './rules';
export { NotificationCoalescer, notificationId, notifyReason, renderNotification } from './notify';
export { readRoom, isAtOrBelow, type PageSource, type ReadPlan, type ReadOutcome } from './reader';
export { watchStateFile, watchStateSchema, type WatchState, type RoomRecord } from './persistence';
