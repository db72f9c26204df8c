import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { StoreFs } from './fs';

/** Marks temp files of `<name>`: `<name>.tmp-<random>`. Never read as a document; removed on the next open. */
export const TEMP_MARKER = '.tmp-';

/**
 * Creates `dir` if needed and makes the new folder entries durable (fsyncs the parent of every folder created).
 */
export async function ensureDir(fs: StoreFs, dir: string): Promise<void> {
  const firstCreated = await fs.mkdirp(dir);
  if (firstCreated === undefined) return;
  // Sync each parent from the first created folder's parent down to dir's parent.
  const chain: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    chain.unshift(path.dirname(d));
    if (d === firstCreated || path.dirname(d) === d) break;
  }
  for (const parent of chain) await fs.syncDir(parent);
}

/**
 * Replaces `target` atomically: write a uniquely named temp file in the same folder, fsync it, rename it over the
 * target, fsync the folder. A crash at any point leaves either the old or the new complete document. On failure
 * the temp file is removed (best effort) and the error rethrown.
 */
export async function writeFileAtomic(fs: StoreFs, target: string, content: string): Promise<void> {
  const dir = path.dirname(target);
  await ensureDir(fs, dir);
  const temp = `${target}${TEMP_MARKER}${process.pid}-${randomBytes(6).toString('hex')}`;
  let renamed = false;
  try {
    await fs.writeNewFileSynced(temp, content);
    await fs.rename(temp, target);
    renamed = true;
    await fs.syncDir(dir);
  } catch (e) {
    if (!renamed) await fs.unlink(temp).catch(() => undefined);
    throw e;
  }
}
