import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createFakeElectron, type FakeElectron } from './fake-electron';

const holder = vi.hoisted(() => ({ fake: undefined as FakeElectron | undefined }));

vi.mock('electron', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'ops-entry-'));
  holder.fake = createFakeElectron({ userData: dir, singleInstance: false });
  return holder.fake;
});

describe('src/main/index.ts (the Electron entry)', () => {
  it('hands the electron module to the shell at import: sandbox on, app:// registered, single-instance honoured', async () => {
    await import('../../../src/main/index');
    const fake = holder.fake;
    expect(fake?.app.sandboxEnabled).toBe(true);
    expect(fake?.protocol.privileged.map((s) => s.scheme)).toEqual(['app']);
    // The fake reports another instance running: the entry must quit without creating anything.
    expect(fake?.app.quitCalls).toBe(1);
  });
});
