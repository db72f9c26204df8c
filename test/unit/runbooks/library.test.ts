import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/clock';
import { nullLogger } from '../../../src/main/log/types';
import { EXAMPLE_FILES } from '../../../src/main/runbooks/examples';
import { RunbookLibrary, type LibrarySnapshot } from '../../../src/main/runbooks/library';

let dataDir: string;
let clock: ManualClock;
let lib: RunbookLibrary;
let changes: LibrarySnapshot[];

const good = (label: string) =>
  `version: 1\nrunbooks:\n  - id: one\n    label: ${label}\n    category: C\n    template: "hello"\n`;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'runbooks-'));
  clock = new ManualClock();
  changes = [];
  lib = new RunbookLibrary({ dataDir, clock, logger: nullLogger, onChange: (s) => changes.push(s) });
});
afterEach(async () => {
  await lib.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) {
    await new Promise((r) => setTimeout(r, 5));
    if (clock.nextWakeAt() !== undefined) await clock.advance(1000);
  }
  expect(check()).toBe(true);
}

describe('runbook folder', () => {
  it('is created with the examples on first run and loads them', async () => {
    await lib.start();
    expect((await readdir(lib.folder)).sort()).toEqual(Object.keys(EXAMPLE_FILES).sort());
    const ids = lib.snapshot().runbooks.map((r) => r.spec.id);
    expect(ids).toEqual(
      expect.arrayContaining(['incident-open', 'incident-update', 'incident-close', 'change-start', 'shift-handover']),
    );
    expect(lib.snapshot().files.every((f) => f.problems.length === 0)).toBe(true);
  });

  it('an existing folder is never seeded or rewritten', async () => {
    await lib.dispose();
    const folder = path.join(dataDir, 'runbooks');
    await import('node:fs/promises').then((f) => f.mkdir(folder));
    await writeFile(path.join(folder, 'mine.yaml'), 'version: 1\nrunbooks: [ broken');
    lib = new RunbookLibrary({ dataDir, clock, logger: nullLogger });
    await lib.start();
    expect(await readdir(folder)).toEqual(['mine.yaml']);
    expect(await readFile(path.join(folder, 'mine.yaml'), 'utf8')).toBe('version: 1\nrunbooks: [ broken');
    expect(lib.snapshot().files[0]?.problems[0]).toMatchObject({ file: 'runbooks/mine.yaml' });
  });

  it('hot reload: an edit is picked up (debounced); a broken edit keeps the last good runbooks', async () => {
    await lib.start();
    const file = path.join(lib.folder, 'extra.yaml');
    await writeFile(file, good('First'));
    await waitFor(() => lib.get('one')?.spec.label === 'First');

    await writeFile(file, `${good('Second')}    variables:\n      sev: { label: S, choices: SEV1 }\n`);
    await waitFor(() => (lib.snapshot().files.find((f) => f.file === 'runbooks/extra.yaml')?.problems.length ?? 0) > 0);
    const state = lib.snapshot().files.find((f) => f.file === 'runbooks/extra.yaml');
    expect(state?.usingLastGood).toBe(true);
    expect(state?.problems[0]).toMatchObject({ line: 8, column: 33, path: 'runbooks.0.variables.sev.choices' });
    expect(lib.get('one')?.spec.label).toBe('First');

    await writeFile(file, good('Third'));
    await waitFor(() => lib.get('one')?.spec.label === 'Third');
    expect(lib.snapshot().files.find((f) => f.file === 'runbooks/extra.yaml')?.problems).toEqual([]);
  });

  it('a duplicate id in another file is reported and ignored', async () => {
    await lib.start();
    await writeFile(path.join(lib.folder, 'zz.yaml'), good('Dup').replace('id: one', 'id: ack'));
    await lib.reload();
    const zz = lib.snapshot().files.find((f) => f.file === 'runbooks/zz.yaml');
    expect(zz?.problems[0]?.message).toMatch(/"ack" is already defined in another file/);
    expect(lib.get('ack')?.file).toBe('runbooks/handover.yaml');
  });

  it('a 10 MB file is refused without being read into the parser', async () => {
    await lib.start();
    await writeFile(path.join(lib.folder, 'huge.yaml'), Buffer.alloc(10 * 1024 * 1024, 0x20));
    await lib.reload();
    const huge = lib.snapshot().files.find((f) => f.file === 'runbooks/huge.yaml');
    expect(huge?.problems[0]?.message).toMatch(/10\.0 MB; runbook files may be at most 1 MB/);
    expect(changes.length).toBeGreaterThan(0);
  });
});
