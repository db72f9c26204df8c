import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every file in the data folder with its bytes (latin1), for "no secret on disk" checks. The store writes through
 * temporary files renamed into place; one that vanishes between listing and reading was renamed to a file that is
 * read anyway, so it is skipped.
 */
export async function readDataFiles(dataDir: string): Promise<{ name: string; text: string }[]> {
  const entries = await readdir(dataDir, { recursive: true, withFileTypes: true });
  const out: { name: string; text: string }[] = [];
  for (const entry of entries.filter((e) => e.isFile())) {
    try {
      out.push({ name: entry.name, text: await readFile(path.join(entry.parentPath, entry.name), 'latin1') });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && entry.name.includes('.tmp-')) continue;
      throw e;
    }
  }
  return out;
}
