import { EventEmitter } from 'node:events';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IPC_EVENTS_CHANNEL, IPC_INVOKE_CHANNEL } from '../../../src/shared/contract/channels';
import { APP_ID } from '../../../src/main/app/identity';
import { startShell } from '../../../src/main/app/shell';
import type { MenuItemConstructorOptions } from 'electron';
import {
  createFakeElectron,
  fakeDisplay,
  FakeBrowserWindow,
  FakeFrame,
  FakeTray,
  type FakeElectron,
} from './fake-electron';
import { useShellDir } from './shell-dir';

const tmp = useShellDir('ops-shell-');

async function boot(
  options: {
    argv?: string[];
    singleInstance?: boolean;
    platform?: NodeJS.Platform;
    packaged?: boolean;
    env?: Record<string, string>;
  } = {},
) {
  const electron = createFakeElectron({
    userData: path.join(tmp.dir, 'userData'),
    ...(options.singleInstance === undefined ? {} : { singleInstance: options.singleInstance }),
    ...(options.packaged === undefined ? {} : { packaged: options.packaged }),
  });
  const processEvents = new EventEmitter();
  const shell = startShell(electron, {
    argv: options.argv ?? ['electron', '.'],
    env: options.env ?? {},
    mainDir: tmp.mainDir,
    platform: options.platform ?? 'linux',
    processEvents,
    resourcesPath: path.join(tmp.dir, 'resources'),
  });
  return { electron, shell, processEvents };
}

function onlyWindow(): FakeBrowserWindow {
  const win = FakeBrowserWindow.instances.at(-1);
  if (!win) throw new Error('no window');
  return win;
}

async function invoke(win: FakeBrowserWindow, frame: FakeFrame, channel: string, payload?: unknown) {
  return (await win.webContents.ipc.invoke(frame, IPC_INVOKE_CHANNEL, channel, payload)) as {
    ok: boolean;
    value?: unknown;
    error?: { kind: string };
  };
}

/** Starts the demo workspace and waits until its spaces are listed; returns one space id. */
async function demoRoom(shell: ReturnType<typeof startShell>): Promise<string> {
  const core = shell.core();
  if (!core) throw new Error('no core');
  await core.ready;
  await core.handlers['session.startDemo'](undefined, { senderId: 'test' });
  let id: string | undefined;
  await expect
    .poll(
      async () => {
        const snap = await core.handlers['rooms.snapshot'](undefined, { senderId: 'test' });
        id = snap.data.rooms[0]?.id;
        return id;
      },
      { timeout: 15_000 },
    )
    .toBeTruthy();
  return id as string;
}

async function openRoomId(shell: ReturnType<typeof startShell>): Promise<string | undefined> {
  const core = shell.core();
  if (!core) throw new Error('no core');
  return (await core.handlers['rooms.snapshot'](undefined, { senderId: 'test' })).data.openRoomId;
}

async function quit(electron: FakeElectron, shell: ReturnType<typeof startShell>): Promise<void> {
  electron.app.emit('before-quit', preventable({}));
  await shell.core()?.dispose();
}

