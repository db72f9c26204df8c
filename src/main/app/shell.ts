/**
 * The Electron shell: lifecycle, single instance, the app:// protocol, the window and its security handlers, the
 * per-window IPC binding and event stream, and the OS services the core needs. Everything Electron comes in as
 * the `electron` parameter, so unit tests run this with a typed fake that enforces Electron's rules.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { IPC_EVENTS_CHANNEL } from '../../shared/contract/channels';
import { createKeytarSecretStore } from '../auth';
import { createCore, type Core, type CoreDeps } from '../core';
import { createFileLogger, createSecretRegistry } from '../log';
import { createEnvDispatcherFactory } from '../net';
import { checkExternalUrl } from '../security/external-url';
import { startDemo } from '../../sim';
import { buildCsp } from './csp';
import { createConfirm } from './dialogs';
import { bindWindowIpc } from './ipc';
import { createElectronNotifier } from './notifier';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME_PRIVILEGES, handleAppProtocol } from './protocol';
import type { ShellElectron, WindowLike } from './electron-types';
import { createSystemEvents } from './system-events';
import { hardenSession, hardenWebContents, mainWindowOptions } from './window';

export type { ShellElectron } from './electron-types';

export interface ShellOptions {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  /** Folder of the built main bundle (out/main): the preload and renderer are found beside it. */
  mainDir: string;
}

export interface Shell {
  /** Resolves once the window is created (or the app quit because another instance runs). */
  readonly started: Promise<'started' | 'secondInstance'>;
  core(): Core | undefined;
  window(): WindowLike | undefined;
}

export function startShell(electron: ShellElectron, options: ShellOptions): Shell {
  const { app, BrowserWindow, protocol } = electron;
  const demoRequested = options.argv.includes('--demo');
  const devServerUrl = !app.isPackaged ? options.env.ELECTRON_RENDERER_URL : undefined;
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : undefined;
  const allowedOrigins = devOrigin ? [APP_ORIGIN, devOrigin] : [APP_ORIGIN];

  // Before ready: the sandbox for every renderer, and the privileged app:// scheme.
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

  let core: Core | undefined;
  let window: WindowLike | undefined;

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { started: Promise.resolve('secondInstance'), core: () => undefined, window: () => undefined };
  }

  const focus = (): void => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  app.on('second-instance', focus);
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, (what, url) => core?.logger.warn('blocked', { what, url: url.slice(0, 200) }));
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !core) return;
    event.preventDefault();
    quitting = true;
    const stopping = core;
    void stopping.dispose().finally(() => app.quit());
  });

  const createWindow = (c: Core): WindowLike => {
    const win = new BrowserWindow(
      mainWindowOptions({
        preloadPath: path.join(options.mainDir, '../preload/index.js'),
        title: app.getName(),
      }),
    );
    const contents = win.webContents;
    let detach: (() => void) | undefined;
    const unbind = bindWindowIpc(contents.ipc, {
      handlers: c.handlers,
      mainFrame: () => contents.mainFrame,
      allowedOrigins,
      senderId: `window-${contents.id}`,
      report: c.logger.reportInternal,
      logger: c.logger.child({ component: 'ipc' }),
      onReady: () => {
        // One subscription per window; a reload announces itself again and replaces it.
        detach?.();
        detach = c.subscribe((batch) => {
          if (!contents.isDestroyed()) contents.send(IPC_EVENTS_CHANNEL, batch);
        });
      },
    });
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      detach?.();
      unbind();
      if (window === win) window = undefined;
    });
    void win.loadURL(devServerUrl ?? APP_ENTRY_URL);
    return win;
  };

  const started = app.whenReady().then(() => {
    const userData = app.getPath('userData');
    handleAppProtocol(protocol, { root: path.join(options.mainDir, '../renderer'), csp: buildCsp({ dev: false }) });
    hardenSession(electron.session.defaultSession, allowedOrigins);
    if (devServerUrl) {
      const csp = buildCsp({ dev: true, devServerOrigin: devOrigin });
      electron.session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
        callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
      });
    }

    const secrets = createSecretRegistry();
    const logger = createFileLogger({ dir: path.join(userData, 'logs'), secrets, level: 'info' });
    const systemEvents = createSystemEvents(electron.powerMonitor, electron.net);
    const deps: CoreDeps = {
      instanceId: randomUUID(),
      app: {
        name: app.getName(),
        productName: app.getName(),
        version: app.getVersion(),
        platform: process.platform,
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
      confirm: createConfirm(electron.dialog),
      systemEvents,
      startDemo: () => startDemo(),
      focusWindow: focus,
      env: options.env,
    };
    core = createCore(deps);
    window = createWindow(core);
    app.on('activate', () => {
      if (!window && core) window = createWindow(core);
    });
    app.on('will-quit', () => systemEvents.dispose());
    if (demoRequested) {
      const c = core;
      void c.ready
        .then(() => c.handlers['session.startDemo'](undefined, { senderId: 'shell' }))
        .catch((e: unknown) => c.logger.error('demo start failed', { error: e }));
    }
    logger.info('shell started', { version: app.getVersion(), packaged: app.isPackaged, dev: Boolean(devServerUrl) });
    return 'started' as const;
  });

  return { started, core: () => core, window: () => window };
}
