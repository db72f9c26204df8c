import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IPC_EVENTS_CHANNEL, IPC_INVOKE_CHANNEL } from '../../../src/shared/contract/channels';
import { startShell } from '../../../src/main/app/shell';
import { createFakeElectron, FakeBrowserWindow, FakeFrame, type FakeElectron } from './fake-electron';

let dir: string;
let mainDir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ops-shell-'));
  mainDir = path.join(dir, 'out/main');
  await mkdir(mainDir, { recursive: true });
  await mkdir(path.join(dir, 'out/renderer'), { recursive: true });
  await writeFile(path.join(dir, 'out/renderer/index.html'), '<!doctype html><title>frame</title>');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function boot(options: { argv?: string[]; singleInstance?: boolean } = {}) {
  const electron = createFakeElectron({
    userData: path.join(dir, 'userData'),
    ...(options.singleInstance === undefined ? {} : { singleInstance: options.singleInstance }),
  });
  const shell = startShell(electron, { argv: options.argv ?? ['electron', '.'], env: {}, mainDir });
  return { electron, shell };
}

async function quit(electron: FakeElectron, shell: ReturnType<typeof startShell>): Promise<void> {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
  electron.app.emit('before-quit', event);
  await shell.core()?.dispose();
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
      preload: path.join(dir, 'out/preload/index.js'),
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
    const event = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
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
});
