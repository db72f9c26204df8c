/**
 * Id-keyed collections in the watch are Maps (or null-prototype records at the persistence border), so an id from
 * the renderer — `__proto__`, `constructor` — can never reach a prototype (docs/security.md). This keeps it so: the
 * watch sources may not index or type room records as a plain object outside the decoding in persistence.ts.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const WATCH_DIR = path.resolve(__dirname, '../../../src/main/watch');

describe('watch collections', () => {
  it('room records are held in Maps: no plain-object record type or bracket lookup outside persistence.ts', async () => {
    const files = (await readdir(WATCH_DIR)).filter((f) => f.endsWith('.ts') && f !== 'persistence.ts');
    expect(files.length).toBeGreaterThanOrEqual(10);
    const offending: string[] = [];
    for (const file of files) {
      const text = await readFile(path.join(WATCH_DIR, file), 'utf8');
      text.split('\n').forEach((line, i) => {
        if (/Record<string,\s*RoomRecord>|\brooms\[|\.rooms\s*=\s*\{/.test(line))
          offending.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offending).toEqual([]);
  });
});
