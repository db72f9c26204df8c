import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore } from '../../../src/main/store';
import { makeTempDir, removeDir } from '../../unit/store/helpers';
import { docSpec, journalFile, journalSchema } from './crash-specs';

const CHILD = path.join(__dirname, 'crash-child.ts');
const ROOT = path.resolve(__dirname, '../../..');

interface Running {
  child: ChildProcess;
  /** Resolves with the first stdout line matching `re`. */
  waitFor(re: RegExp): Promise<string>;
  /** The last "ACK n" seen so far, or -1. */
  lastAck(): number;
  killed(): Promise<void>;
}

function run(mode: string, dataDir: string): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let ack = -1;
  const waiters: { re: RegExp; resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    const lines = out.split('\n');
    out = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^ACK (\d+)$/.exec(line);
      if (m) ack = Number(m[1]);
      for (const w of waiters.filter((x) => x.re.test(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  void exited.then(() => {
    for (const w of waiters.splice(0)) w.reject(new Error(`child exited early: ${err}`));
  });
  return {
    child,
    waitFor: (re) => new Promise((resolve, reject) => waiters.push({ re, resolve, reject })),
    lastAck: () => ack,
    killed: () => {
      child.kill('SIGKILL');
      return exited;
    },
  };
}

const realDelay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('store survives a killed process (real child process, SIGKILL)', () => {
  let dir: string;
  let running: Running | undefined;
  beforeEach(async () => {
    dir = await makeTempDir('ops-store-crash-');
  });
  afterEach(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) await running.killed();
    running = undefined;
    await removeDir(dir);
  });

  it('killed between the fsynced temp file and the rename: the old document is intact and the temp is never read', async () => {
    const before = createStore({ dataDir: dir });
    const doc = await before.open(docSpec);
    doc.set({ n: 1, payload: 'old' });
    await before.close();
    const stateFile = path.join(dir, docSpec.file);
    const oldBytes = await readFile(stateFile, 'utf8');

    running = run('hang-before-rename', dir);
    await running.waitFor(/^READY$/);
    await running.killed();

    expect(await readFile(stateFile, 'utf8')).toBe(oldBytes);
    const leftovers = (await readdir(path.dirname(stateFile))).filter((n) => n.includes('.tmp-'));
    expect(leftovers).toHaveLength(1); // the complete new temp file the child had fsynced

    const after = createStore({ dataDir: dir });
    expect((await after.open(docSpec)).get()).toEqual({ n: 1, payload: 'old' });
    expect(after.warnings()).toEqual([]);
    expect((await readdir(path.dirname(stateFile))).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('killed at random moments while rewriting a document: always a valid document at least as new as the last ack', async () => {
    for (let round = 0; round < 5; round++) {
      running = run('doc-loop', dir);
      await running.waitFor(/^ACK \d+$/);
      await realDelay(10 + Math.floor(Math.random() * 120));
      const acked = running.lastAck();
      await running.killed();

      const store = createStore({ dataDir: dir });
      const value = (await store.open(docSpec)).get();
      expect(store.warnings()).toEqual([]);
      expect(value.n).toBeGreaterThanOrEqual(acked);
      expect(value.payload).toBe(`${value.n}:`.repeat(20_000));
    }
  });

  it('killed at random moments while appending: every acknowledged record is there, in order, nothing else is wrong', async () => {
    for (let round = 0; round < 3; round++) {
      running = run('journal-loop', dir);
      await running.waitFor(/^ACK \d+$/);
      await realDelay(10 + Math.floor(Math.random() * 120));
      const acked = running.lastAck();
      await running.killed();

      const store = createStore({ dataDir: dir });
      const { records, warnings } = await store.journal(journalFile, journalSchema).read();
      // Each round restarts at seq 0; the last round's records follow the earlier ones.
      const lastRound = records.slice(records.findLastIndex((r) => r.seq === 0));
      expect(lastRound.map((r) => r.seq)).toEqual(lastRound.map((_, i) => i));
      expect(lastRound.length).toBeGreaterThanOrEqual(acked + 1);
      expect(warnings.every((w) => w.kind === 'truncatedJournal' || w.kind === 'corrupt')).toBe(true);
      expect(records.every((r) => r.payload === 'p'.repeat(r.seq % 5000))).toBe(true);
    }
  });
});
