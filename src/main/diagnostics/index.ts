/**
 * "Export diagnostics…": a folder an operator can attach to a support ticket. Plain Node (no Electron): the shell
 * asks where to write it and passes versions and state readers in. What goes in:
 *
 * - `versions.json` — app, Electron, Chromium, Node, OS;
 * - `settings/` — every JSON document of the data folder (identities, per-identity state, desktop), redacted again
 *   with the secret registry and the sensitive-key rules of the logger (docs/security.md): tokens live in the
 *   keychain, but nothing that looks like one leaves;
 * - `logs/` — the newest log files (already redacted at the sink; redacted once more), the last `maxLogBytes` each;
 * - `state.json` — the poll state (and any other state reader given, e.g. the outbox);
 * - `files.json` — every file of the data folder with its size, no contents;
 * - `README.txt` — what the folder holds.
 *
 * Journals (`*.jsonl`) and anything not JSON are listed but never copied: they may hold message text.
 */
import { lstat, mkdir, open, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { redact, redactText, type SecretRegistry } from '../log';

export interface DiagnosticsVersions {
  app: { name: string; version: string; packaged: boolean };
  electron?: string;
  chromium?: string;
  node: string;
  v8?: string;
  os: { platform: string; release: string; arch: string };
}

export interface DiagnosticsOptions {
  /** The data folder (Electron: userData). */
  dataDir: string;
  /** The folder to create; it must not exist yet. */
  target: string;
  versions: DiagnosticsVersions;
  /** Named readers of live state (`poll`, `outbox`, …); a failing reader is recorded, not fatal. */
  state: Record<string, () => Promise<unknown>>;
  secrets?: SecretRegistry;
  /** Log folder, relative to dataDir. Default 'logs'. */
  logDir?: string;
  /** How much of each log file (its end) to copy. Default 2 MiB. */
  maxLogBytes?: number;
  /** How many of the newest log files. Default 5. */
  maxLogFiles?: number;
  /** Clock for the README's timestamp. */
  now?: () => number;
}

export interface DiagnosticsResult {
  target: string;
  files: string[];
}

interface DataFile {
  path: string;
  bytes: number;
  modified: string;
}

const MAX_LISTED_FILES = 5000;
const MAX_SETTINGS_BYTES = 1024 * 1024;

async function listFiles(root: string): Promise<DataFile[]> {
  const out: DataFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.length >= MAX_LISTED_FILES) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) {
        const stat = await lstat(full);
        out.push({
          path: path.relative(root, full).split(path.sep).join('/'),
          bytes: stat.size,
          modified: stat.mtime.toISOString(),
        });
      }
    }
  };
  await walk(root);
  return out;
}

/** The last `max` bytes of a file, starting at a line boundary when cut. */
async function tail(file: string, max: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - max);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const text = buffer.toString('utf8');
    if (start === 0) return text;
    const newline = text.indexOf('\n');
    return newline === -1 ? '' : text.slice(newline + 1);
  } finally {
    await handle.close();
  }
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export async function exportDiagnostics(options: DiagnosticsOptions): Promise<DiagnosticsResult> {
  const { dataDir, target, secrets } = options;
  const logDir = options.logDir ?? 'logs';
  const maxLogBytes = options.maxLogBytes ?? 2 * 1024 * 1024;
  const written: string[] = [];
  const put = async (relative: string, text: string): Promise<void> => {
    const file = path.join(target, relative);
    await mkdir(path.dirname(file), { recursive: true });
    // Everything written passes the text redactor last: registered secrets and bearer-shaped values are gone.
    await writeFile(file, redactText(text, secrets), { flag: 'wx' });
    written.push(relative);
  };

  await mkdir(path.dirname(target), { recursive: true });
  await mkdir(target); // fails if it exists: never mixes with or overwrites another folder

  await put('versions.json', json(options.versions));

  const files = await listFiles(dataDir);
  await put('files.json', json({ dataDir: '<userData>', count: files.length, files }));

  for (const f of files) {
    if (!f.path.endsWith('.json') || f.path.startsWith(`${logDir}/`) || f.bytes > MAX_SETTINGS_BYTES) continue;
    let value: unknown;
    try {
      value = JSON.parse(await readFile(path.join(dataDir, f.path), 'utf8')) as unknown;
    } catch (e) {
      value = { unreadable: e instanceof Error ? e.message : String(e) };
    }
    await put(`settings/${f.path}`, json(redact(value, secrets)));
  }

  const logs = files
    .filter((f) => f.path.startsWith(`${logDir}/`))
    .sort((a, b) => b.modified.localeCompare(a.modified))
    .slice(0, options.maxLogFiles ?? 5);
  for (const f of logs) {
    await put(`logs/${path.posix.basename(f.path)}`, await tail(path.join(dataDir, f.path), maxLogBytes));
  }

  const state = new Map<string, unknown>();
  for (const [name, read] of Object.entries(options.state)) {
    try {
      state.set(name, redact(await read(), secrets));
    } catch (e) {
      state.set(name, { unavailable: e instanceof Error ? e.message : String(e) });
    }
  }
  await put('state.json', json(Object.fromEntries(state)));

  const at = new Date((options.now ?? Date.now)()).toISOString();
  await put(
    'README.txt',
    [
      `${options.versions.app.name} ${options.versions.app.version} — diagnostics exported ${at}`,
      '',
      'versions.json  app, Electron, Chromium, Node and OS versions',
      'settings/      the JSON documents of the data folder, secrets removed',
      `logs/          the newest log files (last ${Math.round(maxLogBytes / 1024)} KiB each), redacted`,
      `state.json     live state: ${Object.keys(options.state).join(', ') || 'none'}`,
      'files.json     every file of the data folder with its size (no contents)',
      '',
      'Tokens and client secrets are kept in the OS keychain and are not part of this folder. Message text is',
      'not included (journals are listed in files.json only).',
      '',
    ].join('\n'),
  );
  return { target, files: written };
}
