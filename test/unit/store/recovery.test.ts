import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../../src/main/clock';
import { createStore, type DocumentSpec, type StoreWarning } from '../../../src/main/store';
import { fsError, makeTempDir, recordingLogger, removeDir, spyFs } from './helpers';

const schema = z.object({ theme: z.enum(['light', 'dark']), pollSeconds: z.number().int() });
type Settings = z.infer<typeof schema>;
const spec: DocumentSpec<Settings> = {
  file: 'settings.json',
  schemaVersion: 3,
  schema,
  defaults: () => ({ theme: 'light', pollSeconds: 5 }),
  migrations: {
    1: (data) => ({ theme: (data as { darkMode: boolean }).darkMode ? 'dark' : 'light' }),
    2: (data) => ({ ...(data as object), pollSeconds: 10 }),
  },
};
// ManualClock default start: 2026-01-05T09:00:00.000Z
const STAMP = '20260105T090000000Z';

describe('store recovery from bad documents', () => {
  let dir: string;
  let clock: ManualClock;

  beforeEach(async () => {
    dir = await makeTempDir();
    clock = new ManualClock();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  const file = (name = 'settings.json'): string => path.join(dir, name);

  it('sets a corrupt document aside, uses defaults and raises a typed warning (listener, list and log)', async () => {
    await writeFile(file(), '{"schemaVersion": 3, "data": {"theme": "da');
    const logger = recordingLogger();
    const store = createStore({ dataDir: dir, clock, logger });
    const heard: StoreWarning[] = [];
    store.onWarning((w) => heard.push(w));

    const doc = await store.open(spec);

    expect(doc.get()).toEqual({ theme: 'light', pollSeconds: 5 });
    const expected = {
      kind: 'corrupt',
      file: 'settings.json',
      setAsideTo: `settings.json.corrupt-${STAMP}`,
      at: '2026-01-05T09:00:00.000Z',
    };
    expect(heard).toEqual([expect.objectContaining(expected)]);
    expect(store.warnings()).toEqual([expect.objectContaining(expected)]);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ kind: 'corrupt' }) }),
    );
    // The original bytes are kept, byte for byte, and the document itself is gone until the first set.
    expect(await readFile(file(`settings.json.corrupt-${STAMP}`), 'utf8')).toBe(
      '{"schemaVersion": 3, "data": {"theme": "da',
    );
    expect(await readdir(dir)).toEqual([`settings.json.corrupt-${STAMP}`]);

    doc.set({ theme: 'dark', pollSeconds: 5 });
    await doc.flush();
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({
      schemaVersion: 3,
      data: { theme: 'dark', pollSeconds: 5 },
    });
    expect(await readFile(file(`settings.json.corrupt-${STAMP}`), 'utf8')).toContain('"da');
  });

  it('sets a schema-invalid document aside as invalid', async () => {
    await writeFile(file(), JSON.stringify({ schemaVersion: 3, data: { theme: 'purple', pollSeconds: 5 } }));
    const store = createStore({ dataDir: dir, clock });
    const doc = await store.open(spec);
    expect(doc.get()).toEqual({ theme: 'light', pollSeconds: 5 });
    expect(store.warnings()).toEqual([
      expect.objectContaining({ kind: 'invalid', file: 'settings.json', setAsideTo: `settings.json.corrupt-${STAMP}` }),
    ]);
    expect(store.warnings()[0]?.message).toContain('theme');
  });

  it('never overwrites an earlier set-aside file with the same timestamp', async () => {
    await writeFile(file(`settings.json.corrupt-${STAMP}`), 'first');
    await writeFile(file(), 'second');
    const store = createStore({ dataDir: dir, clock });
    await store.open(spec);
    expect(await readFile(file(`settings.json.corrupt-${STAMP}`), 'utf8')).toBe('first');
    expect(await readFile(file(`settings.json.corrupt-${STAMP}-1`), 'utf8')).toBe('second');
    expect(store.warnings()[0]?.setAsideTo).toBe(`settings.json.corrupt-${STAMP}-1`);
  });

  it('migrates a version-1 document across two versions to version 3', async () => {
    await writeFile(file(), JSON.stringify({ schemaVersion: 1, data: { darkMode: true } }));
    const store = createStore({ dataDir: dir, clock });
    const doc = await store.open(spec);
    expect(doc.get()).toEqual({ theme: 'dark', pollSeconds: 10 });
    expect(store.warnings()).toEqual([]);
    // The old file stays as it was until the first set, then is written at the current version.
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({ schemaVersion: 1, data: { darkMode: true } });
    doc.update((s) => ({ ...s, pollSeconds: 15 }));
    await doc.flush();
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({
      schemaVersion: 3,
      data: { theme: 'dark', pollSeconds: 15 },
    });
  });

  it('treats a failing migration like an invalid document', async () => {
    await writeFile(file(), JSON.stringify({ schemaVersion: 1, data: null }));
    const store = createStore({ dataDir: dir, clock });
    const doc = await store.open(spec);
    expect(doc.get()).toEqual({ theme: 'light', pollSeconds: 5 });
    expect(store.warnings()).toEqual([
      expect.objectContaining({ kind: 'invalid', setAsideTo: `settings.json.corrupt-${STAMP}` }),
    ]);
    expect(store.warnings()[0]?.message).toContain('Migration from schema version 1 failed');
  });

  it('sets a document from a future schema version aside under a distinct name and never overwrites it', async () => {
    const future = JSON.stringify({ schemaVersion: 4, data: { theme: 'dark', pollSeconds: 5, newField: true } });
    await writeFile(file(), future);
    const store = createStore({ dataDir: dir, clock });
    const doc = await store.open(spec);
    expect(doc.get()).toEqual({ theme: 'light', pollSeconds: 5 });
    expect(store.warnings()).toEqual([
      expect.objectContaining({ kind: 'futureVersion', setAsideTo: `settings.json.future-${STAMP}` }),
    ]);
    doc.set({ theme: 'dark', pollSeconds: 7 });
    await doc.flush();
    expect(await readFile(file(`settings.json.future-${STAMP}`), 'utf8')).toBe(future);
  });

  it('keeps an unusable document in place and refuses to overwrite it when it cannot be set aside', async () => {
    await writeFile(file(), 'not json');
    const fs = spyFs();
    fs.faults.rename = (p) => (p === file() ? fsError('EACCES') : undefined);
    const store = createStore({ dataDir: dir, clock, fs });
    const doc = await store.open(spec);
    expect(doc.get()).toEqual({ theme: 'light', pollSeconds: 5 });
    expect(store.warnings()).toEqual([expect.objectContaining({ kind: 'corrupt' })]);
    expect(store.warnings()[0]?.setAsideTo).toBeUndefined();
    expect(store.warnings()[0]?.message).toContain('will not be overwritten');

    delete fs.faults.rename;
    doc.set({ theme: 'dark', pollSeconds: 5 });
    expect(doc.get().theme).toBe('dark');
    await expect(doc.flush()).rejects.toMatchObject({ kind: 'storage' });
    expect(await readFile(file(), 'utf8')).toBe('not json');
    await expect(store.close()).rejects.toMatchObject({ kind: 'storage' });
  });

  it('reports an unreadable document as readFailed, uses defaults and never overwrites it', async () => {
    await mkdir(file()); // a folder where the document should be: reading fails with EISDIR
    const store = createStore({ dataDir: dir, clock });
    const doc = await store.open(spec);
    expect(doc.get()).toEqual({ theme: 'light', pollSeconds: 5 });
    expect(store.warnings()).toEqual([expect.objectContaining({ kind: 'readFailed', file: 'settings.json' })]);
    doc.set({ theme: 'dark', pollSeconds: 5 });
    await expect(doc.flush()).rejects.toMatchObject({ kind: 'storage' });
    expect(await readdir(file())).toEqual([]);
  });

  it('a throwing warning listener does not break open', async () => {
    await writeFile(file(), '{');
    const logger = recordingLogger();
    const store = createStore({ dataDir: dir, clock, logger });
    store.onWarning(() => {
      throw new Error('listener bug');
    });
    const doc = await store.open(spec);
    expect(doc.get().theme).toBe('light');
    expect(logger.entries.some((e) => e.level === 'error' && e.msg === 'storage warning listener failed')).toBe(true);
  });

  it('unsubscribes a warning listener', async () => {
    await writeFile(file(), '{');
    const store = createStore({ dataDir: dir, clock });
    const heard: StoreWarning[] = [];
    const off = store.onWarning((w) => heard.push(w));
    off();
    await store.open(spec);
    expect(heard).toEqual([]);
    expect(store.warnings()).toHaveLength(1);
  });
});
