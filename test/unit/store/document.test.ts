import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../../src/main/clock';
import { AppFailure } from '../../../src/main/errors';
import { createStore, type DocumentSpec, type Store } from '../../../src/main/store';
import { makeTempDir, removeDir } from './helpers';

const settingsSchema = z.object({ theme: z.enum(['light', 'dark']), watched: z.array(z.string()) });
type Settings = z.infer<typeof settingsSchema>;
const settingsSpec: DocumentSpec<Settings> = {
  file: 'settings.json',
  schemaVersion: 1,
  schema: settingsSchema,
  defaults: () => ({ theme: 'light', watched: [] }),
};

describe('store documents', () => {
  let dir: string;
  let store: Store;
  let clock: ManualClock;

  beforeEach(async () => {
    dir = await makeTempDir();
    clock = new ManualClock();
    store = createStore({ dataDir: dir, clock });
  });
  afterEach(async () => {
    await store.close().catch(() => undefined);
    await removeDir(dir);
  });

  it('uses defaults for a missing document and does not write them until the first set', async () => {
    const doc = await store.open(settingsSpec);
    expect(doc.get()).toEqual({ theme: 'light', watched: [] });
    await doc.flush();
    await store.flush();
    expect(await readdir(dir)).toEqual([]);
    expect(store.warnings()).toEqual([]);
  });

  it('writes { schemaVersion, data } on flush and reads it back in a new store', async () => {
    const doc = await store.open(settingsSpec);
    doc.set({ theme: 'dark', watched: ['room-1'] });
    await doc.flush();
    const onDisk: unknown = JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8'));
    expect(onDisk).toEqual({ schemaVersion: 1, data: { theme: 'dark', watched: ['room-1'] } });

    const again = await createStore({ dataDir: dir, clock }).open(settingsSpec);
    expect(again.get()).toEqual({ theme: 'dark', watched: ['room-1'] });
  });

  it('updates memory at once and applies update() to the current value', async () => {
    const doc = await store.open(settingsSpec);
    doc.set({ theme: 'dark', watched: [] });
    expect(doc.get().theme).toBe('dark');
    doc.update((s) => ({ ...s, watched: [...s.watched, 'a'] }));
    doc.update((s) => ({ ...s, watched: [...s.watched, 'b'] }));
    expect(doc.get()).toEqual({ theme: 'dark', watched: ['a', 'b'] });
  });

  it('rejects a value that fails the schema with invalidInput and keeps the old value', async () => {
    const doc = await store.open(settingsSpec);
    const bad = { theme: 'blue', watched: [] } as unknown as Settings;
    let caught: unknown;
    try {
      doc.set(bad);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AppFailure);
    expect((caught as AppFailure).kind).toBe('invalidInput');
    expect((caught as AppFailure).issues?.[0]?.path).toBe('theme');
    expect(doc.get()).toEqual({ theme: 'light', watched: [] });
  });

  it('returns a deep-frozen value so memory cannot drift from disk', async () => {
    const doc = await store.open(settingsSpec);
    doc.set({ theme: 'dark', watched: ['a'] });
    expect(Object.isFrozen(doc.get())).toBe(true);
    expect(Object.isFrozen(doc.get().watched)).toBe(true);
  });

  it('does not keep a reference to the caller’s object', async () => {
    const doc = await store.open(settingsSpec);
    const mine = { theme: 'dark' as const, watched: ['a'] };
    doc.set(mine);
    mine.watched.push('b');
    expect(doc.get().watched).toEqual(['a']);
  });

  it('returns the same Doc for the same file, also for concurrent opens', async () => {
    const [a, b] = await Promise.all([store.open(settingsSpec), store.open(settingsSpec)]);
    const c = await store.open({ ...settingsSpec });
    expect(a).toBe(b);
    expect(a).toBe(c);
    a.set({ theme: 'dark', watched: [] });
    expect(c.get().theme).toBe('dark');
  });

  it('refuses to open the same file at another schema version', async () => {
    await store.open(settingsSpec);
    await expect(store.open({ ...settingsSpec, schemaVersion: 2 })).rejects.toMatchObject({ kind: 'internal' });
  });

  it('refuses paths outside the data folder', async () => {
    await expect(store.open({ ...settingsSpec, file: '../escape.json' })).rejects.toMatchObject({ kind: 'internal' });
    await expect(store.open({ ...settingsSpec, file: path.join(dir, 'abs.json') })).rejects.toMatchObject({
      kind: 'internal',
    });
    expect(() => store.journal('../x.jsonl', z.object({}))).toThrow(AppFailure);
  });

  it('rejects a spec whose defaults fail its schema, and can open it again once fixed', async () => {
    const broken: DocumentSpec<Settings> = { ...settingsSpec, defaults: () => ({ theme: 'x' }) as unknown as Settings };
    await expect(store.open(broken)).rejects.toMatchObject({ kind: 'internal' });
    const doc = await store.open(settingsSpec);
    expect(doc.get().theme).toBe('light');
  });

  it('creates parent folders for identity documents', async () => {
    const file = `${store.identityDir('https://webexapis.com', 'person-1')}/state.json`;
    const doc = await store.open({ ...settingsSpec, file });
    doc.set({ theme: 'dark', watched: [] });
    await doc.flush();
    const text = await readFile(path.join(dir, file), 'utf8');
    expect(JSON.parse(text)).toEqual({ schemaVersion: 1, data: { theme: 'dark', watched: [] } });
  });

  it('close() writes pending changes', async () => {
    const doc = await store.open(settingsSpec);
    doc.set({ theme: 'dark', watched: ['x'] });
    await store.close();
    const onDisk: unknown = JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8'));
    expect(onDisk).toEqual({ schemaVersion: 1, data: { theme: 'dark', watched: ['x'] } });
    expect(clock.pending).toBe(0);
  });

  it('store.flush() writes every dirty document', async () => {
    const a = await store.open(settingsSpec);
    const b = await store.open({ ...settingsSpec, file: 'other.json' });
    a.set({ theme: 'dark', watched: [] });
    b.set({ theme: 'dark', watched: ['b'] });
    await store.flush();
    expect((await readdir(dir)).sort()).toEqual(['other.json', 'settings.json']);
  });
});
