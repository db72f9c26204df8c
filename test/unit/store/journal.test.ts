import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../../src/main/clock';
import { AppFailure } from '../../../src/main/errors';
import { createStore, type StoreWarning } from '../../../src/main/store';
import { parseJournal } from '../../../src/main/store/journal';
import { fsError, makeTempDir, recordingLogger, removeDir, spyFs } from './helpers';

const record = z.object({ id: z.string(), state: z.enum(['queued', 'sending', 'sent']) });
type Rec = z.infer<typeof record>;

describe('journals', () => {
  let dir: string;
  let clock: ManualClock;
  const FILE = 'identities/abc/outbox.jsonl';
  const abs = (): string => path.join(dir, FILE);

  beforeEach(async () => {
    dir = await makeTempDir();
    clock = new ManualClock();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it('appends one JSON line per record, fsyncing each, and reads them back in order', async () => {
    const fs = spyFs();
    const store = createStore({ dataDir: dir, clock, fs });
    const journal = store.journal(FILE, record);
    await journal.append({ id: 'a', state: 'queued' });
    await journal.append({ id: 'a', state: 'sending' });
    await journal.append({ id: 'a', state: 'sent' });
    expect(fs.count('appendSynced')).toBe(3);
    expect(await readFile(abs(), 'utf8')).toBe(
      '{"id":"a","state":"queued"}\n{"id":"a","state":"sending"}\n{"id":"a","state":"sent"}\n',
    );
    const { records, warnings } = await journal.read();
    expect(records.map((r) => r.state)).toEqual(['queued', 'sending', 'sent']);
    expect(warnings).toEqual([]);
  });

  it('reads a missing journal as empty', async () => {
    const store = createStore({ dataDir: dir, clock });
    expect(await store.journal(FILE, record).read()).toEqual({ records: [], warnings: [] });
  });

  it('keeps many concurrent appends (also through separate handles) in call order', async () => {
    const store = createStore({ dataDir: dir, clock });
    const a = store.journal(FILE, record);
    const b = store.journal(FILE, record);
    const ids = Array.from({ length: 200 }, (_, i) => `r${i}`);
    await Promise.all(ids.map((id, i) => (i % 2 ? a : b).append({ id, state: 'queued' })));
    const { records } = await a.read();
    expect(records.map((r) => r.id)).toEqual(ids);
  });

  it('a read queued after appends sees them', async () => {
    const store = createStore({ dataDir: dir, clock });
    const journal = store.journal(FILE, record);
    void journal.append({ id: 'x', state: 'queued' });
    const { records } = await journal.read();
    expect(records).toEqual([{ id: 'x', state: 'queued' }]);
  });

  it('rejects a record that fails the schema without writing it', async () => {
    const store = createStore({ dataDir: dir, clock });
    const journal = store.journal(FILE, record);
    const bad = { id: 'a', state: 'lost' } as unknown as Rec;
    await expect(journal.append(bad)).rejects.toMatchObject({ kind: 'invalidInput' });
    expect(await journal.read()).toEqual({ records: [], warnings: [] });
  });

  it('skips a truncated final line (crash mid-append), keeps the rest and reports truncatedJournal', async () => {
    const store = createStore({ dataDir: dir, clock });
    const journal = store.journal(FILE, record);
    await journal.append({ id: 'a', state: 'queued' });
    await journal.append({ id: 'b', state: 'queued' });
    await appendFile(abs(), '{"id":"c","sta'); // the crash
    const heard: StoreWarning[] = [];
    store.onWarning((w) => heard.push(w));

    const { records, warnings } = await journal.read();
    expect(records.map((r) => r.id)).toEqual(['a', 'b']);
    expect(warnings).toEqual([expect.objectContaining({ kind: 'truncatedJournal', file: FILE })]);
    expect(warnings[0]?.message).toContain('line 3');
    expect(heard).toEqual([expect.objectContaining({ kind: 'truncatedJournal' })]);

    // The next append starts on a fresh line, so only the partial record is lost.
    await journal.append({ id: 'd', state: 'queued' });
    const after = await journal.read();
    expect(after.records.map((r) => r.id)).toEqual(['a', 'b', 'd']);
    expect(after.warnings.map((w) => w.kind)).toEqual(['corrupt']);
  });

  it('after a restart, the first append checks the file end and starts a fresh line after a partial one', async () => {
    const before = createStore({ dataDir: dir, clock });
    await before.journal(FILE, record).append({ id: 'a', state: 'queued' });
    await appendFile(abs(), '{"id":"b","state":"que'); // killed mid-append
    const fs = spyFs();
    const after = createStore({ dataDir: dir, clock, fs });
    const journal = after.journal(FILE, record);
    await journal.append({ id: 'c', state: 'sent' });
    await journal.append({ id: 'd', state: 'sent' });
    expect(fs.count('lastByte')).toBe(1);
    const { records, warnings } = await journal.read();
    expect(records.map((r) => r.id)).toEqual(['a', 'c', 'd']);
    expect(warnings).toEqual([expect.objectContaining({ kind: 'corrupt', file: FILE })]);
  });

  it('keeps a complete final record whose newline was not written', async () => {
    const store = createStore({ dataDir: dir, clock });
    const journal = store.journal(FILE, record);
    await journal.append({ id: 'a', state: 'queued' });
    await appendFile(abs(), '{"id":"b","state":"sent"}');
    const { records, warnings } = await journal.read();
    expect(records.map((r) => r.id)).toEqual(['a', 'b']);
    expect(warnings).toEqual([]);
  });

  it('skips and reports bad lines in the middle: not JSON as corrupt, wrong shape as invalid', async () => {
    const logger = recordingLogger();
    const store = createStore({ dataDir: dir, clock, logger });
    await store.journal(FILE, record).append({ id: 'a', state: 'queued' });
    await appendFile(abs(), 'garbage\n{"id":"b","state":"unknown-state"}\n\n{"id":"c","state":"sent"}\n');
    const { records, warnings } = await store.journal(FILE, record).read();
    expect(records.map((r) => r.id)).toEqual(['a', 'c']);
    expect(warnings.map((w) => [w.kind, w.message.slice(0, 14)])).toEqual([
      ['corrupt', 'Skipped line 2'],
      ['invalid', 'Skipped line 3'],
    ]);
    expect(logger.entries.filter((e) => e.msg === 'storage warning')).toHaveLength(2);
  });

  it('reports each bad line to the store once, however often the journal is read', async () => {
    const store = createStore({ dataDir: dir, clock });
    const journal = store.journal(FILE, record);
    await journal.append({ id: 'a', state: 'queued' });
    await appendFile(abs(), '{"trunc');
    expect((await journal.read()).warnings).toHaveLength(1);
    expect((await journal.read()).warnings).toHaveLength(1);
    expect(store.warnings()).toHaveLength(1);
  });

  it('a failed append rejects with storage, warns once, and a later append recovers on a fresh line', async () => {
    const fs = spyFs();
    const store = createStore({ dataDir: dir, clock, fs, logger: recordingLogger() });
    const journal = store.journal(FILE, record);
    await journal.append({ id: 'a', state: 'queued' });

    // Disk full after half of the line reached the file.
    const realAppend = fs.appendSynced.bind(fs);
    fs.appendSynced = async (p, data) => {
      await realAppend(p, data.slice(0, Math.floor(data.length / 2)));
      throw fsError('ENOSPC');
    };
    await expect(journal.append({ id: 'b', state: 'queued' })).rejects.toBeInstanceOf(AppFailure);
    await expect(journal.append({ id: 'c', state: 'queued' })).rejects.toMatchObject({ kind: 'storage' });
    expect(store.warnings().filter((w) => w.kind === 'writeFailed')).toHaveLength(1);

    fs.appendSynced = realAppend;
    await journal.append({ id: 'd', state: 'sent' });
    const { records, warnings } = await journal.read();
    expect(records.map((r) => r.id)).toEqual(['a', 'd']);
    expect(warnings.every((w) => w.kind === 'corrupt' || w.kind === 'invalid')).toBe(true);
    expect(warnings.length).toBeGreaterThan(0);
  });

  it('a journal with Windows line endings still parses', async () => {
    await writeFile(path.join(dir, 'audit.jsonl'), '{"id":"a","state":"sent"}\r\n');
    const store = createStore({ dataDir: dir, clock });
    const { records } = await store.journal('audit.jsonl', record).read();
    expect(records).toEqual([{ id: 'a', state: 'sent' }]);
  });
});

describe('parseJournal', () => {
  it('is pure and classifies lines', () => {
    const text = '{"id":"a","state":"sent"}\nnope\n{"id":1}\n{"id":"z","st';
    const { records, problems } = parseJournal(text, record, 'j.jsonl');
    expect(records).toEqual([{ id: 'a', state: 'sent' }]);
    expect(problems.map((p) => p.kind)).toEqual(['corrupt', 'invalid', 'truncatedJournal']);
  });
});
