import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRealClock, ManualClock } from '../../../src/main/clock';
import { createStore, type DocumentSpec } from '../../../src/main/store';
import { makeTempDir, removeDir, spyFs, type SpyFs } from './helpers';

const schema = z.object({ writer: z.number(), step: z.number(), payload: z.string() });
type Value = z.infer<typeof schema>;
const spec: DocumentSpec<Value> = {
  file: 'shared.json',
  schemaVersion: 1,
  schema,
  defaults: () => ({ writer: -1, step: -1, payload: '' }),
};

/** Records whether two writes of the same file ever overlap. */
function overlapDetector(fs: SpyFs): { maxInFlight: () => number } {
  let inFlight = 0;
  let max = 0;
  const write = fs.writeNewFileSynced.bind(fs);
  const rename = fs.rename.bind(fs);
  fs.writeNewFileSynced = async (p, data) => {
    inFlight++;
    max = Math.max(max, inFlight);
    try {
      await write(p, data);
    } catch (e) {
      inFlight--;
      throw e;
    }
  };
  fs.rename = async (from, to) => {
    try {
      await rename(from, to);
    } finally {
      inFlight--;
    }
  };
  return { maxInFlight: () => max };
}

describe('concurrent writers of one document in one process', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it('interleaved set/flush from several async tasks never overlap writes and end with the last value on disk', async () => {
    const fs = spyFs();
    const detector = overlapDetector(fs);
    const store = createStore({ dataDir: dir, clock: new ManualClock(), fs });
    let last: Value | undefined;
    const writers = Array.from({ length: 8 }, (_, writer) =>
      (async () => {
        // Each task opens its own handle: the store hands out the same Doc.
        const doc = await store.open(spec);
        for (let step = 0; step < 25; step++) {
          const value = { writer, step, payload: `${writer}:${step}:`.padEnd(2000, 'x') };
          doc.set(value);
          last = value;
          if (step % 3 === writer % 3) await doc.flush();
          else await new Promise<void>((resolve) => setImmediate(resolve));
        }
      })(),
    );
    await Promise.all(writers);
    await store.flush();

    const onDisk: unknown = JSON.parse(await readFile(path.join(dir, 'shared.json'), 'utf8'));
    expect(onDisk).toEqual({ schemaVersion: 1, data: last });
    expect((await store.open(spec)).get()).toEqual(last);
    expect(detector.maxInFlight()).toBe(1);
    expect(await readdir(dir)).toEqual(['shared.json']);
    expect(store.warnings()).toEqual([]);
    await store.close();
  });

  it('with the real clock and a tiny debounce, racing timers and flushes still leave the last value', async () => {
    const fs = spyFs();
    const detector = overlapDetector(fs);
    const store = createStore({ dataDir: dir, clock: createRealClock(), debounceMs: 1, fs });
    const doc = await store.open(spec);
    const tasks = Array.from({ length: 5 }, (_, writer) =>
      (async () => {
        for (let step = 0; step < 20; step++) {
          doc.update((v) => ({ writer, step, payload: `${v.step}` }));
          if (step % 4 === 0) await doc.flush();
          await new Promise<void>((resolve) => setTimeout(resolve, 0));
        }
      })(),
    );
    await Promise.all(tasks);
    const expected = doc.get();
    await store.close();
    const onDisk: unknown = JSON.parse(await readFile(path.join(dir, 'shared.json'), 'utf8'));
    expect(onDisk).toEqual({ schemaVersion: 1, data: expected });
    expect(detector.maxInFlight()).toBe(1);
  });
});
