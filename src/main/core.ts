/**
 * The core: everything the main process does that is not Electron. `createCore(deps)` wires the store, log, event
 * stream, sign-in and watch services and returns `{ handlers, subscribe }` — used by the Electron shell, the
 * integration tests and the e2e harness alike. It imports nothing from Electron; the OS comes in through `deps`.
 */
import path from 'node:path';
import type { AppInfo, AppState, AppWarning, EventBatch } from '../shared/contract/channels';
import { createSessionService, type SecretStore, type SessionService, type StartDemo } from './auth';
import { createRealClock, type Clock } from './clock';
import { createEventHub, type EventHub } from './events/hub';
import type { Handlers } from './ipc/dispatch';
import { createFileLogger, createSecretRegistry, type FileLogger, type SecretRegistry } from './log';
import type { DispatcherFactory } from './net';
import { createOpRegistry, type OpRegistry } from './ops/registry';
import {
  silentNotifier,
  steadySystemEvents,
  type Confirm,
  type Notifier,
  type OpenExternal,
  type SystemEvents,
} from './platform';
import { checkExternalUrl } from './security/external-url';
import { createStore, type Store, type StoreWarning } from './store';
import { createWatchService, type WatchService } from './watch';

export interface CoreDeps {
  /** Identifies this running core; shown in the window (the e2e harness checks it). */
  instanceId: string;
  app: Omit<AppInfo, 'instanceId'>;
  /** Where settings, identities, journals and logs live (Electron: userData). */
  dataDir: string;
  clock?: Clock;
  /** Secrets the logger must scrub; the core registers every token it handles. */
  secrets?: SecretRegistry;
  /** Defaults to a JSON-lines file logger in dataDir/logs. */
  logger?: FileLogger;
  /** The OS keychain (keytar) or a test double; without one, secrets are kept for the session only. */
  secretStore?: SecretStore;
  dispatcherFactory?: DispatcherFactory;
  notifier?: Notifier;
  openExternal?: OpenExternal;
  confirm?: Confirm;
  systemEvents?: SystemEvents;
  /** Starts the demo workspace (the built-in simulator). */
  startDemo?: StartDemo;
  /** Brings the window to the front (a notification was clicked). */
  focusWindow?: () => void;
  /** Environment variables consulted for WEBEX_ACCESS_TOKEN. */
  env?: Record<string, string | undefined>;
}

export interface Core {
  handlers: Handlers;
  /** Multicast event batches; returns an unsubscribe function. */
  subscribe(listener: (batch: EventBatch) => void): () => void;
  readonly logger: FileLogger;
  readonly store: Store;
  /** Resolves once saved state is loaded and the last identity (if any) is restored. */
  readonly ready: Promise<void>;
  dispose(): Promise<void>;
}

function appWarningFromStore(w: StoreWarning, n: number): AppWarning {
  const what =
    w.kind === 'writeFailed'
      ? w.message
      : w.setAsideTo
        ? `${w.file} could not be read and was set aside as ${path.basename(w.setAsideTo)}; defaults are in use.`
        : `${w.file}: ${w.message}`;
  return { id: `storage-${n}`, source: 'storage', message: what, at: w.at };
}

export function createCore(deps: CoreDeps): Core {
  const clock = deps.clock ?? createRealClock();
  const secrets = deps.secrets ?? createSecretRegistry();
  const logger =
    deps.logger ?? createFileLogger({ dir: path.join(deps.dataDir, 'logs'), clock, secrets, level: 'info' });
  const report = logger.reportInternal;
  const hub: EventHub = createEventHub({ clock, logger: logger.child({ component: 'events' }) });
  const ops: OpRegistry = createOpRegistry(hub, report);
  const store = createStore({ dataDir: deps.dataDir, clock, logger: logger.child({ component: 'store' }) });
  const info: AppInfo = { ...deps.app, instanceId: deps.instanceId };

  // --- app slice: warnings the operator must see
  let warningCount = 0;
  let appState: AppState = { warnings: [] };
  const setAppState = (next: AppState): void => {
    appState = next;
    hub.emit({ type: 'app.changed', state: appState });
  };
  const addWarning = (warning: Omit<AppWarning, 'id' | 'at'> & { id?: string }): void => {
    warningCount += 1;
    const full: AppWarning = {
      id: warning.id ?? `${warning.source}-${warningCount}`,
      source: warning.source,
      message: warning.message,
      at: new Date(clock.now()).toISOString(),
    };
    setAppState({ warnings: [...appState.warnings.filter((w) => w.id !== full.id), full] });
  };
  for (const w of store.warnings()) {
    warningCount += 1;
    appState.warnings.push(appWarningFromStore(w, warningCount));
  }
  const stopStoreWarnings = store.onWarning((w) => {
    warningCount += 1;
    setAppState({ warnings: [...appState.warnings, appWarningFromStore(w, warningCount)] });
  });

  const session: SessionService = createSessionService({
    hub,
    ops,
    store,
    clock,
    logger: logger.child({ component: 'auth' }),
    secrets,
    report,
    ...(deps.secretStore ? { secretStore: deps.secretStore } : {}),
    ...(deps.dispatcherFactory ? { dispatcherFactory: deps.dispatcherFactory } : {}),
    openExternal: deps.openExternal ?? (() => Promise.resolve()),
    confirm: deps.confirm ?? (() => Promise.resolve(false)),
    ...(deps.startDemo ? { startDemo: deps.startDemo } : {}),
    env: deps.env ?? {},
    warn: (source, message) => addWarning({ source, message }),
  });

  const watch: WatchService = createWatchService({
    hub,
    store,
    clock,
    logger: logger.child({ component: 'watch' }),
    session,
    notifier: deps.notifier ?? silentNotifier,
    systemEvents: deps.systemEvents ?? steadySystemEvents,
    focusRoom: (roomId) => {
      deps.focusWindow?.();
      hub.emit({ type: 'ui.focusRoom', roomId });
    },
  });

  const openExternal = deps.openExternal;

  const handlers: Handlers = {
    'app.info': async () => info,
    'app.ready': async () => {
      hub.flush();
      return { seq: hub.seq };
    },
    'app.snapshot': async () => {
      hub.flush();
      return { seq: hub.seq, data: appState };
    },
    'app.dismissWarning': async ({ id }) => {
      setAppState({ warnings: appState.warnings.filter((w) => w.id !== id) });
      return appState;
    },
    'app.openExternal': async ({ url }) => {
      const checked = checkExternalUrl(url);
      if (!openExternal) return { opened: false };
      await openExternal(checked);
      logger.info('opened external link', { scheme: new URL(checked).protocol });
      return { opened: true };
    },
    'op.cancel': async ({ opId }) => ({ cancelled: ops.cancel(opId) }),
    ...session.handlers,
    ...watch.handlers,
  };

  const ready = (async () => {
    try {
      await session.start();
    } catch (e) {
      logger.error('restoring the session failed', { error: e });
    }
  })();

  let disposed: Promise<void> | undefined;
  return {
    handlers,
    subscribe: (listener) => hub.subscribe(listener),
    logger,
    store,
    ready,
    dispose() {
      disposed ??= (async () => {
        ops.cancelAll();
        stopStoreWarnings();
        await ready;
        await watch.dispose();
        await session.dispose();
        hub.dispose();
        await store.close();
        logger.info('core stopped');
        if (!deps.logger) await logger.close();
        else await logger.flush();
      })();
      return disposed;
    },
  };
}
