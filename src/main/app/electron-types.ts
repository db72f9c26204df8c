/**
 * The slices of Electron's API the shell uses, written out as small interfaces. The real `electron` module satisfies
 * them (main.ts passes it to startShell, so the compiler checks it); unit tests pass typed fakes that enforce
 * Electron's rules (test/unit/app/fake-electron.ts). Listener-returning methods return `unknown` so a fake need
 * not be a whole WebContents.
 */
import type * as E from 'electron';
import type { DialogLike } from './dialogs';
import type { FileDialogLike, FileManagerLike } from './files';
import type { FrameLike, IpcLike } from './ipc';
import type { NotificationClass } from './notifier';

export interface PreventableEvent {
  preventDefault(): void;
}
export interface NavigationEvent extends PreventableEvent {
  readonly url: string;
  /** Set by Electron on will-navigate/will-frame-navigate (Electron ≥ 25). */
  readonly isMainFrame?: boolean;
}

/** What hardenWebContents needs. */
export interface HardenableContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: E.HandlerDetails) => E.WindowOpenHandlerResponse): void;
}

export type WebContentsLike = HardenableContents & {
  readonly id: number;
  readonly ipc: IpcLike;
  readonly mainFrame: FrameLike;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
  on(event: 'render-process-gone', listener: (event: unknown, details: E.RenderProcessGoneDetails) => void): unknown;
  reload(): void;
  sendInputEvent(input: E.KeyboardInputEvent): void;
};

export interface WindowLike {
  readonly webContents: WebContentsLike;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  show(): void;
  hide(): void;
  maximize(): void;
  isMaximized(): boolean;
  /** The bounds when neither maximised nor minimised (what a restart should restore). */
  getNormalBounds(): E.Rectangle;
  focus(): void;
  isDestroyed(): boolean;
  /** False while hidden (closed to the tray): a dialog is then not attached to it. */
  isVisible(): boolean;
  isMinimized(): boolean;
  restore(): void;
  loadURL(url: string): Promise<void>;
}

export interface TrayLike {
  setToolTip(toolTip: string): void;
  setTitle(title: string): void;
  setContextMenu(menu: object | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export type TrayCtor = new (image: E.NativeImage | string) => TrayLike;

export interface MenuLike {
  buildFromTemplate(template: E.MenuItemConstructorOptions[]): object;
  setApplicationMenu(menu: object | null): void;
}

/** The process events the shell listens to (main.ts passes `process`; tests pass an EventEmitter). */
export interface ProcessEventsLike {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
}

export type WindowCtor = new (options: E.BrowserWindowConstructorOptions) => WindowLike;

export interface AppLike {
  readonly isPackaged: boolean;
  enableSandbox(): void;
  requestSingleInstanceLock(): boolean;
  quit(): void;
  /** Quits at once with this code (no before-quit): used when start-up fails. */
  exit(code: number): void;
  setAppUserModelId(id: string): void;
  setAsDefaultProtocolClient(protocol: string): boolean;
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
  getLoginItemSettings(): { openAtLogin: boolean };
  whenReady(): Promise<void>;
  getPath(name: 'userData' | 'downloads'): string;
  getName(): string;
  getVersion(): string;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
  on(event: 'open-url', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'web-contents-created', listener: (event: unknown, contents: HardenableContents) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
  on(event: 'will-quit', listener: () => void): unknown;
}

export interface PowerMonitorLike {
  on(event: 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen', listener: () => void): unknown;
  removeListener(event: 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen', listener: () => void): unknown;
}

export type SessionLike = Pick<E.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
  readonly webRequest: Pick<E.WebRequest, 'onHeadersReceived'>;
};

export interface ShellElectron {
  app: AppLike;
  BrowserWindow: WindowCtor;
  dialog: DialogLike & FileDialogLike & Pick<E.Dialog, 'showErrorBox'>;
  Menu: MenuLike;
  Tray: TrayCtor;
  nativeImage: { createFromPath(path: string): E.NativeImage };
  screen: { getAllDisplays(): E.Display[]; getDisplayMatching(rect: E.Rectangle): E.Display };
  net: Pick<E.Net, 'isOnline'>;
  Notification: NotificationClass;
  powerMonitor: PowerMonitorLike;
  protocol: Pick<E.Protocol, 'registerSchemesAsPrivileged' | 'handle'>;
  session: { readonly defaultSession: SessionLike };
  shell: FileManagerLike & Pick<E.Shell, 'openExternal'>;
}
