import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../../src/main/clock';
import { createStore, type DocumentSpec } from '../../../src/main/store';
import { makeTempDir, removeDir, spyFs } from './helpers';

const schema = z.object({ n: z.number() });
const spec: DocumentSpec<{ n: number }> = {
  file: 'counter.json',
  schemaVersion: 1,
  schema,
  defaults: () => ({ n: 0 }),
};

describe('debounced writes on the injected clock', () => {
  let dir: string;
  let clock: ManualClock;
  beforeEach(async () => {
    dir = await makeTempDir();
    clock = new ManualClock();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  const onDisk = async (): Promise<unknown> => JSON.parse(await readFile(path.join(dir, 'counter.json'), 'utf8'));

  it('many sets within the window produce one write, 250 ms after the first set', async () => {
    const fs = spyFs();
    const store = createStore({ dataDir: dir, clock, fs });
    const doc = await store.open(spec);
    for (let i = 1; i <= 100; i++) doc.set({ n: i });
    expect(clock.pending).toBe(1);

    await clock.advance(249);
    expect(fs.count('writeNewFileSynced')).toBe(0);

    await clock.advance(1);
    await doc.flush(); // waits for the write the timer started; nothing is left to write
    expect(fs.count('writeNewFileSynced')).toBe(1);
    expect(fs.count('rename')).toBe(1);
    expect(await onDisk()).toEqual({ schemaVersion: 1, data: { n: 100 } });
    await store.close();
  });

  it('a set after the window opens a new window and a second write', async () => {
    const fs = spyFs();
    const store = createStore({ dataDir: dir, clock, fs });
    const doc = await store.open(spec);
    doc.set({ n: 1 });
    await clock.advance(250);
    await doc.flush();
    doc.set({ n: 2 });
    doc.set({ n: 3 });
    await clock.advance(250);
    await doc.flush();
    expect(fs.count('rename')).toBe(2);
    expect(await onDisk()).toEqual({ schemaVersion: 1, data: { n: 3 } });
    await store.close();
  });

  it('honours a custom debounce and flush() writes at once, cancelling the timer', async () => {
    const fs = spyFs();
    const store = createStore({ dataDir: dir, clock, fs, debounceMs: 1000 });
    const doc = await store.open(spec);
    doc.set({ n: 7 });
    await clock.advance(999);
    expect(fs.count('rename')).toBe(0);
    await doc.flush();
    expect(fs.count('rename')).toBe(1);
    expect(clock.pending).toBe(0);
    await clock.advance(5000);
    expect(fs.count('rename')).toBe(1);
    await store.close();
  });

  it('flush() with nothing dirty writes nothing', async () => {
    const fs = spyFs();
    const store = createStore({ dataDir: dir, clock, fs });
    const doc = await store.open(spec);
    doc.set({ n: 1 });
    await doc.flush();
    await doc.flush();
    await store.flush();
    expect(fs.count('rename')).toBe(1);
    await store.close();
  });

  it('close() stops the timers; a set after close stays in memory until flushed', async () => {
    const fs = spyFs();
    const store = createStore({ dataDir: dir, clock, fs });
    const doc = await store.open(spec);
    doc.set({ n: 1 });
    await store.close();
    expect(clock.pending).toBe(0);
    doc.set({ n: 2 });
    expect(clock.pending).toBe(0);
    expect(doc.get()).toEqual({ n: 2 });
    expect(await onDisk()).toEqual({ schemaVersion: 1, data: { n: 1 } });
    await doc.flush();
    expect(await onDisk()).toEqual({ schemaVersion: 1, data: { n: 2 } });
  });
});
