/**
 * A typed fake of the slices of Electron the shell and preload use, enforcing Electron's rules where a mistake
 * would only show on a machine with the real binary:
 * - app.enableSandbox, protocol.registerSchemesAsPrivileged (once only) and app.setAppUserModelId before `ready`;
 *   BrowserWindow, protocol.handle and Menu.setApplicationMenu only after it; a scheme handled twice throws;
 * - a destroyed window or web contents throws "Object has been destroyed" on use, as in Electron;
 * - loadURL can reject (`FakeBrowserWindow.failNextLoad`) with Electron's error shape (code, errno, url);
 * - a renderer can crash (`contents.crash(reason)` → render-process-gone); reload() starts a new renderer process,
 *   so the old main frame is gone and a new one (new processId) takes its place;
 * - `event.senderFrame` is read lazily and is null once the frame navigated or was destroyed (FakeFrame.navigate /
 *   detach), as Electron documents;
 * - dialogs other than showErrorBox throw before `ready`; a dialog's parent window must be a live window (it is
 *   recorded: `parentOf(options)`); answers are shaped like Electron's ({ canceled, filePath } / { canceled,
 *   filePaths } / { response, checkboxChecked });
 * - app.quit() runs Electron's sequence: before-quit (preventable), then every window is closed (a prevented close
 *   cancels the quit), then will-quit; closing the last window otherwise emits window-all-closed;
 * - ipcMain.handle twice for one channel throws ("Attempted to register a second handler");
 * - everything sent over IPC (send, invoke args and results) goes through structuredClone — a non-cloneable value
 *   throws a DataCloneError as in Electron;
 * - contextBridge.exposeInMainWorld (createFakeContextBridge) copies values like Electron: functions are proxied,
 *   objects and arrays copied and frozen, other values structured-cloned, each key once.
 */
import { EventEmitter } from 'node:events';
import type {
  BrowserWindowConstructorOptions,
  HandlerDetails,
  WindowOpenHandlerResponse,
  CustomScheme,
  IpcMainInvokeEvent,
  KeyboardInputEvent,
  Display,
  MenuItemConstructorOptions,
  MessageBoxOptions,
  NativeImage,
  Rectangle,
  MessageBoxReturnValue,
  NotificationConstructorOptions,
  OpenDialogOptions,
  OpenDialogReturnValue,
  SaveDialogOptions,
  SaveDialogReturnValue,
  RenderProcessGoneDetails,
} from 'electron';
import type {
  PreventableEvent,
  ShellElectron,
  TrayLike,
  WebContentsLike,
  WindowLike,
} from '../../../src/main/app/electron-types';
import type { FrameLike, IpcLike } from '../../../src/main/app/ipc';

type Listener = (...args: never[]) => unknown;

const destroyedError = (): Error => new TypeError('Object has been destroyed');

let nextProcessId = 100;

export class FakeFrame implements FrameLike {
  /** True once the frame navigated to another document or was destroyed: Electron then gives senderFrame null. */
  detached = false;
  constructor(
    public origin: string,
    public processId = 1,
    public routingId = 1,
    public parent: FrameLike | null = null,
  ) {}
  /** A cross-document navigation: this frame object no longer stands for the page that sent a call. */
  navigate(): void {
    this.detached = true;
  }
}

type InvokeListener = (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, ...args: unknown[]) => Promise<unknown>;

