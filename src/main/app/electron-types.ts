/**
 * The slices of Electron's API the shell uses, as types. The real `electron` module satisfies them (main.ts proves
 * it at compile time); unit tests pass typed fakes that enforce Electron's rules (test/unit/app/fake-electron.ts).
 */
import type * as E from 'electron';
import type { DialogLike } from './dialogs';
import type { FrameLike, IpcLike } from './ipc';
import type { NotificationClass } from './notifier';

export type AppLike = Pick<
  E.App,
  'enableSandbox' | 'requestSingleInstanceLock' | 'quit' | 'on' | 'whenReady' | 'getPath' | 'getName' | 'getVersion' | 'isPackaged'
>;

export type WebContentsLike = Pick<E.WebContents, 'id' | 'isDestroyed' | 'send' | 'on' | 'setWindowOpenHandler'> & {
  readonly ipc: IpcLike;
  readonly mainFrame: FrameLike;
};

export interface WindowLike
  extends Pick<E.BrowserWindow, 'once' | 'on' | 'show' | 'focus' | 'isDestroyed' | 'isMinimized' | 'restore' | 'loadURL'> {
  readonly webContents: WebContentsLike;
}

export type WindowCtor = new (options: E.BrowserWindowConstructorOptions) => WindowLike;

export type SessionLike = Pick<E.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
  readonly webRequest: Pick<E.WebRequest, 'onHeadersReceived'>;
};

export interface ShellElectron {
  app: AppLike;
  BrowserWindow: WindowCtor;
  dialog: DialogLike;
  net: Pick<E.Net, 'isOnline'>;
  Notification: NotificationClass;
  powerMonitor: Pick<E.PowerMonitor, 'on' | 'removeListener'>;
  protocol: Pick<E.Protocol, 'registerSchemesAsPrivileged' | 'handle'>;
  session: { readonly defaultSession: SessionLike };
  shell: Pick<E.Shell, 'openExternal'>;
}
