import type { BrowserWindowConstructorOptions, Session, WebPreferences } from 'electron';
import type { HardenableContents } from './electron-types';

/** The renderer's security baseline (docs/security.md). Never weaken one of these. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
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
    spellcheck: true,
    safeDialogs: true,
  };
}

export interface MainWindowOptions {
  preloadPath: string;
  title: string;
  backgroundColor?: string;
}

export function mainWindowOptions(options: MainWindowOptions): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    title: options.title,
    show: false,
    backgroundColor: options.backgroundColor ?? '#1b1d21',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(options.preloadPath),
  };
}

/** Navigation, new windows and webviews: all refused. Links go through `ops.app.openExternal`. */
export function hardenWebContents(
  contents: HardenableContents,
  onBlocked: (what: string, url: string) => void = () => undefined,
): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    onBlocked('navigation', event.url);
  });
  contents.on('will-frame-navigate', (event) => {
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
