import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(ROOT, 'scripts/ensure-electron.mjs');
const ELECTRON_VERSION = (
  JSON.parse(readFileSync(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  }
).version;

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'ops-ensure-electron-'));
});
afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/**
 * Runs the pre-script as `npm start` would. The downloader is pointed at a closed port on loopback (port 9, discard)
 * and an empty cache, so the download fails fast and the same way whatever the network of the machine.
 */
function run(args: string[] = [], env: Record<string, string> = {}) {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const key of Object.keys(base)) {
    if (/^(electron_|npm_config_electron|npm_package_config_electron)/i.test(key)) delete base[key];
  }
  return spawnSync(process.execPath, [SCRIPT, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...base,
      ELECTRON_MIRROR: 'http://127.0.0.1:9/',
      electron_config_cache: path.join(scratch, 'cache'),
      ...env,
    },
    timeout: 60_000,
  });
}

describe('scripts/ensure-electron.mjs (prestart/predev/predemo)', () => {
  it('is the pre-script of start, dev and demo, and no postinstall (npm ci stays offline-safe)', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const name of ['prestart', 'predev', 'predemo']) {
      expect(pkg.scripts[name]).toBe('node scripts/ensure-electron.mjs');
    }
    expect(pkg.scripts.postinstall).toBeUndefined();
    expect(pkg.scripts.install).toBeUndefined();
  });

  it('when the download fails: one clear message with the routes around it, no stack trace, exit code 1', () => {
    const result = run();
    expect(result.status).toBe(1);
    const err = result.stderr;
    expect(err).toContain(`could not download the Electron ${ELECTRON_VERSION} binary`);
    // What failed: the URL it tried (the mirror honoured) and the installer's own reason.
    expect(err).toContain(`from:   http://127.0.0.1:9/v${ELECTRON_VERSION}/electron-v${ELECTRON_VERSION}-`);
    expect(err).toMatch(/reason: \S/);
    // The variables Electron's downloader honours, and the Node requirement.
    expect(err).toContain('ELECTRON_MIRROR=');
    expect(err).toContain('ELECTRON_GET_USE_PROXY=1 HTTPS_PROXY=');
    expect(err).toContain('ELECTRON_EXEC_PATH=');
    expect(err).toContain('Node.js 22.12 or newer');
    // The offline route names the exact cache file @electron/get looks for (under electron_config_cache).
    expect(err).toMatch(
      new RegExp(`${path.join(scratch, 'cache').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[0-9a-f]{64}/electron-v`),
    );
    // No stack trace reaches the user.
    expect(`${result.stdout}\n${err}`).not.toMatch(/^\s+at /m);
    expect(result.stdout).toContain('downloading it');
  });

  it('`npm start` runs it first and stops there with the message (electron-vite never starts)', () => {
    const base: Record<string, string | undefined> = { ...process.env };
    for (const key of Object.keys(base)) {
      if (/^(electron_|npm_)/i.test(key)) delete base[key];
    }
    const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['start'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...base, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: path.join(scratch, 'cache') },
      timeout: 60_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('could not download the Electron');
    expect(`${result.stdout}${result.stderr}`).not.toContain('Electron uninstall');
    expect(result.stdout).not.toMatch(/^> electron-vite preview/m);
  });

  it('does nothing when the binary is already installed (path.txt, dist/version and the executable)', () => {
    const dir = path.join(scratch, 'electron');
    const exe =
      process.platform === 'win32'
        ? 'electron.exe'
        : process.platform === 'darwin'
          ? 'Electron.app/Contents/MacOS/Electron'
          : 'electron';
    mkdirSync(path.dirname(path.join(dir, 'dist', exe)), { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ version: ELECTRON_VERSION }));
    writeFileSync(path.join(dir, 'path.txt'), exe);
    writeFileSync(path.join(dir, 'dist', 'version'), `v${ELECTRON_VERSION}`);
    writeFileSync(path.join(dir, 'dist', exe), '');
    const installed = run(['--electron-dir', dir]);
    expect(installed.status).toBe(0);
    expect(installed.stdout + installed.stderr).toBe('');

    // A binary of another version counts as missing: the installer is run (here: there is none → message, exit 1).
    writeFileSync(path.join(dir, 'dist', 'version'), 'v1.0.0');
    const stale = run(['--electron-dir', dir]);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('install.js is missing');
  });

  it('without the electron package (no npm ci yet) it says so, exit code 1', () => {
    const result = run(['--electron-dir', path.join(scratch, 'no-such-dir')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('run `npm ci` first');
  });

  it('honours ELECTRON_EXEC_PATH (what electron-vite runs) and names a wrong one', () => {
    const exe = path.join(scratch, 'my-electron');
    writeFileSync(exe, '');
    expect(run([], { ELECTRON_EXEC_PATH: exe }).status).toBe(0);
    const wrong = run([], { ELECTRON_EXEC_PATH: path.join(scratch, 'nothing-here') });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('ELECTRON_EXEC_PATH is set to');
  });
});
