/**
 * Quitting with outbox items not yet sent (docs/outbox.md): the shell asks first (Quit | Cancel, Cancel default),
 * attached to the window; Cancel keeps the app running with nothing stopped, Quit stops the core and quits, and a
 * quit request while the question is open never opens a second one. The fake app runs Electron's quit sequence
 * (before-quit, close every window, will-quit). The count of unsent items is the core's `pendingOutbox()`, set
 * here on the live core object (the outbox itself is covered by the runbook tests).
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startShell } from '../../../src/main/app/shell';
import { createFakeElectron, FakeBrowserWindow, FakeTray } from './fake-electron';
import { useShellDir } from './shell-dir';

const tmp = useShellDir('ops-shell-quit-');

/** Lets the promise chain behind an answered box run (microtasks only, no timer): the operator's next click. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A message box answer the test gives later: the box stays open until then. */
function deferredAnswers() {
  const open: ((response: number) => void)[] = [];
  return {
    answer: () => new Promise<number>((resolve) => open.push(resolve)),
    give(response: number): void {
      const next = open.shift();
      if (!next) throw new Error('no message box is open');
      next(response);
    },
    get open(): number {
      return open.length;
    },
  };
}

async function started(pending: number, platform: NodeJS.Platform = 'linux') {
  const electron = createFakeElectron({ userData: path.join(tmp.dir, 'userData') });
  const shell = startShell(electron, {
    argv: ['electron', '.'],
    env: {},
    mainDir: tmp.mainDir,
    platform,
    processEvents: new EventEmitter(),
    resourcesPath: path.join(tmp.dir, 'resources'),
  });
  electron.app.makeReady();
  await shell.started;
  const core = shell.core();
  const win = FakeBrowserWindow.instances.at(-1);
  if (!core || !win) throw new Error('not started');
  await core.ready;
  win.emit('ready-to-show');
  const count = { pending, disposed: 0 };
  core.pendingOutbox = () => count.pending;
  const dispose = core.dispose.bind(core);
  core.dispose = () => {
    count.disposed += 1;
    return dispose();
  };
  const answers = deferredAnswers();
  electron.messageBoxAnswer = answers.answer;
  return { electron, shell, core, win, count, answers };
}

describe('quitting with unsent messages', () => {
  it('nothing unsent: quits at once, without asking', async () => {
    const { electron, count } = await started(0);
    electron.app.quit();
    await expect.poll(() => electron.app.quitted).toBe(true);
    expect(electron.dialogs).toEqual([]);
    expect(count.disposed).toBe(1);
  });

  it('unsent + Cancel: the quit is cancelled and nothing is stopped; the next quit asks again, Quit quits', async () => {
    const { electron, win, count, answers } = await started(3);
    electron.app.quit();
    await expect.poll(() => answers.open).toBe(1);
    const box = electron.dialogs[0];
    expect(box).toMatchObject({
      type: 'warning',
      message: '3 messages have not been sent yet. Quit anyway?',
      buttons: ['Quit', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
    });
    expect(electron.parentOf(box ?? {})).toBe(win);
    answers.give(1);
    await settle();
    // The operator quits again later: a new question (the first was answered, and nothing was stopped).
    electron.app.quit();
    await expect.poll(() => answers.open).toBe(1);
    expect(electron.dialogs).toHaveLength(2);
    expect(electron.app.quitted).toBe(false);
    expect(count.disposed).toBe(0);
    expect(win.isDestroyed()).toBe(false);
    expect(FakeTray.instances[0]?.destroyed).toBe(false);

    answers.give(0);
    await expect.poll(() => electron.app.quitted).toBe(true);
    expect(count.disposed).toBe(1);
    expect(win.isDestroyed()).toBe(true);
    expect(electron.dialogs).toHaveLength(2); // Quit is not asked again by the quit it starts
  });

  it('a quit while the question is open opens no second one; Quit then quits once', async () => {
    const { electron, count, answers } = await started(1);
    electron.app.quit();
    FakeTray.instances[0]?.clickItem('Quit');
    electron.app.quit();
    await expect.poll(() => answers.open).toBe(1);
    expect(electron.dialogs).toHaveLength(1);
    expect(electron.dialogs[0]?.message).toBe('1 message has not been sent yet. Quit anyway?');
    expect(electron.app.quitted).toBe(false);
    answers.give(0);
    await expect.poll(() => electron.app.quitted).toBe(true);
    expect(electron.dialogs).toHaveLength(1);
    expect(count.disposed).toBe(1);
  });

  it('Linux/Windows: closing the window (which quits) asks first, attached to it; Cancel keeps it open', async () => {
    const { electron, win, count, answers } = await started(2);
    win.close();
    await expect.poll(() => answers.open).toBe(1);
    expect(electron.parentOf(electron.dialogs[0] ?? {})).toBe(win);
    expect(win.isDestroyed()).toBe(false);
    answers.give(1);
    await settle();
    win.close();
    await expect.poll(() => answers.open).toBe(1);
    expect(win.isDestroyed()).toBe(false);
    expect(count.disposed).toBe(0);
    answers.give(0);
    await expect.poll(() => electron.app.quitted).toBe(true);
    expect(win.isDestroyed()).toBe(true);
    expect(count.disposed).toBe(1);
    expect(electron.dialogs).toHaveLength(2);
  });

  it('macOS: closing the window does not quit, so it does not ask; Quit does, as a free dialog once hidden', async () => {
    const { electron, win, answers } = await started(2, 'darwin');
    win.close();
    expect(win.isDestroyed()).toBe(true);
    expect(electron.dialogs).toEqual([]);
    expect(electron.app.quitCalls).toBe(0);
    electron.app.quit();
    await expect.poll(() => answers.open).toBe(1);
    expect(electron.parentOf(electron.dialogs[0] ?? {})).toBeUndefined(); // no window to attach to
    answers.give(0);
    await expect.poll(() => electron.app.quitted).toBe(true);
  });

  it('kept running in the tray: closing hides the window without asking; a hidden window gets no sheet', async () => {
    const { electron, win, answers } = await started(2);
    const tray = FakeTray.instances[0];
    const label = 'Keep Running in the Tray When the Window Is Closed';
    await expect.poll(() => tray?.menu?.template.some((i) => i.label === label)).toBe(true);
    tray?.clickItem(label);
    win.close();
    expect(win.isDestroyed()).toBe(false);
    expect(win.shown).toBe(false);
    expect(electron.dialogs).toEqual([]);
    tray?.clickItem('Quit');
    await expect.poll(() => answers.open).toBe(1);
    expect(electron.parentOf(electron.dialogs[0] ?? {})).toBeUndefined();
    answers.give(0);
    await expect.poll(() => electron.app.quitted).toBe(true);
  });
});