export class FakeIpcMain implements IpcLike {
  readonly handlers = new Map<string, InvokeListener>();

  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /**
   * What ipcRenderer.invoke does: clone the args in, run the handler, clone the result out. `senderFrame` is a
   * getter, as in Electron: null when the frame is gone or navigated by the time the handler reads it.
   */
  async invoke(frame: FrameLike | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered for '${channel}'`);
    const cloned = structuredClone(args);
    const event = {
      get senderFrame() {
        if (frame === null || (frame instanceof FakeFrame && frame.detached)) return null;
        return frame;
      },
    } as Pick<IpcMainInvokeEvent, 'senderFrame'>;
    const result = await handler(event, ...cloned);
    return structuredClone(result);
  }
}

class Emitter {
  protected readonly emitter = new EventEmitter();
  on(event: string, listener: Listener): this {
    this.emitter.on(event, listener as (...args: unknown[]) => void);
    return this;
  }
  once(event: string, listener: Listener): this {
    this.emitter.once(event, listener as (...args: unknown[]) => void);
    return this;
  }
  removeListener(event: string, listener: Listener): this {
    this.emitter.removeListener(event, listener as (...args: unknown[]) => void);
    return this;
  }
  emit(event: string, ...args: unknown[]): boolean {
    return this.emitter.emit(event, ...args);
  }
  listenerCount(event: string): number {
    return this.emitter.listenerCount(event);
  }
}

let nextContentsId = 1;

export class FakeWebContents extends Emitter implements WebContentsLike {
  readonly id = nextContentsId++;
  readonly ipc = new FakeIpcMain();
  mainFrame: FakeFrame = new FakeFrame('app://ops', nextProcessId++, this.id);
  readonly sent: { channel: string; args: unknown[] }[] = [];
  readonly inputs: KeyboardInputEvent[] = [];
  reloads = 0;
  crashed = false;
  destroyed = false;
  windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | undefined;

  private alive(): void {
    if (this.destroyed) throw destroyedError();
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  send(channel: string, ...args: unknown[]): void {
    this.alive();
    const cloned = structuredClone(args);
    // A crashed renderer gets nothing (Electron drops the message).
    if (!this.crashed) this.sent.push({ channel, args: cloned });
  }

  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }

  sendInputEvent(input: KeyboardInputEvent): void {
    this.alive();
    this.inputs.push(structuredClone(input));
  }

  /** The renderer process dies: its frame is gone, and Electron emits render-process-gone. */
  crash(reason: RenderProcessGoneDetails['reason'] = 'crashed', exitCode = 139): void {
    this.alive();
    this.crashed = true;
    this.mainFrame.detached = true;
    this.emit('render-process-gone', { preventDefault: () => undefined }, { reason, exitCode });
  }

  /** Reload runs the page in a new renderer process: a new main frame with a new process id. */
  reload(): void {
    this.alive();
    this.reloads += 1;
    this.crashed = false;
    this.mainFrame.detached = true;
    this.mainFrame = new FakeFrame(this.mainFrame.origin, nextProcessId++, this.id);
  }
}

class LoadError extends Error {
  constructor(
    readonly url: string,
    readonly code = 'ERR_FILE_NOT_FOUND',
    readonly errno = -6,
  ) {
    super(`${code} (${errno}) loading '${url}'`);
  }
}

export class FakeBrowserWindow extends Emitter implements WindowLike {
  static readonly instances: FakeBrowserWindow[] = [];
  static ready = () => false;
  /** Called when a close leaves no window open (the fake app emits window-all-closed unless it is quitting). */
  static allClosed = (): void => undefined;
  /** The next loadURL rejects like Electron's (e.g. { code: 'ERR_FILE_NOT_FOUND', errno: -6 }). */
  static failNextLoad: { code: string; errno: number } | undefined;
  readonly webContents = new FakeWebContents();
  loadedUrl: string | undefined;
  shown = false;
  focused = false;
  minimized = false;
  maximized = false;
  destroyed = false;
  bounds: Rectangle;

  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    if (!FakeBrowserWindow.ready()) throw new Error('Cannot create BrowserWindow before app is ready');
    FakeBrowserWindow.instances.push(this);
    const width = options.width ?? 800;
    const height = options.height ?? 600;
    // Without x/y Electron centres the window on the primary display (the fake's is 1920x1080 at 0,0).
    this.bounds = {
      x: options.x ?? Math.round((1920 - width) / 2),
      y: options.y ?? Math.round((1080 - height) / 2),
      width,
      height,
    };
  }

  private alive(): void {
    if (this.destroyed) throw destroyedError();
  }

  async loadURL(url: string): Promise<void> {
    this.alive();
    const failure = FakeBrowserWindow.failNextLoad;
    FakeBrowserWindow.failNextLoad = undefined;
    if (failure) throw new LoadError(url, failure.code, failure.errno);
    this.loadedUrl = url;
  }
  show(): void {
    this.alive();
    this.shown = true;
    this.minimized = false;
  }
  hide(): void {
    this.alive();
    this.shown = false;
    this.focused = false;
  }
  /** Like Electron: maximising a hidden window also shows it. */
  maximize(): void {
    this.alive();
    this.maximized = true;
    this.shown = true;
  }
  isMaximized(): boolean {
    this.alive();
    return this.maximized;
  }
  getNormalBounds(): Rectangle {
    this.alive();
    return { ...this.bounds };
  }
  /** The user moves or resizes the window. */
  setBounds(bounds: Partial<Rectangle>): void {
    this.alive();
    this.bounds = { ...this.bounds, ...bounds };
  }
  focus(): void {
    this.alive();
    this.focused = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    this.alive();
    return this.minimized;
  }
  isVisible(): boolean {
    this.alive();
    return this.shown;
  }
  minimize(): void {
    this.alive();
    this.minimized = true;
  }
  restore(): void {
    this.alive();
    this.minimized = false;
  }
  /** Like Electron: 'close' can be prevented (the window stays); otherwise the window is destroyed, then 'closed'. */
  close(): void {
    this.alive();
    let prevented = false;
    const event: PreventableEvent = {
      preventDefault: () => {
        prevented = true;
      },
    };
    this.emit('close', event);
    if (prevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
    if (FakeBrowserWindow.instances.every((w) => w.destroyed)) FakeBrowserWindow.allClosed();
  }
}

const MENU_ROLES = new Set([
  'undo',
  'redo',
  'cut',
  'copy',
  'paste',
  'pasteAndMatchStyle',
  'delete',
  'selectAll',
  'reload',
  'forceReload',
  'toggleDevTools',
  'resetZoom',
  'zoomIn',
  'zoomOut',
  'toggleSpellChecker',
  'togglefullscreen',
  'window',
  'minimize',
  'close',
  'help',
  'about',
  'services',
  'hide',
  'hideOthers',
  'unhide',
  'quit',
  'showSubstitutions',
  'toggleSmartQuotes',
  'toggleSmartDashes',
  'toggleTextReplacement',
  'startSpeaking',
  'stopSpeaking',
  'zoom',
  'front',
  'appMenu',
  'fileMenu',
  'editMenu',
  'viewMenu',
  'shareMenu',
  'recentDocuments',
  'toggleTabBar',
  'selectNextTab',
  'selectPreviousTab',
  'showAllTabs',
  'mergeAllWindows',
  'clearRecentDocuments',
  'moveTabToNewWindow',
  'windowMenu',
]);

/** What Menu.buildFromTemplate checks: every item is a separator, has a known role, or a label. */
function checkTemplate(items: MenuItemConstructorOptions[], where = 'menu'): void {
  for (const [i, item] of items.entries()) {
    if (item.type === 'separator') continue;
    if (item.role !== undefined && !MENU_ROLES.has(item.role)) throw new Error(`Invalid role ${item.role}`);
    if (item.role === undefined && !item.label) throw new Error(`Invalid template for MenuItem: ${where}[${i}]`);
    if (Array.isArray(item.submenu)) checkTemplate(item.submenu, `${where}[${i}]`);
  }
}

export interface FakeMenu {
  readonly template: MenuItemConstructorOptions[];
}

export class FakeTray extends Emitter implements TrayLike {
  static readonly instances: FakeTray[] = [];
  static ready = () => false;
  toolTip = '';
  title = '';
  menu: FakeMenu | null = null;
  destroyed = false;
  constructor(readonly image: NativeImage | string) {
    super();
    if (!FakeTray.ready()) throw new Error('Cannot create Tray before app is ready');
    FakeTray.instances.push(this);
  }
  private alive(): void {
    if (this.destroyed) throw destroyedError();
  }
  setToolTip(toolTip: string): void {
    this.alive();
    this.toolTip = toolTip;
  }
  setTitle(title: string): void {
    this.alive();
    this.title = title;
  }
  setContextMenu(menu: object | null): void {
    this.alive();
    this.menu = menu as FakeMenu | null;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** Clicks the context-menu item with this label, as Electron does (a checkbox flips before click runs). */
  clickItem(label: string): void {
    const item = this.menu?.template.find((i) => i.label === label);
    if (!item) throw new Error(`no tray menu item "${label}"`);
    if (item.enabled === false) throw new Error(`tray menu item "${label}" is disabled`);
    const menuItem = { checked: item.type === 'checkbox' ? !item.checked : Boolean(item.checked) };
    (item.click as ((menuItem: { checked: boolean }) => void) | undefined)?.(menuItem);
  }
}

function display(id: number, x: number, y: number, width: number, height: number): Display {
  return {
    id,
    bounds: { x, y, width, height },
    workArea: { x, y, width, height: height - 40 },
  } as Display;
}

/** A display to plug in: `fake.displays.push(fakeDisplay(2, 1920, 0, 2560, 1440))`. */
export const fakeDisplay = display;

export interface FakeElectron extends ShellElectron {
  app: ShellElectron['app'] & {
    emit(event: string, ...args: unknown[]): boolean;
    readonly ready: boolean;
    makeReady(): void;
    quitCalls: number;
    /** True once a quit went through before-quit and the window closes (will-quit was emitted). */
    quitted: boolean;
    exitCode: number | undefined;
    sandboxEnabled: boolean;
    openAtLogin: boolean;
    appUserModelId: string | undefined;
    protocolClients: string[];
    isPackaged: boolean;
  };
  protocol: ShellElectron['protocol'] & {
    handlers: Map<string, (request: Request) => Response | Promise<Response>>;
    privileged: CustomScheme[];
  };
  BrowserWindow: typeof FakeBrowserWindow;
  Menu: ShellElectron['Menu'] & { application: FakeMenu | null | undefined };
  Tray: typeof FakeTray;
  /** The connected displays (change it to plug a monitor in or out). */
  displays: Display[];
  notifications: { options: NotificationConstructorOptions; shown: boolean; emitter: EventEmitter }[];
  opened: string[];
  dialogs: MessageBoxOptions[];
  errorBoxes: { title: string; content: string }[];
  saveDialogs: SaveDialogOptions[];
  /** What the next save dialog answers: a path, or undefined for Cancel. */
  saveDialogAnswer: string | undefined;
  openDialogs: OpenDialogOptions[];
  /** What the next open dialog answers: the chosen paths, or undefined for Cancel. */
  openDialogAnswer: string[] | undefined;
  /** The button a message box answers (its index); a promise keeps the box open until it resolves. */
  messageBoxAnswer: (options: MessageBoxOptions) => number | Promise<number>;
  /** The window a dialog (by its options object) was attached to; undefined for a free dialog. */
  parentOf(options: object): FakeBrowserWindow | undefined;
  /** shell.openPath / shell.showItemInFolder calls, in order. */
  shellCalls: { api: 'openPath' | 'showItemInFolder'; path: string }[];
  /** What shell.openPath resolves with: '' (opened) or an error message. */
  openPathResult: string;
  permission: {
    request?: Parameters<ShellElectron['session']['defaultSession']['setPermissionRequestHandler']>[0];
    check?: Parameters<ShellElectron['session']['defaultSession']['setPermissionCheckHandler']>[0];
  };
  powerMonitor: ShellElectron['powerMonitor'] & { emit(event: string): boolean };
}

export function createFakeElectron(options: {
  userData: string;
  singleInstance?: boolean;
  dialogResponse?: number;
  packaged?: boolean;
}): FakeElectron {
  let ready = false;
  let readyResolve: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => (readyResolve = resolve));
  FakeBrowserWindow.instances.length = 0;
  FakeBrowserWindow.ready = () => ready;
  FakeBrowserWindow.failNextLoad = undefined;
  FakeTray.instances.length = 0;
  FakeTray.ready = () => ready;
  const displays: Display[] = [display(1, 0, 0, 1920, 1080)];

  class FakeApp extends Emitter {
    isPackaged = options.packaged ?? true;
    quitCalls = 0;
    quitted = false;
    private closingForQuit = false;
    exitCode: number | undefined;
    sandboxEnabled = false;
    appUserModelId: string | undefined;
    protocolClients: string[] = [];
    openAtLogin = false;
    setLoginItemSettings(settings: { openAtLogin: boolean }): void {
      if (!ready) throw new Error('app.setLoginItemSettings: the app is not ready');
      this.openAtLogin = settings.openAtLogin;
    }
    getLoginItemSettings(): { openAtLogin: boolean } {
      return { openAtLogin: this.openAtLogin };
    }
    get ready(): boolean {
      return ready;
    }
    enableSandbox(): void {
      if (ready) throw new Error('app.enableSandbox() can only be called before app is ready');
      this.sandboxEnabled = true;
    }
    requestSingleInstanceLock(): boolean {
      return options.singleInstance ?? true;
    }
    /** Electron's sequence: before-quit (preventable), close every window (a prevented close cancels), will-quit. */
    quit(): void {
      this.quitCalls += 1;
      if (this.quitted) return;
      let prevented = false;
      this.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (prevented) return;
      this.closingForQuit = true;
      try {
        for (const win of [...FakeBrowserWindow.instances]) {
          if (win.isDestroyed()) continue;
          win.close();
          if (!win.isDestroyed()) return;
        }
      } finally {
        this.closingForQuit = false;
      }
      this.quitted = true;
      this.emit('will-quit', { preventDefault: () => undefined });
    }
    /** Closing the last window: window-all-closed, except while quit() closes them. */
    allWindowsClosed(): void {
      if (!this.closingForQuit) this.emit('window-all-closed');
    }
    exit(code: number): void {
      this.exitCode = code;
    }
    setAppUserModelId(id: string): void {
      if (ready) throw new Error('fake: set the AppUserModelID before ready, before any notification');
      this.appUserModelId = id;
    }
    setAsDefaultProtocolClient(scheme: string): boolean {
      if (!/^[a-z][a-z0-9+.-]*$/.test(scheme)) throw new Error(`invalid scheme ${scheme}`);
      this.protocolClients.push(scheme);
      return true;
    }
    whenReady(): Promise<void> {
      return readyPromise;
    }
    getPath(name: string): string {
      if (name === 'userData') return options.userData;
      if (name === 'downloads') return `${options.userData}-downloads`;
      throw new Error(`fake getPath(${name}) not supported`);
    }
    getName(): string {
      return 'Webex Ops Console';
    }
    getVersion(): string {
      return '0.1.0';
    }
    makeReady(): void {
      ready = true;
      this.emit('ready');
      readyResolve();
    }
  }
  const app = new FakeApp();
  FakeBrowserWindow.allClosed = () => app.allWindowsClosed();

  const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  const privileged: CustomScheme[] = [];
  let registeredPrivileged = false;
  const protocol = {
    handlers: protocolHandlers,
    privileged,
    registerSchemesAsPrivileged(schemes: CustomScheme[]): void {
      if (ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
      // Electron: "can be called only once"; a second call would silently replace the first set.
      if (registeredPrivileged) throw new Error('protocol.registerSchemesAsPrivileged can only be called once');
      registeredPrivileged = true;
      privileged.push(...structuredClone(schemes));
    },
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
      if (!ready) throw new Error('protocol.handle can only be used after app is ready');
      if (protocolHandlers.has(scheme)) throw new Error(`The scheme "${scheme}" is already handled`);
      protocolHandlers.set(scheme, handler);
    },
  };

  const Menu = {
    application: undefined as FakeMenu | null | undefined,
    buildFromTemplate(template: MenuItemConstructorOptions[]): FakeMenu {
      checkTemplate(template);
      return { template };
    },
    setApplicationMenu(menu: object | null): void {
      if (!ready) throw new Error('Menu.setApplicationMenu: the app is not ready');
      Menu.application = menu as FakeMenu | null;
    },
  };

  const notifications: FakeElectron['notifications'] = [];
  class FakeNotification extends Emitter {
    static isSupported(): boolean {
      return true;
    }
    private readonly record: FakeElectron['notifications'][number];
    constructor(opts: NotificationConstructorOptions) {
      super();
      this.record = { options: opts, shown: false, emitter: this.emitter };
      notifications.push(this.record);
    }
    show(): void {
      this.record.shown = true;
    }
    close(): void {
      this.emit('close');
    }
  }

  const opened: string[] = [];
  const dialogs: MessageBoxOptions[] = [];
  const errorBoxes: { title: string; content: string }[] = [];
  const saveDialogs: SaveDialogOptions[] = [];
  const openDialogs: OpenDialogOptions[] = [];
  const parents = new WeakMap<object, FakeBrowserWindow>();
  const shellCalls: FakeElectron['shellCalls'] = [];
  /**
   * Electron's dialog overloads: (window, options) or (options). Not before ready; a parent must be a live window.
   * Records the options (and the parent) and returns them.
   */
  const dialogCall = <O extends object>(
    name: string,
    windowOrOptions: FakeBrowserWindow | O,
    maybeOptions: O | undefined,
    into: O[],
  ): O => {
    if (!ready) throw new Error(`dialog.${name}: the app is not ready`);
    let opts: O;
    if (maybeOptions === undefined) {
      opts = windowOrOptions as O;
    } else {
      const parent = windowOrOptions;
      if (!(parent instanceof FakeBrowserWindow)) throw new TypeError(`dialog.${name}: Invalid window`);
      if (parent.isDestroyed()) throw destroyedError();
      opts = maybeOptions;
      parents.set(opts, parent);
    }
    into.push(opts);
    return opts;
  };
  const permission: FakeElectron['permission'] = {};
  const powerMonitor = new Emitter();

  const inside = (r: Rectangle, d: Display): number => {
    const w = Math.min(r.x + r.width, d.bounds.x + d.bounds.width) - Math.max(r.x, d.bounds.x);
    const h = Math.min(r.y + r.height, d.bounds.y + d.bounds.height) - Math.max(r.y, d.bounds.y);
    return Math.max(0, w) * Math.max(0, h);
  };
  const screen = {
    getAllDisplays(): Display[] {
      if (!ready) throw new Error("The 'screen' module can't be used before the app 'ready' event");
      return structuredClone(displays);
    },
    getDisplayMatching(rect: Rectangle): Display {
      if (!ready) throw new Error("The 'screen' module can't be used before the app 'ready' event");
      const best = [...displays].sort((a, b) => inside(rect, b) - inside(rect, a))[0];
      if (!best) throw new Error('no display');
      return structuredClone(best);
    },
  };
  const nativeImage = {
    createFromPath(path: string): NativeImage {
      const image = {
        path,
        size: { width: 512, height: 512 },
        resize(o: { width: number; height: number }) {
          return { ...image, size: o };
        },
        isEmpty: () => false,
      };
      return image as unknown as NativeImage;
    },
  };

  const fake = {
    app,
    protocol,
    Menu,
    Tray: FakeTray,
    screen,
    displays,
    nativeImage,
    BrowserWindow: FakeBrowserWindow,
    Notification: FakeNotification as unknown as ShellElectron['Notification'],
    notifications,
    opened,
    dialogs,
    errorBoxes,
    saveDialogs,
    saveDialogAnswer: undefined as string | undefined,
    openDialogs,
    openDialogAnswer: undefined as string[] | undefined,
    messageBoxAnswer: (_options: MessageBoxOptions): number | Promise<number> => options.dialogResponse ?? 0,
    parentOf: (opts: object) => parents.get(opts),
    shellCalls,
    openPathResult: '',
    permission,
    powerMonitor,
    net: { isOnline: () => true },
    dialog: {
      async showMessageBox(
        windowOrOptions: FakeBrowserWindow | MessageBoxOptions,
        maybeOptions?: MessageBoxOptions,
      ): Promise<MessageBoxReturnValue> {
        const opts = dialogCall('showMessageBox', windowOrOptions, maybeOptions, dialogs);
        const response = await fake.messageBoxAnswer(opts);
        if (!Number.isInteger(response) || response < 0 || response >= (opts.buttons?.length ?? 1)) {
          throw new Error(`fake: no button ${response} in this message box`);
        }
        return { response, checkboxChecked: false };
      },
      showErrorBox(title: string, content: string): void {
        errorBoxes.push({ title, content });
      },
      async showSaveDialog(
        windowOrOptions: FakeBrowserWindow | SaveDialogOptions,
        maybeOptions?: SaveDialogOptions,
      ): Promise<SaveDialogReturnValue> {
        dialogCall('showSaveDialog', windowOrOptions, maybeOptions, saveDialogs);
        const answer = fake.saveDialogAnswer;
        return answer === undefined ? { canceled: true, filePath: '' } : { canceled: false, filePath: answer };
      },
      async showOpenDialog(
        windowOrOptions: FakeBrowserWindow | OpenDialogOptions,
        maybeOptions?: OpenDialogOptions,
      ): Promise<OpenDialogReturnValue> {
        const opts = dialogCall('showOpenDialog', windowOrOptions, maybeOptions, openDialogs);
        const answer = fake.openDialogAnswer;
        if (answer === undefined) return { canceled: true, filePaths: [] };
        const multi = opts.properties?.includes('multiSelections') ?? false;
        return { canceled: false, filePaths: structuredClone(multi ? answer : answer.slice(0, 1)) };
      },
    },
    shell: {
      async openExternal(url: string): Promise<void> {
        opened.push(url);
      },
      async openPath(target: string): Promise<string> {
        shellCalls.push({ api: 'openPath', path: target });
        return fake.openPathResult;
      },
      showItemInFolder(fullPath: string): void {
        shellCalls.push({ api: 'showItemInFolder', path: fullPath });
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler(handler: FakeElectron['permission']['request']) {
          permission.request = handler;
        },
        setPermissionCheckHandler(handler: FakeElectron['permission']['check']) {
          permission.check = handler;
        },
        webRequest: { onHeadersReceived: () => undefined },
      },
    },
  };
  return fake as unknown as FakeElectron;
}

/**
 * contextBridge.exposeInMainWorld as Electron does it: the main world gets a copy. Functions become proxies
 * (arguments and results copied again), plain objects and arrays are copied and frozen, other values are
 * structured-cloned; a key can be exposed once. `world` stands for the page's `window`.
 */
export function createFakeContextBridge(world: Record<string, unknown> = {}) {
  const copy = (value: unknown, depth: number): unknown => {
    if (depth > 1000) throw new Error('Object graph too deep to cross the context bridge');
    if (typeof value === 'function') {
      const fn = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        const result = fn(...args.map((a) => copy(a, 0)));
        // Promises (of any realm) cross as promises whose value is copied.
        if (typeof (result as { then?: unknown } | null)?.then === 'function') {
          return Promise.resolve(result).then((r) => copy(r, 0));
        }
        return copy(result, 0);
      };
    }
    if (Array.isArray(value)) return Object.freeze(value.map((v) => copy(v, depth + 1)));
    if (value !== null && typeof value === 'object') {
      // A plain object of any realm (the preload runs in its own context): its prototype is that realm's
      // Object.prototype, or null. Anything else (class instances, Dates, Maps) is structured-cloned.
      const proto = Object.getPrototypeOf(value) as object | null;
      if (proto !== null && Object.getPrototypeOf(proto) !== null) return structuredClone(value);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = copy(v, depth + 1);
      return Object.freeze(out);
    }
    return structuredClone(value);
  };
  return {
    world,
    exposeInMainWorld(key: string, api: unknown): void {
      if (key in world) throw new Error('Cannot bind an API on top of an existing property on the window object');
      world[key] = copy(api, 0);
    },
  };
}
