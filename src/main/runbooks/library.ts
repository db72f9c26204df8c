/**
 * The runbook folder: `runbooks/` in the data folder (identity-independent). Created with the shipped examples on
 * first run; every `*.yaml` file is parsed on its own. A broken file keeps its last good runbooks active and is
 * reported with file, line:column and schema path; the app never writes to an existing file. Changes are picked
 * up through a debounced `fs.watch`.
 */
import { promises as fsp, watch as fsWatch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Clock } from '../clock';
import type { Logger } from '../log/types';
import { EXAMPLE_FILES } from './examples';
import { checkFileSize, MAX_FILE_BYTES, parseRunbookText, type FileProblem, type LoadedRunbook } from './parse';
import { MAX_RUNBOOKS_TOTAL, type TargetListSpec } from './schema';

export const RUNBOOKS_FOLDER = 'runbooks';
export const RELOAD_DEBOUNCE_MS = 300;

export interface FileState {
  /** 'runbooks/incident.yaml' */
  file: string;
  /** Runbooks in use from this file (its last good version when the current one is broken). */
  runbookIds: string[];
  problems: FileProblem[];
  /** True when the file on disk is broken and an earlier good version is still in use. */
  usingLastGood: boolean;
}

export interface LibrarySnapshot {
  runbooks: LoadedRunbook[];
  /** Target lists by name, with the file that defined them. */
  targets: Map<string, { spec: TargetListSpec; file: string }>;
  files: FileState[];
}

export interface RunbookLibraryOptions {
  /** The data folder; runbooks live in `<dataDir>/runbooks`. */
  dataDir: string;
  clock: Clock;
  logger: Logger;
  debounceMs?: number;
  /** Write the example files when the folder does not exist yet (default true). */
  seedExamples?: boolean;
  onChange?: (snapshot: LibrarySnapshot) => void;
}

interface Entry {
  good?: { runbooks: LoadedRunbook[]; targets: Record<string, TargetListSpec> };
  problems: FileProblem[];
}

export class RunbookLibrary {
  readonly folder: string;
  private readonly entries = new Map<string, Entry>();
  private current: LibrarySnapshot = { runbooks: [], targets: new Map(), files: [] };
  private watcher: FSWatcher | undefined;
  private debounce: AbortController | undefined;
  private reloading: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(private readonly options: RunbookLibraryOptions) {
    this.folder = path.join(options.dataDir, RUNBOOKS_FOLDER);
  }

  snapshot(): LibrarySnapshot {
    return this.current;
  }

  get(id: string): LoadedRunbook | undefined {
    return this.current.runbooks.find((r) => r.spec.id === id);
  }

  /** Seeds the examples on first run, loads every file and starts watching the folder. */
  async start(): Promise<void> {
    await this.seed();
    await this.reload();
    this.watch();
  }

  private async seed(): Promise<void> {
    if (this.options.seedExamples === false) return;
    try {
      await fsp.access(this.folder);
      return;
    } catch {
      // missing: first run
    }
    try {
      await fsp.mkdir(this.folder, { recursive: true });
      for (const [name, text] of Object.entries(EXAMPLE_FILES)) {
        // 'wx': never replace a file someone created meanwhile.
        await fsp.writeFile(path.join(this.folder, name), text, { flag: 'wx' }).catch(() => undefined);
      }
      this.options.logger.info('runbook examples written', { files: Object.keys(EXAMPLE_FILES).length });
    } catch (e) {
      this.options.logger.warn('could not create the runbooks folder', { error: e });
    }
  }

  private watch(): void {
    try {
      this.watcher = fsWatch(this.folder, { persistent: false }, () => this.schedule());
      this.watcher.on('error', (e) => this.options.logger.warn('runbooks folder watch failed', { error: e }));
    } catch (e) {
      this.options.logger.warn('cannot watch the runbooks folder', { error: e });
    }
  }

