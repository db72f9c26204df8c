import { EventEmitter } from 'node:events';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type * as CoreModule from '../../../src/main/core';
import type { CoreDeps } from '../../../src/main/core';
import { startShell } from '../../../src/main/app/shell';
import { createFakeElectron, FakeBrowserWindow, type FakeElectron } from './fake-electron';
import { useShellDir } from './shell-dir';

/**
 * The notification click path: the core (src/main/watch/notify.ts) shows a notification through the notifier the
 * shell gives it and, on click, calls `deps.focusWindow(roomId)`. A real notification needs live demo traffic on
 * the wall clock, so this test keeps the real core and records the deps the shell passes to it, then shows a
 * notification through that very notifier with the core's click action.
 */
const recorded = vi.hoisted(() => ({ deps: undefined as CoreDeps | undefined }));
vi.mock('../../../src/main/core', async (importOriginal) => {
  const actual = await importOriginal<typeof CoreModule>();
  return {
    ...actual,
    createCore: (deps: CoreDeps) => {
      recorded.deps = deps;
      return actual.createCore(deps);
    },
  };
});

const tmp = useShellDir('ops-shell-notify-');

async function start(platform: NodeJS.Platform) {
  const electron = createFakeElectron({ userData: path.join(tmp.dir, 'userData') });
  const shell = startShell(electron, {
    argv: ['electron', '.'],
    env: {},
    mainDir: tmp.mainDir,
    platform,
    processEvents: new EventEmitter(),
  });
  electron.app.makeReady();
  await shell.started;
  const core = shell.core();
  const deps = recorded.deps;
  if (!core || !deps?.notifier || !deps.focusWindow) throw new Error('shell did not start a core with a notifier');
  await core.ready;
  await core.handlers['session.startDemo'](undefined, { senderId: 'test' });
  let roomId: string | undefined;
  await expect
    .poll(
      async () => (roomId = (await core.handlers['rooms.snapshot'](undefined, { senderId: 't' })).data.rooms[0]?.id),
      { timeout: 15_000 },
    )
    .toBeTruthy();
  const openRoomId = async () => (await core.handlers['rooms.snapshot'](undefined, { senderId: 't' })).data.openRoomId;
  /** What notify.ts does: show through the shell's notifier; a click calls focusWindow with the space. */
  const notify = (id: string) => {
    const focusWindow = deps.focusWindow as (roomId?: string) => void;
    deps.notifier?.show(
      { id: `n-${id}`, title: 'CRITICAL in #noc', body: 'disk full', roomId: id, critical: true },
      () => focusWindow(id),
    );
    const shown = electron.notifications.at(-1);
    if (!shown?.shown) throw new Error('the notification was not shown');
    return shown;
  };
  return { electron, shell, core, roomId: roomId as string, openRoomId, notify };
}

async function quit(electron: FakeElectron, shell: ReturnType<typeof startShell>): Promise<void> {
  electron.app.emit('before-quit', { preventDefault: () => undefined });
  await shell.core()?.dispose();
}

describe('notification click (shell)', () => {
  it('macOS: clicked after the window was closed, it opens the window again and then the space', async () => {
    const { electron, shell, roomId, openRoomId, notify } = await start('darwin');
    const notification = notify(roomId);
    const first = FakeBrowserWindow.instances[0];
    first?.close();
    expect(electron.app.quitCalls).toBe(0); // macOS keeps running without a window
    expect(shell.window()).toBeUndefined();
    expect(await openRoomId()).toBeUndefined();

    notification.emitter.emit('click');
    expect(FakeBrowserWindow.instances).toHaveLength(2);
    const second = FakeBrowserWindow.instances[1];
    expect(shell.window()).toBe(second);
    // The space is not lost: the core records it, so the new window's first rooms snapshot carries it.
    await expect.poll(openRoomId).toBe(roomId);
    second?.emit('ready-to-show');
    expect(second?.shown).toBe(true);
    await quit(electron, shell);
  });

  it('with the window open (minimised), it restores and focuses it; the renderer opens the space', async () => {
    const { electron, shell, roomId, notify } = await start('linux');
    const win = FakeBrowserWindow.instances[0];
    win?.minimize();
    notify(roomId).emitter.emit('click');
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(win?.minimized).toBe(false);
    expect(win?.focused).toBe(true);
    await quit(electron, shell);
  });
});
