import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';

export interface ShellDir {
  /** A fresh temporary folder per test, removed after it. */
  dir: string;
  /** `<dir>/out/main`, the built main folder the shell resolves the renderer (`out/renderer/index.html`) from. */
  mainDir: string;
}

/** Registers hooks giving each test a fresh app folder laid out like the build's `out/`; read it inside tests. */
export function useShellDir(prefix: string): ShellDir {
  const current: ShellDir = { dir: '', mainDir: '' };
  beforeEach(async () => {
    current.dir = await mkdtemp(path.join(tmpdir(), prefix));
    current.mainDir = path.join(current.dir, 'out/main');
    await mkdir(current.mainDir, { recursive: true });
    await mkdir(path.join(current.dir, 'out/renderer'), { recursive: true });
    await writeFile(path.join(current.dir, 'out/renderer/index.html'), '<!doctype html><title>frame</title>');
  });
  afterEach(async () => {
    await rm(current.dir, { recursive: true, force: true });
  });
  return current;
}