  /** Debounced reload (file watch events come in bursts while an editor saves). */
  schedule(): void {
    if (this.disposed) return;
    this.debounce?.abort();
    const controller = new AbortController();
    this.debounce = controller;
    this.options.clock.sleep(this.options.debounceMs ?? RELOAD_DEBOUNCE_MS, controller.signal).then(
      () => {
        if (this.debounce === controller) this.debounce = undefined;
        void this.reload();
      },
      () => undefined,
    );
  }

  /** Reads the folder again (one reload at a time). */
  reload(): Promise<void> {
    this.reloading = this.reloading
      .then(() => this.reloadNow())
      .catch((e: unknown) => {
        this.options.logger.error('reloading runbooks failed', { error: e });
      });
    return this.reloading;
  }

  private async reloadNow(): Promise<void> {
    if (this.disposed) return;
    let names: string[];
    try {
      names = (await fsp.readdir(this.folder)).filter((n) => /\.ya?ml$/i.test(n)).sort();
    } catch {
      names = [];
    }
    for (const known of [...this.entries.keys()]) {
      if (!names.includes(known)) this.entries.delete(known);
    }
    for (const name of names) {
      const file = `${RUNBOOKS_FOLDER}/${name}`;
      const entry = this.entries.get(name) ?? { problems: [] };
      const outcome = await this.readOne(file, path.join(this.folder, name));
      if (outcome.ok) {
        entry.good = { runbooks: outcome.value.runbooks, targets: outcome.value.targets };
        entry.problems = [];
      } else {
        entry.problems = outcome.problems;
        this.options.logger.warn('runbook file has problems', { file, problems: outcome.problems.length });
      }
      this.entries.set(name, entry);
    }
    this.rebuild();
  }

  private async readOne(file: string, absolute: string): Promise<ReturnType<typeof parseRunbookText>> {
    try {
      const stat = await fsp.stat(absolute);
      const tooBig = checkFileSize(file, stat.size);
      if (tooBig) return { ok: false, problems: [tooBig] };
      const handle = await fsp.open(absolute, 'r');
      let text: string;
      try {
        // Never more than the limit, even if the file grew after stat.
        const buffer = Buffer.alloc(Math.min(stat.size, MAX_FILE_BYTES) + 1);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        const again = checkFileSize(file, bytesRead);
        if (again) return { ok: false, problems: [again] };
        text = buffer.subarray(0, bytesRead).toString('utf8');
      } finally {
        await handle.close();
      }
      return parseRunbookText(file, text);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      return {
        ok: false,
        problems: [{ file, line: 1, column: 1, path: '', message: `could not read the file (${String(code ?? e)})` }],
      };
    }
  }

  private rebuild(): void {
    const runbooks: LoadedRunbook[] = [];
    const targets = new Map<string, { spec: TargetListSpec; file: string }>();
    const files: FileState[] = [];
    const ids = new Set<string>();
    for (const [name, entry] of [...this.entries.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const file = `${RUNBOOKS_FOLDER}/${name}`;
      const problems = [...entry.problems];
      const used: string[] = [];
      for (const rb of entry.good?.runbooks ?? []) {
        if (ids.has(rb.spec.id)) {
          problems.push({
            file,
            line: 1,
            column: 1,
            path: 'runbooks',
            message: `runbook id "${rb.spec.id}" is already defined in another file; this one is ignored`,
          });
          continue;
        }
        if (runbooks.length >= MAX_RUNBOOKS_TOTAL) {
          problems.push({
            file,
            line: 1,
            column: 1,
            path: 'runbooks',
            message: `refused: more than ${MAX_RUNBOOKS_TOTAL} runbooks in the folder`,
          });
          break;
        }
        ids.add(rb.spec.id);
        runbooks.push(rb);
        used.push(rb.spec.id);
      }
      for (const [list, spec] of Object.entries(entry.good?.targets ?? {})) {
        if (!targets.has(list)) targets.set(list, { spec, file });
      }
      files.push({
        file,
        runbookIds: used,
        problems,
        usingLastGood: entry.problems.length > 0 && entry.good !== undefined,
      });
    }
    this.current = { runbooks, targets, files };
    this.options.onChange?.(this.current);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.debounce?.abort();
    this.watcher?.close();
    await this.reloading;
  }
}
