/**
 * The file dialogs and file-manager calls the shell gives the core (src/main/app/files.ts): "Save as…" for a
 * message file, the audit CSV export, the composer's attachment and "Reveal runbook folder" — through the real
 * core, signed in to the simulator over loopback HTTP, with the window calling over IPC. Chosen paths stay in main.
 */
import { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PickedFileView } from '../../../src/shared/contract/channels';
import { IPC_INVOKE_CHANNEL } from '../../../src/shared/contract/channels';
import { AppFailure } from '../../../src/main/errors';
import { createChooseSavePath, createRevealPath, createSaveTextFile } from '../../../src/main/app/files';
import { startShell } from '../../../src/main/app/shell';
import { startSimulator, type Simulator } from '../../../src/sim';
import { createFakeElectron, FakeBrowserWindow, type FakeElectron } from './fake-electron';

let dir: string;
let mainDir: string;
let sim: Simulator | undefined;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ops-shell-files-'));
  mainDir = path.join(dir, 'out/main');
  await mkdir(mainDir, { recursive: true });
  await mkdir(path.join(dir, 'out/renderer'), { recursive: true });
  await writeFile(path.join(dir, 'out/renderer/index.html'), '<!doctype html><title>frame</title>');
});

afterEach(async () => {
  await sim?.close();
  sim = undefined;
  await rm(dir, { recursive: true, force: true });
});

type Result = { ok: boolean; value?: unknown; error?: { kind: string; message: string } };

/** Starts the shell on the fake electron, signed in (environment token) to a simulator; the window is shown. */
async function signedIn() {
  sim = await startSimulator({ port: 0 });
  const electron = createFakeElectron({ userData: path.join(dir, 'userData') });
  // The simulator is a non-default API host: the shell asks first (Cancel | Continue); this answers Continue.
  electron.messageBoxAnswer = () => 1;
  const shell = startShell(electron, {
    argv: ['electron', '.'],
    env: { WEBEX_ACCESS_TOKEN: sim.control.issueToken('operator'), WEBEX_API_BASE_URL: sim.baseUrl },
    mainDir,
    platform: 'linux',
    processEvents: new EventEmitter(),
    resourcesPath: path.join(dir, 'resources'),
  });
  electron.app.makeReady();
  await shell.started;
  const core = shell.core();
  if (!core) throw new Error('no core');
  await core.ready;
  const win = FakeBrowserWindow.instances.at(-1);
  if (!win) throw new Error('no window');
  win.emit('ready-to-show');
  const invoke = async (channel: string, payload?: unknown): Promise<Result> =>
    (await win.webContents.ipc.invoke(win.webContents.mainFrame, IPC_INVOKE_CHANNEL, channel, payload)) as Result;
  const identity = await invoke('session.useEnvToken');
  if (!identity.ok) throw new Error(`sign-in failed: ${JSON.stringify(identity.error)}`);
  return { electron, shell, win, invoke };
}

async function quitAndWait(electron: FakeElectron): Promise<void> {
  electron.app.quit();
  await expect.poll(() => electron.app.quitted).toBe(true);
}

