/**
 * Data files damaged in turn (docs/architecture.md §4): each case gives a typed storage warning naming the file and
 * loses nothing — no original is replaced, deleted or followed somewhere else.
 */
import { chmod, lstat, mkdir, readFile, readlink, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../../src/main/clock';
import { createStore, type DocumentSpec } from '../../../src/main/store';
import { fsError, makeTempDir, removeDir, spyFs } from './helpers';

const schema = z.object({ theme: z.enum(['light', 'dark']) });
type Settings = z.infer<typeof schema>;
const spec: DocumentSpec<Settings> = {
  file: 'settings.json',
  schemaVersion: 1,
  schema,
  defaults: () => ({ theme: 'light' }),
};
const VALID = `${JSON.stringify({ schemaVersion: 1, data: { theme: 'dark' } }, null, 2)}\n`;

describe('damaged data files', () => {
  let dir: string;
  let clock: ManualClock;
  beforeEach(async () => {
    dir = await makeTempDir();
    clock = new ManualClock();
  });
  afterEach(async () => {
    await chmod(path.join(dir, 'settings.json'), 0o600).catch(() => undefined);
    await removeDir(dir);
  });
  const file = (name = 'settings.json'): string => path.join(dir, name);

  it('a valid read-only document is read, warned about by name, and never replaced by a save', async () => {
    await writeFile(file(), VALID);
    await chmod(file(), 0o444);
    const store = createStore({ dataDir: dir, clock });
    const doc = await store.open(spec);
    expect(doc.get()).toEqual({ theme: 'dark' });
    expect(store.warnings()).toEqual([
      expect.objectContaining({
        kind: 'readOnly',
        file: 'settings.json',
        message: expect.stringContaining('read-only'),
      }),
    ]);

    doc.set({ theme: 'light' });
    expect(doc.get()).toEqual({ theme: 'light' }); // kept in memory for this session
    await expect(doc.flush()).rejects.toMatchObject({ kind: 'storage' });
    expect(await readFile(file(), 'utf8')).toBe(VALID);
    expect((await stat(file())).mode & 0o777).toBe(0o444);
  });

  it('a document made read-only after it was opened is not replaced either', async () => {
    await writeFile(file(), VALID);
    const store = createStore({ dataDir: dir, clock });
    const doc = await store.open(spec);
    expect(store.warnings()).toEqual([]);
    await chmod(file(), 0o400);
    doc.set({ theme: 'light' });
    await expect(doc.flush()).rejects.toMatchObject({ kind: 'storage' });
    expect(await readFile(file(), 'utf8')).toBe(VALID);
    expect(store.warnings()).toEqual([expect.objectContaining({ kind: 'readOnly', file: 'settings.json' })]);
  });

  it('a dangling symlink is not "missing": it is warned about and left in place', async () => {
    await symlink(path.join(dir, 'elsewhere', 'settings.json'), file());
    const store = createStore({ dataDir: dir, clock });
    const doc = await store.open(spec);
    expect(doc.get()).toEqual({ theme: 'light' });
    expect(store.warnings()).toEqual([expect.objectContaining({ kind: 'link', file: 'settings.json' })]);
    doc.set({ theme: 'dark' });
    await expect(doc.flush()).rejects.toMatchObject({ kind: 'storage' });
    expect((await lstat(file())).isSymbolicLink()).toBe(true);
    expect(await readlink(file())).toBe(path.join(dir, 'elsewhere', 'settings.json'));
  });

  it('a symlink to a valid document is read, and a save does not replace the link with a file', async () => {
    await mkdir(path.join(dir, 'real'));
    await writeFile(path.join(dir, 'real', 'settings.json'), VALID);
    await symlink(path.join(dir, 'real', 'settings.json'), file());
    const store = createStore({ dataDir: dir, clock });
    const doc = await store.open(spec);
    expect(doc.get()).toEqual({ theme: 'dark' });
    expect(store.warnings()).toEqual([expect.objectContaining({ kind: 'link', file: 'settings.json' })]);
    doc.set({ theme: 'light' });
    await expect(doc.flush()).rejects.toMatchObject({ kind: 'storage' });
    expect((await lstat(file())).isSymbolicLink()).toBe(true);
    expect(await readFile(path.join(dir, 'real', 'settings.json'), 'utf8')).toBe(VALID);
  });

  it('a zero-byte document is set aside as corrupt (the empty original kept)', async () => {
    await writeFile(file(), '');
    const store = createStore({ dataDir: dir, clock });
    const doc = await store.open(spec);
    expect(doc.get()).toEqual({ theme: 'light' });
    const [warning] = store.warnings();
    expect(warning).toMatchObject({ kind: 'corrupt', file: 'settings.json' });
    expect(await readFile(path.join(dir, warning?.setAsideTo ?? 'missing'), 'utf8')).toBe('');
  });

  it('a huge document is set aside unread, as corrupt', async () => {
    await writeFile(file(), '');
    await truncate(file(), 80 * 1024 * 1024); // sparse: 80 MiB of zero bytes
    const fs = spyFs();
    const store = createStore({ dataDir: dir, clock, fs });
    const doc = await store.open(spec);
    expect(doc.get()).toEqual({ theme: 'light' });
    const [warning] = store.warnings();
    expect(warning).toMatchObject({
      kind: 'corrupt',
      file: 'settings.json',
      message: expect.stringContaining('large'),
    });
    expect(fs.count('readFile')).toBe(0);
    expect((await stat(path.join(dir, warning?.setAsideTo ?? 'missing'))).size).toBe(80 * 1024 * 1024);
  });

  it('an unreadable document (EACCES) is readFailed and never overwritten', async () => {
    await writeFile(file(), VALID);
    const fs = spyFs();
    fs.faults.readFile = (p) => (p === file() ? fsError('EACCES') : undefined);
    const store = createStore({ dataDir: dir, clock, fs });
    const doc = await store.open(spec);
    expect(store.warnings()).toEqual([expect.objectContaining({ kind: 'readFailed', file: 'settings.json' })]);
    doc.set({ theme: 'light' });
    await expect(doc.flush()).rejects.toMatchObject({ kind: 'storage' });
    expect(await readFile(file(), 'utf8')).toBe(VALID);
  });

  it('a file where a folder should be: reading and saving give typed warnings, the file is kept', async () => {
    await writeFile(file('identities'), 'not a folder');
    const nested: DocumentSpec<Settings> = { ...spec, file: 'identities/abc/state.json' };
    const store = createStore({ dataDir: dir, clock });
    const doc = await store.open(nested);
    expect(doc.get()).toEqual({ theme: 'light' });
    doc.set({ theme: 'dark' });
    await expect(doc.flush()).rejects.toMatchObject({ kind: 'storage' });
    expect(store.warnings().map((w) => [w.kind, w.file])).toEqual([['readFailed', 'identities/abc/state.json']]);
    expect(await readFile(file('identities'), 'utf8')).toBe('not a folder');
  });

  it('a journal that is a folder, or a dangling symlink, gives a typed warning and is left alone', async () => {
    const recordSchema = z.object({ n: z.number() });
    await mkdir(file('audit.jsonl'));
    await symlink(path.join(dir, 'gone', 'outbox.jsonl'), file('outbox.jsonl'));
    const store = createStore({ dataDir: dir, clock });
    const audit = store.journal('audit.jsonl', recordSchema);
    await expect(audit.read()).rejects.toMatchObject({ kind: 'storage' });
    await expect(audit.append({ n: 1 })).rejects.toMatchObject({ kind: 'storage' });
    await mkdir(path.join(dir, 'gone'));
    const outbox = store.journal('outbox.jsonl', recordSchema);
    await expect(outbox.append({ n: 1 })).rejects.toMatchObject({ kind: 'storage' });
    // The link was not followed: nothing was created at its target.
    await expect(stat(path.join(dir, 'gone', 'outbox.jsonl'))).rejects.toMatchObject({ code: 'ENOENT' });
    const kinds = store.warnings().map((w) => [w.kind, w.file]);
    expect(kinds).toContainEqual(['readFailed', 'audit.jsonl']);
    expect(kinds).toContainEqual(['link', 'outbox.jsonl']);
  });

  it('a journal with a torn last line keeps every whole record and warns once', async () => {
    await writeFile(file('audit.jsonl'), '{"n":1}\n{"n":2}\n{"n":');
    const store = createStore({ dataDir: dir, clock });
    const journal = store.journal('audit.jsonl', z.object({ n: z.number() }));
    expect((await journal.read()).records).toEqual([{ n: 1 }, { n: 2 }]);
    await journal.append({ n: 3 });
    expect((await journal.read()).records).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(store.warnings().map((w) => w.kind)).toEqual(['truncatedJournal']);
  });
});
