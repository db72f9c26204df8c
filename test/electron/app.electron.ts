import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

test('the packaged-layout app starts, exposes only window.ops and shows the frame', async () => {
  const userData = await mkdtemp(path.join(tmpdir(), 'ops-electron-'));
  const app = await electron.launch({ args: [ROOT, `--user-data-dir=${userData}`], cwd: ROOT });
  const window = await app.firstWindow();
  await expect(window.getByRole('navigation', { name: 'Spaces' })).toBeVisible();
  expect(window.url()).toBe('app://ops/index.html');
  const globals = await window.evaluate(() => ({
    ops: typeof (window as unknown as { ops?: unknown }).ops,
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
  }));
  expect(globals).toEqual({ ops: 'object', require: 'undefined', process: 'undefined' });
  const info = await window.evaluate(() =>
    (window as unknown as { ops: { app: { info(): Promise<unknown> } } }).ops.app.info(),
  );
  expect(info).toMatchObject({ ok: true, value: { productName: 'Webex Ops Console' } });
  await app.close();
});

test('--demo opens the demo workspace', async () => {
  const userData = await mkdtemp(path.join(tmpdir(), 'ops-electron-'));
  const app = await electron.launch({ args: [ROOT, '--demo', `--user-data-dir=${userData}`], cwd: ROOT });
  const window = await app.firstWindow();
  await expect(window.getByText('Demo workspace').first()).toBeVisible({ timeout: 20_000 });
  await app.close();
});

test('a renderer crash reloads the window, which comes back with the frame', async () => {
  const userData = await mkdtemp(path.join(tmpdir(), 'ops-electron-'));
  const app = await electron.launch({ args: [ROOT, `--user-data-dir=${userData}`], cwd: ROOT });
  const window = await app.firstWindow();
  await expect(window.getByRole('navigation', { name: 'Spaces' })).toBeVisible();
  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.webContents.forcefullyCrashRenderer());
  await expect
    .poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.webContents.isCrashed()), {
      timeout: 20_000,
    })
    .toBe(false);
  const again = app.windows()[0] ?? (await app.firstWindow());
  await expect(again.getByRole('navigation', { name: 'Spaces' })).toBeVisible({ timeout: 20_000 });
  await app.close();
});

test('the application menu lists the window shortcuts and Export Diagnostics', async () => {
  const userData = await mkdtemp(path.join(tmpdir(), 'ops-electron-'));
  const app = await electron.launch({ args: [ROOT, `--user-data-dir=${userData}`], cwd: ROOT });
  await app.firstWindow();
  const labels = await app.evaluate(({ Menu }) => {
    const out: string[] = [];
    const walk = (items: Electron.MenuItem[]): void => {
      for (const item of items) {
        out.push(item.label);
        if (item.submenu) walk(item.submenu.items);
      }
    };
    walk(Menu.getApplicationMenu()?.items ?? []);
    return out;
  });
  expect(labels).toEqual(expect.arrayContaining(['Quick Switcher…', 'Export Diagnostics…', 'Keyboard Shortcuts']));
  await app.close();
});