describe('shell: files and folders for the core (fake electron, real core and simulator)', () => {
  it('Save as: the message file is written where the save dialog says, attached to the window; Cancel writes nothing', async () => {
    const { electron, win, invoke } = await signedIn();
    const room = sim?.control.rooms('operator')[0];
    if (!room || !sim) throw new Error('no space');
    const posted = sim.control.post('operator', {
      roomId: room.id,
      text: 'the log',
      files: [{ name: 'db-7.log', contentType: 'text/plain', data: 'line 1\nline 2\n' }],
    });
    const ref = posted.files?.[0]?.split('/').pop();
    if (!ref) throw new Error('no file ref');

    expect(await invoke('files.saveAs', { ref })).toEqual({ ok: true, value: { saved: false } });
    const asked = electron.saveDialogs.at(-1);
    expect(asked?.defaultPath).toBe(path.join(`${path.join(dir, 'userData')}-downloads`, 'db-7.log'));
    expect(electron.parentOf(asked ?? {})).toBe(win);

    const target = path.join(dir, 'saved', 'db-7 copy.log');
    await mkdir(path.dirname(target));
    electron.saveDialogAnswer = target;
    expect(await invoke('files.saveAs', { ref })).toEqual({
      ok: true,
      value: { saved: true, name: 'db-7.log', bytes: 14 },
    });
    expect(await readFile(target, 'utf8')).toBe('line 1\nline 2\n');
    await quitAndWait(electron);
  });

  it('audit CSV export: written where chosen; Cancel saves nothing; an unwritable target is a storage error', async () => {
    const { electron, win, invoke } = await signedIn();
    expect(await invoke('audit.exportCsv', {})).toEqual({ ok: true, value: { saved: false, rows: 0 } });
    const asked = electron.saveDialogs.at(-1);
    expect(asked).toMatchObject({
      title: 'Export audit log',
      filters: [{ extensions: ['csv'] }, { extensions: ['*'] }],
    });
    expect(asked?.defaultPath).toMatch(/-downloads\/audit-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(electron.parentOf(asked ?? {})).toBe(win);

    const target = path.join(dir, 'audit.csv');
    electron.saveDialogAnswer = target;
    expect(await invoke('audit.exportCsv', {})).toMatchObject({ ok: true, value: { saved: true } });
    const csv = await readFile(target, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/,/); // the header row

    electron.saveDialogAnswer = path.join(dir, 'no-such-folder', 'audit.csv');
    const failed = await invoke('audit.exportCsv', {});
    expect(failed).toMatchObject({ ok: false, error: { kind: 'storage' } });
    expect(failed.error?.message).toContain('audit.csv could not be written');
    await quitAndWait(electron);
  });

  it("attachment: the open dialog's file reaches the window as name and size only, never its path", async () => {
    const { electron, win, invoke } = await signedIn();
    expect(await invoke('composer.pickFile')).toEqual({ ok: true, value: { picked: false } });
    expect(electron.openDialogs.at(-1)).toMatchObject({ properties: ['openFile'] });
    expect(electron.parentOf(electron.openDialogs.at(-1) ?? {})).toBe(win);

    const secretFolder = path.join(dir, 'private-folder');
    await mkdir(secretFolder);
    const file = path.join(secretFolder, 'runbook-notes.txt');
    await writeFile(file, 'twelve bytes');
    electron.openDialogAnswer = [file];
    const picked = await invoke('composer.pickFile');
    expect(picked).toMatchObject({ ok: true, value: { picked: true, file: { name: 'runbook-notes.txt', size: 12 } } });
    const view = (picked.value as { file: PickedFileView }).file;
    expect(Object.keys(view).sort()).toEqual(['contentType', 'fileId', 'name', 'size']);
    expect(JSON.stringify(picked)).not.toContain(secretFolder);
    expect(JSON.stringify(picked)).not.toContain(dir);
    await quitAndWait(electron);
  });

  it('Reveal runbook folder: the folder itself opens in the file manager', async () => {
    const { electron, win, invoke } = await signedIn();
    // The sign-in's confirmation (a non-default API host) was attached to the window too.
    const confirm = electron.dialogs.find((d) => d.type === 'warning');
    expect(confirm?.buttons).toHaveLength(2);
    expect(electron.parentOf(confirm ?? {})).toBe(win);
    expect(await invoke('runbooks.revealFolder')).toEqual({ ok: true, value: { revealed: true } });
    expect(electron.shellCalls).toEqual([{ api: 'openPath', path: path.join(dir, 'userData', 'runbooks') }]);
    await quitAndWait(electron);
  });
});

describe('file deps (src/main/app/files.ts) with the fake dialog and shell', () => {
  async function ready(): Promise<FakeElectron> {
    const electron = createFakeElectron({ userData: path.join(dir, 'userData') });
    electron.app.makeReady();
    return electron;
  }

  it('a suggested name never picks the folder, and a hidden window gets no dialog attached', async () => {
    const electron = await ready();
    const win = new FakeBrowserWindow({});
    const choose = createChooseSavePath({ dialog: electron.dialog, parent: () => win, downloads: () => '/dl' });
    electron.saveDialogAnswer = '/chosen/file.bin';
    expect(await choose('../../etc/passwd')).toBe('/chosen/file.bin');
    expect(electron.saveDialogs.at(-1)?.defaultPath).toBe(path.join('/dl', 'passwd'));
    expect(electron.parentOf(electron.saveDialogs.at(-1) ?? {})).toBeUndefined(); // not shown yet
    win.show();
    electron.saveDialogAnswer = undefined;
    expect(await choose('..')).toBeUndefined();
    expect(electron.saveDialogs.at(-1)?.defaultPath).toBe(path.join('/dl', 'download'));
    expect(electron.parentOf(electron.saveDialogs.at(-1) ?? {})).toBe(win);
    win.close();
    await choose('x.txt'); // the window is gone: a free dialog, not a destroyed parent
    expect(electron.parentOf(electron.saveDialogs.at(-1) ?? {})).toBeUndefined();
  });

  it('saveTextFile writes UTF-8 text and overwrites a file the operator chose to replace', async () => {
    const electron = await ready();
    const save = createSaveTextFile({ dialog: electron.dialog, downloads: () => dir });
    const target = path.join(dir, 'out.csv');
    await writeFile(target, 'old content that is longer');
    electron.saveDialogAnswer = target;
    expect(await save({ title: 'Export', defaultName: 'out.csv', content: 'a,b\n"é",2\n' })).toBe(true);
    expect(await readFile(target, 'utf8')).toBe('a,b\n"é",2\n');
    expect(electron.saveDialogs.at(-1)?.properties).toContain('showOverwriteConfirmation');
  });

  it('reveal: a file is shown selected in its folder; a folder that openPath cannot open falls back to that', async () => {
    const electron = await ready();
    const reveal = createRevealPath(electron.shell);
    const file = path.join(dir, 'a.yaml');
    await writeFile(file, 'x');
    await reveal(file);
    expect(electron.shellCalls).toEqual([{ api: 'showItemInFolder', path: file }]);
    electron.openPathResult = 'No application is registered as handling this file';
    await reveal(dir);
    expect(electron.shellCalls.slice(1)).toEqual([
      { api: 'openPath', path: dir },
      { api: 'showItemInFolder', path: dir },
    ]);
  });

  it('reveal: a missing path is notFound and a relative one invalidInput (typed, nothing opened)', async () => {
    const electron = await ready();
    const reveal = createRevealPath(electron.shell);
    await expect(reveal(path.join(dir, 'gone'))).rejects.toMatchObject({ name: 'AppFailure', kind: 'notFound' });
    const relative = reveal('runbooks');
    await expect(relative).rejects.toBeInstanceOf(AppFailure);
    await expect(relative).rejects.toMatchObject({ kind: 'invalidInput' });
    expect(electron.shellCalls).toEqual([]);
  });

  it('the fake is as strict as Electron: no dialog before ready, no destroyed parent', async () => {
    const electron = createFakeElectron({ userData: path.join(dir, 'userData') });
    await expect(electron.dialog.showOpenDialog({ properties: ['openFile'] })).rejects.toThrow(/not ready/);
    electron.app.makeReady();
    const win = new FakeBrowserWindow({});
    win.close();
    await expect(electron.dialog.showSaveDialog(win, {})).rejects.toThrow(/destroyed/);
    expect(await electron.dialog.showOpenDialog({})).toEqual({ canceled: true, filePaths: [] });
  });
});
