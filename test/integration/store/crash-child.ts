/**
 * Child process for crash tests (not a test file): run with `node --import tsx crash-child.ts <mode> <dataDir>`.
 * The parent kills it with SIGKILL at the moment the mode describes, then checks what is on disk.
 *
 *   hang-before-rename  writes { n: 2 } but stops forever between the fsynced temp file and the rename; prints READY
 *   doc-loop            sets and flushes { n: 1, 2, … } forever; prints "ACK n" after each durable flush
 *   journal-loop        appends { seq: 0, 1, … } forever; prints "ACK seq" after each durable append
 *   hang-mid-append     appends { seq: 0 … 9 }, then writes half of record 10 durably and stops forever; prints READY
 */
import { createNodeStoreFs, createStore, type StoreFs } from '../../../src/main/store';
import { docSpec, journalFile, journalSchema } from './crash-specs';

async function main(mode: string, dataDir: string): Promise<void> {
  const real = createNodeStoreFs();
  let appends = 0;
  const fs: StoreFs =
    mode === 'hang-before-rename'
      ? {
          ...real,
          rename: (from, to) => {
            if (!from.includes('.tmp-')) return real.rename(from, to);
            process.stdout.write('READY\n');
            return new Promise<void>(() => undefined); // never renames: the parent kills us here
          },
        }
      : mode === 'hang-mid-append'
        ? {
            ...real,
            appendSynced: async (file, data) => {
              if (appends++ < 10) return real.appendSynced(file, data);
              await real.appendSynced(file, data.slice(0, Math.floor(data.length / 2)));
              process.stdout.write('READY\n');
              return new Promise<void>(() => undefined); // the rest never arrives: the parent kills us here
            },
          }
        : real;
  const store = createStore({ dataDir, fs });

  if (mode === 'hang-before-rename') {
    const doc = await store.open(docSpec);
    doc.set({ n: 2, payload: 'new'.repeat(1000) });
    await doc.flush();
    return;
  }
  if (mode === 'doc-loop') {
    const doc = await store.open(docSpec);
    for (let n = doc.get().n + 1; ; n++) {
      doc.set({ n, payload: `${n}:`.repeat(20_000) });
      await doc.flush();
      process.stdout.write(`ACK ${n}\n`);
    }
  }
  if (mode === 'hang-mid-append') {
    const journal = store.journal(journalFile, journalSchema);
    for (let seq = 0; seq <= 10; seq++) await journal.append({ seq, payload: 'p'.repeat(seq * 100) });
    return;
  }
  if (mode === 'journal-loop') {
    const journal = store.journal(journalFile, journalSchema);
    for (let seq = 0; ; seq++) {
      await journal.append({ seq, payload: 'p'.repeat(seq % 5000) });
      process.stdout.write(`ACK ${seq}\n`);
    }
  }
  throw new Error(`unknown mode ${mode}`);
}

const [mode, dataDir] = process.argv.slice(2);
if (mode && dataDir) {
  main(mode, dataDir).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
