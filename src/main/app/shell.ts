/**
 * The Electron shell: lifecycle, single instance and deep links, the app:// protocol, the window and its security
 * handlers, the per-window IPC binding and event stream, the application menu, and the OS services the core needs.
 * Everything Electron comes in as the `electron` parameter, so unit tests run this with a typed fake that enforces
 * Electron's rules.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { SaveDialogOptions } from 'electron';
import { IPC_EVENTS_CHANNEL } from '../../shared/contract/channels';
import { createKeytarSecretStore } from '../auth';
import { createCore, type Core, type CoreDeps } from '../core';
import { AppFailure } from '../errors';
import { exportDiagnostics } from '../diagnostics';
import { createFileLogger, createSecretRegistry, type SecretRegistry } from '../log';
import { createEnvDispatcherFactory } from '../net';
import { checkExternalUrl } from '../security/external-url';
import { buildCsp } from './csp';
import { findDeepLink, parseDeepLink } from './deep-link';
import { desktopStateSpec, placementFor, rememberPlacement, type DesktopState } from './desktop-state';
import { askQuitWithUnsent, createConfirm, showMessageBox, type ParentSource } from './dialogs';
import { askSavePath, createChooseSavePath, createPickFile, createRevealPath, createSaveTextFile } from './files';
import { APP_ID, DEEP_LINK_SCHEME } from './identity';
import { bindWindowIpc } from './ipc';
import { buildMenuTemplate } from './menu';
import { createElectronNotifier } from './notifier';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME_PRIVILEGES, handleAppProtocol } from './protocol';
import type { ProcessEventsLike, ShellElectron, TrayLike, WindowLike } from './electron-types';
import type { Doc } from '../store';
import { createSystemEvents } from './system-events';
import { trayMenuTemplate, trayStatus, trayTitle, trayTooltip } from './tray';
import { hardenSession, hardenWebContents, mainWindowOptions } from './window';

export type { ShellElectron } from './electron-types';

export interface ShellOptions {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  /** Folder of the built main bundle (out/main): the preload and renderer are found beside it. */
  mainDir: string;
  /** Defaults to process.platform (tests pass another). */
  platform?: NodeJS.Platform;
  /** Where uncaughtException/unhandledRejection are caught (main.ts passes `process`). */
  processEvents?: ProcessEventsLike;
  /** process.resourcesPath of a packaged app (the tray icon is there, see build/electron-builder.yml). */
  resourcesPath?: string;
}

export interface Shell {
  /** Resolves once the window is created, the app quit because another instance runs, or start-up failed. */
  readonly started: Promise<'started' | 'secondInstance' | 'failed'>;
  core(): Core | undefined;
  window(): WindowLike | undefined;
}

/** A renderer that crashes this many times before it announces itself ready again is not reloaded any more. */
const MAX_RELOADS_BEFORE_READY = 3;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Electron rejects loadURL with ERR_ABORTED when a newer navigation replaces the load: not a failure. */
function isAbortedLoad(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown } | null;
  return e?.code === 'ERR_ABORTED' || e?.errno === -3;
}

