#!/usr/bin/env node
/**
 * Makes sure the Electron binary is present before `npm start`, `npm run dev` and `npm run demo`
 * (their pre-scripts). Since Electron 42 the `electron` package has no install script: the binary is downloaded by
 * the package's own installer (`node_modules/electron/install.js`), and electron-vite only reads
 * `node_modules/electron/path.txt`. This runs that installer when the binary is missing and, when the download
 * fails, prints one clear message (what failed and the routes around it) instead of a stack trace, and exits 1.
 *
 * Not a postinstall on purpose: `npm ci` must keep working where the download host is unreachable.
 *
 * Usage: node scripts/ensure-electron.mjs [--electron-dir <dir>]   (the option is for tests: another package dir)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const MIN_NODE = [22, 12];
const DEFAULT_MIRROR = 'https://github.com/electron/electron/releases/download/';

function electronDir() {
  const index = process.argv.indexOf('--electron-dir');
  if (index !== -1 && process.argv[index + 1]) return path.resolve(process.argv[index + 1]);
  const require = createRequire(import.meta.url);
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/** What node_modules/electron/install.js names the executable inside dist/ (its getPlatformPath). */
function platformPath(platform) {
  switch (platform) {
    case 'mas':
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'freebsd':
    case 'openbsd':
    case 'linux':
      return 'electron';
    case 'win32':
      return 'electron.exe';
    default:
      return undefined;
  }
}

/** The same test as install.js's isInstalled(), plus the executable electron-vite will run. */
function isInstalled(dir, version, platform) {
  const expected = platformPath(platform);
  if (!expected) return false;
  try {
    if (
      readFileSync(path.join(dir, 'dist', 'version'), 'utf8')
        .trim()
        .replace(/^v/, '') !== version
    )
      return false;
    if (readFileSync(path.join(dir, 'path.txt'), 'utf8') !== expected) return false;
  } catch {
    return false;
  }
  return existsSync(path.join(dir, 'dist', expected));
}

/** @electron/get reads its mirror settings from npm config, package config or ELECTRON_* variables. */
function mirrorVar(name, fallback) {
  const snake = name.replace(/([a-z])([A-Z])/g, (_, a, b) => `${a}_${b}`).toLowerCase();
  const env = process.env;
  return (
    env[`npm_config_electron_${name.toLowerCase()}`] ||
    env[`NPM_CONFIG_ELECTRON_${snake.toUpperCase()}`] ||
    env[`npm_config_electron_${snake}`] ||
    env[`npm_package_config_electron_${name}`] ||
    env[`npm_package_config_electron_${snake}`] ||
    env[`ELECTRON_${snake.toUpperCase()}`] ||
    fallback
  );
}

/** The default cache root of @electron/get (env-paths('electron', { suffix: '' }).cache). */
function defaultCacheRoot() {
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'electron');
  if (process.platform === 'win32') {
    return path.join(process.env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'electron', 'Cache');
  }
  return path.join(process.env.XDG_CACHE_HOME || path.join(home, '.cache'), 'electron');
}

/** Where the download comes from, and where a copy placed by hand is picked up offline (@electron/get's Cache). */
function artifact(version, platform, arch) {
  const fileName = mirrorVar('customFilename', `electron-v${version}-${platform}-${arch}.zip`);
  const url = `${mirrorVar('mirror', DEFAULT_MIRROR)}${mirrorVar('customDir', `v${version}`).replace(
    '{{ version }}',
    version,
  )}/${fileName}`;
  const parsed = new URL(url);
  parsed.hash = '';
  parsed.search = '';
  parsed.pathname = path.posix.dirname(parsed.pathname);
  const cacheDir = createHash('sha256').update(parsed.toString()).digest('hex');
  const cacheRoot = process.env.electron_config_cache || defaultCacheRoot();
  return { url, fileName, cachePath: path.join(cacheRoot, cacheDir, fileName) };
}

function nodeIsRecentEnough() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  return major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
}

/** The first line of the installer's error output that says what went wrong (no stack frames). */
function reasonFrom(stderr) {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('at '));
  return lines[0] ?? 'the installer exited without a message';
}

function main() {
  const override = process.env.ELECTRON_EXEC_PATH;
  if (override) {
    if (existsSync(override)) return 0;
    process.stderr.write(
      `ensure-electron: ELECTRON_EXEC_PATH is set to ${override}, but no file is there.\n` +
        'Unset it to use the Electron binary from node_modules/electron, or point it at an Electron executable.\n',
    );
    return 1;
  }

  const dir = electronDir();
  if (!dir || !existsSync(path.join(dir, 'package.json'))) {
    process.stderr.write('ensure-electron: the electron package is not installed: run `npm ci` first.\n');
    return 1;
  }
  const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const platform = process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || process.platform;
  const arch = process.env.ELECTRON_INSTALL_ARCH || process.env.npm_config_arch || process.arch;
  if (isInstalled(dir, version, platform)) return 0;

  process.stdout.write(`ensure-electron: the Electron ${version} binary is not installed yet; downloading it…\n`);
  const installer = path.join(dir, 'install.js');
  const result = existsSync(installer)
    ? spawnSync(process.execPath, [installer], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] })
    : { status: 1, stderr: `${installer} is missing (reinstall with npm ci)`, error: undefined };
  if (result.status === 0 && isInstalled(dir, version, platform)) {
    process.stdout.write(`ensure-electron: Electron ${version} installed.\n`);
    if (!nodeIsRecentEnough()) {
      process.stdout.write(
        `ensure-electron: note: running the app needs Node.js ${MIN_NODE.join('.')} or newer; this is Node ${process.versions.node}.\n`,
      );
    }
    return 0;
  }

  const reason = result.error ? String(result.error.message) : reasonFrom(result.stderr ?? '');
  const where = artifact(version, platform, arch);
  const nodeNote = nodeIsRecentEnough()
    ? `Running the app needs Node.js ${MIN_NODE.join('.')} or newer (this is Node ${process.versions.node}).`
    : `Running the app needs Node.js ${MIN_NODE.join('.')} or newer; this is Node ${process.versions.node}: upgrade Node first.`;
  process.stderr.write(
    [
      `ensure-electron: could not download the Electron ${version} binary (${platform}-${arch}).`,
      `  from:   ${where.url}`,
      `  reason: ${reason}`,
      'The app cannot start without it. Ways to get it:',
      '  - a mirror:  ELECTRON_MIRROR=https://<mirror>/electron/ npm start   (it must serve the identical zip:',
      '               the checksums are bundled with the electron package)',
      '  - a proxy:   ELECTRON_GET_USE_PROXY=1 HTTPS_PROXY=http://<proxy>:<port> npm start   (the downloader ignores',
      '               HTTPS_PROXY/NO_PROXY unless ELECTRON_GET_USE_PROXY is set)',
      `  - offline:   copy ${where.fileName} (downloaded elsewhere) to`,
      `               ${where.cachePath}`,
      '               (the cache root can be moved with electron_config_cache=<dir>) and run the command again',
      '  - a binary:  ELECTRON_EXEC_PATH=<path to an Electron executable> npm start',
      nodeNote,
      '',
    ].join('\n'),
  );
  return 1;
}

process.exitCode = main();
