/**
 * The core: everything the main process does that is not Electron. `createCore(deps)` wires the store, log, event
 * stream, sign-in and watch services and returns `{ handlers, subscribe }` — used by the Electron shell, the
 * integration tests and the e2e harness alike. It imports nothing from Electron; the OS comes in through `deps`.
 */
import path from 'node:path';
import type { AppInfo, AppState, AppWarning, EventBatch, SessionState } from '../shared/contract/channels';
import { createSessionService, type SecretStore, type SessionService, type StartDemo } from './auth';
import { createRealClock, type Clock } from './clock';
import { createEventHub, type EventHub } from './events/hub';
import { snapshotOf } from './events/snapshot';
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
import { createReadingService } from './reading';
import { createRunbookService, type RunbookServiceDeps } from './runbooks/service';
import { createSpacesService, type ChosenFile } from './spaces';
import { createExternalSpaces, projectRoomHandlers, type ExternalSpacesOptions } from './spaces/external';
import { listTeams } from './spaces/war-room';
import { hasScope } from './auth/scopes';
import { createWatchService, type WatchConfig, type WatchServiceHandle } from './watch';

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
  /** The native save dialog for files.saveAs: the chosen path, or undefined when cancelled. */
  chooseSavePath?: (suggestedName: string) => Promise<string | undefined>;
  systemEvents?: SystemEvents;
  /** Starts the demo workspace (the built-in simulator). */
  startDemo?: StartDemo;
  /**
   * Brings the window to the front (a notification for `roomId` was clicked). The shell re-creates a closed window
   * and opens the space itself, since a new window only learns state from its snapshots.
   */
  focusWindow?: (roomId?: string) => void;
  /** Environment variables consulted for WEBEX_ACCESS_TOKEN. */
  env?: Record<string, string | undefined>;
  /** "Export diagnostics…" (the shell: a save dialog, then src/main/diagnostics). Without it: `{ saved: false }`. */
  exportDiagnostics?: () => Promise<{ saved: boolean }>;
  /** Random source in [0, 1) for every jitter of the poller (backoff); tests seed it. Default Math.random. */
  random?: () => number;
  /** Tuning of the watcher (tests and benchmarks); defaults: DEFAULT_WATCH_CONFIG. */
  watchConfig?: Partial<WatchConfig>;
  /** Shows a file or folder in the file manager (the shell: shell.showItemInFolder) — "Reveal runbook folder". */
  revealPath?: (absolutePath: string) => Promise<void>;
  /** A save dialog in main, then writes the text (audit CSV export); resolves false when cancelled. */
  saveTextFile?: (request: { title: string; defaultName: string; content: string }) => Promise<boolean>;
  /** Outbox tuning (tests): reconcile delay, retry base, requests in flight. */
  outboxConfig?: RunbookServiceDeps['outbox'];
  /** A native open dialog for the composer's attachment (the shell); resolves undefined when cancelled. */
  pickFile?: () => Promise<ChosenFile | undefined>;
  /** Pacing of the EXT mark's background read (tests); defaults: DEFAULT_EXTERNAL_SPACES. */
  externalSpaces?: Partial<ExternalSpacesOptions>;
}

export interface Core {
  handlers: Handlers;
  /** Multicast event batches; returns an unsubscribe function. */
  subscribe(listener: (batch: EventBatch) => void): () => void;
  readonly logger: FileLogger;
  readonly store: Store;
  /** Resolves once saved state is loaded and the last identity (if any) is restored. */
  readonly ready: Promise<void>;
  /**
   * Resolves when no poll cycle, open-space read or identity switch is running, so no watch request is in flight
   * (a cycle may start right after, on the clock). Tests step a manual clock and wait for this between steps.
   */
  idle(): Promise<void>;
  /** Outbox items not yet sent or discarded (the shell warns before quitting with any). */
  pendingOutbox(): number;
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

  // The session slice as last published, for the runbooks' postAs problems (no keychain, no network).
  let sessionSlice: SessionState | undefined;
  const sessionSliceListeners = new Set<(state: SessionState) => void>();
  const sessionHub: EventHub = {
    emit(event) {
      hub.emit(event);
      if (event.type !== 'session.changed') return;
      sessionSlice = event.state;
      for (const l of [...sessionSliceListeners]) l(event.state);
    },
    subscribe: (listener) => hub.subscribe(listener),
    flush: () => hub.flush(),
    get seq() {
      return hub.seq;
    },
    dispose: () => hub.dispose(),
  };

