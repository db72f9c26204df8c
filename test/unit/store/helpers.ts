import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LogFields, Logger } from '../../../src/main/log/types';
import { createNodeStoreFs, type StoreFs } from '../../../src/main/store';

export async function makeTempDir(prefix = 'ops-store-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

export type FsOp = keyof StoreFs;

export interface SpyFs extends StoreFs {
  /** Every call, in order, with its first path argument. */
  readonly calls: { op: FsOp; path: string }[];
  /** When set for an op, called before it runs: return an error to make the op fail with it. */
  readonly faults: Partial<Record<FsOp, (path: string) => Error | undefined>>;
  count(op: FsOp): number;
}

/** The real file system with a call log and injectable failures. */
export function spyFs(base: StoreFs = createNodeStoreFs()): SpyFs {
  const calls: { op: FsOp; path: string }[] = [];
  const faults: Partial<Record<FsOp, (path: string) => Error | undefined>> = {};
  const check = (op: FsOp, p: string): void => {
    calls.push({ op, path: p });
    const error = faults[op]?.(p);
    if (error) throw error;
  };
  return {
    calls,
    faults,
    count: (op) => calls.filter((c) => c.op === op).length,
    async readFile(p) {
      check('readFile', p);
      return base.readFile(p);
    },
    async readdir(p) {
      check('readdir', p);
      return base.readdir(p);
    },
    async exists(p) {
      check('exists', p);
      return base.exists(p);
    },
    async inspect(p) {
      check('inspect', p);
      return base.inspect(p);
    },
    async mkdirp(p) {
      check('mkdirp', p);
      return base.mkdirp(p);
    },
    async writeNewFileSynced(p, data) {
      check('writeNewFileSynced', p);
      return base.writeNewFileSynced(p, data);
    },
    async appendSynced(p, data) {
      check('appendSynced', p);
      return base.appendSynced(p, data);
    },
    async lastByte(p) {
      check('lastByte', p);
      return base.lastByte(p);
    },
    async rename(from, to) {
      check('rename', from);
      return base.rename(from, to);
    },
    async unlink(p) {
      check('unlink', p);
      return base.unlink(p);
    },
    async syncDir(p) {
      check('syncDir', p);
      return base.syncDir(p);
    },
  };
}

/** A Node-style error with a code, as fs would throw. */
export function fsError(code: string, message = code): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: ${message}`);
  error.code = code;
  return error;
}

export interface RecordedLog {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields: LogFields;
}

/** A logger that keeps every entry (bindings merged into fields). */
export function recordingLogger(): Logger & { entries: RecordedLog[] } {
  const entries: RecordedLog[] = [];
  const make = (bindings: LogFields): Logger => ({
    debug: (msg, fields) => entries.push({ level: 'debug', msg, fields: { ...bindings, ...fields } }),
    info: (msg, fields) => entries.push({ level: 'info', msg, fields: { ...bindings, ...fields } }),
    warn: (msg, fields) => entries.push({ level: 'warn', msg, fields: { ...bindings, ...fields } }),
    error: (msg, fields) => entries.push({ level: 'error', msg, fields: { ...bindings, ...fields } }),
    child: (more) => make({ ...bindings, ...more }),
  });
  return Object.assign(make({}), { entries });
}
