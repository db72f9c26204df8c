/**
 * A typed fake of the slices of Electron the shell and preload use, enforcing Electron's rules where a mistake
 * would only show on a machine with the real binary:
 * - app.enableSandbox and protocol.registerSchemesAsPrivileged only before `ready`; BrowserWindow and
 *   protocol.handle only after it; a scheme handled twice throws;
 * - ipcMain.handle twice for one channel throws ("Attempted to register a second handler");
 * - everything sent over IPC (send, invoke args and results) goes through structuredClone — a non-cloneable value
 *   throws a DataCloneError as in Electron;
 * - contextBridge.exposeInMainWorld copies values like Electron: functions, plain objects, arrays, primitives only,
 *   and each key once.
 */
import { EventEmitter } from 'node:events';
import type {
  BrowserWindowConstructorOptions,
  HandlerDetails,
  WindowOpenHandlerResponse,
  CustomScheme,
  IpcMainInvokeEvent,
  MessageBoxOptions,
  MessageBoxReturnValue,
  NotificationConstructorOptions,
} from 'electron';
import type { ShellElectron, WebContentsLike, WindowLike } from '../../../src/main/app/electron-types';
import type { FrameLike, IpcLike } from '../../../src/main/app/ipc';

type Listener = (...args: never[]) => unknown;

export class FakeFrame implements FrameLike {
  constructor(
    public origin: string,
    public processId = 1,
    public routingId = 1,
    public parent: FrameLike | null = null,
  ) {}
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

  /** What ipcRenderer.invoke does: clone the args in, run the handler, clone the result out. */
  async invoke(frame: FrameLike | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered for '${channel}'`);
    const cloned = structuredClone(args);
    const result = await handler({ senderFrame: frame } as Pick<IpcMainInvokeEvent, 'senderFrame'>, ...cloned);
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
  mainFrame: FakeFrame = new FakeFrame('app://ops', 1, this.id);
  readonly sent: { channel: string; args: unknown[] }[] = [];
  destroyed = false;
  windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | undefined;

  isDestroyed(): boolean {
    return this.destroyed;
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args: structuredClone(args) });
  }

  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }
}

export class FakeBrowserWindow extends Emitter implements WindowLike {
  static readonly instances: FakeBrowserWindow[] = [];
  static ready = () => false;
  readonly webContents = new FakeWebContents();
  loadedUrl: string | undefined;
  shown = false;
  destroyed = false;

  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    if (!FakeBrowserWindow.ready()) throw new Error('Cannot create BrowserWindow before app is ready');
    FakeBrowserWindow.instances.push(this);
  }

  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.shown = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  close(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

export interface FakeElectron extends ShellElectron {
  app: ShellElectron['app'] & {
    emit(event: string, ...args: unknown[]): boolean;
    readonly ready: boolean;
    makeReady(): void;
    quitCalls: number;
    sandboxEnabled: boolean;
  };
  protocol: ShellElectron['protocol'] & {
    handlers: Map<string, (request: Request) => Response | Promise<Response>>;
    privileged: CustomScheme[];
  };
  BrowserWindow: typeof FakeBrowserWindow;
  notifications: { options: NotificationConstructorOptions; shown: boolean; emitter: EventEmitter }[];
  opened: string[];
  dialogs: MessageBoxOptions[];
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
}): FakeElectron {
  let ready = false;
  let readyResolve: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => (readyResolve = resolve));
  FakeBrowserWindow.instances.length = 0;
  FakeBrowserWindow.ready = () => ready;

  class FakeApp extends Emitter {
    isPackaged = true;
    quitCalls = 0;
    sandboxEnabled = false;
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
    quit(): void {
      this.quitCalls += 1;
    }
    whenReady(): Promise<void> {
      return readyPromise;
    }
    getPath(name: string): string {
      if (name !== 'userData') throw new Error(`fake getPath(${name}) not supported`);
      return options.userData;
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

  const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  const privileged: CustomScheme[] = [];
  const protocol = {
    handlers: protocolHandlers,
    privileged,
    registerSchemesAsPrivileged(schemes: CustomScheme[]): void {
      if (ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
      privileged.push(...schemes);
    },
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
      if (!ready) throw new Error('protocol.handle can only be used after app is ready');
      if (protocolHandlers.has(scheme)) throw new Error(`The scheme "${scheme}" is already handled`);
      protocolHandlers.set(scheme, handler);
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
  const permission: FakeElectron['permission'] = {};
  const powerMonitor = new Emitter();

  const fake = {
    app,
    protocol,
    BrowserWindow: FakeBrowserWindow,
    Notification: FakeNotification as unknown as ShellElectron['Notification'],
    notifications,
    opened,
    dialogs,
    permission,
    powerMonitor,
    net: { isOnline: () => true },
    dialog: {
      async showMessageBox(opts: MessageBoxOptions): Promise<MessageBoxReturnValue> {
        dialogs.push(opts);
        return { response: options.dialogResponse ?? 0, checkboxChecked: false };
      },
    },
    shell: {
      async openExternal(url: string): Promise<void> {
        opened.push(url);
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
