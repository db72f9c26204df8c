/**
 * `createWatchService(deps)`: the rooms, messages, poll and rules channels, backed by one `Watcher` for the active
 * identity. When the session changes, the old identity's poller stops, every slice is reset, and a watcher for the
 * new identity starts on its own saved state (`${ActiveSession.dir}/state.json`).
 */
import type { PollState, RoomsState, RulesState } from '../../shared/contract/channels';
import { sessionKey } from '../auth/session-key';
import type { ActiveSession } from '../auth/types';
import { AppFailure, type InternalErrorReporter } from '../errors';
import { snapshotOf } from '../events/snapshot';
import { resolveWatchConfig, type WatchConfig } from './config';
import { openWatchState } from './persistence';
import { validatePattern } from './rules';
import type { WatchService, WatchServiceDeps } from './types';
import { Watcher, type WatchObserver } from './watcher';

export interface WatchServiceOptions {
  /** Tuning (tests and the benchmark shorten or lengthen intervals); defaults: DEFAULT_WATCH_CONFIG. */
  config?: Partial<WatchConfig>;
  /** Random source for backoff jitter. */
  random?: () => number;
  observer?: WatchObserver;
  report?: InternalErrorReporter;
}

/** What tests and the benchmark may look at besides the handlers. */
export interface WatchServiceHandle extends WatchService {
  readonly config: WatchConfig;
  /** Resolves when no identity switch, cycle or open-space load is in progress. */
  idle(): Promise<void>;
  /** The active identity's watcher, if any. */
  watcher(): Watcher | undefined;
}

export function createWatchService(deps: WatchServiceDeps, options: WatchServiceOptions = {}): WatchServiceHandle {
  const config = resolveWatchConfig(options.config);
  const { hub, logger } = deps;
  let current: Watcher | undefined;
  let chain: Promise<void> = Promise.resolve();
  let disposed = false;

  const idlePoll = (): PollState => ({
    running: false,
    offline: !deps.systemEvents.isOnline(),
    suspended: false,
    stale: false,
  });
  const emptyRules = (): RulesState => ({ rules: [], dnd: { heldBack: 0, criticalBreaksThrough: true } });
  const emptyRooms = (): RoomsState => ({ rooms: [] });

  async function apply(active: ActiveSession | undefined): Promise<void> {
    if (disposed) return;
    if (current && active && current.identityKey === sessionKey(active)) {
      current.updateSession(active);
      return;
    }
    if (current) {
      const old = current;
      current = undefined;
      await old.stop();
      logger.info('stopped watching for the previous identity');
    }
    hub.emit({ type: 'rooms.reset', state: emptyRooms() });
    hub.emit({ type: 'messages.reset', state: { messages: [], loading: false } });
    hub.emit({ type: 'poll.changed', state: idlePoll() });
    hub.emit({ type: 'rules.changed', state: emptyRules() });
    if (!active) return;
    const doc = await openWatchState(deps.store, active.dir);
    if (disposed) return;
    const watcher = new Watcher({
      session: active,
      doc,
      hub,
      clock: deps.clock,
      logger,
      notifier: deps.notifier,
      systemEvents: deps.systemEvents,
      focusRoom: deps.focusRoom,
      ...(deps.warn ? { warn: deps.warn } : {}),
      config,
      random: options.random ?? Math.random,
      ...(options.report ? { report: options.report } : {}),
      ...(options.observer ? { observer: options.observer } : {}),
    });
    const fresh = Object.keys(doc.get().rooms).length === 0 && doc.get().rules.length === 0;
    current = watcher;
    watcher.start();
    logger.info('watching', { kind: active.me.type });
    if (fresh && active.preset) await applyPreset(watcher, active.preset);
  }

  /** A first start with suggested settings (the demo workspace): watch its ops spaces, add its alert rule. */
  async function applyPreset(watcher: Watcher, preset: NonNullable<ActiveSession['preset']>): Promise<void> {
    for (const rule of preset.rules) watcher.saveRule({ ...rule, enabled: true });
    for (const roomId of preset.watchRoomIds) {
      try {
        await watcher.setWatched(roomId, true);
      } catch (e) {
        logger.warn('a suggested space could not be watched', { error: e });
      }
    }
  }

  const switchTo = (active: ActiveSession | undefined): Promise<void> => {
    chain = chain
      .then(() => apply(active))
      .catch((e: unknown) => {
        logger.error('switching the watched identity failed', { error: e });
      });
    return chain;
  };

  const unsubscribe = deps.session.onChange((active) => {
    void switchTo(active);
  });
  void switchTo(deps.session.current());

  const ready = async (): Promise<Watcher | undefined> => {
    await chain;
    return current;
  };
  const need = async (): Promise<Watcher> => {
    const watcher = await ready();
    if (!watcher) throw new AppFailure('notSignedIn', 'Sign in to watch spaces.');
    return watcher;
  };

  return {
    config,
    handlers: {
      'rooms.snapshot': async () => {
        const w = await ready();
        return snapshotOf(hub, () => (w ? w.roomsState() : emptyRooms()));
      },
      'rooms.open': async ({ roomId }) => (await need()).openRoom(roomId),
      'rooms.setWatched': async ({ roomId, watched }) => (await need()).setWatched(roomId, watched),
      'rooms.setLevel': async ({ roomId, level }) => (await need()).setLevel(roomId, level),
      'rooms.markRead': async ({ roomId }) => (await need()).markRead(roomId),
      'rooms.markAllRead': async () => (await need()).markAllRead(),
      'messages.snapshot': async () => {
        const w = await ready();
        return snapshotOf(hub, () => (w ? w.messagesState() : { messages: [], loading: false }));
      },
      'poll.snapshot': async () => {
        const w = await ready();
        return snapshotOf(hub, () => (w ? w.pollState() : idlePoll()));
      },
      'poll.syncNow': async () => (await need()).syncNow(),
      'rules.snapshot': async () => {
        const w = await ready();
        return snapshotOf(hub, () => (w ? w.rulesState() : emptyRules()));
      },
      'rules.save': async (input) => (await need()).saveRule(input),
      'rules.remove': async ({ id }) => (await need()).removeRule(id),
      'rules.setDnd': async ({ minutes }) => (await need()).setDnd(minutes),
      'rules.setDndOptions': async (options) => (await need()).setDndOptions(options),
      'rules.validate': async (input) => validatePattern(input),
      'rules.test': async ({ rule }) => (await need()).testRule(rule),
    },
    async idle() {
      await chain;
      await current?.idle();
    },
    watcher: () => current,
    async dispose() {
      unsubscribe();
      await chain;
      disposed = true;
      const watcher = current;
      current = undefined;
      await watcher?.stop();
    },
  };
}
