import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../../src/main/clock';
import { AppFailure } from '../../../src/main/errors';
import { createStore, type DocumentSpec } from '../../../src/main/store';
import { fsError, makeTempDir, recordingLogger, removeDir, spyFs } from './helpers';

const schema = z.object({ n: z.number(), note: z.string() });
type State = z.infer<typeof schema>;
const spec: DocumentSpec<State> = {
  file: 'state.json',
  schemaVersion: 1,
  schema,
  defaults: () => ({ n: 0, note: '' }),
};
const OLD = `${JSON.stringify({ schemaVersion: 1, data: { n: 1, note: 'old' } }, null, 2)}\n`;

describe('atomic document writes', () => {
  let dir: string;
  let clock: ManualClock;
  const target = (): string => path.join(dir, 'state.json');

  beforeEach(async () => {
    dir = await makeTempDir();
    clock = new ManualClock();
    await writeFile(target(), OLD);
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it('writes a temp file in the same folder, fsyncs it, renames it over the target, then fsyncs the folder', async () => {
    const fs = spyFs();
    const store = createStore({ dataDir: dir, clock, fs });
    const doc = await store.open(spec);
    fs.calls.length = 0;
    doc.set({ n: 2, note: 'new' });
    await doc.flush();
    const ops = fs.calls.filter((c) => c.op !== 'mkdirp' && c.op !== 'inspect').map((c) => c.op);
    expect(ops).toEqual(['writeNewFileSynced', 'rename', 'syncDir']);
    const temp = fs.calls.find((c) => c.op === 'writeNewFileSynced')?.path ?? '';
    expect(path.dirname(temp)).toBe(dir);
    expect(path.basename(temp)).toMatch(/^state\.json\.tmp-/);
    expect(fs.calls.find((c) => c.op === 'rename')?.path).toBe(temp);
    expect(fs.calls.find((c) => c.op === 'syncDir')?.path).toBe(dir);
  });

  it('crash between write and rename: the old document survives, the temp file is not read as the document', async () => {
    const fs = spyFs();
    const store = createStore({ dataDir: dir, clock, fs, logger: recordingLogger() });
    const doc = await store.open(spec);
    fs.faults.rename = () => fsError('EIO', 'simulated crash before rename');
    doc.set({ n: 2, note: 'new' });
    await expect(doc.flush()).rejects.toBeInstanceOf(AppFailure);

    expect(await readFile(target(), 'utf8')).toBe(OLD);
    // The failed attempt cleans its temp file up; a fresh store reads the old document without warnings.
    expect(await readdir(dir)).toEqual(['state.json']);
    const fresh = createStore({ dataDir: dir, clock });
    expect((await fresh.open(spec)).get()).toEqual({ n: 1, note: 'old' });
    expect(fresh.warnings()).toEqual([]);
  });

  it('a temp file left by a killed process is ignored and removed on the next open', async () => {
    const leftover = path.join(dir, 'state.json.tmp-999-abcdef');
    await writeFile(leftover, JSON.stringify({ schemaVersion: 1, data: { n: 99, note: 'half-written?' } }));
    const store = createStore({ dataDir: dir, clock });
    const doc = await store.open(spec);
    expect(doc.get()).toEqual({ n: 1, note: 'old' });
    expect(await readdir(dir)).toEqual(['state.json']);
    expect(store.warnings()).toEqual([]);
  });

  it('a write failure keeps memory, raises one writeFailed warning, logs an error, rejects flush, and the next flush retries', async () => {
    const fs = spyFs();
    const logger = recordingLogger();
    const store = createStore({ dataDir: dir, clock, fs, logger });
    const doc = await store.open(spec);
    fs.faults.writeNewFileSynced = () => fsError('ENOSPC', 'no space left on device');

    doc.set({ n: 2, note: 'a' });
    const first = await doc.flush().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(first).toBeInstanceOf(AppFailure);
    expect((first as AppFailure).kind).toBe('storage');
    expect((first as AppFailure).message).toContain('ENOSPC');
    expect(doc.get()).toEqual({ n: 2, note: 'a' });

    doc.set({ n: 3, note: 'b' });
    await expect(doc.flush()).rejects.toMatchObject({ kind: 'storage' });
    expect(store.warnings()).toEqual([expect.objectContaining({ kind: 'writeFailed', file: 'state.json' })]);
    expect(logger.entries.filter((e) => e.level === 'error' && e.msg === 'store write failed')).toHaveLength(2);
    expect(await readFile(target(), 'utf8')).toBe(OLD);
    expect(await readdir(dir)).toEqual(['state.json']);

    delete fs.faults.writeNewFileSynced;
    await doc.flush(); // retry without a new set
    expect(JSON.parse(await readFile(target(), 'utf8'))).toEqual({ schemaVersion: 1, data: { n: 3, note: 'b' } });
    expect(logger.entries.some((e) => e.msg === 'store write recovered')).toBe(true);
  });

  it('a failed debounced write is reported but does not reject anywhere; store.flush() rejects and later retries', async () => {
    const fs = spyFs();
    const store = createStore({ dataDir: dir, clock, fs });
    const doc = await store.open(spec);
    fs.faults.rename = () => fsError('EACCES');
    doc.set({ n: 5, note: 'x' });
    await clock.advance(250);
    await expect(store.flush()).rejects.toMatchObject({ kind: 'storage' });
    expect(store.warnings().map((w) => w.kind)).toEqual(['writeFailed']);
    delete fs.faults.rename;
    await store.flush();
    expect(JSON.parse(await readFile(target(), 'utf8'))).toEqual({ schemaVersion: 1, data: { n: 5, note: 'x' } });
  });
});