export function startShell(electron: ShellElectron, options: ShellOptions): Shell {
  const { app, BrowserWindow, protocol } = electron;
  const platform = options.platform ?? process.platform;
  const demoRequested = options.argv.includes('--demo');
  const devServerUrl = !app.isPackaged ? options.env.ELECTRON_RENDERER_URL : undefined;
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : undefined;
  const allowedOrigins = devOrigin ? [APP_ORIGIN, devOrigin] : [APP_ORIGIN];

  // Before ready: the sandbox for every renderer, and the privileged app:// scheme.
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  // Windows attributes notifications (and their clicks) to the installed app by this id (electron-builder's appId).
  if (platform === 'win32') app.setAppUserModelId(APP_ID);

  let core: Core | undefined;
  let window: WindowLike | undefined;
  let desktop: Doc<DesktopState> | undefined;
  let tray: TrayLike | undefined;
  let failed = false;
  let quitting = false;
  /** The operator chose Quit in the unsent-messages warning: the quit goes on without asking again. */
  let quitApproved = false;
  /** The unsent-messages warning is open: another quit request neither quits nor opens a second one. */
  let askingQuit = false;
  /** Dialogs attach to the main window (when it is shown, see usableParent). */
  const dialogParent: ParentSource = () => window;

  if (!app.requestSingleInstanceLock()) {
    // The first instance receives our argv (with any webex-ops:// link) in its 'second-instance' event.
    app.quit();
    return { started: Promise.resolve('secondInstance'), core: () => undefined, window: () => undefined };
  }

  /** Start-up cannot go on: a native error box (there may be no window to show it in), then exit non-zero. */
  const fail = (what: string, error: unknown): void => {
    if (failed) return;
    failed = true;
    core?.logger.error(what, { error });
    try {
      electron.dialog.showErrorBox(
        `${app.getName()} could not start`,
        `${what}: ${messageOf(error)}\n\nThe log files are in ${path.join(app.getPath('userData'), 'logs')}.`,
      );
    } finally {
      app.exit(1);
    }
  };

  // A main-process error after start is logged with a correlation id and shown; the app keeps running.
  let errorShown = false;
  const onMainError = (error: unknown): void => {
    if (!core) {
      // Before the app is ready there is no log and no dialog yet; a start-up failure goes through fail().
      console.error('main process error', error);
      return;
    }
    const reference = core.logger.reportInternal(error, 'main process');
    if (errorShown || failed) return;
    errorShown = true;
    try {
      void showMessageBox(electron.dialog, dialogParent, {
        type: 'error',
        title: app.getName(),
        message: 'An unexpected error occurred in the main process.',
        detail: `${messageOf(error)}\n\nReference: ${reference} (in the log). The app keeps running.`,
        buttons: ['OK'],
        noLink: true,
      })
        .catch(() => undefined)
        .finally(() => (errorShown = false));
    } catch {
      errorShown = false;
    }
  };
  options.processEvents?.on('uncaughtException', onMainError);
  options.processEvents?.on('unhandledRejection', onMainError);

  /** Remembers where the window is, per display arrangement (desktop.json through the core's store). */
  const savePlacement = (win: WindowLike): void => {
    if (!desktop || win.isDestroyed()) return;
    try {
      const bounds = win.getNormalBounds();
      const display = electron.screen.getDisplayMatching(bounds);
      desktop.update((state) => rememberPlacement(state, display, { bounds, maximized: win.isMaximized() }));
    } catch (e) {
      core?.logger.warn('could not remember the window placement', { error: e });
    }
  };

  const createWindow = (c: Core): WindowLike => {
    const placement = desktop ? placementFor(desktop.get(), electron.screen.getAllDisplays()) : undefined;
    const win = new BrowserWindow(
      mainWindowOptions({
        preloadPath: path.join(options.mainDir, '../preload/index.js'),
        title: app.getName(),
        platform,
        ...(placement ? { bounds: placement.bounds } : {}),
      }),
    );
    const contents = win.webContents;
    let detach: (() => void) | undefined;
    let reloadsBeforeReady = 0;
    const unbind = bindWindowIpc(contents.ipc, {
      handlers: c.handlers,
      mainFrame: () => contents.mainFrame,
      allowedOrigins,
      senderId: `window-${contents.id}`,
      report: c.logger.reportInternal,
      logger: c.logger.child({ component: 'ipc' }),
      onReady: () => {
        reloadsBeforeReady = 0;
        // One subscription per window; a reload announces itself again and replaces it.
        detach?.();
        detach = c.subscribe((batch) => {
          if (!contents.isDestroyed()) contents.send(IPC_EVENTS_CHANNEL, batch);
        });
      },
    });
    // A crashed or killed renderer leaves a blank window: reload it. The new page announces app.ready and
    // re-reads every slice's snapshot, so it resynchronises without loss (docs/events.md).
    contents.on('render-process-gone', (_event, details) => {
      c.logger.warn('renderer gone', { reason: details.reason, exitCode: details.exitCode });
      if (details.reason === 'clean-exit' || win.isDestroyed()) return;
      detach?.();
      detach = undefined;
      if (reloadsBeforeReady >= MAX_RELOADS_BEFORE_READY) {
        electron.dialog.showErrorBox(
          app.getName(),
          `The window stopped working (${details.reason}) and could not be restored. Restart the app.`,
        );
        return;
      }
      reloadsBeforeReady += 1;
      contents.reload();
    });
    // maximize() also shows the window, so it waits for the first paint like show() does.
    win.once('ready-to-show', () => (placement?.maximized ? win.maximize() : win.show()));
    win.on('close', (event) => {
      if (quitting) return; // placement saved in before-quit, while the store is still open
      savePlacement(win);
      // With "keep running in the tray" on, closing hides the window; Quit is in the tray menu.
      if (tray && desktop?.get().closeToTray) {
        event.preventDefault();
        win.hide();
        return;
      }
      // Closing the window quits (not on macOS): with unsent messages, ask while the window is still there.
      if (platform !== 'darwin' && !approveQuit(c)) event.preventDefault();
    });
    win.on('closed', () => {
      detach?.();
      unbind();
      if (window === win) window = undefined;
    });
    win.loadURL(devServerUrl ?? APP_ENTRY_URL).catch((e: unknown) => {
      if (isAbortedLoad(e)) {
        c.logger.warn('window load superseded', { error: e });
        return;
      }
      fail('The window could not be loaded', e);
    });
    return win;
  };

  /** Shows the window, creating it again when it was closed (macOS keeps running without one). */
  const showWindow = (): WindowLike | undefined => {
    if (!core || failed) return undefined;
    if (!window || window.isDestroyed()) {
      window = createWindow(core); // shown on ready-to-show
      return window;
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    return window;
  };

  /**
   * Opens a space in the window. The core's rooms state records the open space, so a window created just now
   * picks it up from its first snapshot; an existing window gets the rooms.opened event.
   */
  const openRoom = (roomId: string): void => {
    const c = core;
    if (!c) return;
    showWindow();
    void c.ready
      .then(() => c.handlers['rooms.open']({ roomId }, { senderId: 'shell' }))
      .catch((e: unknown) => c.logger.warn('opening a space from a link failed', { error: e }));
  };

  // Deep links: a link that started this instance, one passed on by a second launch, or macOS's open-url.
  let pendingRoom = findDeepLink(options.argv);
  app.on('second-instance', (_event, argv) => {
    const roomId = findDeepLink(argv);
    if (roomId !== undefined && core) openRoom(roomId);
    else if (roomId !== undefined) pendingRoom = roomId;
    else showWindow();
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const roomId = parseDeepLink(url);
    if (roomId === undefined) return;
    if (core) openRoom(roomId);
    else pendingRoom = roomId;
  });

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(
      contents,
      (what, url) => core?.logger.warn('blocked', { what, url: url.slice(0, 200) }),
      devOrigin ? { devServerOrigin: devOrigin } : {},
    );
  });
  app.on('window-all-closed', () => {
    if (platform !== 'darwin') app.quit();
  });

  /**
   * Whether a quit may go on now. With outbox items not yet sent, the operator is asked first (docs/outbox.md):
   * Quit quits (without asking again), Cancel keeps the app running. False while asking.
   */
  const approveQuit = (c: Core): boolean => {
    if (quitApproved) return true;
    let pending = 0;
    try {
      pending = c.pendingOutbox();
    } catch (e) {
      c.logger.warn('could not count the unsent messages', { error: e });
    }
    if (pending <= 0) return true;
    if (askingQuit) return false;
    askingQuit = true;
    void askQuitWithUnsent(electron.dialog, dialogParent, { productName: app.getName(), pending })
      .catch((e: unknown) => {
        // A warning that cannot be shown never keeps the operator from quitting.
        c.logger.warn('the unsent-messages warning could not be shown', { error: e });
        return true;
      })
      .then((quit) => {
        askingQuit = false;
        if (!quit) {
          c.logger.info('quit cancelled: messages not sent yet', { pending });
          return;
        }
        quitApproved = true;
        app.quit();
      });
    return false;
  };

  app.on('before-quit', (event) => {
    if (quitting || !core) return;
    event.preventDefault();
    if (!approveQuit(core)) return;
    quitting = true;
    if (window) savePlacement(window);
    tray?.destroy();
    tray = undefined;
    const stopping = core;
    // Whatever dispose does, the app quits: a rejection is logged, never left unhandled.
    void stopping
      .dispose()
      .catch((e: unknown) => {
        try {
          stopping.logger.error('stopping the core failed', { error: e });
        } catch {
          console.error('stopping the core failed', e);
        }
      })
      .finally(() => app.quit());
  });

  /**
   * The tray icon: unread, mention and alert counts of the watched spaces, pause/resume notifications, "keep
   * running in the tray", start at login (macOS, Windows), Quit. Refreshed from the core's snapshots whenever a
   * batch touches rooms, rules or the session.
   */
  const startTray = (c: Core): void => {
    const iconPath = app.isPackaged
      ? path.join(options.resourcesPath ?? path.join(options.mainDir, '../..'), 'icon.png')
      : path.join(options.mainDir, '../../build/icon.png');
    try {
      const size = platform === 'darwin' ? 16 : 24;
      tray = new electron.Tray(electron.nativeImage.createFromPath(iconPath).resize({ width: size, height: size }));
    } catch (e) {
      c.logger.warn('no tray icon', { error: e });
      return;
    }
    const t = tray;
    t.on('click', () => void showWindow());
    let refreshing: Promise<void> | undefined;
    let again = false;
    const refresh = async (): Promise<void> => {
      const ctx = { senderId: 'tray' };
      const [rooms, rules, session] = await Promise.all([
        c.handlers['rooms.snapshot'](undefined, ctx),
        c.handlers['rules.snapshot'](undefined, ctx),
        c.handlers['session.snapshot'](undefined, ctx),
      ]);
      if (tray !== t) return;
      const status = trayStatus(rooms.data, rules.data, Date.now());
      t.setToolTip(trayTooltip(app.getName(), status));
      if (platform === 'darwin') t.setTitle(trayTitle(status));
      t.setContextMenu(
        electron.Menu.buildFromTemplate(
          trayMenuTemplate({
            productName: app.getName(),
            status,
            signedIn: session.data.active !== undefined,
            closeToTray: desktop?.get().closeToTray ?? false,
            openAtLogin: platform === 'linux' ? undefined : app.getLoginItemSettings().openAtLogin,
            actions: {
              showWindow: () => void showWindow(),
              pauseNotifications: (minutes) => {
                void c.handlers['rules.setDnd'](minutes === undefined ? {} : { minutes }, ctx).catch((e: unknown) =>
                  c.logger.warn('pausing notifications failed', { error: e }),
                );
              },
              setCloseToTray: (on) => {
                desktop?.update((state) => ({ ...state, closeToTray: on }));
                schedule();
              },
              setOpenAtLogin: (on) => {
                app.setLoginItemSettings({ openAtLogin: on });
                schedule();
              },
              quit: () => app.quit(),
            },
          }),
        ),
      );
    };
    /** One refresh at a time; a request during one runs once more after it. */
    const schedule = (): void => {
      if (refreshing) {
        again = true;
        return;
      }
      refreshing = refresh()
        .catch((e: unknown) => c.logger.warn('tray refresh failed', { error: e }))
        .finally(() => {
          refreshing = undefined;
          if (again) {
            again = false;
            schedule();
          }
        });
    };
    c.subscribe((batch) => {
      if (batch.events.some((e) => /^(rooms|rules|session)\./.test(e.type))) schedule();
    });
    schedule();
  };

  /**
   * "Export diagnostics…" (menu and `app.exportDiagnostics`): a save dialog for a new folder, then
   * src/main/diagnostics writes versions, redacted settings and logs, live state and the data file list into it,
   * and main confirms where. The path stays in main (no paths over IPC, docs/security.md).
   */
  const runDiagnosticsExport = async (c: Core, secrets: SecretRegistry): Promise<{ saved: boolean }> => {
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    const options: SaveDialogOptions = {
      title: 'Export Diagnostics',
      buttonLabel: 'Export',
      defaultPath: path.join(app.getPath('downloads'), `webex-ops-diagnostics-${stamp}`),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const filePath = await askSavePath({ dialog: electron.dialog, parent: dialogParent }, options);
    if (filePath === undefined) return { saved: false };
    // The newest log lines may still be buffered in the sink: write them first so the export includes them.
    await c.logger.flush().catch(() => undefined);
    const ctx = { senderId: 'diagnostics' };
    const written = exportDiagnostics({
      dataDir: app.getPath('userData'),
      target: filePath,
      secrets,
      versions: {
        app: { name: app.getName(), version: app.getVersion(), packaged: app.isPackaged },
        ...(process.versions.electron ? { electron: process.versions.electron } : {}),
        ...(process.versions.chrome ? { chromium: process.versions.chrome } : {}),
        node: process.versions.node,
        v8: process.versions.v8,
        os: { platform, release: os.release(), arch: process.arch },
      },
      state: {
        poll: async () => (await c.handlers['poll.snapshot'](undefined, ctx)).data,
        rooms: async () => {
          // Counts and flags only: space titles can be sensitive, ids are enough to correlate with the logs.
          const { data } = await c.handlers['rooms.snapshot'](undefined, ctx);
          return data.rooms.map((r) => ({ id: r.id, watched: r.watched, unread: r.unread, alert: r.alert }));
        },
        session: async () => {
          const { data } = await c.handlers['session.snapshot'](undefined, ctx);
          return { signedIn: data.active !== undefined, demo: data.active?.demo ?? false };
        },
        outbox: async () => {
          // States and timing only: the markdown and space titles are message content.
          const { data } = await c.handlers['outbox.snapshot'](undefined, ctx);
          return {
            pending: data.pending,
            items: data.items.map((i) => ({
              id: i.id,
              roomId: i.roomId,
              state: i.state,
              attempts: i.attempts,
              queuedAt: i.queuedAt,
              expiresAt: i.expiresAt,
              ...(i.runbookId ? { runbookId: i.runbookId } : {}),
            })),
          };
        },
      },
    });
    let result: Awaited<typeof written>;
    try {
      result = await written;
    } catch (e) {
      c.logger.error('exporting diagnostics failed', { error: e });
      throw new AppFailure('storage', `The diagnostics folder could not be written: ${messageOf(e)}`, { cause: e });
    }
    c.logger.info('diagnostics exported', { files: result.files.length });
    void showMessageBox(electron.dialog, dialogParent, {
      type: 'info',
      title: app.getName(),
      message: 'Diagnostics exported.',
      detail: `${filePath}\n\nTokens are not included; look through the folder before you share it.`,
      buttons: ['OK'],
      noLink: true,
    }).catch(() => undefined);
    return { saved: true };
  };

  const start = async (): Promise<'started'> => {
    const userData = app.getPath('userData');
    handleAppProtocol(protocol, { root: path.join(options.mainDir, '../renderer'), csp: buildCsp({ dev: false }) });
    hardenSession(electron.session.defaultSession, allowedOrigins);
    if (devServerUrl) {
      const csp = buildCsp({ dev: true, devServerOrigin: devOrigin });
      electron.session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
        callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
      });
    }
    if (app.isPackaged) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);

    const secrets = createSecretRegistry();
    const logger = createFileLogger({ dir: path.join(userData, 'logs'), secrets, level: 'info' });
    const systemEvents = createSystemEvents(electron.powerMonitor, electron.net);
    const downloads = (): string => app.getPath('downloads');
    const deps: CoreDeps = {
      instanceId: randomUUID(),
      app: {
        name: app.getName(),
        productName: app.getName(),
        version: app.getVersion(),
        platform,
      },
      dataDir: userData,
      secrets,
      logger,
      secretStore: createKeytarSecretStore(),
      dispatcherFactory: createEnvDispatcherFactory(options.env),
      notifier: createElectronNotifier(electron.Notification),
      // Links from the renderer are checked strictly by the core first; main's own OAuth authorize URL may be
      // http on loopback when the API itself is (the simulator).
      openExternal: async (url) => {
        await electron.shell.openExternal(checkExternalUrl(url, { allowLoopbackHttp: true }));
      },
      confirm: createConfirm(electron.dialog, dialogParent),
      chooseSavePath: createChooseSavePath({ dialog: electron.dialog, parent: dialogParent, downloads }),
      saveTextFile: createSaveTextFile({ dialog: electron.dialog, parent: dialogParent, downloads }),
      pickFile: createPickFile({ dialog: electron.dialog, parent: dialogParent }),
      revealPath: createRevealPath(electron.shell),
      systemEvents,
      // The simulator is loaded only when the demo starts: it is not part of a normal session's main bundle.
      startDemo: async () => (await import('../../sim')).startDemo(),
      // A notification was clicked: with the window closed (macOS), open it again and then the space.
      focusWindow: (roomId) => {
        if (roomId !== undefined && (!window || window.isDestroyed())) openRoom(roomId);
        else showWindow();
      },
      env: options.env,
      exportDiagnostics: async () => {
        if (!core) return { saved: false };
        return runDiagnosticsExport(core, secrets);
      },
    };
    core = createCore(deps);
    const c = core;
    desktop = await c.store.open(desktopStateSpec);
    electron.Menu.setApplicationMenu(
      electron.Menu.buildFromTemplate(
        buildMenuTemplate({
          platform,
          packaged: app.isPackaged,
          productName: app.getName(),
          actions: {
            sendKey: (input) => {
              const contents = window && !window.isDestroyed() ? window.webContents : undefined;
              contents?.sendInputEvent({ type: 'keyDown', ...input });
              contents?.sendInputEvent({ type: 'keyUp', ...input });
            },
            showWindow: () => void showWindow(),
            exportDiagnostics: () => {
              void runDiagnosticsExport(c, secrets).catch((e: unknown) =>
                electron.dialog.showErrorBox(app.getName(), messageOf(e)),
              );
            },
          },
        }),
      ),
    );
    window = createWindow(c);
    startTray(c);
    // macOS: a Dock click brings the window back (re-created when closed, shown when hidden to the tray).
    app.on('activate', () => void showWindow());
    app.on('will-quit', () => systemEvents.dispose());
    if (demoRequested) {
      void c.ready
        .then(() => c.handlers['session.startDemo'](undefined, { senderId: 'shell' }))
        .catch((e: unknown) => c.logger.error('demo start failed', { error: e }));
    }
    if (pendingRoom !== undefined) {
      const roomId = pendingRoom;
      pendingRoom = undefined;
      openRoom(roomId);
    }
    logger.info('shell started', { version: app.getVersion(), packaged: app.isPackaged, dev: Boolean(devServerUrl) });
    return 'started';
  };

  const started = app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      fail('Start-up failed', e);
      return 'failed' as const;
    });

  return { started, core: () => core, window: () => window };
}
