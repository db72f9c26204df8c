/**
 * Quitting with a document that cannot be saved: `core.dispose()` resolves (the shell awaits it at quit), the failure
 * is logged with the file's name and reported as a storage warning, and the log file is still closed.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../../src/main/clock';
import { createCore } from '../../../src/main/core';
import { dispatchInvoke } from '../../../src/main/ipc/dispatch';
import type { AppState, Snapshot } from '../../../src/shared/contract/channels';
import { makeTempDir, removeDir } from '../../unit/store/helpers';

const spec = {
  file: 'probe.json',
  schemaVersion: 1,
  schema: z.object({ n: z.number() }),
  defaults: () => ({ n: 0 }),
};

let dir: string | undefined;
afterEach(async () => {
  await removeDir(dir);
  dir = undefined;
});

describe('core.dispose at quit', () => {
  it('never rejects when a document cannot be saved; logs and reports it; closes the logger', async () => {
    dir = await makeTempDir('ops-dispose-');
    const core = createCore({
      instanceId: 'dispose',
      app: { name: 'n', productName: 'p', version: '0', platform: 'linux' },
      dataDir: dir,
      clock: new ManualClock(),
    });
    await core.ready;
    const doc = await core.store.open(spec);
    doc.set({ n: 1 });
    await doc.flush();
    // Something replaced the file by a folder: the rename of the next save fails (EISDIR).
    await rm(path.join(dir, 'probe.json'));
    await mkdir(path.join(dir, 'probe.json', 'inner'), { recursive: true });
    doc.set({ n: 2 });
    const seen: string[] = [];
    core.subscribe((batch) => {
      for (const e of batch.events) if (e.type === 'app.changed') seen.push(...e.state.warnings.map((w) => w.message));
    });

    await expect(core.dispose()).resolves.toBeUndefined();

    const log = await readFile(core.logger.file, 'utf8');
    expect(log).toContain('probe.json');
    expect(log).toContain('core stopped');
    // Closed: later entries are dropped, not written.
    core.logger.error('after close');
    await core.logger.flush();
    expect(await readFile(core.logger.file, 'utf8')).not.toContain('after close');
    const snapshot = await dispatchInvoke(core.handlers, 'app.snapshot', undefined, { senderId: 't' });
    const warnings = snapshot.ok ? (snapshot.value as Snapshot<AppState>).data.warnings : [];
    expect([...seen, ...warnings.map((w) => w.message)].join('\n')).toContain('probe.json');
  });
});