  const session: SessionService = createSessionService({
    hub: sessionHub,
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

  // The EXT mark (docs/architecture.md §6): known from membership reads and a paced read of watched spaces; added to
  // the room views the watch service emits through its hub and answers (projectRoomHandlers below).
  const external = createExternalSpaces(
    { clock, logger: logger.child({ component: 'external' }), session, hub },
    deps.externalSpaces,
  );

  const watch: WatchServiceHandle = createWatchService(
    {
      hub: external.watchHub(),
      store,
      clock,
      logger: logger.child({ component: 'watch' }),
      session,
      notifier: deps.notifier ?? silentNotifier,
      systemEvents: deps.systemEvents ?? steadySystemEvents,
      focusRoom: (roomId) => {
        deps.focusWindow?.(roomId);
        hub.emit({ type: 'ui.focusRoom', roomId });
      },
      warn: (warning) => addWarning(warning),
    },
    { random: deps.random ?? Math.random, ...(deps.watchConfig ? { config: deps.watchConfig } : {}) },
  );

  const reading = createReadingService({
    clock,
    logger: logger.child({ component: 'reading' }),
    session,
    knownView: (roomId) => watch.watcher()?.knownRoomView(roomId),
    externalOf: external.externalOf,
    // Grouping by team: the teams service of src/main/spaces; an identity without the scope groups nothing.
    teams: async (active) => (hasScope(active, 'spark:teams_read') ? (await listTeams(active)).teams : []),
    absorbRead: (roomId, messages) => watch.watcher()?.absorbRead(roomId, messages) ?? [],
    ...(deps.chooseSavePath ? { chooseSavePath: deps.chooseSavePath } : {}),
  });

  // Acting in spaces; created before the runbooks so the outbox can send a chosen file through `spaces.uploadPicked`.
  const spaces = createSpacesService({
    clock,
    logger: logger.child({ component: 'spaces' }),
    report,
    store,
    session,
    watchRoom: (roomId) => watch.handlers['rooms.setWatched']({ roomId, watched: true }, { senderId: 'spaces' }),
    ownChange: (roomId, change) => watch.watcher()?.applyOwnChange(roomId, change),
    ...(deps.pickFile ? { pickFile: deps.pickFile } : {}),
  });

  const runbooks = createRunbookService({
    dataDir: deps.dataDir,
    store,
    clock,
    logger: logger.child({ component: 'runbooks' }),
    session,
    notifier: deps.notifier ?? silentNotifier,
    ...(deps.revealPath ? { revealPath: deps.revealPath } : {}),
    ...(deps.saveTextFile ? { saveTextFile: deps.saveTextFile } : {}),
    ...(deps.outboxConfig ? { outbox: deps.outboxConfig } : {}),
    setWarning: (id, message) => {
      if (message !== undefined) addWarning({ id, source: 'config', message });
      else if (appState.warnings.some((w) => w.id === id)) {
        setAppState({ warnings: appState.warnings.filter((w) => w.id !== id) });
      }
    },
    hub,
    onMessageDeleted: (roomId, messageId) =>
      hub.emit({ type: 'messages.remove', roomId, ids: [messageId], reason: 'deleted' }),
    uploadPicked: spaces.uploadPicked,
    pickedRecord: spaces.pickedRecord,
    sessionState: {
      current: () => sessionSlice,
      onChange: (listener) => {
        sessionSliceListeners.add(listener);
        return () => {
          sessionSliceListeners.delete(listener);
        };
      },
    },
    noteExternal: external.note,
    // The composer's draft of a space goes once its message is queued (only that thread's draft, that identity's).
    clearDraft: spaces.clearSentDraft,
  });

  const openExternal = deps.openExternal;

  const handlers: Handlers = {
    'app.info': async () => info,
    'app.ready': async () => {
      hub.flush();
      return { seq: hub.seq };
    },
    'app.snapshot': async () => snapshotOf(hub, () => appState),
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
    'app.exportDiagnostics': async () => (deps.exportDiagnostics ? deps.exportDiagnostics() : { saved: false }),
    'op.cancel': async ({ opId }) => ({ cancelled: ops.cancel(opId) }),
    ...session.handlers,
    ...watch.handlers,
    ...reading.handlers,
    ...runbooks.handlers,
    ...spaces.handlers,
    ...projectRoomHandlers(watch.handlers, external),
    // The members panel and the composer header read the members anyway: their EXT mark feeds the sidebar's.
    'members.list': async (payload, context) => {
      const identityId = session.current()?.identity.id;
      const view = await spaces.handlers['members.list'](payload, context);
      if (identityId !== undefined) external.note(identityId, payload.roomId, view.external);
      return view;
    },
  };

  const ready = (async () => {
    try {
      await session.start();
    } catch (e) {
      logger.error('restoring the session failed', { error: e });
    }
    try {
      await runbooks.start();
    } catch (e) {
      logger.error('starting runbooks failed', { error: e });
    }
  })();

  let disposed: Promise<void> | undefined;
  return {
    handlers,
    subscribe: (listener) => hub.subscribe(listener),
    logger,
    store,
    ready,
    async idle() {
      await ready;
      await watch.idle();
      await external.idle();
    },
    pendingOutbox: () => runbooks.pendingCount(),
    dispose() {
      // Never rejects (the shell awaits it at quit): each step runs whatever the one before did; a document that
      // cannot be saved is logged and raised as a storage warning (the store names the file), and the logger is
      // always closed last.
      const step = async (what: string, run: () => unknown): Promise<void> => {
        try {
          await run();
        } catch (e) {
          logger.error(`stopping: ${what} failed`, { error: e });
        }
      };
      disposed ??= (async () => {
        await step('cancelling operations', () => ops.cancelAll());
        await step('restoring the session', () => ready);
        await step('stopping reading', () => reading.dispose());
        await step('stopping spaces', () => spaces.dispose());
        await step('stopping the watch', () => watch.dispose());
        await step('stopping the EXT mark reader', () => external.dispose());
        await step('stopping runbooks', () => runbooks.dispose());
        await step('stopping the session', () => session.dispose());
        await step('saving documents', () => store.close());
        stopStoreWarnings();
        await step('stopping events', () => hub.dispose());
        logger.info('core stopped');
        await step('closing the log', () => (deps.logger ? logger.flush() : logger.close()));
      })();
      return disposed;
    },
  };
}
