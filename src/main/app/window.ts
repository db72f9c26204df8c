import type { BrowserWindowConstructorOptions, Session, WebPreferences } from 'electron';
import type { HardenableContents, NavigationEvent } from './electron-types';

/** The renderer's security baseline (docs/security.md). Never weaken one of these. */
export function secureWebPreferences(preloadPath: string, options: { spellcheck?: boolean } = {}): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    // Middle-click opens no new window behind the handlers' back.
    disableBlinkFeatures: 'Auxclick',
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: options.spellcheck ?? true,
    safeDialogs: true,
  };
}

export interface MainWindowOptions {
  preloadPath: string;
  title: string;
  backgroundColor?: string;
  /** Spellcheck is off on Linux: Chromium would download Hunspell dictionaries from Google's CDN at first use. */
  platform?: NodeJS.Platform;
  /** Remembered size and position (see window-state.ts). */
  bounds?: { x?: number; y?: number; width: number; height: number };
}

export function mainWindowOptions(options: MainWindowOptions): BrowserWindowConstructorOptions {
  return {
    width: options.bounds?.width ?? 1280,
    height: options.bounds?.height ?? 820,
    ...(options.bounds?.x !== undefined && options.bounds.y !== undefined
      ? { x: options.bounds.x, y: options.bounds.y }
      : {}),
    minWidth: 880,
    minHeight: 560,
    title: options.title,
    show: false,
    backgroundColor: options.backgroundColor ?? '#1b1d21',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(options.preloadPath, {
      spellcheck: (options.platform ?? process.platform) !== 'linux',
    }),
  };
}

/**
 * Navigation, new windows and webviews: all refused. Links go through `ops.app.openExternal`. In development only
 * (`devServerOrigin` is set only when the app is not packaged), a main-frame navigation to the Vite dev server's own
 * origin is let through: that is Vite's full reload.
 */
export function hardenWebContents(
  contents: HardenableContents,
  onBlocked: (what: string, url: string) => void = () => undefined,
  options: { devServerOrigin?: string } = {},
): void {
  const devReload = (event: NavigationEvent): boolean =>
    options.devServerOrigin !== undefined &&
    event.isMainFrame !== false &&
    originOf(event.url) === options.devServerOrigin;
  contents.on('will-navigate', (event) => {
    if (devReload(event)) return;
    event.preventDefault();
    onBlocked('navigation', event.url);
  });
  contents.on('will-frame-navigate', (event) => {
    if (devReload(event)) return;
    event.preventDefault();
    onBlocked('frame navigation', event.url);
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
    onBlocked('redirect', event.url);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    onBlocked('webview', '');
  });
  contents.setWindowOpenHandler((details) => {
    onBlocked('window.open', details.url);
    return { action: 'deny' };
  });
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    // Node's URL gives 'null' as the origin of non-special schemes; compare scheme + host instead.
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return undefined;
  }
}

/**
 * Permissions: everything denied except `clipboard-sanitized-write` for the app's own main frame (copying a
 * tracking id). Both the request and the check handler, or Chromium falls back to its defaults.
 */
export function hardenSession(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
  allowedOrigins: readonly string[],
): void {
  const allowed = (permission: string, origin: string | undefined, isMainFrame: boolean): boolean =>
    permission === 'clipboard-sanitized-write' &&
    isMainFrame &&
    origin !== undefined &&
    allowedOrigins.includes(origin);
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(allowed(permission, originOf(details.requestingUrl), details.isMainFrame));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    allowed(permission, originOf(requestingOrigin), details.isMainFrame),
  );
}