/** An Electron event with the given fields that records whether a handler prevented its default. */
function preventable<T extends object>(fields: T): T & { prevented: boolean; preventDefault(): void } {
  return {
    ...fields,
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}

describe('Electron shell (with a fake electron enforcing its rules)', () => {
  it('enables the sandbox and registers app:// as privileged before ready, creates nothing until ready', async () => {
    const { electron, shell } = await boot();
    expect(electron.app.sandboxEnabled).toBe(true);
    expect(electron.protocol.privileged).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    electron.app.makeReady();
    await expect(shell.started).resolves.toBe('started');
    await quit(electron, shell);
  });

  it('creates one hardened window on app:// with the secure baseline and the built preload', async () => {
    const { electron, shell } = await boot();
    electron.app.makeReady();
    await shell.started;
    const [win] = FakeBrowserWindow.instances;
    expect(win?.loadedUrl).toBe('app://ops/index.html');
    expect(win?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: path.join(tmp.dir, 'out/preload/index.js'),
    });
    expect(electron.permission.request).toBeTypeOf('function');
    expect(electron.permission.check).toBeTypeOf('function');
    win?.emit('ready-to-show');
    expect(win?.shown).toBe(true);
    await quit(electron, shell);
  });

  it('serves the renderer through the app:// handler with the CSP header', async () => {
    const { electron, shell } = await boot();
    electron.app.makeReady();
    await shell.started;
    const handler = electron.protocol.handlers.get('app');
    const res = await handler?.(new Request('app://ops/index.html'));
    expect(res?.status).toBe(200);
    expect(await res?.text()).toContain('<title>frame</title>');
    expect(res?.headers.get('content-security-policy')).toContain("script-src 'self'");
    await quit(electron, shell);
  });

  it('hardens every web contents created later (navigation blocked, window.open denied)', async () => {
    const { electron, shell } = await boot();
    electron.app.makeReady();
    await shell.started;
    const contents = new FakeBrowserWindow({}).webContents;
    electron.app.emit('web-contents-created', {}, contents);
    let prevented = false;
    contents.emit('will-navigate', { url: 'https://evil.example', preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await quit(electron, shell);
  });

  it('answers the window over IPC with the core, and streams event batches after app.ready', async () => {
    const { electron, shell } = await boot();
    electron.app.makeReady();
    await shell.started;
    const win = FakeBrowserWindow.instances[0];
    if (!win) throw new Error('no window');
    const frame = win.webContents.mainFrame;
    const info = (await win.webContents.ipc.invoke(frame, IPC_INVOKE_CHANNEL, 'app.info', undefined)) as {
      ok: boolean;
      value: { instanceId: string; productName: string; version: string };
    };
    expect(info.ok).toBe(true);
    expect(info.value.instanceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(info.value).toMatchObject({ productName: 'Webex Ops Console', version: '0.1.0' });

    const foreign = await win.webContents.ipc.invoke(
      new FakeFrame('https://evil.example', frame.processId, frame.routingId),
      IPC_INVOKE_CHANNEL,
      'app.info',
      undefined,
    );
    expect(foreign).toMatchObject({ ok: false, error: { kind: 'forbidden' } });

    expect(await win.webContents.ipc.invoke(frame, IPC_INVOKE_CHANNEL, 'app.ready', undefined)).toMatchObject({
      ok: true,
    });
    // Any state change now reaches the window as an event batch.
    await win.webContents.ipc.invoke(frame, IPC_INVOKE_CHANNEL, 'app.dismissWarning', { id: 'none' });
    await expect
      .poll(() => win.webContents.sent.filter((m) => m.channel === IPC_EVENTS_CHANNEL).length)
      .toBeGreaterThan(0);
    const batch = win.webContents.sent.find((m) => m.channel === IPC_EVENTS_CHANNEL)?.args[0] as { seq: number };
    expect(batch.seq).toBeGreaterThan(0);

    win.close();
    expect(win.webContents.ipc.handlers.size).toBe(0);
    await quit(electron, shell);
  });

  it('quits at once when another instance holds the lock', async () => {
    const { electron, shell } = await boot({ singleInstance: false });
    await expect(shell.started).resolves.toBe('secondInstance');
    expect(electron.app.quitCalls).toBe(1);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('before-quit waits for the core to stop, then quits', async () => {
    const { electron, shell } = await boot();
    electron.app.makeReady();
    await shell.started;
    const event = preventable({});
    electron.app.emit('before-quit', event);
    expect(event.prevented).toBe(true);
    await expect.poll(() => electron.app.quitCalls).toBe(1);
  });

  it('--demo starts the demo workspace through the same startDemo the sign-in screen uses', async () => {
    const { electron, shell } = await boot({ argv: ['electron', '.', '--demo'] });
    electron.app.makeReady();
    await shell.started;
    const core = shell.core();
    if (!core) throw new Error('no core');
    await expect
      .poll(
        async () => {
          const snap = await core.handlers['session.snapshot'](undefined, { senderId: 'test' });
          return snap.data.active?.demo ?? false;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    await quit(electron, shell);
  });

  it('a rejected loadURL at start shows a native error box and exits with a non-zero code', async () => {
    const { electron, shell } = await boot();
    FakeBrowserWindow.failNextLoad = { code: 'ERR_FILE_NOT_FOUND', errno: -6 };
    electron.app.makeReady();
    await shell.started;
    await expect.poll(() => electron.app.exitCode).toBe(1);
    expect(electron.errorBoxes).toHaveLength(1);
    expect(electron.errorBoxes[0]?.title).toContain('could not start');
    expect(electron.errorBoxes[0]?.content).toContain('ERR_FILE_NOT_FOUND');
    await shell.core()?.dispose();
  });

  it('an aborted load (a newer navigation replaced it) is not a start-up failure', async () => {
    const { electron, shell } = await boot();
    FakeBrowserWindow.failNextLoad = { code: 'ERR_ABORTED', errno: -3 };
    electron.app.makeReady();
    await expect(shell.started).resolves.toBe('started');
    await shell.core()?.ready;
    expect(electron.app.exitCode).toBeUndefined();
    expect(electron.errorBoxes).toEqual([]);
    await quit(electron, shell);
  });

  it('a throw during start-up shows a native error box and exits non-zero instead of hanging windowless', async () => {
    const { electron, shell } = await boot();
    electron.app.makeReady();
    // Something else already handles app:// when the shell gets to it: protocol.handle throws (as in Electron).
    electron.protocol.handle('app', () => new Response('squatter'));
    await expect(shell.started).resolves.toBe('failed');
    expect(electron.app.exitCode).toBe(1);
    expect(electron.errorBoxes[0]?.content).toContain('already handled');
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('a main-process error (uncaught exception, unhandled rejection) is logged and shown, and the app runs on', async () => {
    const { electron, shell, processEvents } = await boot();
    electron.app.makeReady();
    await shell.started;
    processEvents.emit('uncaughtException', new Error('boom in a timer'));
    await expect.poll(() => electron.dialogs.length).toBe(1);
    expect(electron.dialogs[0]).toMatchObject({ type: 'error' });
    const reference = /Reference: ([0-9a-f]+)/.exec(String(electron.dialogs[0]?.detail))?.[1];
    expect(reference).toBeDefined();
    processEvents.emit('unhandledRejection', new Error('late rejection'));
    expect(electron.app.exitCode).toBeUndefined();
    expect(electron.app.quitCalls).toBe(0);
    // The app still answers its window.
    const win = onlyWindow();
    expect((await invoke(win, win.webContents.mainFrame, 'app.info')).ok).toBe(true);
    await quit(electron, shell);
    const logDir = path.join(tmp.dir, 'userData', 'logs');
    const logs = await Promise.all((await readdir(logDir)).map((f) => readFile(path.join(logDir, f), 'utf8')));
    expect(logs.join('\n')).toContain(reference);
    expect(logs.join('\n')).toContain('late rejection');
  });

  it('a renderer crash reloads the window; the new page resynchronises, the dead frame is refused', async () => {
    const { electron, shell } = await boot();
    electron.app.makeReady();
    await shell.started;
    const win = onlyWindow();
    const before = win.webContents.mainFrame;
    expect((await invoke(win, before, 'app.ready')).ok).toBe(true);
    win.webContents.crash('crashed');
    expect(win.webContents.reloads).toBe(1);
    const after = win.webContents.mainFrame;
    expect(after.processId).not.toBe(before.processId);
    // A call still in flight from the dead renderer has no sender frame: refused.
    expect(await invoke(win, before, 'app.info')).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    // The reloaded page announces itself and reads snapshots again; events flow to it.
    expect((await invoke(win, after, 'app.ready')).ok).toBe(true);
    expect((await invoke(win, after, 'app.snapshot')).ok).toBe(true);
    const sentBefore = win.webContents.sent.length;
    await invoke(win, after, 'app.dismissWarning', { id: 'none' });
    await expect.poll(() => win.webContents.sent.length).toBeGreaterThan(sentBefore);
    // A clean exit (the window is closing) is not a crash.
    win.webContents.crash('clean-exit', 0);
    expect(win.webContents.reloads).toBe(1);
    await quit(electron, shell);
  });

  it('a renderer that keeps crashing before it is ready is not reloaded forever: an error box instead', async () => {
    const { electron, shell } = await boot();
    electron.app.makeReady();
    await shell.started;
    const win = onlyWindow();
    for (let i = 0; i < 5; i += 1) win.webContents.crash('oom');
    expect(win.webContents.reloads).toBe(3);
    expect(electron.errorBoxes).toHaveLength(2);
    expect(electron.errorBoxes[0]?.content).toContain('could not be restored');
    await quit(electron, shell);
  });

  it('a call from a frame that navigated away is refused (senderFrame is null by then)', async () => {
    const { electron, shell } = await boot();
    electron.app.makeReady();
    await shell.started;
    const win = onlyWindow();
    const frame = win.webContents.mainFrame;
    frame.navigate();
    expect(await invoke(win, frame, 'app.info')).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await invoke(win, frame, 'app.ready')).toMatchObject({ ok: false });
    expect(win.webContents.sent).toEqual([]);
    await quit(electron, shell);
  });

  it('Windows: sets the AppUserModelID (the app id) before ready; other platforms do not', async () => {
    const win = await boot({ platform: 'win32' });
    expect(win.electron.app.appUserModelId).toBe(APP_ID);
    expect(win.electron.app.ready).toBe(false);
    const linux = await boot({ platform: 'linux' });
    expect(linux.electron.app.appUserModelId).toBeUndefined();
  });

  it('packaged: an application menu with the window shortcuts, no Reload or DevTools; dev keeps them', async () => {
    const roles = (items: MenuItemConstructorOptions[]): string[] =>
      items.flatMap((i) => [...(i.role ? [i.role] : []), ...(Array.isArray(i.submenu) ? roles(i.submenu) : [])]);
    const labels = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
      items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? labels(i.submenu) : [])]);

    const packaged = await boot({ packaged: true });
    packaged.electron.app.makeReady();
    await packaged.shell.started;
    const menu = packaged.electron.Menu.application;
    if (!menu) throw new Error('no application menu set');
    expect(roles(menu.template)).not.toContain('reload');
    expect(roles(menu.template)).not.toContain('forceReload');
    expect(roles(menu.template)).not.toContain('toggleDevTools');
    expect(roles(menu.template)).toEqual(expect.arrayContaining(['copy', 'paste', 'quit']));
    const switcher = labels(menu.template).find((i) => i.accelerator === 'CmdOrCtrl+K');
    expect(switcher?.label).toBe('Quick Switcher…');
    // On Linux/Windows the key goes straight to the page; the menu item sends the same key when clicked.
    expect(switcher?.registerAccelerator).toBe(false);
    (switcher?.click as (() => void) | undefined)?.();
    expect(onlyWindow().webContents.inputs).toEqual([
      { type: 'keyDown', keyCode: 'K', modifiers: ['control'] },
      { type: 'keyUp', keyCode: 'K', modifiers: ['control'] },
    ]);
    expect(labels(menu.template).map((i) => i.accelerator)).toEqual(
      expect.arrayContaining(['Alt+Up', 'Alt+Down', 'Alt+Shift+Up', 'Alt+Shift+Down', 'CmdOrCtrl+/']),
    );
    await quit(packaged.electron, packaged.shell);

    const dev = await boot({ packaged: false });
    dev.electron.app.makeReady();
    await dev.shell.started;
    expect(roles(dev.electron.Menu.application?.template ?? [])).toEqual(
      expect.arrayContaining(['reload', 'toggleDevTools']),
    );
    await quit(dev.electron, dev.shell);
  });

  it('a second launch with a webex-ops://room/<id> link focuses this instance and opens the space', async () => {
    const { electron, shell } = await boot({ platform: 'darwin' });
    electron.app.makeReady();
    await shell.started;
    const roomId = await demoRoom(shell);
    expect(electron.app.protocolClients).toEqual(['webex-ops']);
    const win = onlyWindow();
    win.close();
    electron.app.emit('second-instance', {}, ['/opt/app/webex-ops-console', `webex-ops://room/${roomId}`], '/');
    expect(FakeBrowserWindow.instances).toHaveLength(2);
    await expect.poll(() => openRoomId(shell)).toBe(roomId);
    // A malformed or foreign link opens nothing; the window is just brought forward.
    electron.app.emit('second-instance', {}, ['x', 'webex-ops://room/../../etc'], '/');
    electron.app.emit('second-instance', {}, ['x', 'https://evil.example/room/abc'], '/');
    expect(FakeBrowserWindow.instances).toHaveLength(2);
    expect(await openRoomId(shell)).toBe(roomId);
    await quit(electron, shell);
  });

  it('macOS open-url before ready is remembered and opened once the app has started', async () => {
    const { electron, shell } = await boot({ platform: 'darwin' });
    let prevented = false;
    electron.app.emit('open-url', { preventDefault: () => (prevented = true) }, 'webex-ops://room/not-yet-known');
    expect(prevented).toBe(true);
    electron.app.makeReady();
    await shell.started;
    // No session yet: the space cannot be opened, which is logged, not thrown.
    await shell.core()?.ready;
    expect(electron.app.exitCode).toBeUndefined();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    await quit(electron, shell);
  });

  it('quits even when stopping the core rejects (logged, not left unhandled)', async () => {
    const { electron, shell } = await boot();
    electron.app.makeReady();
    await shell.started;
    const core = shell.core();
    if (!core) throw new Error('no core');
    const realDispose = core.dispose.bind(core);
    core.dispose = async () => {
      await realDispose();
      throw new Error('dispose failed');
    };
    electron.app.emit('before-quit', { preventDefault: () => undefined });
    await expect.poll(() => electron.app.quitCalls).toBe(1);
  });

  it('dev: the renderer comes from the dev server, whose full reload is not blocked', async () => {
    const { electron, shell } = await boot({
      packaged: false,
      env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' },
    });
    electron.app.makeReady();
    await shell.started;
    const win = onlyWindow();
    expect(win.loadedUrl).toBe('http://localhost:5173');
    electron.app.emit('web-contents-created', {}, win.webContents);
    const reload = preventable({ url: 'http://localhost:5173/', isMainFrame: true });
    win.webContents.emit('will-navigate', reload);
    expect(reload.prevented).toBe(false);
    const away = preventable({ url: 'https://evil.example/', isMainFrame: true });
    win.webContents.emit('will-navigate', away);
    expect(away.prevented).toBe(true);
    await quit(electron, shell);
  });

  it('registerSchemesAsPrivileged is called once (Electron refuses a second call)', async () => {
    const { electron } = await boot();
    expect(() => electron.protocol.registerSchemesAsPrivileged([{ scheme: 'other' }])).toThrow(/only be called once/);
  });

  it('remembers size, position and maximised state per display across restarts', async () => {
    const first = await boot();
    first.electron.displays.push(fakeDisplay(2, 1920, 0, 2560, 1440));
    first.electron.app.makeReady();
    await first.shell.started;
    const win = onlyWindow();
    expect(win.options.x).toBeUndefined(); // first start: default size, centred
    expect(win.options.width).toBe(1280);
    win.setBounds({ x: 2100, y: 120, width: 1500, height: 1000 });
    win.maximize();
    await quit(first.electron, first.shell);

    const second = await boot();
    second.electron.displays.push(fakeDisplay(2, 1920, 0, 2560, 1440));
    second.electron.app.makeReady();
    await second.shell.started;
    const again = onlyWindow();
    expect(again.options).toMatchObject({ x: 2100, y: 120, width: 1500, height: 1000 });
    expect(again.maximized).toBe(false); // maximised when first painted, not while hidden
    again.emit('ready-to-show');
    expect(again.maximized).toBe(true);
    // Back on the laptop display alone, a placement on it is remembered separately.
    again.close();
    await quit(second.electron, second.shell);

    const third = await boot();
    third.electron.app.makeReady();
    await third.shell.started;
    expect(onlyWindow().options.x).toBeUndefined(); // the big monitor is gone: nothing off-screen
    await quit(third.electron, third.shell);
  });

  it('tray: counts in the tooltip, pause/resume notifications, and close hides to the tray when enabled', async () => {
    const { electron, shell } = await boot();
    electron.app.makeReady();
    await shell.started;
    const tray = FakeTray.instances[0];
    if (!tray) throw new Error('no tray');
    // Packaged: the icon electron-builder copies to the resources folder (extraResources).
    expect(tray.image).toMatchObject({ path: path.join(tmp.dir, 'resources/icon.png') });
    await expect.poll(() => tray.toolTip).toMatch(/^Webex Ops Console — /);
    // Not signed in: pausing notifications is offered but disabled.
    await expect.poll(() => tray.menu?.template.find((i) => i.label?.startsWith('Pause'))?.enabled).toBe(false);
    await demoRoom(shell);
    await expect.poll(() => tray.menu?.template.find((i) => i.label?.startsWith('Pause'))?.enabled).toBe(true);

    tray.clickItem('Pause Notifications for 1 Hour');
    const core = shell.core();
    await expect
      .poll(async () => (await core?.handlers['rules.snapshot'](undefined, { senderId: 't' }))?.data.dnd.until)
      .toBeTruthy();
    await expect.poll(() => tray.toolTip).toContain('notifications paused');
    await expect.poll(() => tray.menu?.template.some((i) => i.label === 'Resume Notifications')).toBe(true);
    tray.clickItem('Resume Notifications');
    await expect.poll(() => tray.toolTip).not.toContain('notifications paused');

    // Off by default: closing the window closes it.
    const label = 'Keep Running in the Tray When the Window Is Closed';
    expect(tray.menu?.template.find((i) => i.label === label)?.checked).toBe(false);
    tray.clickItem(label);
    await expect.poll(() => tray.menu?.template.find((i) => i.label === label)?.checked).toBe(true);
    const win = onlyWindow();
    win.close();
    expect(win.isDestroyed()).toBe(false);
    expect(win.shown).toBe(false);
    expect(electron.app.quitCalls).toBe(0);
    tray.emit('click');
    expect(win.shown).toBe(true);
    // Linux has no login items Electron can set: no such entry.
    expect(tray.menu?.template.some((i) => i.label === 'Start at Login')).toBe(false);
    tray.clickItem('Quit');
    expect(electron.app.quitCalls).toBe(1);
    await quit(electron, shell);
    expect(tray.destroyed).toBe(true);
  });

  it('tray: start at login (Windows, macOS) goes to the OS login items', async () => {
    const { electron, shell } = await boot({ platform: 'win32' });
    electron.app.makeReady();
    await shell.started;
    const tray = FakeTray.instances[0];
    await expect.poll(() => tray?.menu?.template.find((i) => i.label === 'Start at Login')?.checked).toBe(false);
    tray?.clickItem('Start at Login');
    expect(electron.app.openAtLogin).toBe(true);
    await expect.poll(() => tray?.menu?.template.find((i) => i.label === 'Start at Login')?.checked).toBe(true);
    await quit(electron, shell);
  });

  it('Export Diagnostics: the window asks over IPC (or the menu), main asks where and writes the folder', async () => {
    const { electron, shell } = await boot();
    electron.app.makeReady();
    await shell.started;
    const win = onlyWindow();
    const frame = win.webContents.mainFrame;
    // Cancelled in the save dialog: nothing written.
    expect(await invoke(win, frame, 'app.exportDiagnostics')).toEqual({ ok: true, value: { saved: false } });
    expect(electron.saveDialogs[0]?.defaultPath).toMatch(/-downloads\/webex-ops-diagnostics-/);

    const target = path.join(tmp.dir, 'exported');
    electron.saveDialogAnswer = target;
    expect(await invoke(win, frame, 'app.exportDiagnostics')).toEqual({ ok: true, value: { saved: true } });
    expect(electron.dialogs.at(-1)).toMatchObject({ message: 'Diagnostics exported.' });
    expect(electron.dialogs.at(-1)?.detail).toContain(target);
    // The same folder again: refused (never mixed with an existing folder), as a storage error.
    expect(await invoke(win, frame, 'app.exportDiagnostics')).toMatchObject({ ok: false, error: { kind: 'storage' } });
    const names = await readdir(target);
    expect(names).toEqual(expect.arrayContaining(['README.txt', 'files.json', 'state.json', 'versions.json', 'logs']));
    const versions = JSON.parse(await readFile(path.join(target, 'versions.json'), 'utf8')) as Record<string, unknown>;
    expect(versions).toMatchObject({ app: { name: 'Webex Ops Console', version: '0.1.0', packaged: true } });
    const state = JSON.parse(await readFile(path.join(target, 'state.json'), 'utf8')) as Record<string, unknown>;
    expect(state).toMatchObject({ poll: { running: false }, session: { signedIn: false } });

    // The menu item runs the same export and confirms it.
    const items = (electron.Menu.application?.template ?? []).flatMap((i) =>
      Array.isArray(i.submenu) ? i.submenu : [],
    );
    const item = items.find((i) => i.label === 'Export Diagnostics…');
    electron.saveDialogAnswer = path.join(tmp.dir, 'exported-from-menu');
    const confirmations = () => electron.dialogs.filter((d) => d.message === 'Diagnostics exported.').length;
    const before = confirmations();
    (item?.click as (() => void) | undefined)?.();
    await expect.poll(confirmations).toBe(before + 1);
    expect(await readdir(path.join(tmp.dir, 'exported-from-menu'))).toContain('versions.json');
    await quit(electron, shell);
  });
});
