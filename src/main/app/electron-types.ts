/**
 * The slices of Electron's API the shell uses, written out as small interfaces. The real `electron` module satisfies
 * them (main.ts passes it to startShell, so the compiler checks it); unit tests pass typed fakes that enforce
 * Electron's rules (test/unit/app/fake-electron.ts). Listener-returning methods return `unknown` so a fake need
 * not be a whole WebContents.
 */
import type * as E from 'electron';
import type { DialogLike } from './dialogs';
import type { FrameLike, IpcLike } from './ipc';
import type { NotificationClass } from './notifier';

export interface PreventableEvent {
  preventDefault(): void;
}
export interface NavigationEvent extends PreventableEvent {
  readonly url: string;
}

/** What hardenWebContents needs. */
export interface HardenableContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: E.HandlerDetails) => E.WindowOpenHandlerResponse): void;
}

export interface WebContentsLike extends HardenableContents {
  readonly id: number;
  readonly ipc: IpcLike;
  readonly mainFrame: FrameLike;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

export interface WindowLike {
  readonly webContents: WebContentsLike;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  show(): void;
  focus(): void;
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  loadURL(url: string): Promise<void>;
}

export type WindowCtor = new (options: E.BrowserWindowConstructorOptions) => WindowLike;

export interface AppLike {
  readonly isPackaged: boolean;
  enableSandbox(): void;
  requestSingleInstanceLock(): boolean;
  quit(): void;
  whenReady(): Promise<void>;
  getPath(name: 'userData'): string;
  getName(): string;
  getVersion(): string;
  on(event: 'second-instance', listener: () => void): unknown;
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
  dialog: DialogLike;
  net: Pick<E.Net, 'isOnline'>;
  Notification: NotificationClass;
  powerMonitor: PowerMonitorLike;
  protocol: Pick<E.Protocol, 'registerSchemesAsPrivileged' | 'handle'>;
  session: { readonly defaultSession: SessionLike };
  shell: Pick<E.Shell, 'openExternal'>;
}
